//! The article (稿件) and its 三审三校 workflow (WEB-REVIEW), its page elements and a policy
//! document's (WEB-ARTICLE), validity marks (PUB-ABOLISH) and the approved digest
//! (SEC-TAMPER); a map's 审图号 (WEB-MAP), a repost's source and notice (WEB-REPOST) and the
//! deadlines whose miss is an accountability event (WEB-ACCOUNT, PUB-PROACTIVE); the clock of a
//! policy document's interpretation (PUB-INTERPRET).

mod available;
mod command;
mod events;
mod interpret;
mod marks;
mod state;
mod table;
mod transition;

pub use available::{Place, available};
pub use command::{Command, CommandKind};
pub use events::{Event, Recipient, describe};
pub use interpret::{ArticleClock, follow as follow_interpretation};
pub use marks::{
    AccountKind, MapMark, Marks, Repost, Windows, check_licensed, check_map_approval,
    check_map_ready, check_marks, deadlines, is_map_approval, missed,
};
pub use state::{
    Article, Content, PlannedWithdrawal, PolicyMeta, SendBack, SignOff, Stage, Status, Validity,
    ValidityMark, Withdrawal,
};
pub use table::TRANSITIONS;
pub use transition::{apply, check_complete, draft};
