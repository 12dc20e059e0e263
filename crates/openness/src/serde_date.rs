//! The serde form of a calendar date in persistence snapshots: `YYYY-MM-DD` text (chrono is
//! built without its serde feature). Use with `#[serde(with = "crate::serde_date")]`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const FORMAT: &str = "%Y-%m-%d";

pub fn serialize<S: Serializer>(value: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    value.format(FORMAT).to_string().serialize(s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    NaiveDate::parse_from_str(&text, FORMAT).map_err(serde::de::Error::custom)
}
