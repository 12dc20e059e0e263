-- 12345 supervision (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT, OPS-ESUPERVISE): every trigger the
-- supervision scan acts on is recorded once (dedupe_key: order:trigger:unit:clock start), so
-- running the scan twice does nothing twice; supervisors escalate a row through the levels.
-- Accountability events per unit feed the annual assessment (OPS-ASSESS).

CREATE TABLE hotline_supervisions (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES hotline_orders(id),
    unit_id BIGINT REFERENCES units(id),
    -- 'remind', 'unsigned_before_sign_due', 'no_feedback_before_due', 'province_half_day',
    -- 'overdue', 'hang_reminder', 'repeated_refusal', 'return_without_reason'
    trigger TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('realtime', 'written', 'notice', 'meeting', 'joint', 'leader')),
    clock_id BIGINT REFERENCES clocks(id),
    opened_at BIGINT NOT NULL,
    -- NULL: opened by the scan job
    opened_by BIGINT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    closed_at BIGINT,
    dedupe_key TEXT NOT NULL UNIQUE
);
CREATE INDEX hotline_supervisions_open ON hotline_supervisions(closed_at, unit_id, opened_at);
CREATE INDEX hotline_supervisions_order ON hotline_supervisions(order_id);
CREATE INDEX hotline_supervisions_clock ON hotline_supervisions(clock_id);

CREATE TABLE hotline_accountability (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    order_id BIGINT REFERENCES hotline_orders(id),
    -- hotline::account::AccountKind::code
    kind TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    -- NULL: recorded by the scan job
    recorded_by BIGINT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT NOT NULL UNIQUE
);
CREATE INDEX hotline_accountability_unit ON hotline_accountability(unit_id, recorded_at);
CREATE INDEX hotline_accountability_recorded ON hotline_accountability(recorded_at);
