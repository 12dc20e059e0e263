-- Issue 20 (DATA-QUALITY, DATA-MAINT, SEC-NOTICE; 000 共享 §4(四)(五), §5(三), §14): quality
-- problems and misuse reports, planned maintenance and its notices to consumers.
--
-- sharing_quality_reports: a consumer's report of a quality problem in a resource (kind
-- 'quality', to the provider, who confirms and fixes it before due_at or answers why it is
-- no problem) or a provider's report of a consumer's misuse of a grant (kind 'misuse', to the
-- platform administrator). due_at is counted on the calendar from the profile when filed.
--
-- sharing_maintenance: planned maintenance of one resource (entry_id, resource_no) or of the
-- whole platform (both NULL), announced at least the profile's datashare.maintenance_notice
-- before it starts; stops_service marks an outage (SEC-NOTICE), schema_change an announced
-- change of the data's structure; workday_reason says why it is not on a rest day.
--
-- sharing_notices: one row per maintenance and consumer unit told about it (every unit with a
-- grant on the resource; for the platform, every unit with any grant), read_at when seen.

CREATE TABLE sharing_quality_reports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES sharing_entries(id),
    resource_no BIGINT NOT NULL,
    grant_id BIGINT,
    reporter_unit_id BIGINT NOT NULL REFERENCES units(id),
    reporter_user_id BIGINT NOT NULL,
    handler_unit_id BIGINT,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    reported_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX sharing_quality_reports_handler ON sharing_quality_reports(handler_unit_id, id);
CREATE INDEX sharing_quality_reports_reporter ON sharing_quality_reports(reporter_unit_id, id);

CREATE TABLE sharing_maintenance (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT REFERENCES sharing_entries(id),
    resource_no BIGINT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    user_id BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    stops_service BIGINT NOT NULL,
    schema_change BIGINT NOT NULL,
    description TEXT NOT NULL,
    workday_reason TEXT NOT NULL DEFAULT '',
    announced_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX sharing_maintenance_window ON sharing_maintenance(ends_at, starts_at);

CREATE TABLE sharing_notices (
    id INTEGER PRIMARY KEY,
    maintenance_id BIGINT NOT NULL REFERENCES sharing_maintenance(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE UNIQUE INDEX sharing_notices_unit ON sharing_notices(unit_id, maintenance_id);

-- sharing_idle_told (DATA-GRANT, 000 共享 §5(二)): the daily job's memory of the API grants
-- unused for the profile's period whose provider it told, once per idle period (since: the
-- last call, or the approval when never called).
CREATE TABLE sharing_idle_told (
    grant_id BIGINT PRIMARY KEY REFERENCES sharing_grants(id),
    since BIGINT NOT NULL,
    told_at BIGINT NOT NULL
);
