-- Hotline reports (HL-RATES, HL-WARN, OPS-REPORTS): indexes only, so that a period's report
-- scans the period's rows. Response rate: HL-SIGN clocks by dispatch time; completion rate:
-- HL-LIMITS clocks by due time; satisfaction: 'rated' history rows by time; hot topics,
-- places and surge warnings: appeals by receipt time.
CREATE INDEX clocks_rule_start ON clocks(rule_id, start_at);
CREATE INDEX clocks_rule_due ON clocks(rule_id, due_at);
CREATE INDEX hotline_events_kind_at ON hotline_events(kind, at);
CREATE INDEX hotline_appeals_created ON hotline_appeals(created_at);
