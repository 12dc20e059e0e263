//! The persistence snapshots of items and cases (JSON columns, not page views, docs/STYLE.md):
//! versioned envelopes, and the serde forms of the calendar values they hold (instants as
//! epoch milliseconds, limits as their text, clocks as start, limit, pauses and extensions),
//! the same forms as `hotline::snapshot`.

use calendar::{Clock, Extension, Instant, Limit, Pause};
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

/// `Instant` as epoch milliseconds.
pub mod instant {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Instant, s: S) -> Result<S::Ok, S::Error> {
        value.millis().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        Ok(Instant::from_millis(i64::deserialize(d)?))
    }
}

/// `Option<Instant>` as epoch milliseconds or null.
pub mod opt_instant {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        value.map(Instant::millis).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Instant>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?.map(Instant::from_millis))
    }
}

/// `Vec<Instant>` as epoch milliseconds.
pub mod vec_instant {
    use super::*;

    pub fn serialize<S: Serializer>(value: &[Instant], s: S) -> Result<S::Ok, S::Error> {
        value
            .iter()
            .map(|at| at.millis())
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Instant>, D::Error> {
        Ok(Vec::<i64>::deserialize(d)?
            .into_iter()
            .map(Instant::from_millis)
            .collect())
    }
}

/// `Limit` as its text (`3wd`, `12h`).
pub mod limit {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Limit, s: S) -> Result<S::Ok, S::Error> {
        value.to_string().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Limit, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// `Option<Limit>` as its text or null.
pub mod opt_limit {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Limit>, s: S) -> Result<S::Ok, S::Error> {
        value.map(|limit| limit.to_string()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Limit>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[derive(Serialize, Deserialize)]
struct PausePart {
    from: i64,
    until: Option<i64>,
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct ExtensionPart {
    amount: String,
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct ClockParts {
    start: i64,
    limit: String,
    pauses: Vec<PausePart>,
    extensions: Vec<ExtensionPart>,
}

/// `Clock` as start, limit, pauses and extensions, rebuilt with `Clock::from_parts`.
pub mod clock {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Clock, s: S) -> Result<S::Ok, S::Error> {
        ClockParts {
            start: value.start().millis(),
            limit: value.limit().to_string(),
            pauses: value
                .pauses()
                .iter()
                .map(|pause| PausePart {
                    from: pause.from.millis(),
                    until: pause.until.map(Instant::millis),
                    reason: pause.reason.clone(),
                })
                .collect(),
            extensions: value
                .extensions()
                .iter()
                .map(|extension| ExtensionPart {
                    amount: extension.amount.to_string(),
                    reason: extension.reason.clone(),
                })
                .collect(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Clock, D::Error> {
        use serde::de::Error as _;
        let parts = ClockParts::deserialize(d)?;
        let limit: Limit = parts.limit.parse().map_err(D::Error::custom)?;
        let pauses = parts
            .pauses
            .into_iter()
            .map(|pause| Pause {
                from: Instant::from_millis(pause.from),
                until: pause.until.map(Instant::from_millis),
                reason: pause.reason,
            })
            .collect();
        let extensions = parts
            .extensions
            .into_iter()
            .map(|extension| {
                Ok(Extension {
                    amount: extension.amount.parse().map_err(D::Error::custom)?,
                    reason: extension.reason,
                })
            })
            .collect::<Result<Vec<_>, D::Error>>()?;
        Clock::from_parts(Instant::from_millis(parts.start), limit, pauses, extensions)
            .map_err(D::Error::custom)
    }
}
