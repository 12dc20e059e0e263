//! The workflow kernel every clocked domain runs on (hotline orders, service cases, and the
//! domains to come): a domain keeps its pure state machine and maps what it did onto the
//! kernel's vocabulary, and the kernel does the rest in the caller's transaction.
//!
//! - [`clock`]: one [`ClockEvent`] vocabulary (start, stop, pause with reason, resume,
//!   extend) applied to the shared clock table by [`apply_clock_event`], and the one place
//!   that computes a stored clock's live light ([`live_light`], CAL-LIGHT).
//! - [`subjects`]: the registry of subject kinds (label, owning unit, number, page link),
//!   which electronic supervision and every cross-domain list read instead of joining each
//!   domain's tables.
//! - [`workbench`]: what waits for a staff user across every kind (the waits each kind
//!   lists), one query per kind.

pub mod clock;
pub mod esupervision;
pub mod subjects;
pub mod workbench;

pub use clock::{
    ClockChange, ClockEvent, ClockRef, LIGHT_COUNTS_SQL, apply_clock_event, live_light,
    live_light_of_row,
};
pub use subjects::{OverdueFlag, Registry, SubjectKind};
pub use workbench::Wait;
