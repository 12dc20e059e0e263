//! Submissions from units (报送信息, WEB-SUBMIT; 004 §26–28, 40): a unit's information for a
//! site's editors — unit, author, mobile, title, body with its images named, the column it
//! proposes — approved by a leader of the unit (a major item by its principal) before it goes,
//! then adopted by the column's A/B editors as a draft article or returned with a reason,
//! within the profile's `website.submission_publish` of receipt (the kernel's clock). The
//! weekly quota of each unit and the runs of weeks without it ([`quota`]).

mod available;
mod command;
mod events;
pub mod quota;
mod state;
mod table;
mod transition;

pub use available::{Place, available, may_reveal_mobile, may_view};
pub use command::{Command, CommandKind};
pub use events::{Event, Recipient, describe};
pub use state::{
    Approval, ClockKind, Decision, Outcome, SendBack, Status, Submission, SubmissionClock,
    SubmissionInput,
};
pub use table::TRANSITIONS;
pub use transition::{apply, check_input, create, unnamed_images};
