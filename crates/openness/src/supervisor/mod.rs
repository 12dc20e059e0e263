//! Openness supervisors and their findings (政务公开监督员, PUB-SUPERVISOR; 002 监督员 §3,4):
//! the openness office keeps a register of supervisors (name, contact — personal data, sealed
//! when stored —, where they come from, the term of their appointment), registers what a
//! supervisor finds in a unit (one of the five links of §4 and the matter), sends it to the
//! unit with a reply clock on the kernel (`openness.supervisor_finding_reply`), the unit
//! replies, and the office accepts the reply (closed) or returns it to be redone (the clock
//! starts again). A finding is registered only for a supervisor whose term covers the day it
//! was made; the unit sees the matter, never who found it ([`Finding::for_unit`]).

mod machine;

use calendar::Instant;
use chrono::NaiveDate;
use platform::workflow::SubjectClock;

use crate::{UnitId, UserId};

pub use machine::{
    Command, CommandKind, Event, FindingClock, TRANSITIONS, apply, available, check_supervisor,
    describe, is_unit, register,
};

/// The id of a supervisor in the register.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SupervisorId(pub i64);

/// The id of a supervisor's finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct FindingId(pub i64);

impl std::fmt::Display for SupervisorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for FindingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<FindingId> for i64 {
    fn from(id: FindingId) -> i64 {
        id.0
    }
}

/// A supervisor as registered (聘请): the name and contact are personal data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Supervisor {
    pub id: SupervisorId,
    /// The openness office that appointed them.
    pub office: UnitId,
    pub name: String,
    pub contact: String,
    /// Where they come from (§3: 人大代表、政协委员、离退休干部、新闻媒体…) and their unit.
    pub origin: String,
    #[serde(with = "crate::serde_date")]
    pub term_from: NaiveDate,
    #[serde(with = "crate::serde_date")]
    pub term_until: NaiveDate,
    pub registered_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
}

impl Supervisor {
    /// PUB-SUPERVISOR: whether `day` is within the term.
    pub fn serves_on(&self, day: NaiveDate) -> bool {
        self.term_from <= day && day <= self.term_until
    }
}

/// The five links a supervisor watches (002 监督员 §4 (一)–(五)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Link {
    Decision,
    Execution,
    Management,
    Service,
    Result,
}

impl Link {
    pub const ALL: [Link; 5] = [
        Link::Decision,
        Link::Execution,
        Link::Management,
        Link::Service,
        Link::Result,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Link::Decision => "决策公开",
            Link::Execution => "执行公开",
            Link::Management => "管理公开",
            Link::Service => "服务公开",
            Link::Result => "结果公开",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Link::Decision => "decision",
            Link::Execution => "execution",
            Link::Management => "management",
            Link::Service => "service",
            Link::Result => "result",
        }
    }

    pub fn from_code(code: &str) -> Option<Link> {
        Link::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Where a finding is on its way to closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Registered,
    Sent,
    Replied,
    Closed,
}

impl Status {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Registered => "已登记",
            Status::Sent => "已交办",
            Status::Replied => "单位已回复",
            Status::Closed => "已验收办结",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Sent => "sent",
            Status::Replied => "replied",
            Status::Closed => "closed",
        }
    }
}

/// What the office registers of a finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FindingFiling {
    /// `None` in what the unit sees.
    pub supervisor: Option<SupervisorId>,
    pub unit: UnitId,
    pub link: Link,
    /// The day it was found.
    #[serde(with = "crate::serde_date")]
    pub found_on: NaiveDate,
    pub matter: String,
}

/// A text with who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub text: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A supervisor's finding on its way to closure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub id: FindingId,
    pub office: UnitId,
    pub filing: FindingFiling,
    pub status: Status,
    pub registered_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub sent_at: Option<Instant>,
    /// The unit's replies, oldest first (a returned one is followed by another).
    pub replies: Vec<Note>,
    /// The office's returns (退回重办) with their reasons.
    pub returns: Vec<Note>,
    /// The office's acceptance (验收意见).
    pub acceptance: Option<Note>,
    pub clocks: Vec<SubjectClock<FindingClock>>,
}

impl Finding {
    /// PUB-SUPERVISOR: the finding as the unit reads it — without who found it.
    pub fn for_unit(&self) -> Finding {
        let mut finding = self.clone();
        finding.filing.supervisor = None;
        finding
    }
}
