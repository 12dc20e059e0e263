-- Issue 22 (the integration API's write paths): the Idempotency-Key of each keyed POST, so a
-- retried call never creates twice. A row is reserved (status NULL) before the use case
-- runs, completed with the answer's status and body afterwards, and deleted when the call is
-- refused (nothing changed, the key may be used again). `request_hash` is the SM3 of the
-- method, path and body: the same key with another request is refused. The answer may hold
-- a query code shown once, so it is kept sealed with the data key. `system_key_id` names a
-- row of system_keys (0066, created after this number, hence no foreign key).
CREATE TABLE api_idempotency (
    id INTEGER PRIMARY KEY,
    system_key_id BIGINT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    answer_sealed BLOB,
    created_at BIGINT NOT NULL,
    UNIQUE (system_key_id, idem_key)
);
