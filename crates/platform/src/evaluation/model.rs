//! The pure part of 好差评 (EVAL-ALL, EVAL-BAD): the five levels, the channels, the rated
//! subjects, the rectification states and their transitions, and the checks of a new
//! evaluation. No IO.

use crate::error::{Error, Result};
use crate::personal::PhoneNumber;
use crate::profile::RuleProfile;

/// The longest comment an evaluation keeps, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;
/// The longest text of a rectification field (measures, result, feedback, opinion).
pub const MAX_RECTIFICATION_CHARS: usize = 2000;

/// A rating on the five levels of EVAL-ALL; `level()` is 1 (best) ..= 5 (worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 非常满意 (1).
    VerySatisfied,
    /// 满意 (2).
    Satisfied,
    /// 基本满意 (3).
    BasicallySatisfied,
    /// 不满意 (4).
    Unsatisfied,
    /// 非常不满意 (5).
    VeryUnsatisfied,
}

impl Level {
    /// Every level, best first.
    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::BasicallySatisfied,
        Level::Unsatisfied,
        Level::VeryUnsatisfied,
    ];

    /// 1 = 非常满意 … 5 = 非常不满意 (the stored value).
    pub const fn level(self) -> u32 {
        match self {
            Level::VerySatisfied => 1,
            Level::Satisfied => 2,
            Level::BasicallySatisfied => 3,
            Level::Unsatisfied => 4,
            Level::VeryUnsatisfied => 5,
        }
    }

    /// 非常满意, 满意, 基本满意, 不满意, 非常不满意.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::BasicallySatisfied => "基本满意",
            Level::Unsatisfied => "不满意",
            Level::VeryUnsatisfied => "非常不满意",
        }
    }

    /// The level of a number 1..=5 (a form field or a stored value).
    pub fn from_level(level: i64) -> Result<Level> {
        Level::ALL
            .into_iter()
            .find(|candidate| i64::from(candidate.level()) == level)
            .ok_or_else(|| Error::invalid(format!("评价等级应为 1 到 5，而不是 {level}")))
    }

    /// EVAL-BAD: a bad rating (差评) is at or worse than the profile's
    /// `evaluation.bad_rating_from_level` (ganzhou: 4 = 不满意); never a constant.
    pub fn is_bad(self, profile: &RuleProfile) -> bool {
        self.level() >= profile.evaluation.bad_rating_from_level
    }

    /// HL-RATES, EVAL-ALL: counts toward the satisfaction rate: 非常满意 or 满意, and 基本满意
    /// when the profile's `evaluation.satisfaction_counts_basically_satisfied` says so (see
    /// `stats::satisfaction_formula`).
    pub fn is_satisfied(self, profile: &RuleProfile) -> bool {
        self.level() <= Level::worst_satisfied(profile).level()
    }

    /// The worst level still counted as satisfied: 基本满意 or 满意, by the profile.
    pub fn worst_satisfied(profile: &RuleProfile) -> Level {
        if profile.evaluation.satisfaction_counts_basically_satisfied {
            Level::BasicallySatisfied
        } else {
            Level::Satisfied
        }
    }
}

/// The channel an evaluation came through (EVAL-ALL: every channel is covered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The portal (网上).
    Web,
    /// The mobile app or mini-program (移动端).
    Mobile,
    /// The evaluation terminal page at a hall window (大厅评价器).
    Hall,
    /// A phone call, entered by staff (电话).
    Phone,
    /// A reply to an SMS survey (短信).
    Sms,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::Web,
        Channel::Mobile,
        Channel::Hall,
        Channel::Phone,
        Channel::Sms,
    ];

    /// `web`, `mobile`, `hall`, `phone`, `sms` (the stored code).
    pub const fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Mobile => "mobile",
            Channel::Hall => "hall",
            Channel::Phone => "phone",
            Channel::Sms => "sms",
        }
    }

    /// 网上, 移动端, 大厅, 电话, 短信.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Channel::Web => "网上",
            Channel::Mobile => "移动端",
            Channel::Hall => "大厅",
            Channel::Phone => "电话",
            Channel::Sms => "短信",
        }
    }

    /// Parses the stored code.
    pub fn parse(code: &str) -> Result<Channel> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.code() == code.trim())
            .ok_or_else(|| Error::invalid(format!("未知的评价渠道“{code}”")))
    }
}

/// The stage of its subject a rating is about (EVAL-ALL; 000 §中心-38 咨询预约、申请受理、审查决定、
/// 结果送达等全流程监督评价). `Whole` is a rating of the whole subject, the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvaluationStage {
    /// The whole case, order or reply (整体).
    Whole,
    /// 咨询预约: consultation and appointment before the application.
    Consultation,
    /// 受理: acceptance (or the refusal to accept).
    Acceptance,
    /// 审查决定: review and decision.
    Decision,
    /// 结果送达: delivery of the result.
    Delivery,
}

impl EvaluationStage {
    /// Every stage, the whole first, then in the order of the flow.
    pub const ALL: [EvaluationStage; 5] = [
        EvaluationStage::Whole,
        EvaluationStage::Consultation,
        EvaluationStage::Acceptance,
        EvaluationStage::Decision,
        EvaluationStage::Delivery,
    ];

    /// `whole`, `consultation`, `acceptance`, `decision`, `delivery` (the stored code).
    pub const fn code(self) -> &'static str {
        match self {
            EvaluationStage::Whole => "whole",
            EvaluationStage::Consultation => "consultation",
            EvaluationStage::Acceptance => "acceptance",
            EvaluationStage::Decision => "decision",
            EvaluationStage::Delivery => "delivery",
        }
    }

    /// 整体评价, 咨询预约, 申请受理, 审查决定, 结果送达.
    pub const fn label_zh(self) -> &'static str {
        match self {
            EvaluationStage::Whole => "整体评价",
            EvaluationStage::Consultation => "咨询预约",
            EvaluationStage::Acceptance => "申请受理",
            EvaluationStage::Decision => "审查决定",
            EvaluationStage::Delivery => "结果送达",
        }
    }

    /// Parses the stored code; an empty text is the whole subject (a form without a choice).
    pub fn parse(code: &str) -> Result<EvaluationStage> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(EvaluationStage::Whole);
        }
        EvaluationStage::ALL
            .into_iter()
            .find(|stage| stage.code() == code)
            .ok_or_else(|| Error::invalid(format!("未知的评价环节“{code}”")))
    }
}

/// What is rated (EVAL-ALL: every concluded case, ticket and reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubjectType {
    /// A service case (办件).
    Case,
    /// A 12345 work order (工单).
    Order,
    /// A reply (答复), e.g. to a consultation or a disclosure application.
    Reply,
}

impl SubjectType {
    /// Every subject type.
    pub const ALL: [SubjectType; 3] = [SubjectType::Case, SubjectType::Order, SubjectType::Reply];

    /// `case`, `order`, `reply` (the stored code).
    pub const fn code(self) -> &'static str {
        match self {
            SubjectType::Case => "case",
            SubjectType::Order => "order",
            SubjectType::Reply => "reply",
        }
    }

    /// 办件, 工单, 答复.
    pub const fn label_zh(self) -> &'static str {
        match self {
            SubjectType::Case => "办件",
            SubjectType::Order => "工单",
            SubjectType::Reply => "答复",
        }
    }

    /// Parses the stored code.
    pub fn parse(code: &str) -> Result<SubjectType> {
        SubjectType::ALL
            .into_iter()
            .find(|subject| subject.code() == code.trim())
            .ok_or_else(|| Error::invalid(format!("未知的评价对象类型“{code}”")))
    }
}

/// Where a rectification (整改) stands in the loop 评价、整改、反馈、监督 (EVAL-BAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RectificationStatus {
    /// Opened by a bad rating; the unit rectifies.
    Open,
    /// The unit submitted measures, result and feedback; awaiting review.
    Submitted,
    /// The supervising side sent it back; the unit rectifies again, the clock runs on.
    Returned,
    /// The supervising side accepted it; the clock is concluded.
    Accepted,
}

impl RectificationStatus {
    /// Every status.
    pub const ALL: [RectificationStatus; 4] = [
        RectificationStatus::Open,
        RectificationStatus::Submitted,
        RectificationStatus::Returned,
        RectificationStatus::Accepted,
    ];

    /// `open`, `submitted`, `returned`, `accepted` (the stored code).
    pub const fn code(self) -> &'static str {
        match self {
            RectificationStatus::Open => "open",
            RectificationStatus::Submitted => "submitted",
            RectificationStatus::Returned => "returned",
            RectificationStatus::Accepted => "accepted",
        }
    }

    /// 待整改, 待审核, 已退回, 已通过.
    pub const fn label_zh(self) -> &'static str {
        match self {
            RectificationStatus::Open => "待整改",
            RectificationStatus::Submitted => "待审核",
            RectificationStatus::Returned => "已退回",
            RectificationStatus::Accepted => "已通过",
        }
    }

    /// Parses the stored code.
    pub fn parse(code: &str) -> Result<RectificationStatus> {
        RectificationStatus::ALL
            .into_iter()
            .find(|status| status.code() == code.trim())
            .ok_or_else(|| Error::invalid(format!("未知的整改状态“{code}”")))
    }

    /// The status after `command`, or `InvalidTransition` naming both in Chinese: the unit
    /// submits an open or returned rectification; the supervising side accepts or returns a
    /// submitted one; an accepted one is final.
    pub fn after(self, command: RectificationCommand) -> Result<RectificationStatus> {
        use RectificationCommand as C;
        use RectificationStatus as S;
        match (self, command) {
            (S::Open | S::Returned, C::Submit) => Ok(S::Submitted),
            (S::Submitted, C::Accept) => Ok(S::Accepted),
            (S::Submitted, C::Return) => Ok(S::Returned),
            (from, command) => Err(Error::InvalidTransition {
                from: from.label_zh().into(),
                command: command.label_zh().into(),
            }),
        }
    }
}

/// What is done to a rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RectificationCommand {
    /// The unit submits its rectification (提交整改).
    Submit,
    /// The supervising side accepts it (审核通过).
    Accept,
    /// The supervising side returns it (退回整改).
    Return,
}

impl RectificationCommand {
    /// Every command.
    pub const ALL: [RectificationCommand; 3] = [
        RectificationCommand::Submit,
        RectificationCommand::Accept,
        RectificationCommand::Return,
    ];

    /// 提交整改, 审核通过, 退回整改.
    pub const fn label_zh(self) -> &'static str {
        match self {
            RectificationCommand::Submit => "提交整改",
            RectificationCommand::Accept => "审核通过",
            RectificationCommand::Return => "退回整改",
        }
    }
}

/// An evaluation to record. The domain that owns the subject calls `rate` only for a
/// concluded subject (EVAL-ALL) and names the responsible unit, the staff member and the
/// service item it concerns.
#[derive(Debug, Clone)]
pub struct NewEvaluation {
    pub subject_type: SubjectType,
    /// The subject's id in its domain (case number, order id, reply id).
    pub subject_id: String,
    /// 1 for a subject handled once; the next round after it was handled again.
    pub round: u32,
    /// The responsible unit: a bad rating opens its rectification.
    pub unit_id: i64,
    /// The window clerk or handler rated, when there is one.
    pub staff_user_id: Option<i64>,
    /// The service item (事项编码), when the subject is a case.
    pub item_code: Option<String>,
    pub channel: Channel,
    pub level: Level,
    pub comment: String,
    /// The rater's phone for the feedback of a rectification; stored sealed.
    pub rater_contact: Option<PhoneNumber>,
    /// The staff member who entered a phone rating (required on the phone channel).
    pub entered_by_user_id: Option<i64>,
}

impl NewEvaluation {
    /// Checks what the types cannot: a subject id, the round, the comment's length, and who
    /// entered a phone rating. Returns the trimmed comment and item code.
    pub fn validate(&self) -> Result<(String, Option<String>)> {
        if self.subject_id.trim().is_empty() || self.subject_id.chars().count() > 64 {
            return Err(Error::invalid("评价对象编号应为 1 至 64 个字符"));
        }
        if self.round == 0 {
            return Err(Error::invalid("评价轮次从 1 开始"));
        }
        let comment = self.comment.trim().to_owned();
        check_length(&comment, MAX_COMMENT_CHARS, "评价内容")?;
        let item_code = self
            .item_code
            .as_deref()
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(str::to_owned);
        if item_code
            .as_deref()
            .is_some_and(|code| code.chars().count() > 64)
        {
            return Err(Error::invalid("事项编码不能超过 64 个字符"));
        }
        if self.channel == Channel::Phone && self.entered_by_user_id.is_none() {
            return Err(Error::invalid("电话评价须记录录入的工作人员"));
        }
        Ok((comment, item_code))
    }
}

/// Refuses a text longer than `max` characters, naming the field.
pub(crate) fn check_length(text: &str, max: usize, field: &str) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::invalid(format!("{field}不能超过 {max} 个字")));
    }
    Ok(())
}

/// A stored evaluation (好差评).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub id: i64,
    pub subject_type: SubjectType,
    pub subject_id: String,
    pub round: u32,
    pub unit_id: i64,
    pub staff_user_id: Option<i64>,
    pub item_code: Option<String>,
    pub channel: Channel,
    /// The stage rated (EVAL-ALL), `Whole` for the whole subject.
    pub stage: EvaluationStage,
    pub level: Level,
    pub comment: String,
    /// The rater's phone, sealed; read it through `unmask_rater_contact`.
    pub rater_contact_sealed: Option<Vec<u8>>,
    pub entered_by_user_id: Option<i64>,
    pub created_at: i64,
}

/// A stored rectification (整改) with its clock's due instant and light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectification {
    pub id: i64,
    pub evaluation_id: i64,
    /// The responsible unit.
    pub unit_id: i64,
    pub status: RectificationStatus,
    /// The EVAL-BAD clock on the shared clock table.
    pub clock_id: i64,
    pub due_at: calendar::Instant,
    pub light: calendar::Light,
    pub measures: String,
    pub result: String,
    pub feedback_to_rater: String,
    pub reviewed_by: Option<i64>,
    pub review_opinion: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a unit submits for a rectification: measures taken, the result, and the feedback
/// that goes to the rater once the rectification is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationReport {
    pub measures: String,
    pub result: String,
    pub feedback_to_rater: String,
}

impl RectificationReport {
    /// Trims each field; all three are required and at most `MAX_RECTIFICATION_CHARS`.
    pub fn validated(&self) -> Result<RectificationReport> {
        let mut fields = Vec::with_capacity(3);
        for (text, label) in [
            (&self.measures, "整改措施"),
            (&self.result, "整改结果"),
            (&self.feedback_to_rater, "反馈评价人的内容"),
        ] {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return Err(Error::invalid(format!("{label}不能为空")));
            }
            check_length(trimmed, MAX_RECTIFICATION_CHARS, label)?;
            fields.push(trimmed.to_owned());
        }
        let [measures, result, feedback_to_rater]: [String; 3] = fields
            .try_into()
            .map_err(|_| Error::invalid("整改内容不完整"))?;
        Ok(RectificationReport {
            measures,
            result,
            feedback_to_rater,
        })
    }
}
