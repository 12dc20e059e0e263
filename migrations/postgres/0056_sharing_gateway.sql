-- Issue 20 (DATA-CALL; 000 共享 §5(一), §12): the tables the platform hosts and the
-- gateway's call log.
--
-- sharing_rows: one row per hosted row of a table resource, one text column per field of
-- the entry's dictionary in its order (f0 … f15; a dictionary has at most 16 fields), so a
-- filtered page of 20 rows is one indexed query. The first six fields are indexed for
-- equality filters; a filter on another granted field scans the resource's rows.
--
-- sharing_calls: every gateway call, allowed or refused, before its answer is sent: who
-- (grant, consumer), what (resource, fields, filter), how much (rows, bytes), status and
-- duration; append-only and chained with SM3 like the audit log (the head row holds the
-- last sequence number and hash, `zhengwu sharing verify` walks the chain).

CREATE TABLE sharing_rows (
    resource_id BIGINT NOT NULL,
    row_no BIGINT NOT NULL,
    f0 TEXT, f1 TEXT, f2 TEXT, f3 TEXT, f4 TEXT, f5 TEXT, f6 TEXT, f7 TEXT,
    f8 TEXT, f9 TEXT, f10 TEXT, f11 TEXT, f12 TEXT, f13 TEXT, f14 TEXT, f15 TEXT,
    PRIMARY KEY (resource_id, row_no)
);
CREATE INDEX sharing_rows_f0 ON sharing_rows(resource_id, f0, row_no);
CREATE INDEX sharing_rows_f1 ON sharing_rows(resource_id, f1, row_no);
CREATE INDEX sharing_rows_f2 ON sharing_rows(resource_id, f2, row_no);
CREATE INDEX sharing_rows_f3 ON sharing_rows(resource_id, f3, row_no);
CREATE INDEX sharing_rows_f4 ON sharing_rows(resource_id, f4, row_no);
CREATE INDEX sharing_rows_f5 ON sharing_rows(resource_id, f5, row_no);

CREATE TABLE sharing_calls (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    grant_id BIGINT,
    consumer_unit_id BIGINT,
    resource_id BIGINT NOT NULL,
    fields TEXT NOT NULL,
    filter TEXT NOT NULL,
    rows_returned BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    status BIGINT NOT NULL,
    duration_us BIGINT NOT NULL,
    message TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX sharing_calls_grant ON sharing_calls(grant_id, seq);
CREATE INDEX sharing_calls_resource ON sharing_calls(resource_id, seq);

CREATE TABLE sharing_call_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO sharing_call_head (id, seq, last_hash) VALUES (1, 0, '');
