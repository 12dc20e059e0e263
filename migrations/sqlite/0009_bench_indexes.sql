-- Indexes the 12345 benchmark (`zhengwu bench hotline`, issue 4) showed missing at 2 million
-- orders across 400 units. Without them the supervisor's view read every clock ever started
-- (1.5 s) and the monthly rate report looked up each clock's and history row's table row
-- (2.9 s); with them both read only index pages.

-- The supervisor's view (running_order_clocks, lights_by_unit): the open clocks only, most
-- urgent first, with the columns of the lights.
CREATE INDEX clocks_open_by_due ON clocks(subject_type, due_at, unit_id, status, light, yellow_at)
    WHERE status IN ('running', 'paused');

-- HL-RATES response and completion rates: the period's clocks by rule and time, covering
-- what the counts read. They replace the narrower indexes of 0006 (same leading columns).
CREATE INDEX clocks_rule_start_counts ON clocks(rule_id, start_at, subject_type, status, due_at, unit_id);
CREATE INDEX clocks_rule_due_counts ON clocks(rule_id, due_at, subject_type, status, unit_id, concluded_at, subject_id);
DROP INDEX clocks_rule_start;
DROP INDEX clocks_rule_due;

-- HL-RATES completion: the clocks a return or withdrawal stopped (a few per cent of orders).
CREATE INDEX hotline_events_returned ON hotline_events(order_id, at)
    WHERE kind = 'clock_stopped' AND command IN ('return', 'withdraw');

-- HL-RATES satisfaction: the period's callbacks with their rating, and each order's lead unit.
CREATE INDEX hotline_events_rated ON hotline_events(kind, at, order_id, detail) WHERE kind = 'rated';
CREATE INDEX hotline_orders_lead_by_id ON hotline_orders(id, lead_unit_id);
