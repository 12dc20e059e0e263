-- Issue 15 (WEB-FRESH): each column's freshness marks, so that the freshness over every column
-- is counted in SQL and the hourly scan visits only the columns whose freshness changed.
-- fresh_mark_due_at: the due update; fresh_warn_at: the first instant the light is not green;
-- fresh_special_due_at: a special column's end of window; fresh_marked_at: when they were
-- computed — NULL means "recompute me" (a new column, a publication in it, an edit, or a
-- profile or calendar change), never fresh. fresh_next_at: when the scan must next visit the
-- column (0: at once; NULL: never, until its inputs change). The marks are computed in Rust
-- (the profile's clocks and the work calendar), so existing rows start unmarked and due.
ALTER TABLE site_columns ADD COLUMN fresh_mark_due_at BIGINT;
ALTER TABLE site_columns ADD COLUMN fresh_warn_at BIGINT;
ALTER TABLE site_columns ADD COLUMN fresh_special_due_at BIGINT;
ALTER TABLE site_columns ADD COLUMN fresh_marked_at BIGINT;
ALTER TABLE site_columns ADD COLUMN fresh_next_at BIGINT DEFAULT 0;
CREATE INDEX site_columns_fresh_next ON site_columns(fresh_next_at);
-- The fingerprint of what the marks were computed under: the profile's website freshness
-- windows and yellow rule, and the work calendar. One row.
CREATE TABLE site_freshness_marks (
    id BIGINT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    marked_at BIGINT NOT NULL
);
