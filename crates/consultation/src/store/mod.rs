//! Storage of topics (with their comments and ballots) and interviews (with their questions),
//! SQL written once for both backends (migrations 0042 and 0043).

pub mod interviews;
pub mod topics;

use platform::{Error, Result};

pub(crate) fn to_json<T: serde::Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("{what} as JSON: {e}")))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Unexpected(anyhow::anyhow!("{what} JSON: {e}")))
}
