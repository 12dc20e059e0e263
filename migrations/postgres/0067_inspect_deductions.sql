-- Issue 19 (WEB-INSPECT; 国办秘函〔2019〕19号, reports.md §3): the deduction points of the
-- check's indicators as editable data, per jurisdiction. jurisdiction_id 0 holds the values
-- every jurisdiction starts from; a jurisdiction's own row for an indicator (written by
-- /office/inspect/deductions, audited) takes its place. points: deducted per occurrence;
-- cap: the most deducted under the indicator in a report (19号: deductions under one
-- indicator never exceed its points), 0 when none is set. section: 发布解读 · 办事服务 ·
-- 互动交流 · 功能设计 (the deduction part) or 巡检问题 (the crawl's finding kinds, which 19号
-- treats as single-veto items and gives no points: the district's own values).

CREATE TABLE inspect_deductions (
    jurisdiction_id BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    section TEXT NOT NULL,
    name TEXT NOT NULL,
    points BIGINT NOT NULL,
    cap BIGINT NOT NULL,
    source TEXT NOT NULL,
    sort_order BIGINT NOT NULL,
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (jurisdiction_id, indicator)
);

INSERT INTO inspect_deductions (jurisdiction_id, indicator, section, name, points, cap, source, sort_order) VALUES
    (0, 'policy-column-stale', '发布解读', '政策文件类一级栏目6个月未更新（每个）', 5, 0, '国办秘函〔2019〕19号（reports.md §3，自查所见分值）', 10),
    (0, 'service-stats-stale', '办事服务', '办事服务统计数据3个月未更新（每项）', 2, 0, '国办秘函〔2019〕19号（reports.md §3，自查所见分值）', 20),
    (0, 'replies-stale', '互动交流', '留言答复2个月未更新（每个栏目）', 3, 0, '国办秘函〔2019〕19号（reports.md §3，自查所见分值）', 30),
    (0, 'site-error-open', '互动交流', '“我为政府网站找错”留言未办结（每条）', 3, 0, '年度监管指标（reports.md §3）', 40),
    (0, 'site-error-late', '互动交流', '“我为政府网站找错”留言超过1个月办结（每条）', 2, 0, '年度监管指标（reports.md §3）', 50),
    (0, 'broken-link', '巡检问题', '链接不可用（每处）', 1, 0, '本区设定（19号未规定分值）', 110),
    (0, 'hidden-link', '巡检问题', '隐藏链接（每处）', 5, 0, '本区设定（19号未规定分值）', 120),
    (0, 'blocked-link', '巡检问题', '违规外链（每处）', 5, 0, '本区设定（19号未规定分值）', 130),
    (0, 'wrong-word', '巡检问题', '错误表述（每处）', 2, 0, '本区设定（19号未规定分值）', 140),
    (0, 'sensitive-word', '巡检问题', '敏感词（每处）', 2, 0, '本区设定（19号未规定分值）', 150),
    (0, 'privacy-id-number', '巡检问题', '泄露身份证号（每处）', 5, 0, '本区设定（19号未规定分值）', 160),
    (0, 'privacy-phone', '巡检问题', '泄露手机号（每处）', 2, 0, '本区设定（19号未规定分值）', 170),
    (0, 'privacy-bank-card', '巡检问题', '泄露银行卡号（每处）', 5, 0, '本区设定（19号未规定分值）', 180),
    (0, 'stale-home', '巡检问题', '首页不更新（每次）', 5, 0, '本区设定（19号未规定分值）', 190),
    (0, 'unreachable', '巡检问题', '无法访问（每处）', 0, 0, '本区设定（19号未规定分值）', 200);
