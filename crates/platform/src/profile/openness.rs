//! PUB-*: the values of government openness (政务公开): the limits of proactive disclosure and
//! of applications, and the required categories of the catalogue and columns of the sites
//! (PUB-CATEGORIES), per jurisdiction.

use serde::{Deserialize, Serialize};

use super::TimeLimit;

fn t(text: &str) -> TimeLimit {
    TimeLimit::of(text)
}

/// PUB-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpennessRules {
    pub proactive: TimeLimit,
    pub policy_document: TimeLimit,
    pub news: TimeLimit,
    pub repost: TimeLimit,
    pub catalogue_update: TimeLimit,
    pub application_supplement: TimeLimit,
    pub application_answer: TimeLimit,
    pub application_extension: TimeLimit,
    pub third_party_opinion: TimeLimit,
    pub interpretation: TimeLimit,
    pub preconsultation: TimeLimit,
    pub adoption_publish: TimeLimit,
    pub respond_major_information: TimeLimit,
    pub respond_press_conference: TimeLimit,
    pub respond_other: TimeLimit,
    pub coordination_confirm: TimeLimit,
    pub complaint_forward: TimeLimit,
    pub complaint_conclude: TimeLimit,
    pub complaint_conclude_complex: TimeLimit,
    pub complaint_feedback: TimeLimit,
    pub unit_annual_report_by: String,
    pub county_annual_report_by: String,
    pub evaluation_pass_percent: u32,
    /// PUB-CATEGORIES: the catalogue's required categories, `名称=关键词、关键词；…`.
    pub catalogue_categories: String,
    /// PUB-CATEGORIES: the categories a township's catalogue carries besides.
    pub township_categories: String,
    /// PUB-CATEGORIES: the portal's required columns (same form).
    pub portal_columns: String,
    /// PUB-CATEGORIES: the columns every unit site carries (same form; empty: none required).
    pub unit_site_columns: String,
    /// PUB-SUPERVISOR: the unit's reply to a supervisor's finding.
    pub supervisor_finding_reply: TimeLimit,
    /// PUB-ACCOUNT: the written rectification report of an accountability case.
    pub rectification_report: TimeLimit,
    /// PUB-EVAL: the term of a social evaluator (years).
    pub evaluator_term_years: u32,
}

impl Default for OpennessRules {
    fn default() -> Self {
        Self {
            proactive: t("20wd"),
            policy_document: t("3wd"),
            news: t("2wd"),
            repost: t("24h"),
            catalogue_update: t("5wd"),
            application_supplement: t("7wd"),
            application_answer: t("20wd"),
            application_extension: t("20wd"),
            third_party_opinion: t("15wd"),
            interpretation: t("3wd"),
            preconsultation: t("3wd"),
            adoption_publish: t("30d"),
            respond_major_information: t("5h"),
            respond_press_conference: t("24h"),
            respond_other: t("48h"),
            coordination_confirm: t("5wd"),
            complaint_forward: t("1wd"),
            complaint_conclude: t("10wd"),
            complaint_conclude_complex: t("15wd"),
            complaint_feedback: t("1wd"),
            // PUB-ANNUAL: 31 Jan (2019 Regulation §49, overriding file 002's 28 Feb).
            unit_annual_report_by: "01-31".into(),
            county_annual_report_by: "03-31".into(),
            evaluation_pass_percent: 60,
            // PUB-CATEGORIES: file 000 names no catalogue categories; file 002's fill them.
            catalogue_categories: FENGGANG_CATEGORIES.into(),
            township_categories: FENGGANG_TOWNSHIP_CATEGORIES.into(),
            // 000 门户 §16: the portal's columns as the responsibility article names them.
            portal_columns: GANZHOU_PORTAL_COLUMNS.into(),
            // File 000 lists no unit-site columns; file 004 §15's fill them.
            unit_site_columns: XINGNING_UNIT_SITE_COLUMNS.into(),
            supervisor_finding_reply: t("10wd"),
            rectification_report: t("20wd"),
            evaluator_term_years: 2,
        }
    }
}

/// PUB-CATEGORIES: 002 公开制度 §6 (the fourteen categories of proactive disclosure).
pub const FENGGANG_CATEGORIES: &str = "机构设置、职责范围、联系方式和信访投诉举报方式=机构、职责、联系方式、投诉；\
行政法规、规章和规范性文件=法规、规章、规范性文件、政策文件；\
规划及相关政策=规划；\
国民经济和社会发展统计信息=统计；\
财政预算、决算报告=预算、决算、财政；\
行政事业性收费的项目、依据、标准=收费；\
政府集中采购项目的目录、标准及实施情况=采购；\
行政许可的事项及办理情况=行政许可、许可；\
重大建设项目的批准和实施情况=重大建设项目、重大项目；\
扶贫、教育、医疗、社会保障、促进就业等方面的政策措施及实施情况=扶贫、教育、医疗、社会保障、就业；\
突发公共事件的应急预案、预警信息及应对情况=应急、预警、突发；\
环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况=环境保护、公共卫生、安全生产、食品药品、产品质量、监督检查；\
涉及社会公众利益的处罚决定=处罚；\
职责范围内的其他事项=其他";

/// PUB-CATEGORIES: 002 公开制度 §7 (what a township discloses besides).
pub const FENGGANG_TOWNSHIP_CATEGORIES: &str = "贯彻落实农村工作政策的情况=农村；\
财政收支、各类专项资金的管理和使用情况=财政收支、专项资金；\
土地利用总体规划、宅基地使用的审核情况=土地利用、宅基地；\
征收征用土地、房屋拆迁及其补偿、补助费用的发放使用情况=征收、征地、拆迁、补偿；\
债权债务、筹资筹劳情况=债权债务、筹资筹劳；\
抢险救灾、优抚、救济、社会捐助等款物的发放情况=救灾、优抚、救济、捐助；\
集体企业及其他经济实体承包、租赁、拍卖等情况=集体企业、承包、租赁、拍卖；\
执行计划生育政策的情况=计划生育";

/// PUB-CATEGORIES: 002 网站规范 §18(二) (the portal's thirteen basic openness columns).
pub const FENGGANG_PORTAL_COLUMNS: &str = "地区概况=概况；机构设置；工作动态和通知公告=动态、通知公告；\
法规文件=法规、文件；规划计划=规划、计划；统计信息=统计；财政信息=财政；权责清单=清单；\
执法监督=执法、监管；重大项目=项目；政策执行和落实情况=落实、执行；\
政府信息公开专栏=政府信息公开；其他类事项=其他";

/// PUB-CATEGORIES: 000 门户 §16 (the portal's columns and their responsible units).
pub const GANZHOU_PORTAL_COLUMNS: &str = "今日甘州；领导之窗；政民互动；征集调查；政务访谈；\
甘州概况=概况；部门动态；乡镇街道动态=乡镇、街道；政府信息公开；办事服务";

/// PUB-CATEGORIES: 004 §14 (the ten items the portal publishes and updates).
pub const XINGNING_PORTAL_COLUMNS: &str = "本地概况、机构设置、领导简介=概况、机构、领导；\
规范性文件和国民经济统计数据=规范性文件、统计；\
规划、政策、重大部署、重大项目和财政预决算=规划、重大项目、预算、决算；\
重要会议、重大活动、人事任免=会议、活动、人事；\
行政事业性收费和政府集中采购=收费、采购；\
民生政策措施和监督检查情况=扶贫、教育、医疗、社会保障、就业、监督检查；\
突发公共事件应急预案、预警信息及应对情况=应急、预警、突发；\
行政许可事项及办理情况=行政许可、许可；\
非行政许可审批事项、管理服务类事项=非行政许可、服务事项；\
其他应当主动公开的政府信息=政府信息公开、其他";

/// PUB-CATEGORIES: 004 §15 (the six items every unit or township site carries).
pub const XINGNING_UNIT_SITE_COLUMNS: &str = "机构设置、人员情况=机构、人员；\
审批事项办理流程、表格下载和政策解答=办理流程、表格下载、政策解答、办事；\
办事指南和服务类信息=办事指南、服务；政策性、规范性文件=政策、规范性文件、文件；\
政务动态、公告、通告、公示、便民告示=动态、公告、通告、公示；\
其他应当主动公开的政府信息=政府信息公开、其他";
