-- Issue 21 (HALL-HARDCASE, 000 中心 §7(四); HALL-LEVELS, §2, §4(七), §11–13).
--
-- hall_hardcases: a case of the 办不成事反映 or the 陇商通 window as a snapshot of the pure
-- machine on the workflow kernel (crates/hall::hardcase), the contact masked in the
-- snapshot and sealed to the row (contact_sealed); the department it was transferred to
-- (department_unit_id) reads it, never the contact. hall_hardcase_events: the kernel's
-- history (never the contact).
-- hall_centres: the register of centres by level (district, approved sub-centre, township,
-- village) under their parent; hall_centre_items: each centre's convenience-item list
-- (catalogue items, svc_items); hall_centre_reports: a lower centre's monthly report of
-- item changes and case figures to the district centre.

CREATE TABLE hall_hardcases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    centre_unit_id BIGINT NOT NULL REFERENCES units(id),
    department_unit_id BIGINT REFERENCES units(id),
    registered_by BIGINT NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    contact_sealed BLOB NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    registered_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_hardcases_number ON hall_hardcases(number);
CREATE INDEX hall_hardcases_centre ON hall_hardcases(centre_unit_id, registered_at);
CREATE INDEX hall_hardcases_department ON hall_hardcases(department_unit_id, registered_at);

CREATE TABLE hall_hardcase_events (
    id INTEGER PRIMARY KEY,
    hardcase_id BIGINT NOT NULL REFERENCES hall_hardcases(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX hall_hardcase_events_case ON hall_hardcase_events(hardcase_id, id);

CREATE TABLE hall_centres (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_id BIGINT REFERENCES hall_centres(id),
    unit_id BIGINT REFERENCES units(id),
    approval TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_centres_name ON hall_centres(name);
CREATE INDEX hall_centres_parent ON hall_centres(parent_id);

CREATE TABLE hall_centre_items (
    centre_id BIGINT NOT NULL REFERENCES hall_centres(id),
    item_id BIGINT NOT NULL REFERENCES svc_items(id),
    PRIMARY KEY (centre_id, item_id)
);

CREATE TABLE hall_centre_reports (
    id INTEGER PRIMARY KEY,
    centre_id BIGINT NOT NULL REFERENCES hall_centres(id),
    month TEXT NOT NULL,
    item_changes TEXT NOT NULL DEFAULT '',
    received BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reported_by BIGINT NOT NULL REFERENCES users(id),
    reported_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_centre_reports_month ON hall_centre_reports(centre_id, month);
