//! Storage of the extranet on both engines (NET-ACCESS, NET-IPAM): `sqlx` queries that run on
//! SQLite and PostgreSQL through [`platform::db`] — the access applications (migration 0050)
//! and the address pools, free blocks, allocations and names (migration 0051), with the
//! pages' reads of them (`ipam_reads`); the units' ledgers and the security findings
//! (migration 0074, NET-LEDGER: `ledger`, `findings`).

pub mod applications;
pub mod findings;
pub mod ipam;
pub mod ipam_reads;
pub mod ledger;

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
