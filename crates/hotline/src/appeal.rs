//! Intake values of an appeal (HL-REGISTER, HL-EMERGENCY, HL-MERGE): channel, category,
//! handling class, origin, emergency lines, and the merge decision.

use calendar::Instant;

use crate::error::HotlineError;
use crate::order::Status;
use crate::required_within;

/// How the appeal came in (HL-REGISTER, 000 §12345-7 电话、网络等方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    /// 电话.
    Phone,
    /// 网站.
    Web,
    /// 移动应用.
    App,
    /// 微信.
    Wechat,
    /// 来信.
    Letter,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Web,
        Channel::App,
        Channel::Wechat,
        Channel::Letter,
    ];

    /// `phone`, `web`, `app`, `wechat`, `letter`.
    pub const fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Web => "web",
            Channel::App => "app",
            Channel::Wechat => "wechat",
            Channel::Letter => "letter",
        }
    }

    /// 电话, 网站, 移动应用, 微信, 来信.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Web => "网站",
            Channel::App => "移动应用",
            Channel::Wechat => "微信",
            Channel::Letter => "来信",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Channel, HotlineError> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.code() == code.trim())
            .ok_or_else(|| HotlineError::invalid(format!("未知的受理渠道“{code}”")))
    }
}

/// The category of an appeal (HL-REGISTER, 000 §12345-9(二)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Category {
    /// 咨询求助类.
    ConsultationHelp,
    /// 意见建议类.
    Suggestion,
    /// 投诉举报类.
    ComplaintReport,
    /// 其他类.
    Other,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 4] = [
        Category::ConsultationHelp,
        Category::Suggestion,
        Category::ComplaintReport,
        Category::Other,
    ];

    /// `consultation_help`, `suggestion`, `complaint_report`, `other`.
    pub const fn code(self) -> &'static str {
        match self {
            Category::ConsultationHelp => "consultation_help",
            Category::Suggestion => "suggestion",
            Category::ComplaintReport => "complaint_report",
            Category::Other => "other",
        }
    }

    /// 咨询求助, 意见建议, 投诉举报, 其他.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Category::ConsultationHelp => "咨询求助",
            Category::Suggestion => "意见建议",
            Category::ComplaintReport => "投诉举报",
            Category::Other => "其他",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Category, HotlineError> {
        Category::ALL
            .into_iter()
            .find(|category| category.code() == code.trim())
            .ok_or_else(|| HotlineError::invalid(format!("未知的诉求类别“{code}”")))
    }
}

/// The handling class that selects the time limit (HL-LIMITS, HL-MAJOR; 000 §12345-10(一)
/// 即办、3小时、24小时、3天和5天五类处置模式, §12345-9(三)3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum HandlingClass {
    /// 知识库即办: answered by the operator, never dispatched (HL-INSTANT).
    KnowledgeBase,
    /// 紧急求助类 (`hotline.emergency_help`).
    EmergencyHelp,
    /// 政策咨询类 (`hotline.policy_consultation`).
    PolicyConsultation,
    /// 意见建议类 (`hotline.suggestion`).
    Suggestion,
    /// 投诉举报类 (`hotline.complaint_report`).
    ComplaintReport,
    /// 重大突发事件、热点难点 (`hotline.major_initial`, `hotline.major_progress`).
    MajorEvent,
}

impl HandlingClass {
    /// Every class.
    pub const ALL: [HandlingClass; 6] = [
        HandlingClass::KnowledgeBase,
        HandlingClass::EmergencyHelp,
        HandlingClass::PolicyConsultation,
        HandlingClass::Suggestion,
        HandlingClass::ComplaintReport,
        HandlingClass::MajorEvent,
    ];

    /// The class an operator is offered first for a category (they may choose another).
    pub const fn default_for(category: Category) -> HandlingClass {
        match category {
            Category::ConsultationHelp => HandlingClass::PolicyConsultation,
            Category::Suggestion => HandlingClass::Suggestion,
            Category::ComplaintReport | Category::Other => HandlingClass::ComplaintReport,
        }
    }

    /// `kb`, `emergency_help`, `policy_consultation`, `suggestion`, `complaint_report`, `major`.
    pub const fn code(self) -> &'static str {
        match self {
            HandlingClass::KnowledgeBase => "kb",
            HandlingClass::EmergencyHelp => "emergency_help",
            HandlingClass::PolicyConsultation => "policy_consultation",
            HandlingClass::Suggestion => "suggestion",
            HandlingClass::ComplaintReport => "complaint_report",
            HandlingClass::MajorEvent => "major",
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            HandlingClass::KnowledgeBase => "知识库即办",
            HandlingClass::EmergencyHelp => "紧急求助",
            HandlingClass::PolicyConsultation => "政策咨询",
            HandlingClass::Suggestion => "意见建议",
            HandlingClass::ComplaintReport => "投诉举报",
            HandlingClass::MajorEvent => "重大突发事件",
        }
    }
}

/// Where the order came from: the district's own line or dispatched by the province
/// (HL-SUPERVISE: 省级派件未提前半天反馈).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// 本级 (direct dispatch by the city line counts as local).
    Local,
    /// 省级派件.
    Province,
}

/// The emergency lines an appeal is transferred to (HL-EMERGENCY, 000 §12345-9(二)1,4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EmergencyLine {
    /// 110 police.
    Police110,
    /// 119 fire.
    Fire119,
    /// 120 ambulance.
    Ambulance120,
    /// 122 traffic accidents.
    Traffic122,
}

impl EmergencyLine {
    /// `110`, `119`, `120`, `122`.
    pub const fn number(self) -> &'static str {
        match self {
            EmergencyLine::Police110 => "110",
            EmergencyLine::Fire119 => "119",
            EmergencyLine::Ambulance120 => "120",
            EmergencyLine::Traffic122 => "122",
        }
    }

    /// Parses `110`, `119`, `120` or `122`.
    pub fn parse(number: &str) -> Result<EmergencyLine, HotlineError> {
        match number.trim() {
            "110" => Ok(EmergencyLine::Police110),
            "119" => Ok(EmergencyLine::Fire119),
            "120" => Ok(EmergencyLine::Ambulance120),
            "122" => Ok(EmergencyLine::Traffic122),
            other => Err(HotlineError::invalid(format!(
                "紧急热线应为 110、119、120 或 122，而不是“{other}”"
            ))),
        }
    }
}

/// What is registered for every appeal (HL-REGISTER). Identity and contact details are
/// personal data: the platform stores them encrypted (HL-PRIVACY) and the pure core only
/// needs to know that they were given, so it keeps the references the app layer hands it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Intake {
    /// How the appeal came in.
    pub channel: Channel,
    /// 咨询求助, 意见建议, 投诉举报, 其他.
    pub category: Category,
    /// Local or provincial dispatch.
    pub origin: Origin,
    /// What the appellant says.
    pub content: String,
    /// Where (address or place description).
    pub location: String,
    /// The appellant wants the appeal kept private (never published).
    pub private: bool,
    /// HL-SUPERVISE: the province's due time of a provincial order, as the province set it;
    /// written supervision opens `supervise_province_before` ahead of it.
    #[serde(default, with = "crate::snapshot::opt_instant")]
    pub province_due: Option<Instant>,
    /// HL-PRIVACY: the appellant asked that the handling unit not contact them; only the
    /// hotline does.
    #[serde(default)]
    pub confidential: bool,
}

impl Intake {
    /// Checks the required texts (HL-REGISTER): content and location must not be empty, nor
    /// longer than [`crate::CONTENT_MAX_CHARS`] and [`crate::SHORT_MAX_CHARS`].
    pub fn parse(
        channel: Channel,
        category: Category,
        origin: Origin,
        content: &str,
        location: &str,
        private: bool,
    ) -> Result<Intake, HotlineError> {
        Ok(Intake {
            channel,
            category,
            origin,
            content: read_content(content)?,
            location: read_location(location)?,
            private,
            province_due: None,
            confidential: false,
        })
    }

    /// HL-SUPERVISE: records the province's due time of a provincial order.
    pub fn with_province_due(mut self, due: Instant) -> Result<Intake, HotlineError> {
        if self.origin != Origin::Province {
            return Err(HotlineError::invalid("只有省级派件才有省级到期时间"));
        }
        self.province_due = Some(due);
        Ok(self)
    }
}

/// HL-REGISTER: an appeal's content as given, trimmed: required, at most
/// [`crate::CONTENT_MAX_CHARS`]. A form reads it alone to show its problem next to its field.
pub fn read_content(content: &str) -> Result<String, HotlineError> {
    required_within(content, "诉求内容", crate::CONTENT_MAX_CHARS)
}

/// HL-REGISTER: an appeal's location as given, trimmed: required, at most
/// [`crate::SHORT_MAX_CHARS`].
pub fn read_location(location: &str) -> Result<String, HotlineError> {
    required_within(location, "诉求地点", crate::SHORT_MAX_CHARS)
}

/// What to do with a new appeal that matches an earlier one (HL-MERGE, 000 §12345-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MergeDecision {
    /// The earlier appeal is not yet replied to: merge into it (并案).
    Merge,
    /// Already replied to and nothing new: explain, do not register (refuse with
    /// [`crate::refuse::RefuseReason::AlreadyHandled`]).
    ExplainAndRefuse,
    /// Already replied to but with new facts: a new appeal.
    NewAppeal,
}

/// Whether the appellant brings new facts or reasons (新情况、新问题).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NewFacts {
    /// 有新情况新问题.
    Yes,
    /// 无新情况新问题.
    No,
}

/// HL-MERGE: the decision for a new appeal that is the same as or related to an earlier one
/// whose status is `earlier`.
pub fn merge_decision(earlier: Status, new_facts: NewFacts) -> MergeDecision {
    if earlier.accepts_merge() {
        return MergeDecision::Merge;
    }
    match new_facts {
        NewFacts::No => MergeDecision::ExplainAndRefuse,
        NewFacts::Yes => MergeDecision::NewAppeal,
    }
}
