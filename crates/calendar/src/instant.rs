//! `Instant`: a point in time as epoch milliseconds UTC, shown in Asia/Shanghai (+08:00).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Offset of Asia/Shanghai from UTC in seconds. China has kept +08:00 without daylight
/// saving time since 1991, so a fixed offset is exact for every date this platform handles.
pub const SHANGHAI_OFFSET_SECONDS: i32 = 8 * 3600;

pub(crate) const MILLIS_PER_MINUTE: i64 = 60_000;
pub(crate) const MILLIS_PER_HOUR: i64 = 3_600_000;
pub(crate) const MILLIS_PER_DAY: i64 = 86_400_000;
const OFFSET_MILLIS: i64 = SHANGHAI_OFFSET_SECONDS as i64 * 1000;

/// Days from 0001-01-01 (chrono's "days from CE", day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A point in time: milliseconds since 1970-01-01T00:00:00Z, as the database stores it (BIGINT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

/// An RFC 3339 text that is not an instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("时间“{text}”无效，应为 RFC 3339 格式，如 2025-09-30T17:59:00+08:00")]
pub struct InstantError {
    /// The text that failed to parse.
    pub text: String,
}

impl Instant {
    /// The instant `millis` milliseconds after the Unix epoch.
    pub const fn from_millis(millis: i64) -> Instant {
        Instant(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// Parses RFC 3339 text with any offset, e.g. `2025-09-30T17:59:00+08:00`.
    pub fn parse_rfc3339(text: &str) -> Result<Instant, InstantError> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(Instant::from)
            .map_err(|_| InstantError {
                text: text.to_owned(),
            })
    }

    /// The instant in Asia/Shanghai time.
    pub fn to_datetime(self) -> DateTime<FixedOffset> {
        let offset = shanghai();
        match DateTime::from_timestamp_millis(self.0) {
            Some(utc) => utc.with_timezone(&offset),
            // Beyond chrono's range (±262,000 years): clamp rather than panic.
            None if self.0 < 0 => DateTime::<chrono::Utc>::MIN_UTC.with_timezone(&offset),
            None => DateTime::<chrono::Utc>::MAX_UTC.with_timezone(&offset),
        }
    }

    /// RFC 3339 text in +08:00, seconds precision unless milliseconds are set,
    /// e.g. `2025-10-09T18:00:00+08:00`.
    pub fn to_rfc3339(self) -> String {
        let format = if self.0.rem_euclid(1000) == 0 {
            chrono::SecondsFormat::Secs
        } else {
            chrono::SecondsFormat::Millis
        };
        self.to_datetime().to_rfc3339_opts(format, false)
    }

    /// The local (Asia/Shanghai) instant at `minute_of_day` minutes after midnight of `date`.
    pub fn from_local(date: NaiveDate, minute_of_day: u32) -> Instant {
        let day = day_number(date);
        Instant::from_local_day_millis(day, i64::from(minute_of_day) * MILLIS_PER_MINUTE)
    }

    /// The local date (Asia/Shanghai) of this instant.
    pub fn local_date(self) -> NaiveDate {
        date_of_day_number(self.local_day())
    }

    /// Local day number: days since 1970-01-01 in Asia/Shanghai.
    pub(crate) fn local_day(self) -> i64 {
        self.0
            .saturating_add(OFFSET_MILLIS)
            .div_euclid(MILLIS_PER_DAY)
    }

    /// Milliseconds since local midnight.
    pub(crate) fn local_millis_of_day(self) -> i64 {
        self.0
            .saturating_add(OFFSET_MILLIS)
            .rem_euclid(MILLIS_PER_DAY)
    }

    /// The instant at `millis_of_day` after local midnight of local day number `day`.
    pub(crate) fn from_local_day_millis(day: i64, millis_of_day: i64) -> Instant {
        Instant(
            day.saturating_mul(MILLIS_PER_DAY)
                .saturating_add(millis_of_day)
                .saturating_sub(OFFSET_MILLIS),
        )
    }

    /// This instant moved by `millis` (saturating).
    pub(crate) fn plus_millis(self, millis: i64) -> Instant {
        Instant(self.0.saturating_add(millis))
    }
}

fn shanghai() -> FixedOffset {
    use chrono::Offset;
    // SHANGHAI_OFFSET_SECONDS is within ±24 h, so `east_opt` always succeeds; UTC is a
    // harmless fallback that keeps the function total.
    FixedOffset::east_opt(SHANGHAI_OFFSET_SECONDS).unwrap_or(chrono::Utc.fix())
}

/// Days since 1970-01-01 of a date.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date)) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The date of a day number, clamped to chrono's range.
pub(crate) fn date_of_day_number(day: i64) -> NaiveDate {
    let from_ce = day.saturating_add(UNIX_EPOCH_DAYS_FROM_CE);
    let clamped = from_ce.clamp(
        i64::from(chrono::Datelike::num_days_from_ce(&NaiveDate::MIN)),
        i64::from(chrono::Datelike::num_days_from_ce(&NaiveDate::MAX)),
    );
    i32::try_from(clamped)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

impl From<DateTime<FixedOffset>> for Instant {
    fn from(value: DateTime<FixedOffset>) -> Instant {
        Instant(value.timestamp_millis())
    }
}

impl From<Instant> for DateTime<FixedOffset> {
    fn from(value: Instant) -> DateTime<FixedOffset> {
        value.to_datetime()
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl std::str::FromStr for Instant {
    type Err = InstantError;
    fn from_str(text: &str) -> Result<Instant, InstantError> {
        Instant::parse_rfc3339(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_in_shanghai_time() {
        let instant = Instant::parse_rfc3339("2025-09-30T17:59:00+08:00").unwrap();
        assert_eq!(instant.millis(), 1_759_226_340_000);
        assert_eq!(instant.to_rfc3339(), "2025-09-30T17:59:00+08:00");
        let utc = Instant::parse_rfc3339("2025-09-30T09:59:00Z").unwrap();
        assert_eq!(utc, instant);
    }

    #[test]
    fn local_day_splits_at_shanghai_midnight() {
        let before = Instant::parse_rfc3339("2025-09-30T23:59:59+08:00").unwrap();
        let after = Instant::parse_rfc3339("2025-10-01T00:00:00+08:00").unwrap();
        assert_eq!(before.local_date().to_string(), "2025-09-30");
        assert_eq!(after.local_date().to_string(), "2025-10-01");
        assert_eq!(after.local_millis_of_day(), 0);
        assert_eq!(
            Instant::from_local(after.local_date(), 0),
            after,
            "from_local inverts local_date"
        );
    }

    #[test]
    fn bad_text_names_the_argument() {
        let error = Instant::parse_rfc3339("yesterday").unwrap_err();
        assert!(error.to_string().contains("“yesterday”"));
    }
}
