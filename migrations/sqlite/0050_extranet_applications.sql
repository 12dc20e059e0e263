-- Issue 21 part B (NET-ELIGIBLE, NET-ACCESS; 000 外网 §9, §10): extranet access applications
-- (接入、变更、关闭申请) on the workflow kernel.
--
-- An application is a snapshot of the pure machine (crates/extranet/src/application) with
-- the columns the lists read: the office that reviews it (office_unit_id), the applying unit
-- (unit_id), kind, status, and for a change or a closing the access it concerns
-- (of_access_id). The clocks of its steps are on the shared clock table (subject_type
-- 'extranet_application').

CREATE TABLE extranet_applications (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    of_access_id BIGINT REFERENCES extranet_applications(id),
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    applied_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX extranet_applications_number ON extranet_applications(number);
CREATE INDEX extranet_applications_office ON extranet_applications(office_unit_id, status, applied_at);
CREATE INDEX extranet_applications_unit ON extranet_applications(unit_id, applied_at);
CREATE INDEX extranet_applications_of_access ON extranet_applications(of_access_id);

-- The application's history on the workflow kernel: one row per event.
CREATE TABLE extranet_application_events (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES extranet_applications(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX extranet_application_events_application ON extranet_application_events(application_id, id);
