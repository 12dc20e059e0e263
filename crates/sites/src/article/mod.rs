//! The article (稿件) and its 三审三校 workflow (WEB-REVIEW), its page elements and a policy
//! document's (WEB-ARTICLE), validity marks (PUB-ABOLISH) and the approved digest
//! (SEC-TAMPER).

mod available;
mod command;
mod events;
mod state;
mod table;
mod transition;

pub use available::{Place, available};
pub use command::{Command, CommandKind};
pub use events::{Event, NoClock, Recipient, describe};
pub use state::{
    Article, Content, PolicyMeta, SendBack, SignOff, Stage, Status, Validity, ValidityMark,
    Withdrawal,
};
pub use table::TRANSITIONS;
pub use transition::{apply, check_complete, draft};
