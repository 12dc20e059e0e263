//! The persistence snapshots of items and cases (JSON columns, not page views, docs/STYLE.md):
//! versioned envelopes, and the serde forms of the calendar values they hold (instants as
//! epoch milliseconds, limits as their text, clocks as start, limit, pauses and extensions),
//! which are `platform::snapshot`'s, shared with the hotline.

use calendar::Instant;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The shape of the stored `Item` and `Case`. Raise it when a shape changes and migrate old
/// rows in [`from_json`].
pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Deserialize)]
struct Envelope<T> {
    snapshot_version: u32,
    value: T,
}

#[derive(Serialize)]
struct EnvelopeRef<'a, T> {
    snapshot_version: u32,
    value: &'a T,
}

/// The stored text of an item or a case.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(&EnvelopeRef {
        snapshot_version: SNAPSHOT_VERSION,
        value,
    })
}

/// Reads a stored snapshot; an unknown snapshot version is an error.
pub fn from_json<T: DeserializeOwned>(text: &str) -> anyhow::Result<T> {
    let envelope: Envelope<T> = serde_json::from_str(text)?;
    if envelope.snapshot_version != SNAPSHOT_VERSION {
        anyhow::bail!(
            "services snapshot version {} is not {SNAPSHOT_VERSION}",
            envelope.snapshot_version
        );
    }
    Ok(envelope.value)
}

/// `Option<(T, Instant)>` as `[T, epoch milliseconds]` or null.
pub mod opt_pair {
    use super::*;

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<(T, Instant)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().map(|(t, at)| (t, at.millis())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<(T, Instant)>, D::Error> {
        Ok(Option::<(T, i64)>::deserialize(d)?.map(|(t, at)| (t, Instant::from_millis(at))))
    }
}

/// The calendar values' serde forms, shared with every domain's snapshots.
pub use platform::snapshot::{clock, instant, limit, opt_instant, opt_limit, vec_instant};
