-- The 12345 hotline (HL-*): appeals with sealed personal data, their work orders as JSON
-- snapshots with optimistic versions, the unit queue index and the order history.
-- Clocks live in the shared `clocks` table (subject_type 'order', subject_id the order id).

-- Per-day sequence of appeal numbers (GZ20261123000123).
CREATE TABLE hotline_number_seq (
    day TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE hotline_appeals (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- keyed SM3 of the 6-digit query code; the citizen gets the code once
    query_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    content TEXT NOT NULL,
    location TEXT NOT NULL,
    is_private INTEGER NOT NULL DEFAULT 0,
    appellant_name_sealed BLOB,
    appellant_phone_sealed BLOB,
    appellant_address_sealed BLOB,
    appellant_employer_sealed BLOB,
    -- DataKey::lookup_hash of the normalised phone (HL-MERGE)
    phone_lookup TEXT,
    ip_sealed BLOB,
    created_at BIGINT NOT NULL
);
CREATE INDEX hotline_appeals_phone ON hotline_appeals(phone_lookup);
CREATE INDEX hotline_appeals_location ON hotline_appeals(location);

-- One order per appeal, same id.
CREATE TABLE hotline_orders (
    id BIGINT PRIMARY KEY REFERENCES hotline_appeals(id),
    appeal_id BIGINT NOT NULL UNIQUE REFERENCES hotline_appeals(id),
    status TEXT NOT NULL,
    lead_unit_id BIGINT REFERENCES units(id),
    handling_class TEXT,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX hotline_orders_status ON hotline_orders(status);
CREATE INDEX hotline_orders_lead ON hotline_orders(lead_unit_id, status);

-- The units of the current dispatch: the unit queue's index.
CREATE TABLE hotline_order_units (
    order_id BIGINT NOT NULL REFERENCES hotline_orders(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'assisting')),
    signed_at BIGINT,
    PRIMARY KEY (order_id, unit_id)
);
CREATE INDEX hotline_order_units_unit ON hotline_order_units(unit_id, order_id);

-- The order's history: one row per domain event.
CREATE TABLE hotline_events (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES hotline_orders(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX hotline_events_order ON hotline_events(order_id, id);
