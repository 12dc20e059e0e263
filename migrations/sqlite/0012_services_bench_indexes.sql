-- Indexes the services benchmark (`zhengwu bench services`, issue 5) showed missing at one
-- million cases. The e-supervision view (`esupervision::by_unit`) counted 超期办件 by reading
-- every open case row through `svc_cases_status` to test `overdue_at` (SQLite reads past the
-- large snapshot column to reach it), and counted 超期工单 by reading every order clock ever
-- started (`clocks_subject`) to find the open HL-LIMITS ones.

-- 超期办件: the flagged cases only, by status and department (covering). `overdue_at` is a
-- key column so that `overdue_at IS NOT NULL` is a range of it: SQLite, without statistics,
-- then prefers this index to `svc_cases_status`.
CREATE INDEX svc_cases_flagged ON svc_cases(status, overdue_at, department_unit_id)
    WHERE overdue_at IS NOT NULL;

-- 超期工单: the open clocks by rule, subject type and unit, with what the count tests.
CREATE INDEX clocks_open_by_rule ON clocks(rule_id, subject_type, unit_id, status, due_at, light)
    WHERE status IN ('running', 'paused');
