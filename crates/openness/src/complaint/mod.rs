//! Complaints about disclosure (政务公开投诉举报, PUB-COMPLAINT; 002 投诉举报 §2, §5, §6, §7):
//! the county openness office registers a complaint (complainant, contact, time and channel,
//! the unit complained about, the matter, one of the seven grounds of §2), forwards it to the
//! unit within `openness.complaint_forward`, the unit replies within
//! `openness.complaint_conclude` (a complex complaint, marked with its reason,
//! `openness.complaint_conclude_complex`), the office feeds the reply back within
//! `openness.complaint_feedback` with the complainant's satisfaction, and closes (归档). Past
//! the limit the complainant is told the new date (§5(三)), a recorded command. The
//! complainant's identity is never the unit's to see (§7): [`Complaint::for_unit`].

mod machine;
mod record;

pub use machine::{
    Command, CommandKind, ComplaintClock, Event, TRANSITIONS, apply, available, describe, is_unit,
    register,
};
pub use record::{
    Channel, Complainant, Complaint, Complexity, Feedback, FeedbackMeans, Filing, Ground, NewDate,
    Reply, Satisfaction, Status,
};

/// The id of a complaint about disclosure (政务公开投诉).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ComplaintId(pub i64);

impl std::fmt::Display for ComplaintId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<ComplaintId> for i64 {
    fn from(id: ComplaintId) -> i64 {
        id.0
    }
}
