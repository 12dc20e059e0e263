//! The work order (工单) of one appeal: its state, commands, events and the pure transition.

mod applications;
mod available;
mod citizen;
mod clocks;
mod command;
mod events;
mod flow;
mod handling;
mod state;
mod step;
mod table;
mod transition;

pub use available::{Acting, available};
pub use citizen::{CitizenStage, citizen_stage, citizen_steps};
pub use clocks::{ClockKind, OrderClock, clock_name};
pub use command::{
    Approval, ArchiveItem, Command, CommandKind, ContactOutcome, Decision, DispatchTerms,
    FormFinding, HandlingResult, ReplyChannel, ReviewFinding, ReviewForm, Seal, UnitView,
};
pub use events::{Event, Recipient};
pub use state::{
    Application, ApplicationKind, Assignment, CallbackRecord, Closure, Disposition,
    ExtensionRecord, HangRecord, Order, ReplyAttempt, ReturnRecord, Status, UnitRole, UrgeReport,
};
pub use table::TRANSITIONS;
pub use transition::{apply, register};
