//! The table of transition cases (state, command, now, expected status or error) used by
//! `transitions.rs`; rule IDs in the names. The cases are kept by phase: `intake` (from
//! registration to the units' own steps) and `closing` (from handling to the archive).

mod closing;
mod intake;

use hotline::ErrorKind;
use hotline::order::{Command, Status};

type Expect = Result<Status, ErrorKind>;

/// (name, from, command, now, expected), every phase in order. Rule IDs in the names.
pub fn cases() -> Vec<(&'static str, Status, Command, calendar::Instant, Expect)> {
    let mut cases = intake::cases();
    cases.extend(closing::cases());
    cases
}
