//! The case (办件) of one application: its state, commands, events and the pure transition.

mod available;
mod citizen;
mod clock_words;
mod command;
mod events;
mod one_door;
pub mod rating;
mod review;
mod special;
mod state;
mod step;
mod table;
mod transition;
mod window;

pub use available::{Acting, available};
pub use citizen::{CitizenStage, citizen_stage, citizen_steps};
pub use clock_words::{ClockRowKey, clock_labels, match_rows};
pub use command::{Command, CommandKind};
pub use events::{Event, Recipient};
pub use one_door::{check_accept as check_one_door, hall_acceptor};
pub use state::{
    Case, CaseClock, Channel, ClockKind, Decision, JointOpinion, MaterialDefect, MaterialSource,
    SpecialRecord, Status, StepProgress, StepRecord, SubmittedMaterial, SupplementNotice,
};
pub use table::TRANSITIONS;
pub use transition::{
    Application, accepting_unit, apply, check_material_codes, missing_materials, prereview_applies,
    submit,
};
