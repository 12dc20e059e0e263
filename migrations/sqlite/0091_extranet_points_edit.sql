-- Issue 21 part B (NET-LEDGER; 000 外网 §16): a unit keeps its ledger of access points true —
-- a point is corrected in place (updated_by/updated_at, the old values in the audit row) or
-- removed from service (拆除: retired_at with the reason, never deleted, so that the annual
-- report of a past year still counts the points that stood then).

ALTER TABLE extranet_access_points ADD COLUMN updated_by BIGINT;
ALTER TABLE extranet_access_points ADD COLUMN updated_at BIGINT;
ALTER TABLE extranet_access_points ADD COLUMN retired_by BIGINT;
ALTER TABLE extranet_access_points ADD COLUMN retired_at BIGINT;
ALTER TABLE extranet_access_points ADD COLUMN retired_reason TEXT NOT NULL DEFAULT '';
