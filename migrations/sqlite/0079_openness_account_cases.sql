-- Issue 16 (PUB-ACCOUNT; 002 责任追究 §6–9): accountability cases for openness failures
-- (政务公开责任追究) on the workflow kernel.
--
-- A case is a snapshot of the pure machine (crates/openness/src/account): the failure of §6,
-- the record it comes from (source, source_id: an application, complaint or supervisor's
-- finding) where there is one, who is responsible (§7), the sanction
-- (§8) and the unit's written rectification reports (§9). office_unit_id is the openness
-- office that opened it (returns, closes); unit_id the unit held to account (reports). The
-- report clock is on the shared clock table (subject_type 'openness_account_case').

CREATE TABLE openness_account_cases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    failure TEXT NOT NULL,
    source TEXT,
    source_id BIGINT,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_account_cases_number ON openness_account_cases(number);
CREATE INDEX openness_account_cases_office ON openness_account_cases(office_unit_id, created_at);
CREATE INDEX openness_account_cases_unit ON openness_account_cases(unit_id, created_at);
CREATE INDEX openness_account_cases_source ON openness_account_cases(source, source_id);

-- The case's history on the workflow kernel: one row per event.
CREATE TABLE openness_account_case_events (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES openness_account_cases(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_account_case_events_case ON openness_account_case_events(case_id, id);
