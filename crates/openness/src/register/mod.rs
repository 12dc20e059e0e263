//! The document register (公文登记, PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET): drafts
//! accepted with their disclosure attribute or returned (退文), the signer's confirmation,
//! the confidentiality review and its determination, secrecy marks and declassification,
//! third-party consents, coordination with other units, the one publication gate, and the
//! deadline of publication (PUB-PROACTIVE); a meeting plan states the meeting's openness
//! (PUB-MEETING).

mod command;
mod coordination;
mod document;
mod gate;
mod meeting;
mod proactive;
mod refusal;
mod topic;

pub use command::{DocumentCommand, DocumentCommandKind, DocumentEvent, apply, describe};
pub use coordination::{Coordination, CoordinationReply, reply_coordination, request_coordination};
pub use document::{
    Attribute, Confirmation, Consent, ConsentBasis, Declassification, Determination, Document,
    DocumentKind, Draft, Interest, InterestKind, Redaction, Review, ReviewOpinion, Secrecy,
    SecrecyLevel, accept_draft, confirm_attribute, record_consent, record_declassification,
    record_determination, record_review,
};
pub use gate::{
    PublishChannel, Stage, Version, may_publish, may_publish_on, publishable_version, stage,
};
pub use meeting::{Invitee, MeetingDraft, MeetingOpenness, Way, check_meeting};
pub use proactive::{DocumentClock, Publication, follow, record_publication};
pub use refusal::Refusal;
pub use topic::Topic;
