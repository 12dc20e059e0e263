//! Consultations, surveys and online interviews (意见征集、网上调查、在线访谈; issue 17
//! items 3 and 4: MSG-CONSULT, PUB-PRECONSULT, MSG-INTERVIEW).
//!
//! - [`topic`] (pure): a unit's consultation topic — the decision to consult starts the 预公开
//!   clock, the draft goes public with its period and questions, citizens comment or vote
//!   once, and after the period the adoption report answers every comment (the adoption
//!   clock); the yearly count per site and whether a site's channel works.
//! - [`interview`] (pure): an interview announced in advance, live, ended; questions asked,
//!   published with the guests' answers.
//! - [`store`] and [`usecase`]: topics on the workflow kernel (their clocks on the shared
//!   clock table, in 电子监察 and the workbench; migration 0042), comments through the
//!   content-safety check with the commenter's phone sealed, one ballot per verified phone;
//!   interviews and their questions (migration 0043).

pub mod ballot;
pub mod interview;
pub mod store;
pub mod topic;
pub mod usecase;

pub use platform::ids::{UnitId, UserId};

/// The rules a command is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a platform::profile::RuleProfile,
    pub calendar: &'a calendar::Calendar,
}

/// The id of a consultation topic (征集主题).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TopicId(pub i64);

/// The id of an online interview (在线访谈).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct InterviewId(pub i64);

impl std::fmt::Display for TopicId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for InterviewId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<TopicId> for i64 {
    fn from(id: TopicId) -> i64 {
        id.0
    }
}
