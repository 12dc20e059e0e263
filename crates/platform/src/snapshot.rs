//! The serde forms of calendar values in persistence snapshots (JSON columns of domain
//! state, not page views: docs/STYLE.md): instants as epoch milliseconds, limits as their
//! text, clocks as start, limit, pauses and extensions. Use with `#[serde(with = ...)]`.

use calendar::{Clock, Extension, Instant, Limit, Pause};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
