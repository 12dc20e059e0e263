-- Issue 19 (WEB-INSPECT; 国办秘函〔2019〕19号, reports.md §3): the rest of the check's point
-- table. The deduction part's indicators the platform has no records for, and the bonus part
-- (加分, at most 30 points, counted above 80), are entered by hand per site and quarter by the
-- IT office's administrator with the points and a reason (audited; entering again replaces the
-- entry, the audit row keeping the old value), so the quarterly report is complete and never
-- invented. points: 0 where the original table's points were not retrieved (reports.md: keep
-- them as editable data); the administrator sets a cap at /office/inspect/deductions.

CREATE TABLE inspect_manual_points (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    quarter TEXT NOT NULL,
    indicator TEXT NOT NULL,
    points BIGINT NOT NULL,
    reason TEXT NOT NULL,
    entered_by BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, quarter, indicator)
);

INSERT INTO inspect_deductions (jurisdiction_id, indicator, section, name, points, cap, source, sort_order) VALUES
    (0, 'publish-manual', '发布解读', '发布解读其他指标（概况信息、政务动态、信息公开、政策解读、回应关切，人工检查填报）', 0, 0, '国办秘函〔2019〕19号（原表分值未取得，上限由本级按原表设定）', 15),
    (0, 'service-manual', '办事服务', '办事服务其他指标（办事指南、在线办理，人工检查填报）', 0, 0, '国办秘函〔2019〕19号（原表分值未取得，上限由本级按原表设定）', 25),
    (0, 'interaction-manual', '互动交流', '互动交流其他指标（咨询建言、征集调查、在线访谈，人工检查填报）', 0, 0, '国办秘函〔2019〕19号（原表分值未取得，上限由本级按原表设定）', 55),
    (0, 'design-manual', '功能设计', '功能设计（域名、名称与标识，可用性，搜索，IPv6，“我为政府网站找错”入口，人工检查填报）', 0, 0, '国办秘函〔2019〕19号（原表分值未取得，上限由本级按原表设定）', 60),
    (0, 'bonus-manual', '加分', '加分指标（人工检查填报；扣分部分得分高于80分时计入，最多30分）', 0, 30, '国办秘函〔2019〕19号（reports.md §3：加分部分30分）', 90);
