//! The disclosure application (依申请公开, PUB-APPLY, PUB-ANSWER, CAL-PAUSE): who applies and
//! how, the machine from registration to the delivered answer with its transition table, the
//! clocks it runs on the kernel, the outcomes of table 三, the answer notice, and the
//! repeat-application detector.

mod applicant;
mod command;
mod events;
mod notice;
mod outcome;
mod repeat;
mod state;
mod steps;
mod table;
mod transition;

pub use applicant::{Applicant, ApplicantKind, Channel, Filing, Form};
pub use command::{Command, CommandKind};
pub use events::{Event, describe};
pub use notice::{
    AnswerInput, AnswerNotice, NoticeField, answer_notice, check_answer, date_zh, extension_notice,
    supplement_notice,
};
pub use outcome::{
    CannotProvideReason, NotDisclosedReason, NotProcessedReason, OtherReason, Outcome,
};
pub use repeat::{Earlier, RepeatSuggestion, detect_repeat, similarity};
pub use state::{
    Answer, Application, ApplicationClock, ClockKind, Consultation, ConsultationKind, Delivery,
    Extension, Status, Supplement, ThirdPartyOpinion,
};
pub use table::TRANSITIONS;
pub use transition::{apply, available, register};
