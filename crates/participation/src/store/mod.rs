//! Storage of the messages on both engines (MSG-*): `sqlx` queries that run on SQLite and
//! PostgreSQL through [`platform::db`] (migration 0040), the writer sealed to the row.

pub mod messages;

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
