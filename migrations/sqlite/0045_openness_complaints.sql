-- Issue 16 item 4 (PUB-COMPLAINT; 002 投诉举报 §2, §5, §6, §7): the register of complaints
-- about disclosure (政务公开投诉举报登记) on the workflow kernel.
--
-- A complaint is a snapshot of the pure machine (crates/openness/src/complaint) with the
-- complainant masked; the complainant's name and contact in clear are sealed to the row
-- (complainant_sealed, the id) and are never shown to the unit complained about.
-- office_unit_id is the openness office that registered it (forwards, feeds back, closes);
-- unit_id the unit complained about (replies). The forwarding, conclusion and feedback
-- clocks are on the shared clock table (subject_type 'openness_complaint').

CREATE TABLE openness_complaints (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    ground TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    complainant_sealed BLOB NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_complaints_number ON openness_complaints(number);
CREATE INDEX openness_complaints_office ON openness_complaints(office_unit_id, received_at);
CREATE INDEX openness_complaints_unit ON openness_complaints(unit_id, received_at);

-- The complaint's history on the workflow kernel: one row per event (never the complainant).
CREATE TABLE openness_complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES openness_complaints(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_complaint_events_complaint ON openness_complaint_events(complaint_id, id);
