//! Storage of the online services (migration 0010): items with every version, cases as
//! versioned JSON snapshots with sealed applicant identity, their history, materials on file
//! and the e-licence library. SQL is written once for both backends; the use cases in
//! [`crate::usecase`] compose these inside one transaction.

pub mod cases;
pub mod events;
pub mod items;
pub mod library;

use platform::Error;

/// A stored value that cannot be read back (a bug or a tampered row), never user input.
pub(crate) fn unreadable(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!("services {what} unreadable: {error}"))
}

/// The subject type of case clocks in the shared clock table.
pub const CLOCK_SUBJECT: &str = "case";

/// Serialises a snapshot for a JSON column.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> platform::Result<String> {
    crate::snapshot::to_json(value).map_err(|e| Error::Unexpected(anyhow::Error::from(e)))
}

/// Plain JSON (no envelope) for small columns such as review lists.
pub(crate) fn plain_json<T: serde::Serialize>(value: &T) -> platform::Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Unexpected(anyhow::Error::from(e)))
}
