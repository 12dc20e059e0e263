//! Storage of the site group (migration 0025): sites with their domains and registration
//! history ([`sites`]), columns with the freshness scan's findings ([`columns`]), articles with
//! every content version ([`articles`]) and the pages served with their approved digest
//! ([`pages`]); the visits of migration 0026 and the portal's code ([`public`]); the units'
//! submissions with their runs of late weeks ([`submissions`]) and the annual reports with
//! the counts they take from the pages ([`annual`]), migration 0027; the e-mail subscriptions
//! to columns ([`subscriptions`], WEB-PERSONAL), migration 0029; the units' accountability
//! records ([`accountability`], WEB-ACCOUNT), migration 0030; the columns' freshness marks
//! ([`column_marks`], WEB-FRESH), migration 0031; the imported content-safety lists, whitelist
//! and false positives ([`inspect`], WEB-INSPECT), migration 0038; the sites' hosting declarations ([`hosting`], SEC-HOSTING),
//! migration 0081. Snapshots
//! are JSON in a `state` column beside the columns that queries use, with an optimistic
//! `version`; the use cases ([`crate::usecase`]) own the transactions.

pub mod accountability;
pub mod annual;
pub mod articles;
pub mod column_marks;
pub mod columns;
pub mod hosting;
pub mod inspect;
pub mod pages;
pub mod public;
pub mod sites;
pub mod submissions;
pub mod subscriptions;

use platform::Error;

/// A stored value that does not read back: a bug or a hand-edited row, never the user's.
pub(crate) fn unreadable(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!("unreadable {what}: {error}"))
}

/// A value as the JSON of a snapshot column.
pub(crate) fn to_json<T: serde::Serialize>(what: &str, value: &T) -> platform::Result<String> {
    serde_json::to_string(value).map_err(|error| unreadable(what, error))
}

/// A snapshot column read back.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    text: &str,
) -> platform::Result<T> {
    serde_json::from_str(text).map_err(|error| unreadable(what, error))
}

/// A 0/1 column.
pub(crate) fn flag(value: i64) -> bool {
    value != 0
}
