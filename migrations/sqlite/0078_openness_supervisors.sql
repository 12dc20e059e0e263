-- Issue 16 (PUB-SUPERVISOR; 002 监督员 §3,4): the register of openness supervisors
-- (政务公开监督员) and their findings on the workflow kernel.
--
-- A supervisor is a snapshot with the name and contact masked; in clear they are sealed to
-- the row (person_sealed, the id). A finding is a snapshot of the pure machine
-- (crates/openness/src/supervisor); office_unit_id is the openness office that registered
-- it (sends, returns, accepts), unit_id the unit it concerns (replies, never learns who
-- found it). The reply clock is on the shared clock table (subject_type 'openness_finding').

CREATE TABLE openness_supervisors (
    id INTEGER PRIMARY KEY,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    person_sealed BLOB NOT NULL,
    state TEXT NOT NULL,
    term_from TEXT NOT NULL,
    term_until TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX openness_supervisors_office ON openness_supervisors(office_unit_id, term_until);

CREATE TABLE openness_findings (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    supervisor_id BIGINT NOT NULL REFERENCES openness_supervisors(id),
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    found_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_findings_number ON openness_findings(number);
CREATE INDEX openness_findings_office ON openness_findings(office_unit_id, created_at);
CREATE INDEX openness_findings_unit ON openness_findings(unit_id, created_at);

-- The finding's history on the workflow kernel: one row per event (never the supervisor).
CREATE TABLE openness_finding_events (
    id INTEGER PRIMARY KEY,
    finding_id BIGINT NOT NULL REFERENCES openness_findings(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_finding_events_finding ON openness_finding_events(finding_id, id);
