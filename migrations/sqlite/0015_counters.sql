-- Per-unit per-day counters (issue 11 point 7; platform::workflow::counters): what reports
-- read instead of the clock and history rows. Kept in the transaction of each command that
-- changes them, by subject type (the clock table's `subject_type`: 'order', 'case', …),
-- unit, local day (Asia/Shanghai, yyyymmdd) and counter code (`started:HL-SIGN`,
-- `met:HL-LIMITS`, `due.month`, `rated:2`, `accountability` …; the vocabulary is in
-- ARCHITECTURE.md). `n` may be adjusted down (a subject's deadlines in one period count
-- once), never below what the rows it summarises give; `counters::rebuild` recomputes it.
CREATE TABLE counters (
    subject_type TEXT NOT NULL,
    unit_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    code TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (subject_type, day, code, unit_id)
);

-- Every rebuild of the counters (CLI `zhengwu counters rebuild`, and once at start-up on a
-- database that had rows before this migration): when, and how many counter rows it wrote.
CREATE TABLE counter_builds (
    id INTEGER PRIMARY KEY,
    built_at BIGINT NOT NULL,
    counter_rows BIGINT NOT NULL
);

-- A clock stopped by its due instant by a command that releases the unit rather than
-- meets the duty (a subject kind's `Counting::releases`: the hotline's return and
-- withdrawal): 1. Stored with the conclusion, so a rebuild reads it from the clock table.
ALTER TABLE clocks ADD COLUMN released INTEGER NOT NULL DEFAULT 0;

-- The 12345 orders' clocks stopped in time by a return or a withdrawal before this
-- migration: the `clock_stopped` history row of the same order at the instant of the
-- conclusion, written by one of those commands (as HL-RATES read them until now).
UPDATE clocks SET released = 1 WHERE id IN (
    SELECT c.id FROM hotline_events e
    JOIN clocks c ON c.subject_type = 'order' AND c.subject_id = CAST(e.order_id AS TEXT)
        AND c.concluded_at = e.at AND c.status = 'met'
    WHERE e.kind = 'clock_stopped' AND e.command IN ('return', 'withdraw'));

-- HL-RATES judges open clocks at the moment of the report: the open ones by rule and start
-- (response) and by rule and due (completion), a few thousand rows.
CREATE INDEX clocks_open_by_rule_start ON clocks(rule_id, subject_type, start_at, due_at, unit_id,
    subject_id, status)
    WHERE status IN ('running', 'paused');
