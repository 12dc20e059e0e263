//! `TimeLimit`: a calendar `Limit` stored in the profile as its compact text (`3wd`).

use std::fmt;
use std::str::FromStr;

use calendar::Limit;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time limit of the rule profile, serialised as `3wd`, `1wh`, `12h` or `30d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit(pub Limit);

impl TimeLimit {
    /// Builds from the compact text of a preset; only called with literals checked by the
    /// `every_preset_limit_parses` test, so the fallback is never reached in practice.
    pub(crate) fn of(text: &str) -> Self {
        match Limit::from_str(text) {
            Ok(limit) => Self(limit),
            Err(_) => Self(Limit {
                amount: 0,
                unit: calendar::LimitUnit::WorkingDays,
            }),
        }
    }

    pub fn limit(self) -> Limit {
        self.0
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for TimeLimit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for TimeLimit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Limit::from_str(&text)
            .map(TimeLimit)
            .map_err(serde::de::Error::custom)
    }
}
