//! Hotline reports (HL-RATES, HL-WARN, OPS-REPORTS): the three rates (三率) per unit and
//! period, hot topics and places of the week, and the anomaly scan. 000 §12345-4(七) asks for
//! day, week, month, quarter and year reports, §12345-12 3 for the weekly analysis and the
//! monthly notice by the three rates, §12345-18 for warnings, §12345-25 for the monthly notice;
//! how each rate is counted is the platform's choice, stated in [`rates::formulas`]. Periods are
//! local (Asia/Shanghai) days, weeks (Monday–Sunday), months, quarters and years. The rates
//! read the counters the commands keep (migration 0015) and the open clocks; `rebuild` is the
//! hotline's part of rebuilding those counters from the rows; hot topics and warnings are SQL
//! aggregates over the rows of the period (migration 0006).

pub mod hot;
pub mod rates;
pub mod rates_rows;
pub mod rebuild;
pub mod warn_scan;

pub use hot::{HotItem, HotReport, hot_of_week};
pub use rates::{COUNTING, Formulas, Rate, RatesReport, UnitRates, formulas, rates};
pub use rates_rows::rates_from_rows;
pub use warn_scan::{Warning, WarningKind, warn_scan};

use calendar::Instant;
use platform::{Error, Result};

const MILLIS_PER_DAY: i64 = 86_400_000;
const OFFSET_MILLIS: i64 = 8 * 3_600_000;

/// The length of a report period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// Every kind, shortest first.
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Day,
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
    ];

    /// `day`, `week`, `month`, `quarter`, `year`.
    pub const fn code(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// 日, 周, 月, 季度, 年.
    pub const fn label_zh(self) -> &'static str {
        match self {
            PeriodKind::Day => "日",
            PeriodKind::Week => "周",
            PeriodKind::Month => "月",
            PeriodKind::Quarter => "季度",
            PeriodKind::Year => "年",
        }
    }

    /// Parses a code; an unknown one is a clear message.
    pub fn parse(code: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
            .ok_or_else(|| {
                Error::invalid(format!("未知的统计周期“{code}”，应为日、周、月、季度或年"))
            })
    }
}

/// A local calendar date (Asia/Shanghai), plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || Error::invalid(format!("日期“{text}”格式不正确，应为 YYYY-MM-DD"));
        let mut parts = text.trim().splitn(3, '-');
        let mut next = || parts.next().and_then(|p| p.parse::<i64>().ok());
        let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
            return Err(bad());
        };
        let date = Date {
            year: i32::try_from(y).map_err(|_| bad())?,
            month: u32::try_from(m).map_err(|_| bad())?,
            day: u32::try_from(d).map_err(|_| bad())?,
        };
        if !(1..=12).contains(&date.month) || civil_from_days(date.days()) != date {
            return Err(bad());
        }
        Ok(date)
    }

    /// Parses `YYYY-MM` as the first day of that month.
    pub fn parse_month(text: &str) -> Result<Self> {
        Self::parse(&format!("{}-01", text.trim()))
    }

    /// The local date of an instant.
    pub fn of(instant: Instant) -> Self {
        civil_from_days((instant.millis() + OFFSET_MILLIS).div_euclid(MILLIS_PER_DAY))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Local midnight starting this date.
    pub fn start(self) -> Instant {
        Instant::from_millis(self.days() * MILLIS_PER_DAY - OFFSET_MILLIS)
    }

    /// `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Self {
        civil_from_days(self.days() + n)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7)
    }

    fn add_months(self, n: i32) -> Self {
        let index = self.year * 12 + i32::try_from(self.month).unwrap_or(1) - 1 + n;
        Date {
            year: index.div_euclid(12),
            month: u32::try_from(index.rem_euclid(12) + 1).unwrap_or(1),
            day: 1,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One report period: `[start, end)` local midnights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: Date,
    /// The first day after the period.
    pub next: Date,
}

impl Period {
    /// The period of `kind` containing `date` (weeks run Monday–Sunday).
    pub fn containing(kind: PeriodKind, date: Date) -> Self {
        let first = match kind {
            PeriodKind::Day => date,
            PeriodKind::Week => date.add_days(-date.weekday()),
            PeriodKind::Month => Date { day: 1, ..date },
            PeriodKind::Quarter => Date {
                month: (date.month - 1) / 3 * 3 + 1,
                day: 1,
                ..date
            },
            PeriodKind::Year => Date {
                month: 1,
                day: 1,
                ..date
            },
        };
        let next = match kind {
            PeriodKind::Day => first.add_days(1),
            PeriodKind::Week => first.add_days(7),
            PeriodKind::Month => first.add_months(1),
            PeriodKind::Quarter => first.add_months(3),
            PeriodKind::Year => first.add_months(12),
        };
        Self { kind, first, next }
    }

    /// The period just before this one.
    pub fn previous(self) -> Self {
        Self::containing(self.kind, self.first.add_days(-1))
    }

    /// Local midnight of the first day.
    pub fn start(self) -> Instant {
        self.first.start()
    }

    /// Local midnight after the last day.
    pub fn end(self) -> Instant {
        self.next.start()
    }

    /// The last day.
    pub fn last(self) -> Date {
        self.next.add_days(-1)
    }

    /// `2026年11月`, `2026年第4季度`, `2026-11-23 至 2026-11-29` …
    pub fn label_zh(self) -> String {
        let Date { year, month, .. } = self.first;
        match self.kind {
            PeriodKind::Day => format!("{}", self.first),
            PeriodKind::Week => format!("{} 至 {}", self.first, self.last()),
            PeriodKind::Month => format!("{year}年{month}月"),
            PeriodKind::Quarter => format!("{year}年第{}季度", (month - 1) / 3 + 1),
            PeriodKind::Year => format!("{year}年"),
        }
    }
}

/// A count read back from an aggregate (BIGINT on both backends).
pub(crate) fn count(row: &sqlx::any::AnyRow, column: &str) -> Result<u64> {
    use sqlx::Row as _;
    let value: Option<i64> = row.try_get(column)?;
    Ok(u64::try_from(value.unwrap_or(0)).unwrap_or(0))
}
