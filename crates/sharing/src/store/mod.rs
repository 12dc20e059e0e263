//! Storage of data sharing on both engines (migrations 0055, 0056): the catalogue entries,
//! requests and demands as snapshots of the pure machines with the columns lists read, the
//! grants with their hashed authorization codes, the hosted tables' rows, and (migration
//! 0069) quality reports and maintenance with its notices, (migration 0085) the register of
//! platform accounts and the handovers of staff changes.

pub mod accounts;
pub mod entries;
pub mod grants;
pub mod maintenance;
pub mod quality;
pub mod requests;
pub mod rows;

use platform::Error;

pub(crate) fn to_json<T: serde::Serialize>(what: &str, value: &T) -> platform::Result<String> {
    serde_json::to_string(value).map_err(|error| unreadable(what, error))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    text: &str,
) -> platform::Result<T> {
    serde_json::from_str(text).map_err(|error| unreadable(what, error))
}

pub(crate) fn unreadable(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!("unreadable {what}: {error}"))
}
