-- Issue 22 (the integration API): the system keys other systems call /api/v1 with, issued
-- by the system administrator. The key is shown once and kept only as its SM3 hash
-- (platform::bearer, domain zhengwu.api.key); `prefix` is its first characters, to tell keys
-- apart in lists. Scope: read (exports), write (create cases and orders, push ratings),
-- unmasked (personal data in clear, every field audited), and the units it may touch
-- (comma-separated unit ids; empty: every unit). `cursor_secret` signs the key's export
-- cursors, so a cursor of another key is refused. A revoked key is kept (revoked_at set).
CREATE TABLE system_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    can_read BIGINT NOT NULL,
    can_write BIGINT NOT NULL,
    unmasked BIGINT NOT NULL,
    units TEXT NOT NULL,
    cursor_secret TEXT NOT NULL,
    issued_by BIGINT NOT NULL REFERENCES users(id),
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
);
