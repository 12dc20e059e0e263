-- Issue 19 (WEB-INSPECT, WEB-NOADS): the site inspector's findings as work, and its runs.
--
-- A finding is a snapshot of the pure machine (crates/sites/src/inspection/finding.rs): one
-- row per site and (kind, page, masked detail), whose digest `fingerprint` makes a crawl's
-- second sighting the same row (last_seen_at moves). unit_id is the unit responsible for
-- the site; its fix clock (website.inspection_fix) is on the shared clock table
-- (subject_type 'inspect_finding'). Details never hold personal data unmasked.

CREATE TABLE inspect_findings (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    detail TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX inspect_findings_number ON inspect_findings(number);
CREATE UNIQUE INDEX inspect_findings_print ON inspect_findings(site_id, fingerprint);
CREATE INDEX inspect_findings_unit ON inspect_findings(unit_id, status);
CREATE INDEX inspect_findings_site ON inspect_findings(site_id, status, first_seen_at);

-- The finding's history on the workflow kernel: one row per event.
CREATE TABLE inspect_finding_events (
    id INTEGER PRIMARY KEY,
    finding_id BIGINT NOT NULL REFERENCES inspect_findings(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX inspect_finding_events_finding ON inspect_finding_events(finding_id, id);

-- One crawl of one site: scope 'full' (the whole history, the first time) or 'daily' (the
-- pages new since the last run, bounded); what it read and found; note says why it stopped
-- short (unreachable, an error).
CREATE TABLE inspect_runs (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    scope TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    pages BIGINT NOT NULL,
    attachments BIGINT NOT NULL,
    findings BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspect_runs_site ON inspect_runs(site_id, started_at);
