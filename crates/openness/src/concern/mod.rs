//! Responding to public concern (回应社会关切, PUB-RESPOND; 002 重大政策解读回应制度 §6): when a
//! policy and its interpretation stir public concern (舆情), the unit that interpreted it
//! becomes the unit that responds (解读主体即转为回应主体). The openness office registers the
//! concern (the policy, the register's document if any, where it was seen, when, its summary
//! and its gravity); for a particularly serious or serious emergency (特别重大、重大突发事件)
//! the unit releases authoritative information within `openness.respond_major_information`
//! (5 h) and holds a press conference within `openness.respond_press_conference` (24 h); any
//! other concern is answered within `openness.respond_other` (48 h). The clocks run from the
//! moment the concern was noticed, not from its registration, and stop at the time the
//! release, conference or response actually took place. A concern about false or incomplete
//! information is clarified only after the same-level government or the superior department
//! consented (PUB-CLARIFY; 002 发布协调 §8): the unit records the consent before any release.

mod machine;
mod record;

pub use machine::{
    Command, CommandKind, ConcernClock, Consent, Event, Said, TRANSITIONS, apply, available,
    describe, is_unit, register,
};
pub use record::{Approval, Concern, Filing, Gravity, Release, Source, Status};

/// The id of a public concern (社会关切).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ConcernId(pub i64);

impl std::fmt::Display for ConcernId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<ConcernId> for i64 {
    fn from(id: ConcernId) -> i64 {
        id.0
    }
}
