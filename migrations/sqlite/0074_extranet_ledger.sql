-- Issue 21 part B (NET-LEDGER; 000 外网 §14–§16): the units' extranet ledgers (台账) and the
-- security findings (安全检查问题) with their fix clock and the cut-off.
--
-- A unit's ledger: the leader in charge and the staff member (accounts of the unit), its
-- access points (location, mode, the allocation of its addresses they use) and the dated
-- declarations that no wireless device is attached. A finding is a snapshot of the pure
-- machine (crates/extranet/src/ledger/finding.rs) on the workflow kernel; its fix clock is on
-- the shared clock table (subject_type 'extranet_finding'). While a finding of a unit stands
-- cut off, the unit's live allocations carry blocked = 1 (migration 0051).

CREATE TABLE extranet_ledgers (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    leader_user_id BIGINT NOT NULL REFERENCES users(id),
    staff_user_id BIGINT NOT NULL REFERENCES users(id),
    updated_by BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE extranet_access_points (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    location TEXT NOT NULL,
    mode TEXT NOT NULL,
    allocation_id BIGINT REFERENCES extranet_allocations(id),
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX extranet_access_points_unit ON extranet_access_points(unit_id, id);

CREATE TABLE extranet_wireless_declarations (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    declared_by BIGINT NOT NULL,
    declared_at BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extranet_wireless_declarations_unit ON extranet_wireless_declarations(unit_id, declared_at);

CREATE TABLE extranet_findings (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    office_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX extranet_findings_number ON extranet_findings(number);
CREATE INDEX extranet_findings_office ON extranet_findings(office_unit_id, status, sent_at);
CREATE INDEX extranet_findings_unit ON extranet_findings(unit_id, status);

-- The finding's history on the workflow kernel: one row per event.
CREATE TABLE extranet_finding_events (
    id INTEGER PRIMARY KEY,
    finding_id BIGINT NOT NULL REFERENCES extranet_findings(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX extranet_finding_events_finding ON extranet_finding_events(finding_id, id);
