-- Issue 16 (PUB-ANNUAL; reports.md §1): the written sections of the openness annual report
-- (一 总体情况, 五 存在的主要问题及改进情况, 六 其他需要报告的事项) kept per unit and year, and
-- its publication.
--
-- scope_key is the unit's id for a unit's report and 0 for the county's; unit_id is the unit
-- that writes it (for the county's, the government office). state is the JSON of the
-- sections while a draft; once published, snapshot is the frozen report (tables and
-- sections as signed off) and is never changed. The due date's clock is on the shared clock
-- table (subject_type 'openness_annual_report', rule PUB-ANNUAL).

CREATE TABLE openness_annual_reports (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    scope_key BIGINT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    snapshot TEXT,
    published_at BIGINT,
    published_by BIGINT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_annual_reports_scope ON openness_annual_reports(scope_key, year);
CREATE INDEX openness_annual_reports_unit ON openness_annual_reports(unit_id, status);

-- The report's history on the workflow kernel's views: one row per change.
CREATE TABLE openness_annual_report_events (
    id INTEGER PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES openness_annual_reports(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_annual_report_events_report ON openness_annual_report_events(report_id, id);
