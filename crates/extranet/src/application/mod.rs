//! The extranet access application (接入（变更）申请, NET-ELIGIBLE, NET-ACCESS; 000 外网 §9,
//! §10): a unit applies for access, a change or the closing of its access (basis, mode,
//! scope, addresses); the extranet office reviews it for compliance (a refusal says why),
//! the unit makes its technical plan, the office guides the implementation, the unit tests
//! its business — a failed test goes back to joint troubleshooting and implementation until
//! a test passes — and the access is in operation. Closing is a change request that the
//! office approves, then closes the link and notifies the unit in writing; reopening is a new
//! application. Every step has an owner and a kernel clock from `profile.extranet`.

mod machine;
mod record;

pub use machine::{
    AccessClock, Command, CommandKind, Event, TRANSITIONS, apply, available, describe, register,
};
pub use record::{
    AccessMode, Application, ApplicationKind, Eligibility, Filing, Owner, RequestedBlock, Status,
    Step,
};

/// The id of an access application (接入申请).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ApplicationId(pub i64);

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<ApplicationId> for i64 {
    fn from(id: ApplicationId) -> i64 {
        id.0
    }
}
