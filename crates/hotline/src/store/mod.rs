//! Storage of the hotline (migration 0004): appeals with sealed personal data, orders as
//! versioned JSON snapshots, the unit queue index and the history. SQL is written once for
//! both backends; use cases in [`crate::usecase`] compose these inside one transaction.

pub mod appeals;
pub mod events;
pub mod orders;

use platform::Error;

/// A stored value that cannot be read back (a bug or a tampered row), never user input.
pub(crate) fn unreadable(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!("hotline {what} unreadable: {error}"))
}

/// The subject type of hotline clocks in the shared clock table.
pub const CLOCK_SUBJECT: &str = "order";
