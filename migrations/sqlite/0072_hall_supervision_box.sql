-- Issue 21 part A (HALL-BOX; 000 中心 §34–35): the supervision box (监督意见箱) of the
-- service hall (crates/hall::supervision).
--
-- hall_box_openings: each time the named person opens the box — who, when, how many letters.
-- hall_complaints: a complaint about a window (from the box, the hall's page or a window's
-- QR code) as a snapshot of the pure machine on the workflow kernel, the contact masked in
-- the snapshot and sealed to the row (contact_sealed; empty when anonymous), the query
-- code's blind hash for the public lookup; the columns the lists read. The window's unit
-- (window_unit_id) reads what was complained about, never who complained.
-- hall_complaint_events: the kernel's history, one row per event (never the contact).

CREATE TABLE hall_box_openings (
    id INTEGER PRIMARY KEY,
    centre_unit_id BIGINT NOT NULL REFERENCES units(id),
    opened_by BIGINT NOT NULL REFERENCES users(id),
    opened_at BIGINT NOT NULL,
    letters INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hall_box_openings_at ON hall_box_openings(centre_unit_id, opened_at);

CREATE TABLE hall_complaints (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    centre_unit_id BIGINT NOT NULL REFERENCES units(id),
    window_id BIGINT REFERENCES hall_windows(id),
    window_unit_id BIGINT REFERENCES units(id),
    handler_unit_id BIGINT REFERENCES units(id),
    opening_id BIGINT REFERENCES hall_box_openings(id),
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    contact_sealed BLOB NOT NULL,
    query_code_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    registered_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_complaints_number ON hall_complaints(number);
CREATE INDEX hall_complaints_centre ON hall_complaints(centre_unit_id, registered_at);
CREATE INDEX hall_complaints_handler ON hall_complaints(handler_unit_id, registered_at);

CREATE TABLE hall_complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES hall_complaints(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX hall_complaint_events_complaint ON hall_complaint_events(complaint_id, id);
