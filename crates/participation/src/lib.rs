//! E-participation (政民互动, rules MSG-*): citizens' messages to the government through the
//! sites, as a pure domain core plus its storage and use cases on the workflow kernel.
//!
//! Plain Rust with no IO and no clock reads in [`message`] (architecture invariant 3): "now"
//! is always a parameter, the reply limits come from [`platform::profile::RuleProfile`]
//! (`messages.*`) and are counted on the calendar; the clocks are the kernel's
//! [`platform::workflow::SubjectClock`]s.
//!
//! - [`message`]: the message (MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH,
//!   MSG-QUERY) — the five channels of a site, the machine with its transition table (routing
//!   to the competent unit or transfer to 12345, return by a unit, complex case and
//!   extension, the reply, its review, the publication decision with its reason, the writer's
//!   rating) and who may run each command.
//! - [`store`] and [`usecase`]: the messages on the workflow kernel (migration 0040) — the
//!   writer sealed, number and query code, every command through
//!   `platform::workflow::execute`, the reply clock on the shared clock table.

pub mod error;
pub mod message;
pub mod store;
pub mod usecase;

pub use error::{ErrorKind, ParticipationError};
pub use platform::ids::{UnitId, UserId};

/// The rules a command is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a platform::profile::RuleProfile,
    pub calendar: &'a calendar::Calendar,
}

/// The id of a message (留言).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct MessageId(pub i64);

impl std::fmt::Display for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<MessageId> for i64 {
    fn from(id: MessageId) -> i64 {
        id.0
    }
}
