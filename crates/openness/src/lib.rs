//! Government openness (政务公开, rules PUB-*, SEC-SECRET): the pure domain core.
//!
//! Plain Rust with no IO and no clock reads (architecture invariant 3): "now" is always a
//! parameter, limits come from [`platform::profile::RuleProfile`] (`openness.*`) and the
//! calendar. Storage on the workflow kernel and the pages come later; the clocks here are the
//! kernel's [`platform::workflow::SubjectClock`]s, ready for it to run.
//!
//! - [`application`]: the disclosure application (PUB-APPLY, PUB-ANSWER, CAL-PAUSE) — applicant
//!   kinds and channels, the machine with its transition table (supplement notice, handling,
//!   consultations that pause the answer clock, the one extension, the answer as one outcome
//!   of table 三, delivery, withdrawal), the answer notice, the repeat detector.
//! - [`register`]: the document register (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET) — the
//!   disclosure attribute confirmed by the signer, the confidentiality review, secrecy marks,
//!   consents, coordination with other units, and [`register::may_publish`], the one gate every
//!   publishing channel calls.
//! - [`annual`]: table 三 of the annual report (PUB-ANNUAL), computed from a year's
//!   application records with its check 一+二 = 三（七）+四.
//!
//! - [`categories`]: the catalogue's required categories and the sites' required columns
//!   (PUB-CATEGORIES), profile lists checked against column names and catalogue titles.
//!
//! - [`supervisor`]: the register of openness supervisors and their findings, sent to the
//!   unit with a reply clock and tracked to the office's acceptance (PUB-SUPERVISOR).
//!
//! - [`account`]: accountability cases for openness failures — who is responsible, the
//!   sanction, the unit's written rectification report on a clock (PUB-ACCOUNT).
//!
//! - [`evaluation`]: the yearly social evaluation — the evaluators' register with its term,
//!   sheets locked once submitted, satisfaction per unit, the interview below the pass percent
//!   and the accountability event after two years below it (PUB-EVAL).
//!
//! - [`store`] and [`usecase`]: the applications on the workflow kernel (migration 0035) —
//!   registration, every command through `platform::workflow::execute`, the clocks on the
//!   shared clock table, the applicant sealed, the notices kept, the files provided.
//!
//! The application machine is `(state, command, actor, now, rules) -> Result<(state,
//! events), OpennessError>` with a transition table (`TRANSITIONS`) and `available`, derived
//! from the same table and the same permission check `apply` uses.

pub mod account;
pub mod acting;
pub mod annual;
pub mod application;
pub mod categories;
pub mod complaint;
pub mod concern;
pub mod error;
pub mod evaluation;
pub mod register;
pub(crate) mod serde_date;
pub mod store;
pub mod supervisor;
pub mod usecase;

pub use acting::{Acting, Issuer};
pub use error::{ErrorKind, OpennessError};
pub use platform::ids::{UnitId, UserId};

/// The rules a command is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a platform::profile::RuleProfile,
    pub calendar: &'a calendar::Calendar,
}

/// The id of a disclosure application (依申请公开申请).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ApplicationId(pub i64);

/// The id of an official document in the register (公文).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DocumentId(pub i64);

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
