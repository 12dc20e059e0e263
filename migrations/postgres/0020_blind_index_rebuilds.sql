-- Issue 12 finding 14: blind indexes are HMAC-SM3 under a key derived for lookups. Those made
-- before, whose clear value is sealed beside them, are computed again once per database
-- (platform::personal::reindex); this table records which were.
CREATE TABLE blind_index_rebuilds (
    name TEXT PRIMARY KEY,
    rebuilt_at BIGINT NOT NULL
);
