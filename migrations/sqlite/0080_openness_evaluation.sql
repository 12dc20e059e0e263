-- Issue 16 (PUB-EVAL; 002 社会评议 §8–10,13): the yearly social evaluation of the units'
-- openness work (政务公开社会评议).
--
-- openness_evaluators is the office's register of evaluators (社会评议代表) with their term
-- (openness.evaluator_term_years, 两年一聘). openness_evaluations is one year's evaluation of an
-- office (一年一次), published when published_at is set. openness_evaluation_sheets holds one
-- sheet per evaluator, unit and year; once submitted_at is set the row is never changed or
-- deleted (§13(二) 严禁篡改统计数据): the trigger below refuses it at the storage level.
-- openness_evaluation_units keeps what the office records of a unit's result: the
-- interview of its head (约谈) and the accountability case opened after two years below.

CREATE TABLE openness_evaluators (
    id INTEGER PRIMARY KEY,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    term_from TEXT NOT NULL,
    term_until TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX openness_evaluators_office ON openness_evaluators(office_unit_id, term_until);

CREATE TABLE openness_evaluations (
    id INTEGER PRIMARY KEY,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    year BIGINT NOT NULL,
    opened_by BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    published_at BIGINT
);
CREATE UNIQUE INDEX openness_evaluations_year ON openness_evaluations(office_unit_id, year);

CREATE TABLE openness_evaluation_sheets (
    id INTEGER PRIMARY KEY,
    evaluation_id BIGINT NOT NULL REFERENCES openness_evaluations(id),
    evaluator_id BIGINT NOT NULL REFERENCES openness_evaluators(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    rating TEXT NOT NULL,
    remark TEXT NOT NULL,
    entered_by BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT
);
CREATE UNIQUE INDEX openness_evaluation_sheets_one
    ON openness_evaluation_sheets(evaluation_id, evaluator_id, unit_id);

CREATE TRIGGER openness_evaluation_sheets_locked_update
BEFORE UPDATE ON openness_evaluation_sheets
WHEN OLD.submitted_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'openness_evaluation_sheets: a submitted sheet is never changed');
END;

CREATE TRIGGER openness_evaluation_sheets_locked_delete
BEFORE DELETE ON openness_evaluation_sheets
WHEN OLD.submitted_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'openness_evaluation_sheets: a submitted sheet is never changed');
END;

CREATE TABLE openness_evaluation_units (
    evaluation_id BIGINT NOT NULL REFERENCES openness_evaluations(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    interviewed_on TEXT,
    interview_note TEXT NOT NULL DEFAULT '',
    interviewed_by BIGINT,
    case_id BIGINT,
    PRIMARY KEY (evaluation_id, unit_id)
);
