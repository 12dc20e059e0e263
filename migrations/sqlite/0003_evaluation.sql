-- 好差评 (EVAL-ALL, EVAL-BAD): one evaluation table for every rated subject of every domain
-- (service cases, 12345 orders, replies), and the rectification task a bad rating opens,
-- whose deadline is a row of the shared clock table (rule EVAL-BAD). Instants are BIGINT
-- epoch milliseconds UTC.

-- One rating per subject, channel and round. `round` is 1 for a subject handled once; a
-- subject handled again after a bad rating (the hotline's dissatisfaction loop, HL-CALLBACK)
-- is rated again in the next round. So a second rating of the same subject on the same
-- channel in the same round is refused, while the same subject may be rated on another
-- channel (EVAL-ALL: every channel is covered).
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    round BIGINT NOT NULL DEFAULT 1 CHECK (round >= 1),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    staff_user_id BIGINT REFERENCES users(id),
    item_code TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'mobile', 'hall', 'phone', 'sms')),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    rater_contact_sealed BLOB,
    entered_by_user_id BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX evaluations_once ON evaluations(subject_type, subject_id, channel, round);
CREATE INDEX evaluations_unit_period ON evaluations(unit_id, created_at);
CREATE INDEX evaluations_period ON evaluations(created_at);
CREATE INDEX evaluations_staff_period ON evaluations(staff_user_id, created_at);
CREATE INDEX evaluations_item_period ON evaluations(item_code, created_at);

-- The rectification (整改) of one bad rating: the unit submits measures, result and the
-- feedback to the rater; the supervising side accepts it (the clock concludes) or returns
-- it (the clock keeps running).
CREATE TABLE rectifications (
    id INTEGER PRIMARY KEY,
    evaluation_id BIGINT NOT NULL UNIQUE REFERENCES evaluations(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'returned', 'accepted')),
    clock_id BIGINT NOT NULL REFERENCES clocks(id),
    measures TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    feedback_to_rater TEXT NOT NULL DEFAULT '',
    reviewed_by BIGINT REFERENCES users(id),
    review_opinion TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX rectifications_unit_status ON rectifications(unit_id, status);
CREATE INDEX rectifications_status ON rectifications(status, created_at);
