-- Issue 16 (PUB-RESPOND; 002 重大政策解读回应制度 §6): the register of public concerns
-- (社会关切) and the interpreting unit's response, on the workflow kernel.
--
-- A concern is a snapshot of the pure machine (crates/openness/src/concern). office_unit_id
-- is the openness office that registered it (escalates, closes); unit_id the responding unit
-- (the policy's interpreting unit). The information, press-conference and response clocks
-- are on the shared clock table (subject_type 'openness_concern').

CREATE TABLE openness_concerns (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    gravity TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    noticed_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_concerns_number ON openness_concerns(number);
CREATE INDEX openness_concerns_office ON openness_concerns(office_unit_id, noticed_at);
CREATE INDEX openness_concerns_unit ON openness_concerns(unit_id, noticed_at);

-- The concern's history on the workflow kernel: one row per event.
CREATE TABLE openness_concern_events (
    id INTEGER PRIMARY KEY,
    concern_id BIGINT NOT NULL REFERENCES openness_concerns(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_concern_events_concern ON openness_concern_events(concern_id, id);
