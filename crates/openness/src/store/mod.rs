//! Storage of the openness domain on both engines (PUB-APPLY, PUB-ANSWER): `sqlx` queries
//! that run on SQLite and PostgreSQL through [`platform::db`] — the disclosure applications
//! (migration 0035) with the applicant sealed to its row, the notices issued on them, and the
//! document register (migration 0044).

pub mod account;
pub mod annual;
pub mod annual_reports;
pub mod applications;
pub mod complaints;
pub mod concerns;
pub mod documents;
pub mod evaluation;
pub mod notices;
pub mod supervisors;

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
