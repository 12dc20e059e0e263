-- The working calendar per jurisdiction (CAL-WD) and the one clock table every deadline is
-- a row of (CAL-DUE, CAL-PAUSE, CAL-LIGHT; invariant 4). Instants are BIGINT epoch
-- milliseconds UTC; booleans INTEGER 0/1; JSON as TEXT.

-- Days layered over the shipped national schedules: imported or edited years (holiday,
-- makeup; a year with any such row replaces the shipped data of that year) and local closed
-- days (closed). One row per date and layer: a hall can be closed on a make-up Saturday.
CREATE TABLE calendar_days (
    id INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'makeup', 'closed')),
    name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX calendar_days_schedule ON calendar_days(jurisdiction_id, date)
    WHERE kind IN ('holiday', 'makeup');
CREATE UNIQUE INDEX calendar_days_closed ON calendar_days(jurisdiction_id, date)
    WHERE kind = 'closed';

-- Every time limit of every domain. `yellow_at` is when a running clock turns yellow
-- (computed with the calendar and the profile's CAL-LIGHT threshold), so the sweep finds
-- what changes with two index range scans.
CREATE TABLE clocks (
    id INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    start_at BIGINT NOT NULL,
    limit_text TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    yellow_at BIGINT,
    paused_since BIGINT,
    pauses TEXT NOT NULL DEFAULT '[]',
    extensions TEXT NOT NULL DEFAULT '[]',
    light TEXT NOT NULL CHECK (light IN ('green', 'yellow', 'red')),
    status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'met', 'breached', 'cancelled')),
    concluded_at BIGINT,
    provisional INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX clocks_due ON clocks(status, due_at);
CREATE INDEX clocks_yellow ON clocks(status, yellow_at);
CREATE INDEX clocks_unit ON clocks(unit_id, status);
CREATE INDEX clocks_subject ON clocks(subject_type, subject_id);
