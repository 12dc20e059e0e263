//! What a public concern records (PUB-RESPOND): the registration (the policy concerned, the
//! register's document if there is one, where and when the concern was noticed, its summary
//! and gravity, and whether it is false information to clarify), the responding unit, the
//! consent to clarify (PUB-CLARIFY), each release with the time it took place, and the clocks
//! of the kernel it carries.

use calendar::Instant;
use platform::workflow::SubjectClock;

use crate::concern::{ConcernClock, ConcernId};
use crate::{DocumentId, UnitId, UserId};

/// How grave a concern is (002 解读回应 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Gravity {
    /// 特别重大、重大突发事件: authoritative information in 5 h, a press conference in 24 h.
    Major,
    /// 其他舆情: a response in 48 h.
    Other,
}

impl Gravity {
    pub const ALL: [Gravity; 2] = [Gravity::Major, Gravity::Other];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Gravity::Major => "特别重大、重大突发事件舆情",
            Gravity::Other => "一般舆情",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Gravity::Major => "major",
            Gravity::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Gravity> {
        Gravity::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// Where the concern was seen (舆情来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Source {
    Internet,
    Media,
    Hotline,
    Message,
    Report,
    Other,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Internet,
        Source::Media,
        Source::Hotline,
        Source::Message,
        Source::Report,
        Source::Other,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Source::Internet => "网络舆情监测",
            Source::Media => "新闻媒体报道",
            Source::Hotline => "12345热线",
            Source::Message => "网站留言",
            Source::Report => "上级交办",
            Source::Other => "其他",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Source::Internet => "internet",
            Source::Media => "media",
            Source::Hotline => "hotline",
            Source::Message => "message",
            Source::Report => "report",
            Source::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What the office registers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    /// The policy concerned (政策文件名称).
    pub policy: String,
    /// The register's document, when the policy is one of ours.
    pub document: Option<DocumentId>,
    /// The unit that responds: the policy's drafting and interpreting unit.
    pub unit: UnitId,
    pub source: Source,
    /// When the concern was noticed: the clocks run from here.
    #[serde(with = "platform::snapshot::instant")]
    pub noticed_at: Instant,
    /// What the public is concerned about (舆情摘要).
    pub summary: String,
    pub gravity: Gravity,
    /// PUB-CLARIFY: the concern is false or incomplete information (虚假或者不完整信息) that
    /// may disturb social stability; the unit's clarification needs the consent of the
    /// same-level government or the superior department first (002 发布协调 §8).
    #[serde(default)]
    pub false_information: bool,
}

/// PUB-CLARIFY: the consent to release a clarification, as the unit records it: who
/// consented (本级政府 or 上一级主管部门), the consent's reference and when it was given.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Approval {
    pub by: String,
    /// The consent's document number or record (批复文号或同意记录).
    pub reference: String,
    #[serde(with = "platform::snapshot::instant")]
    pub approved_at: Instant,
    pub recorded_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub recorded_at: Instant,
}

/// Where a concern stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 回应中: the unit's releases are due.
    Open,
    /// 已回应: every release the gravity asks for took place; the office closes it.
    Responded,
    /// 已办结.
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Responded, Status::Closed];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Open => "回应中",
            Status::Responded => "已回应待办结",
            Status::Closed => "已办结",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Responded => "responded",
            Status::Closed => "closed",
        }
    }
}

/// A release by the unit: authoritative information, a press conference or a response —
/// what was said, where, and when it took place (not when it was recorded).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Release {
    pub text: String,
    /// Where: the site, the new-media account, the conference's place.
    pub place: String,
    #[serde(with = "platform::snapshot::instant")]
    pub took_place_at: Instant,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub recorded_at: Instant,
}

/// A public concern and the unit's response to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Concern {
    pub id: ConcernId,
    /// The openness office that registered it and closes it.
    pub office: UnitId,
    pub filing: Filing,
    pub status: Status,
    pub registered_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
    /// A concern raised to a major one: the reason.
    pub escalation: Option<String>,
    /// PUB-CLARIFY: the consent to clarify false information.
    #[serde(default)]
    pub approval: Option<Approval>,
    /// 发布权威信息 (major).
    pub information: Option<Release>,
    /// 新闻发布会 (major).
    pub press_conference: Option<Release>,
    /// 回应 (other).
    pub response: Option<Release>,
    /// How the office closed it (舆情处置结果).
    pub outcome: Option<String>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub closed_at: Option<Instant>,
    pub clocks: Vec<SubjectClock<ConcernClock>>,
}

impl Concern {
    /// The running clock of `kind`, if any.
    pub fn running(&self, kind: ConcernClock) -> Option<&SubjectClock<ConcernClock>> {
        self.clocks
            .iter()
            .find(|clock| clock.kind == kind && clock.is_running())
    }
}
