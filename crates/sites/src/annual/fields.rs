//! The fields of the 政府网站工作年度报表 (forms of 国办函〔2018〕12号; `reports.md` §2) in the
//! form's order, each with its Chinese label as the form has it (offices compare reports cell
//! by cell), its unit, its kind of value and what fills it: the site's registration, the
//! platform's records, or the host unit's input.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A text (名称, 其他, a signature).
    Text,
    /// A whole number (条, 个, 次, 项, 件, 期).
    Count,
    /// A number with up to two decimals (平均办理时间 天).
    Decimal,
    /// 是 or 否.
    YesNo,
    /// A date (填报日期).
    Date,
    /// A phone number (联系电话).
    Phone,
}

/// What fills a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The site's registration in force at the end of the year (WEB-REGISTRY).
    Registration,
    /// Counted from the platform's records (pages, columns, visits, drills).
    Records,
    /// Counted from the services catalogue and cases for the portal; typed in for other sites.
    PortalRecords,
    /// Typed in by the host unit: the platform keeps no record of it.
    Input,
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// A stable key (`info_total`): the stored inputs are keyed by it.
    pub key: &'static str,
    /// The block of the form (信息发布 …); empty for the first rows, which have none.
    pub section: &'static str,
    /// The sub-heading within the block (解读信息发布, 办件量 …); empty where there is none.
    pub group: &'static str,
    /// The label, character for character.
    pub label: &'static str,
    /// The unit as the form writes it (条, 个 …); empty where it gives none.
    pub unit: &'static str,
    pub kind: Kind,
    pub origin: Origin,
}

const fn f(
    key: &'static str,
    (section, group): (&'static str, &'static str),
    label: &'static str,
    unit: &'static str,
    kind: Kind,
    origin: Origin,
) -> Field {
    Field {
        key,
        section,
        group,
        label,
        unit,
        kind,
        origin,
    }
}

use Kind::{Count, Date, Decimal, Phone, Text, YesNo};
use Origin::{Input, PortalRecords, Records, Registration};

const TOP: (&str, &str) = ("", "");
const INFO: (&str, &str) = ("信息发布", "");
const SPECIAL: (&str, &str) = ("专栏专题", "");
const INTERPRET: (&str, &str) = ("解读回应", "解读信息发布");
const RESPOND: (&str, &str) = ("解读回应", "");
const SERVICE: (&str, &str) = ("办事服务", "");
const CASES: (&str, &str) = ("办事服务", "办件量");
const TALK: (&str, &str) = ("互动交流", "");
const MESSAGES: (&str, &str) = ("互动交流", "留言办理");
const SURVEYS: (&str, &str) = ("互动交流", "征集调查");
const INTERVIEWS: (&str, &str) = ("互动交流", "在线访谈");
const SECURITY: (&str, &str) = ("安全防护", "");
const MEDIA: (&str, &str) = ("移动新媒体", "");
const WEIBO: (&str, &str) = ("移动新媒体", "微博");
const WECHAT: (&str, &str) = ("移动新媒体", "微信");
const INNOVATION: (&str, &str) = ("创新发展", "");
/// The signatures stand at the foot of the form, under no block of their own.
const SIGNATURES: (&str, &str) = ("", "");

/// Every field of the form, in its order (`reports.md` §2).
pub const FIELDS: &[Field] = &[
    f("site_name", TOP, "网站名称", "", Text, Registration),
    f("home_url", TOP, "首页网址", "", Text, Registration),
    f("host_unit", TOP, "主办单位", "", Text, Registration),
    f("site_kind", TOP, "网站类型", "", Text, Registration),
    f("site_code", TOP, "政府网站标识码", "", Text, Registration),
    f("icp_number", TOP, "ICP备案号", "", Text, Registration),
    f(
        "police_number",
        TOP,
        "公安机关备案号",
        "",
        Text,
        Registration,
    ),
    f(
        "unique_visitors",
        TOP,
        "独立用户访问总量",
        "个",
        Count,
        Records,
    ),
    f("page_views", TOP, "网站总访问量", "次", Count, Records),
    f("info_total", INFO, "总数", "条", Count, Records),
    f(
        "info_overview",
        INFO,
        "概况类信息更新量",
        "条",
        Count,
        Records,
    ),
    f(
        "info_news",
        INFO,
        "政务动态信息更新量",
        "条",
        Count,
        Records,
    ),
    f(
        "info_catalogue",
        INFO,
        "信息公开目录信息更新量",
        "条",
        Count,
        Records,
    ),
    f(
        "special_maintained",
        SPECIAL,
        "维护数量",
        "个",
        Count,
        Records,
    ),
    f(
        "special_opened",
        SPECIAL,
        "新开设数量",
        "个",
        Count,
        Records,
    ),
    f("interpret_total", INTERPRET, "总数", "条", Count, Records),
    f(
        "interpret_materials",
        INTERPRET,
        "解读材料数量",
        "条",
        Count,
        Input,
    ),
    f(
        "interpret_products",
        INTERPRET,
        "解读产品数量",
        "条",
        Count,
        Input,
    ),
    f(
        "interpret_media",
        INTERPRET,
        "媒体评论文章数量",
        "条",
        Count,
        Input,
    ),
    f(
        "responses",
        RESPOND,
        "回应公众关注热点或重大舆情数量",
        "次",
        Count,
        Input,
    ),
    f(
        "service_catalogue",
        SERVICE,
        "是否发布服务事项目录",
        "",
        YesNo,
        PortalRecords,
    ),
    // Issue 23 item 5: the accounts of the portal (`platform::filed_by::registered_count`).
    f(
        "service_users",
        SERVICE,
        "注册用户数",
        "个",
        Count,
        PortalRecords,
    ),
    f(
        "service_items",
        SERVICE,
        "政务服务事项数量",
        "项",
        Count,
        PortalRecords,
    ),
    f(
        "service_online_items",
        SERVICE,
        "可全程在线办理政务服务事项数量",
        "项",
        Count,
        PortalRecords,
    ),
    f("cases_total", CASES, "总数", "件", Count, PortalRecords),
    f(
        "cases_natural",
        CASES,
        "自然人办件量",
        "件",
        Count,
        PortalRecords,
    ),
    f(
        "cases_legal",
        CASES,
        "法人办件量",
        "件",
        Count,
        PortalRecords,
    ),
    f("talk_unified", TALK, "是否使用统一平台", "", YesNo, Input),
    f(
        "messages_received",
        MESSAGES,
        "收到留言数量",
        "条",
        Count,
        Input,
    ),
    f(
        "messages_concluded",
        MESSAGES,
        "办结留言数量",
        "条",
        Count,
        Input,
    ),
    f(
        "messages_days",
        MESSAGES,
        "平均办理时间",
        "天",
        Decimal,
        Input,
    ),
    f(
        "messages_published",
        MESSAGES,
        "公开答复数量",
        "条",
        Count,
        Input,
    ),
    f("surveys", SURVEYS, "征集调查期数", "期", Count, Input),
    f(
        "survey_opinions",
        SURVEYS,
        "收到意见数量",
        "条",
        Count,
        Input,
    ),
    f(
        "survey_results",
        SURVEYS,
        "公布调查结果期数",
        "期",
        Count,
        Input,
    ),
    f("interviews", INTERVIEWS, "访谈期数", "期", Count, Input),
    f(
        "interview_messages",
        INTERVIEWS,
        "网民留言数量",
        "条",
        Count,
        Input,
    ),
    f(
        "interview_answers",
        INTERVIEWS,
        "答复网民提问数量",
        "条",
        Count,
        Input,
    ),
    f("smart_qa", TALK, "是否提供智能问答功能", "", YesNo, Input),
    f(
        "security_assessments",
        SECURITY,
        "安全检测评估次数",
        "次",
        Count,
        Input,
    ),
    f(
        "security_problems",
        SECURITY,
        "发现问题数量",
        "个",
        Count,
        Input,
    ),
    f(
        "security_fixed",
        SECURITY,
        "问题整改数量",
        "个",
        Count,
        Input,
    ),
    f(
        "security_monitoring",
        SECURITY,
        "是否建立安全监测预警机制",
        "",
        YesNo,
        Input,
    ),
    f(
        "security_drill",
        SECURITY,
        "是否开展应急演练",
        "",
        YesNo,
        Records,
    ),
    f(
        "security_responsible",
        SECURITY,
        "是否明确网站安全责任人",
        "",
        YesNo,
        Registration,
    ),
    f("media", MEDIA, "是否有移动新媒体", "", YesNo, Input),
    f("weibo_name", WEIBO, "名称", "", Text, Input),
    f("weibo_posts", WEIBO, "信息发布量", "", Count, Input),
    f("weibo_followers", WEIBO, "关注量", "", Count, Input),
    f("wechat_name", WECHAT, "名称", "", Text, Input),
    f("wechat_posts", WECHAT, "信息发布量", "", Count, Input),
    f("wechat_subscribers", WECHAT, "订阅数", "", Count, Input),
    f("media_other", MEDIA, "其他", "", Text, Input),
    f("search_service", INNOVATION, "搜索即服务", "", Text, Input),
    f("languages", INNOVATION, "多语言版本", "", Text, Input),
    f("accessibility", INNOVATION, "无障碍浏览", "", Text, Input),
    f("personalised", INNOVATION, "千人千网", "", Text, Input),
    f("innovation_other", INNOVATION, "其他", "", Text, Input),
    f("signed_head", SIGNATURES, "单位负责人", "", Text, Input),
    f("signed_reviewer", SIGNATURES, "审核人", "", Text, Input),
    f("signed_filler", SIGNATURES, "填报人", "", Text, Input),
    f("signed_phone", SIGNATURES, "联系电话", "", Phone, Input),
    f("signed_on", SIGNATURES, "填报日期", "", Date, Input),
];

/// The signatures a report is published with (`reports.md` §2: 单位负责人 · 审核人 · 填报人 ·
/// 联系电话 · 填报日期).
pub const SIGNATURE_KEYS: [&str; 5] = [
    "signed_head",
    "signed_reviewer",
    "signed_filler",
    "signed_phone",
    "signed_on",
];

/// The field of `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| field.key == key)
}

impl Field {
    /// Whether the host unit types it in for a site that is (`portal`) or is not the portal.
    pub fn is_input(&self, portal: bool) -> bool {
        match self.origin {
            Origin::Input => true,
            Origin::PortalRecords => !portal,
            Origin::Registration | Origin::Records => false,
        }
    }

    /// The label with its block, sub-heading and unit: 信息发布 · 总数（条）.
    pub fn full_label(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for part in [self.section, self.group, self.label] {
            if !part.is_empty() {
                parts.push(part);
            }
        }
        let mut label = parts.join(" · ");
        if !self.unit.is_empty() {
            label.push_str(&format!("（{}）", self.unit));
        }
        label
    }
}
