//! The message (留言, MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY):
//! its channels, who acts on it, the machine from submission to the published reply with its
//! transition table, and the reply clock it runs on the kernel.

mod channel;
mod command;
mod events;
mod faq;
mod issuer;
mod state;
mod table;
mod transition;

pub use channel::{Channel, Filing, MAX_CONTENT_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS, Writer};
pub use command::{Command, CommandKind, WithholdReason};
pub use events::{Event, describe};
pub use faq::{FAQ_COMMAND, FAQ_LABEL, promotable};
pub use issuer::{Acting, Issuer};
pub use state::{
    ClockKind, Extension, FaqLink, Message, MessageClock, Publication, Rating, Reply, Review,
    Routing, Status, Transfer,
};
pub use table::TRANSITIONS;
pub use transition::{apply, available, permits, submit, visible};
