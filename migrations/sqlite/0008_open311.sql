-- Open311 GeoReport v2 at /open311/v2/ (issue 4, HL-REGISTER, HL-PRIVACY): API keys, stored
-- only as a keyed hash (DataKey::lookup_hash), and the Open311 facts of an appeal filed
-- through the API (which key filed it, the coordinates it gave).

CREATE TABLE open311_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- DataKey::lookup_hash("open311-key:" + key); the clear key is shown once, never stored
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- One row per appeal filed through Open311 (same id as the appeal).
CREATE TABLE open311_requests (
    appeal_id BIGINT PRIMARY KEY REFERENCES hotline_appeals(id),
    key_id BIGINT NOT NULL REFERENCES open311_keys(id),
    -- WGS84 decimal degrees as given, normalised text; NULL when only an address was given
    lat TEXT,
    lon TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX open311_appeals_created ON hotline_appeals(created_at);
