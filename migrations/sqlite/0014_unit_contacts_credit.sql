-- HL-CONTACTS (000 §12345-5(一)): each handling unit registers for the 12345 hotline one
-- leader in charge (分管领导), two staff who stand in for each other (A岗/B岗) and a duty
-- phone answered 24 hours. The three are staff accounts of the unit; the duty phone is sealed
-- like every phone number (it may be a duty officer's mobile). One row per unit, replaced
-- whole on every change (each change is in the audit log).
CREATE TABLE unit_contacts (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    leader_user_id BIGINT NOT NULL REFERENCES users(id),
    staff_a_user_id BIGINT NOT NULL REFERENCES users(id),
    staff_b_user_id BIGINT NOT NULL REFERENCES users(id),
    duty_phone_sealed BLOB NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

-- HL-CREDIT (000 §12345-9(二)4): false or malicious appeals recorded for credit management,
-- with a sealed copy of the appellant's identity and the keyed phone index, so that the
-- records of one caller can be counted without decrypting. One record per appeal.
CREATE TABLE hotline_credit_records (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL UNIQUE REFERENCES hotline_appeals(id),
    -- hotline::credit::CreditKind::code: 'false' (虚假) or 'malicious' (恶意)
    kind TEXT NOT NULL CHECK (kind IN ('false', 'malicious')),
    reason TEXT NOT NULL,
    -- the HL-REFUSE category when recorded with the refusal, else NULL
    refuse_reason TEXT,
    appellant_name_sealed BLOB,
    appellant_phone_sealed BLOB,
    phone_lookup TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX hotline_credit_records_phone ON hotline_credit_records(phone_lookup);
CREATE INDEX hotline_credit_records_recorded ON hotline_credit_records(recorded_at);
