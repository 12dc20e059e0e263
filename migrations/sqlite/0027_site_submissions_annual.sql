-- Issue 15 (WEB-SUBMIT, WEB-ANNUAL): units' submissions to the sites' editors and the sites'
-- annual work reports.
--
-- A submission (报送信息) is a snapshot on the workflow kernel like an article: the unit, the
-- column proposed, the writer, the status and, once adopted, the draft article it became; the
-- author's mobile is sealed to its row (platform::personal), never in the snapshot. The
-- editors' clock (1 WD from receipt, website.submission_publish) is on the shared clock table
-- (subject_type 'site_submission'). `received_at` is the week a submission counts for in the
-- weekly quota (website.unit_weekly_submissions).

CREATE TABLE site_submissions (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    column_id BIGINT NOT NULL REFERENCES site_columns(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    writer_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    major INTEGER NOT NULL,
    mobile_sealed BLOB NOT NULL,
    received_at BIGINT,
    article_id BIGINT REFERENCES site_articles(id),
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX site_submissions_unit ON site_submissions(unit_id, status);
CREATE INDEX site_submissions_column ON site_submissions(column_id, status);
CREATE INDEX site_submissions_received ON site_submissions(received_at, unit_id);

-- The submission's history on the workflow kernel: one row per event.
CREATE TABLE site_submission_events (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES site_submissions(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX site_submission_events_submission ON site_submission_events(submission_id, id);

-- WEB-SUBMIT (004 §40): a unit's run of weeks in a row without its weekly submissions
-- (website.submission_late_run or more), one row per run (its first week, a Monday), kept
-- up to date while the run goes on, with the principal's written explanation.
CREATE TABLE site_submission_late_runs (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    first_week TEXT NOT NULL,
    last_week TEXT NOT NULL,
    weeks BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    explanation TEXT,
    explained_by BIGINT REFERENCES users(id),
    explained_at BIGINT,
    version BIGINT NOT NULL,
    UNIQUE (unit_id, first_week)
);

-- WEB-ANNUAL: a site's annual work report (政府网站工作年度报表) for a year: what the host unit
-- typed in (JSON, field key → text) with the signatures, and once published the report as
-- published (JSON, every field's key and text, frozen), when and by whom, against its due
-- date, and whether it was late.
CREATE TABLE site_annual_reports (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    year BIGINT NOT NULL,
    inputs TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    published TEXT,
    published_at BIGINT,
    published_by BIGINT REFERENCES users(id),
    published_late INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, year)
);
