-- Issue 21 part A (HALL-STAFF; 000 中心 §4(二)(四), §27, §29–32): the window staff
-- (crates/hall::staff).
--
-- hall_staff: the centre's register of the people units post to the hall — the office
-- account, its unit, the dates of §27 (in the unit since, on the window since, the birth
-- date, personal data shown masked) and the two approvals (the centre's, the department's).
-- hall_attendance: a day's sign-in and sign-out (minutes of the day) and its mark.
-- hall_staff_requests: leave and replacement (调换、顶岗) requests, decided by the centre.
-- hall_staff_assessments: the periodic and annual assessments (period 2026-Q1 / 2026-03 /
-- 2026), the grade, the records' figures; notice_id once the result went to the unit.
-- hall_staff_notices: the written notices of the results to a unit (书面通知).

CREATE TABLE hall_staff (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    joined_unit TEXT NOT NULL,
    on_window_since TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    centre_approved_on TEXT,
    department_approved_on TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_staff_user ON hall_staff(user_id);
CREATE INDEX hall_staff_unit ON hall_staff(unit_id);

CREATE TABLE hall_attendance (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    day TEXT NOT NULL,
    signed_in BIGINT,
    signed_out BIGINT,
    mark TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_attendance_day ON hall_attendance(user_id, day);
CREATE INDEX hall_attendance_by_day ON hall_attendance(day);

CREATE TABLE hall_staff_requests (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    substitute_user_id BIGINT REFERENCES users(id),
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX hall_staff_requests_unit ON hall_staff_requests(unit_id, requested_at);
CREATE INDEX hall_staff_requests_user ON hall_staff_requests(user_id, from_day);

CREATE TABLE hall_staff_notices (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    number TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    sent_by BIGINT NOT NULL REFERENCES users(id),
    sent_at BIGINT NOT NULL
);
CREATE INDEX hall_staff_notices_unit ON hall_staff_notices(unit_id, sent_at);

CREATE TABLE hall_staff_assessments (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    grade TEXT NOT NULL,
    handled BIGINT NOT NULL,
    good BIGINT NOT NULL,
    bad BIGINT NOT NULL,
    late BIGINT NOT NULL,
    absent BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    assessed_by BIGINT NOT NULL REFERENCES users(id),
    assessed_at BIGINT NOT NULL,
    notice_id BIGINT REFERENCES hall_staff_notices(id)
);
CREATE UNIQUE INDEX hall_staff_assessments_once ON hall_staff_assessments(user_id, period);
CREATE INDEX hall_staff_assessments_period ON hall_staff_assessments(period, unit_id);
