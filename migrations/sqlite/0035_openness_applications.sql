-- Issue 16 item 3 (PUB-APPLY, PUB-ANSWER, CAL-PAUSE): applications for disclosure of government
-- information (依申请公开) on the workflow kernel, and the notices issued on them.
--
-- An application is a snapshot of the pure machine (crates/openness) like a hotline order:
-- its public number and query code (stored as a blind index, never in clear), the unit that
-- answers it, the applicant's kind (the column of table 三), channel and requested form, the
-- description, the status and, once decided, the outcome (table 三's row) and its instant.
-- The applicant (name, identity number or credit code, contact person, phone, address,
-- e-mail) is sealed to its row (platform::personal, HL-PRIVACY); the snapshot holds it
-- masked. `applicant_key` is a blind index of the identity number, for the repeat detector.
-- The clocks (answer, applicant's supplement period, third party's opinion) are on the shared
-- clock table (subject_type 'openness_application'); the files provided are attachments
-- (owner_kind 'openness_application').

CREATE TABLE openness_applications (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    query_code TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    applicant_kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    form TEXT NOT NULL,
    applicant_sealed BLOB NOT NULL,
    applicant_key TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    received_at BIGINT NOT NULL,
    decided_at BIGINT,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_applications_number ON openness_applications(number);
CREATE INDEX openness_applications_unit ON openness_applications(unit_id, status);
CREATE INDEX openness_applications_applicant ON openness_applications(applicant_key);
CREATE INDEX openness_applications_received ON openness_applications(received_at);

-- The application's history on the workflow kernel: one row per event (codes and instants,
-- never the applicant's identity).
CREATE TABLE openness_application_events (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES openness_applications(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_application_events_application
    ON openness_application_events(application_id, id);

-- PUB-ANSWER, PUB-APPLY: the notices issued on an application, kept with it as issued —
-- 补正告知书 (supplement), 延期答复告知书 (extension), 答复告知书 (answer) — the notice as
-- JSON (its title, fields and text; the addressee masked, the clear name is the sealed
-- applicant's), its outcome for an answer, when and by whom.
CREATE TABLE openness_notices (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES openness_applications(id),
    kind TEXT NOT NULL,
    outcome TEXT,
    notice TEXT NOT NULL,
    issued_by BIGINT,
    issued_at BIGINT NOT NULL,
    UNIQUE (application_id, kind)
);
