//! Accountability cases for openness failures (政务公开责任追究, PUB-ACCOUNT; 002 责任追究
//! §6–9): the openness office opens a case against a unit for one of the failures of §6,
//! linked to the application, complaint or supervisor's finding it comes from where there
//! is one; it records who is responsible — the handler (承办人直接责任, §7(一))
//! or a leader (领导直接责任, §7(二)) — and the sanction of §8; the unit owes its written
//! rectification report (§9) by a due date on a kernel clock (`openness.rectification_report`);
//! the office closes the case on the report or returns it for a better one.

mod machine;

use calendar::Instant;
use platform::workflow::SubjectClock;

use crate::supervisor::Note;
use crate::{UnitId, UserId};

pub use machine::{
    AccountClock, Command, CommandKind, Event, TRANSITIONS, apply, available, describe, is_unit,
    open,
};

/// The id of an accountability case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct CaseId(pub i64);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<CaseId> for i64 {
    fn from(id: CaseId) -> i64 {
        id.0
    }
}

macro_rules! coded {
    ($name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub const fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

/// The failures of 002 责任追究 §6 (一)–(五).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Failure {
    NotDisclosed,
    Formality,
    DisclosedBadly,
    ApplicationsNeglected,
    NoConfidentialityReview,
}

coded!(Failure {
    NotDisclosed => ("not_disclosed", "应公开而未公开"),
    Formality => ("formality", "政务公开工作流于形式，不履行职责"),
    DisclosedBadly => ("disclosed_badly", "应当公开的政府信息没有按要求公开，造成不良影响"),
    ApplicationsNeglected => ("applications_neglected", "不及时受理公开申请、不认真处理举报投诉"),
    NoConfidentialityReview => ("no_confidentiality_review", "未建立健全保密审查机制，违反保密法律法规"),
});

/// Who bears the direct responsibility (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Responsibility {
    Handler,
    Leader,
}

coded!(Responsibility {
    Handler => ("handler", "承办人直接责任"),
    Leader => ("leader", "领导直接责任"),
});

/// The sanctions of §8 (一)–(五).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Sanction {
    Warning,
    Notice,
    Discipline,
    ReviewLost,
    Criminal,
}

coded!(Sanction {
    Warning => ("warning", "告诫或批评，责令改正"),
    Notice => ("notice", "全县通报批评，取消当年评优评先资格"),
    Discipline => ("discipline", "纪律处分"),
    ReviewLost => ("review_lost", "复议撤销或诉讼败诉，依法追究有关人员责任"),
    Criminal => ("criminal", "移送司法机关追究刑事责任"),
});

/// What a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Source {
    Application,
    Complaint,
    Finding,
}

coded!(Source {
    Application => ("application", "依申请公开申请"),
    Complaint => ("complaint", "政务公开投诉"),
    Finding => ("finding", "监督员监督意见"),
});

/// A link to the record a case comes from (its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub source: Source,
    pub id: i64,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// Waiting for the unit's rectification report.
    Open,
    Reported,
    Closed,
}

coded!(Status {
    Open => ("open", "待提交整改报告"),
    Reported => ("reported", "整改报告已提交"),
    Closed => ("closed", "已结案"),
});

/// What the office records when it opens a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Opening {
    pub unit: UnitId,
    pub failure: Failure,
    pub link: Option<Link>,
    pub facts: String,
    pub responsibility: Responsibility,
    /// The person responsible (name and post).
    pub responsible: String,
    pub sanction: Sanction,
}

/// An accountability case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountCase {
    pub id: CaseId,
    pub office: UnitId,
    pub opening: Opening,
    pub status: Status,
    pub opened_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub opened_at: Instant,
    /// The unit's written rectification reports, oldest first.
    pub reports: Vec<Note>,
    /// The office's returns with their reasons.
    pub returns: Vec<Note>,
    /// The office's closing note.
    pub closing: Option<Note>,
    pub clocks: Vec<SubjectClock<AccountClock>>,
}
