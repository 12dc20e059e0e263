//! The workflow kernel every clocked domain runs on (hotline orders, service cases, and the
//! domains to come): a domain keeps its pure state machine and maps what it did onto the
//! kernel's vocabulary, and the kernel does the rest in the caller's transaction.
//!
//! - [`machine`] (pure): the clocks a subject carries ([`SubjectClock`]) and the one
//!   [`ClockEvent`] vocabulary (start, stop, pause with reason, resume, extend) a domain's
//!   machine emits through the helpers there.
//! - [`clock`]: those events applied to the shared clock table by [`apply_clock_event`], and
//!   the one place that computes a stored clock's live light ([`live_light`], CAL-LIGHT).
//! - [`command`]: the one command path (load, version check, the pure machine, then the
//!   snapshot, history, clock changes, the domain's effects and the audit row in one
//!   transaction) every domain runs through by implementing [`Machine`].
//! - [`history`]: the history rows of a subject and their reading as one line per command.
//! - [`subjects`]: the registry of subject kinds (label, owning unit, number, page link),
//!   which electronic supervision and every cross-domain list read instead of joining each
//!   domain's tables.
//! - [`workbench`]: what waits for a staff user across every kind (the waits each kind
//!   lists), one query per kind.

pub mod clock;
pub mod command;
pub mod counters;
pub mod esupervision;
pub mod history;
pub mod machine;
pub mod subjects;
pub mod workbench;

pub use clock::{ClockSubject, LIGHT_COUNTS_SQL, apply_clock_event, live_light, live_light_of_row};
pub use command::{Context, Machine, Recorded, Subject, execute, execute_in, record};
pub use history::{HistoryLine, HistoryRow, HistoryTable};
pub use machine::{ClockChange, ClockEvent, ClockRule, SubjectClock, command_code};
pub use subjects::{OverdueFlag, Registry, SubjectKind};
pub use workbench::Wait;
