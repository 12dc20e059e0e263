//! The typed rule profile. Each group's `Default` is the `ganzhou` value (file 000), with the
//! other files filling what it does not say; `notes/` says where each value comes from.

use serde::{Deserialize, Serialize};

use super::{OpennessRules, ServiceRules, TimeLimit};
use crate::error::{Error, Result};

fn t(text: &str) -> TimeLimit {
    TimeLimit::of(text)
}

/// Every time limit and switch of one jurisdiction, by area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RuleProfile {
    pub calendar: CalendarRules,
    pub services: ServiceRules,
    pub evaluation: EvaluationRules,
    pub hotline: HotlineRules,
    pub knowledge: KnowledgeRules,
    pub openness: OpennessRules,
    pub website: WebsiteRules,
    pub messages: MessageRules,
    pub datashare: DataShareRules,
    pub security: SecurityRules,
    pub reports: ReportRules,
    pub assessment: AssessmentRules,
    pub extranet: super::ExtranetRules,
    pub hall: super::HallRules,
}

/// CAL-WH, CAL-LIGHT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarRules {
    pub working_hours: String,
    pub summer_working_hours: String,
    pub summer_from: String,
    pub summer_until: String,
    pub yellow_percent: u32,
    pub yellow_working_days: u32,
}

impl Default for CalendarRules {
    fn default() -> Self {
        Self {
            working_hours: "08:30-12:00,14:30-18:00".into(),
            summer_working_hours: String::new(),
            summer_from: String::new(),
            summer_until: String::new(),
            yellow_percent: 20,
            yellow_working_days: 1,
        }
    }
}

/// EVAL-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluationRules {
    /// The rating at or below which a rectification task opens: 4 = 不满意, 5 = 非常不满意.
    pub bad_rating_from_level: u32,
    pub rectification: TimeLimit,
    /// HL-RATES, EVAL-ALL: 基本满意 counts as satisfied in every satisfaction rate (the 12345
    /// 三率 and the 好差评 statistics, which count the same callback ratings).
    pub satisfaction_counts_basically_satisfied: bool,
}

impl Default for EvaluationRules {
    fn default() -> Self {
        Self {
            bad_rating_from_level: 4,
            rectification: t("15wd"),
            satisfaction_counts_basically_satisfied: true,
        }
    }
}

/// HL-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HotlineRules {
    pub sign: TimeLimit,
    pub return_within: TimeLimit,
    pub emergency_help: TimeLimit,
    pub policy_consultation: TimeLimit,
    pub suggestion: TimeLimit,
    pub complaint_report: TimeLimit,
    pub major_initial: TimeLimit,
    pub major_progress: TimeLimit,
    pub max_extensions: u32,
    pub extension_max: TimeLimit,
    pub reply: TimeLimit,
    pub reply_retry_window: TimeLimit,
    pub reply_min_attempts: u32,
    pub urge_feedback: TimeLimit,
    pub supervise_sign_minutes_before: u32,
    pub supervise_feedback_before: TimeLimit,
    pub supervise_province_before: TimeLimit,
    pub supervise_repeated_returns: u32,
    pub application_decision: TimeLimit,
    pub hang_scopes: String,
    pub hang_reminder_every: TimeLimit,
    pub urge_report_unit: String,
    pub legal_limits: String,
    pub round_the_clock_units: String,
    pub callback_rounds: u32,
    pub surge_factor_percent: u32,
    pub surge_min_count: u32,
    pub rate_drop_warn_points: u32,
}

impl Default for HotlineRules {
    fn default() -> Self {
        Self {
            sign: t("1wh"),
            return_within: t("3wh"),
            emergency_help: t("3h"),
            policy_consultation: t("1wd"),
            suggestion: t("3wd"),
            complaint_report: t("5wd"),
            major_initial: t("3h"),
            major_progress: t("3wd"),
            max_extensions: 2,
            extension_max: t("5wd"),
            reply: t("12h"),
            reply_retry_window: t("24h"),
            reply_min_attempts: 3,
            urge_feedback: t("2wd"),
            supervise_sign_minutes_before: 10,
            supervise_feedback_before: t("3h"),
            supervise_province_before: t("4wh"),
            supervise_repeated_returns: 2,
            application_decision: t("1wd"),
            hang_scopes: "法律法规政策空白；行政区域边界存在争议；历史遗留问题；需较长周期实施的工程或资金安排".into(),
            hang_reminder_every: t("5wd"),
            urge_report_unit: "gz-business".into(),
            legal_limits: "消费者投诉受理决定=7wd=《市场监督管理投诉举报处理暂行办法》第十五条；政府信息公开申请答复=20wd=《中华人民共和国政府信息公开条例》第三十三条".into(),
            round_the_clock_units: String::new(),
            callback_rounds: 2,
            surge_factor_percent: 300,
            surge_min_count: 10,
            rate_drop_warn_points: 5,
        }
    }
}

/// KB-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnowledgeRules {
    pub review_interval: TimeLimit,
}

impl Default for KnowledgeRules {
    fn default() -> Self {
        Self {
            review_interval: t("365d"),
        }
    }
}

/// WEB-REPOST: the central licensed news sources and a province's own (its government's
/// site and its daily).
pub fn news_sources(province: &str) -> String {
    format!("新华社；人民日报；中国政府网；求是网；央视网；{province}")
}

/// WEB-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebsiteRules {
    pub temporary_offline_per_year: u32,
    pub temporary_offline_max: TimeLimit,
    /// WEB-REGISTRY: department, township and village sites may be opened (with the
    /// approval of an application); fenggang allows none (002 网站规范 §6).
    pub department_sites_allowed: bool,
    /// WEB-FOOTER: the footer carries the 党政机关网站标识 (000 门户 §7); fenggang asks only
    /// for the host unit, the identifier code and the 找错 entry (002 网站规范 §16(一)4).
    pub footer_party_mark: bool,
    pub fresh_news: TimeLimit,
    pub fresh_notices: TimeLimit,
    pub fresh_personnel: TimeLimit,
    pub fresh_work_plans: TimeLimit,
    /// WEB-FRESH: the 概况 column, updated yearly (000 门户 §11, 甘州概况).
    pub fresh_overview: TimeLimit,
    pub fresh_special_columns: TimeLimit,
    /// WEB-FRESH: two weeks without new information on the home page fail the national
    /// check outright (国办秘函〔2019〕19号, reports.md §3 首页不更新).
    pub fresh_home_page: TimeLimit,
    /// WEB-INSPECT (fresh_service_stats): the 19号 deduction 办事统计3个月未更新 — the site's
    /// 办事统计 column goes without a publication longer than this (3 months: 92 days, the
    /// longest three months, so no site loses points early).
    pub fresh_service_stats: TimeLimit,
    /// WEB-INSPECT (fresh_replies): the 19号 deduction 留言答复2个月未更新 — an interaction
    /// channel of the site publishes no reply for longer than this (2 months: 62 days).
    pub fresh_replies: TimeLimit,
    pub submission_publish: TimeLimit,
    pub unit_weekly_submissions: u32,
    /// WEB-SUBMIT: this many weeks in a row without the weekly submissions are an
    /// accountability event, the principal explaining in writing (004 §40: 连续3次以上不及时);
    /// 0 records none.
    pub submission_late_run: u32,
    pub broken_link_timeout_seconds: u32,
    /// WEB-INSPECT: the responsible unit's time to fix a finding of the site inspector (000
    /// 网站 §24: 立即处置; the nearest written limit is §26's 3 working days for the public's
    /// 找错 reports of the same problems).
    pub inspection_fix: TimeLimit,
    /// WEB-INSPECT: availability probes of each site a day, at varied instants (国办秘函
    /// 〔2019〕19号 站点无法访问: more than 20 a day).
    pub availability_probes_per_day: u32,
    /// WEB-INSPECT: the days over which the share of unanswered probes is taken (19号: a week).
    pub availability_window_days: u32,
    /// WEB-INSPECT: the share of unanswered probes, in per cent, at which the site fails
    /// (19号: 5 %).
    pub availability_red_percent: u32,
    pub annual_report_by: String,
    /// WEB-REPOST: the 互联网新闻信息稿源单位 a repost may come from (000 网站 §14), kept as
    /// editable text (`；`-separated); see [`WebsiteRules::licensed_news_source_list`].
    pub licensed_news_sources: String,
    /// SEC-HOSTING: the jurisdiction's region as 省；市；县 (an empty part is not compared),
    /// against which the inspection checks where each site is hosted (004 §32(七): 网站是否
    /// 托管在本级行政区域以外); see [`WebsiteRules::hosting_region_parts`].
    pub hosting_region: String,
}

impl WebsiteRules {
    /// SEC-HOSTING: the region's province, city and county (missing parts empty).
    pub fn hosting_region_parts(&self) -> [String; 3] {
        let mut parts = self
            .hosting_region
            .split(['；', ';'])
            .map(|part| part.trim().to_owned());
        [
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        ]
    }

    /// WEB-REPOST: the licensed news sources, one per item of the text.
    pub fn licensed_news_source_list(&self) -> Vec<&str> {
        self.licensed_news_sources
            .split(['；', ';', '\n'])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .collect()
    }
}

impl Default for WebsiteRules {
    fn default() -> Self {
        Self {
            temporary_offline_per_year: 1,
            temporary_offline_max: t("30d"),
            department_sites_allowed: true,
            footer_party_mark: true,
            fresh_news: t("14d"),
            fresh_notices: t("183d"),
            fresh_personnel: t("183d"),
            fresh_work_plans: t("365d"),
            fresh_overview: t("365d"),
            fresh_special_columns: t("183d"),
            fresh_home_page: t("14d"),
            fresh_service_stats: t("92d"),
            fresh_replies: t("62d"),
            submission_publish: t("1wd"),
            unit_weekly_submissions: 0,
            submission_late_run: 3,
            broken_link_timeout_seconds: 15,
            inspection_fix: t("3wd"),
            availability_probes_per_day: 24,
            availability_window_days: 7,
            availability_red_percent: 5,
            annual_report_by: "01-31".into(),
            licensed_news_sources: news_sources("甘肃省人民政府网；甘肃日报"),
            hosting_region: "甘肃省；张掖市；甘州区".into(),
        }
    }
}

/// MSG-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessageRules {
    pub leader_mailbox: TimeLimit,
    pub consultation: TimeLimit,
    pub suggestion: TimeLimit,
    pub complaint: TimeLimit,
    pub site_error_report: TimeLimit,
    pub complex: TimeLimit,
    pub extension_max: TimeLimit,
    pub consultations_per_year: u32,
}

impl Default for MessageRules {
    fn default() -> Self {
        Self {
            leader_mailbox: t("5wd"),
            consultation: t("5wd"),
            suggestion: t("5wd"),
            complaint: t("5wd"),
            site_error_report: t("3wd"),
            complex: t("0wd"),
            extension_max: t("0wd"),
            consultations_per_year: 0,
        }
    }
}

/// DATA-*, SEC-NOTICE.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataShareRules {
    pub catalogue_update: TimeLimit,
    pub catalogue_update_extended: TimeLimit,
    pub request_unconditional: TimeLimit,
    pub request_conditional: TimeLimit,
    pub demand_forward: TimeLimit,
    pub demand_confirm: TimeLimit,
    pub grant_max: TimeLimit,
    pub api_unused_revocable: TimeLimit,
    pub maintenance_notice: TimeLimit,
    /// DATA-REQUEST, DATA-CROSS: the district builds no platform of its own and forwards
    /// every request upward, tracking it (ganzhou, 000 共享 §3), instead of deciding it.
    pub forward_upward: bool,
}

impl Default for DataShareRules {
    fn default() -> Self {
        Self {
            catalogue_update: t("10wd"),
            catalogue_update_extended: t("20wd"),
            request_unconditional: t("3wd"),
            request_conditional: t("10wd"),
            demand_forward: t("3wd"),
            demand_confirm: t("10wd"),
            grant_max: t("1095d"),
            api_unused_revocable: t("90d"),
            maintenance_notice: t("2wd"),
            forward_upward: true,
        }
    }
}

/// SEC-ACCOUNTS, SEC-AUDIT, SEC-BACKUP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityRules {
    pub password_min_length: u32,
    pub password_max_age_days: u32,
    /// Issue 12 finding 7: failed logins of one account (and of one client) before further
    /// attempts wait for a delay — 1 s after this many, doubling with each further failure.
    pub login_delay_after_failures: u32,
    /// The longest such delay: nobody is kept out of an account longer than this after the
    /// last failure, and no stranger can lock an account for good.
    pub login_delay_cap_minutes: u32,
    /// Issue 12 finding 3: wrong query codes typed for one number (from any client) before
    /// the number is locked (`platform::query_code`).
    pub query_code_lock_after_failures: u32,
    /// The first lock of such a number, in minutes; each further lock lasts twice as long,
    /// at most a day.
    pub query_code_lock_minutes: u32,
    pub session_idle_minutes: u32,
    pub audit_retention_months: u32,
    pub backup_interval_hours: u32,
}

impl Default for SecurityRules {
    fn default() -> Self {
        Self {
            password_min_length: 10,
            password_max_age_days: 90,
            login_delay_after_failures: 5,
            login_delay_cap_minutes: 15,
            query_code_lock_after_failures: 5,
            query_code_lock_minutes: 15,
            session_idle_minutes: 30,
            audit_retention_months: 6,
            backup_interval_hours: 24,
        }
    }
}

/// OPS-REPORTS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportRules {
    pub half_monthly_notice: bool,
    pub monthly_hotline_notice: bool,
}

impl Default for ReportRules {
    fn default() -> Self {
        Self {
            half_monthly_notice: false,
            monthly_hotline_notice: true,
        }
    }
}

/// OPS-ASSESS: the weights of the annual assessment of units, set by the system
/// administrator. No document fixes them (000 §12345-27 has the hotline assessed yearly
/// "全面评定", 002 考核制度 §6 and 004 §37–40 list indicators without weights): every value
/// is a platform default. The five weights are points of 100 given to the rates; each overdue
/// subject and each accountability event deducts tenths of a point, the two together at most
/// `deduction_cap` points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentRules {
    /// 按时办结率 (the main limit met of those concluded).
    pub weight_timeliness: u32,
    /// 响应率 (HL-RATES).
    pub weight_response: u32,
    /// 办结率 (HL-RATES).
    pub weight_completion: u32,
    /// 满意率 (HL-RATES, the callbacks).
    pub weight_satisfaction: u32,
    /// 好差评满意率 (EVAL-ALL).
    pub weight_evaluation: u32,
    /// Tenths of a point per overdue subject (the main limit breached).
    pub overdue_deduction_tenths: u32,
    /// Tenths of a point per accountability event (HL-ACCOUNT).
    pub accountability_deduction_tenths: u32,
    /// The most both deductions together take, in points.
    pub deduction_cap: u32,
}

impl Default for AssessmentRules {
    fn default() -> Self {
        Self {
            weight_timeliness: 30,
            weight_response: 15,
            weight_completion: 20,
            weight_satisfaction: 20,
            weight_evaluation: 15,
            overdue_deduction_tenths: 5,
            accountability_deduction_tenths: 20,
            deduction_cap: 20,
        }
    }
}

impl AssessmentRules {
    /// OPS-ASSESS: the weights add up to 100 and the deductions stay within a score.
    pub fn validate(&self) -> Result<()> {
        let weights = [
            self.weight_timeliness,
            self.weight_response,
            self.weight_completion,
            self.weight_satisfaction,
            self.weight_evaluation,
        ];
        if weights.iter().map(|w| u64::from(*w)).sum::<u64>() != 100 {
            return Err(Error::invalid(
                "考核权重（按时办结率、响应率、办结率、满意率、好差评满意率）之和应为 100",
            ));
        }
        if self.overdue_deduction_tenths > 100 || self.accountability_deduction_tenths > 100 {
            return Err(Error::invalid(
                "每件超期或每起问责的扣分不能超过 10 分（填写 0 到 100，单位 0.1 分）",
            ));
        }
        if self.deduction_cap > 100 {
            return Err(Error::invalid("扣分上限应在 0 到 100 分之间"));
        }
        Ok(())
    }
}

impl RuleProfile {
    /// Checks what the types alone cannot: bounds the regulations or safety impose.
    pub fn validate(&self) -> Result<()> {
        let security = &self.security;
        if security.audit_retention_months < 6 {
            return Err(Error::invalid(
                "审计日志保存期限不能少于 6 个月（SEC-AUDIT）",
            ));
        }
        if !(8..=64).contains(&security.password_min_length) {
            return Err(Error::invalid("密码最小长度应在 8 到 64 之间"));
        }
        if !(1..=20).contains(&security.login_delay_after_failures) {
            return Err(Error::invalid(
                "开始延迟登录前允许的连续失败次数应在 1 到 20 之间",
            ));
        }
        if !(1..=60).contains(&security.login_delay_cap_minutes) {
            return Err(Error::invalid("登录延迟上限应在 1 到 60 分钟之间"));
        }
        if !(1..=20).contains(&security.query_code_lock_after_failures) {
            return Err(Error::invalid(
                "查询码锁定前允许的连续错误次数应在 1 到 20 之间",
            ));
        }
        if !(1..=1440).contains(&security.query_code_lock_minutes) {
            return Err(Error::invalid("查询码首次锁定时长应在 1 到 1440 分钟之间"));
        }
        if !(5..=30).contains(&security.session_idle_minutes) {
            return Err(Error::invalid("会话空闲超时应在 5 到 30 分钟之间"));
        }
        self.hotline.legal_limit_list()?;
        self.assessment.validate()?;
        if !(1..=90).contains(&self.hall.box_opening_days) {
            return Err(Error::invalid(
                "监督意见箱开箱间隔应在 1 到 90 天之间（HALL-BOX）",
            ));
        }
        if ![1, 3].contains(&self.hall.staff_assessment_months) {
            return Err(Error::invalid(
                "窗口工作人员定期考核周期应为 1（月度）或 3（季度）个月（HALL-STAFF）",
            ));
        }
        if self.calendar.yellow_percent > 100 {
            return Err(Error::invalid("黄灯阈值百分比不能超过 100"));
        }
        if self.evaluation.bad_rating_from_level < 3 || self.evaluation.bad_rating_from_level > 5 {
            return Err(Error::invalid("差评起点应为 3 到 5 级"));
        }
        for (label, text) in [
            ("工作时间", &self.calendar.working_hours),
            ("夏季工作时间", &self.calendar.summer_working_hours),
        ] {
            if !text.is_empty() && text.parse::<calendar::WorkingHours>().is_err() {
                return Err(Error::invalid(format!(
                    "{label}格式不正确，应如 08:30-12:00,14:30-18:00"
                )));
            }
        }
        for (label, text) in [
            ("夏季开始日期", &self.calendar.summer_from),
            ("夏季结束日期", &self.calendar.summer_until),
            ("部门年报截止日", &self.openness.unit_annual_report_by),
            ("区县年报截止日", &self.openness.county_annual_report_by),
            ("网站年报截止日", &self.website.annual_report_by),
        ] {
            if !text.is_empty() && !is_month_day(text) {
                return Err(Error::invalid(format!("{label}应写作 MM-DD，如 02-28")));
            }
        }
        Ok(())
    }
}

fn is_month_day(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(&format!("2024-{text}"), "%Y-%m-%d").is_ok()
}
