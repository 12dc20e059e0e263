//! Per-unit per-day counters that reports read instead of the clock and history rows
//! (issue 11 point 7; migration 0015). One row per subject type (the clock table's
//! `subject_type`), unit, local day (yyyymmdd, Asia/Shanghai) and code; each is changed in
//! the transaction of the command that changes what it counts, so a report over a period
//! sums thousands of counters instead of reading millions of rows.
//!
//! The vocabulary (every code, when it changes, and on which day):
//!
//! | code | bumped | day |
//! |---|---|---|
//! | `started:<RULE>` | a clock of the rule starts | its start |
//! | `met:<RULE>` / `late:<RULE>` | it stops by / after its due instant (`clocks::conclude`'s verdict) | its **start** |
//! | `released:<RULE>` | it stops by its due instant by a command of the kind's [`Counting::releases`] (also in `met`) | its start |
//! | `due.<span>` / `due_met.<span>` | a deadline ([`Counting::deadlines`]) stops: the subject counts once per unit and period of its due, met when all its deadlines of that period were met | the period's first day |
//! | `rated`, `rated:<1..5>`, `bad` | a 好差评 rating is stored (`bad`: it opened a rectification, EVAL-BAD) | the rating |
//! | `accountability` | a 12345 accountability event is recorded (HL-ACCOUNT) | the record |
//!
//! Every change is made to the day's row (`day` = yyyymmdd) and to its month's total (`day` =
//! yyyymm): a report of whole months reads the totals ([`totals`]).
//!
//! Permission windows (`clocks::WINDOW_RULES`) are not counted: they never are late. Clocks
//! still open are not in the counters; a report that judges them "at now" reads the open
//! clocks (a few thousand rows) beside the counters (HL-RATES). [`rebuild`] recomputes every
//! counter from the clock table, the ratings and what the domains add.

mod live;
mod rebuild;

use std::collections::BTreeMap;

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use sqlx::Row as _;

use crate::db::{Db, Tx};
use crate::error::Result;

pub use live::{clock_started, clock_stopped, deadline_delta};
pub use rebuild::{Key, Rebuild, is_built, local_day_sql, rebuild, snapshot};

/// What a subject kind adds to the generic clock counters, declared with its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counting {
    /// Commands whose stop of a clock by its due instant releases the unit from it rather
    /// than meets the duty (the hotline's `return` and `withdraw`): counted `released:<RULE>`
    /// and left out of the deadlines.
    pub releases: &'static [&'static str],
    /// The rules of the subject's deadlines for its unit (the hotline's HL-LIMITS and
    /// HL-HANG): counted once per subject, unit and period of their due (`due.<span>`).
    pub deadlines: &'static [&'static str],
    /// Units of this kind (`units.kind`) own no deadline (the hotline centre deciding on an
    /// application to hang an order).
    pub deadline_free_unit_kind: Option<&'static str>,
}

impl Counting {
    /// The generic counters only.
    pub const NONE: Counting = Counting {
        releases: &[],
        deadlines: &[],
        deadline_free_unit_kind: None,
    };
}

/// The length of a report period whose subjects count once (`due.<span>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Span {
    pub const ALL: [Span; 5] = [
        Span::Day,
        Span::Week,
        Span::Month,
        Span::Quarter,
        Span::Year,
    ];

    /// `day`, `week`, `month`, `quarter`, `year` (as in the codes).
    pub const fn code(self) -> &'static str {
        match self {
            Span::Day => "day",
            Span::Week => "week",
            Span::Month => "month",
            Span::Quarter => "quarter",
            Span::Year => "year",
        }
    }

    /// The first day of the period of this span containing `date` (weeks run Monday–Sunday).
    pub fn first_day(self, date: NaiveDate) -> NaiveDate {
        let first = match self {
            Span::Day => Some(date),
            Span::Week => date.checked_sub_days(chrono::Days::new(u64::from(
                date.weekday().num_days_from_monday(),
            ))),
            Span::Month => date.with_day(1),
            Span::Quarter => NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1),
            Span::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
        };
        first.unwrap_or(date)
    }

    /// The first day after the period starting `first`.
    pub fn next_first(self, first: NaiveDate) -> NaiveDate {
        let next = match self {
            Span::Day => first.checked_add_days(chrono::Days::new(1)),
            Span::Week => first.checked_add_days(chrono::Days::new(7)),
            Span::Month => first.checked_add_months(chrono::Months::new(1)),
            Span::Quarter => first.checked_add_months(chrono::Months::new(3)),
            Span::Year => first.checked_add_months(chrono::Months::new(12)),
        };
        next.unwrap_or(first)
    }
}

/// The day key of a local date: `20261231`.
pub fn day_key(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The day key of an instant's local date.
pub fn day_of(instant: Instant) -> i64 {
    day_key(instant.local_date())
}

/// The local date of a day key.
pub fn date_of_key(key: i64) -> Option<NaiveDate> {
    let year = i32::try_from(key / 10_000).ok()?;
    let month = u32::try_from(key / 100 % 100).ok()?;
    let day = u32::try_from(key % 100).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `started:<RULE>`.
pub fn started(rule: &str) -> String {
    format!("started:{rule}")
}

/// `met:<RULE>`.
pub fn met(rule: &str) -> String {
    format!("met:{rule}")
}

/// `late:<RULE>`.
pub fn late(rule: &str) -> String {
    format!("late:{rule}")
}

/// `released:<RULE>`.
pub fn released(rule: &str) -> String {
    format!("released:{rule}")
}

/// `due.<span>`: subjects with a deadline due in the period.
pub fn due(span: Span) -> String {
    format!("due.{}", span.code())
}

/// `due_met.<span>`: of which every deadline of the period was met.
pub fn due_met(span: Span) -> String {
    format!("due_met.{}", span.code())
}

/// `rated`: ratings (好差评) of every level.
pub const RATED: &str = "rated";
/// `bad`: ratings that opened a rectification (EVAL-BAD).
pub const BAD: &str = "bad";
/// `accountability`: accountability events (HL-ACCOUNT).
pub const ACCOUNTABILITY: &str = "accountability";

/// `rated:<level>` (1 非常满意 … 5 非常不满意).
pub fn rated_level(level: i64) -> String {
    format!("rated:{level}")
}

/// The month key of a day key: `20261231` → `202612`. A month's total is kept beside its
/// days (six digits sort before every day), so a report of whole months, quarters or years
/// reads a dozen rows per unit and code instead of a few hundred.
pub fn month_of_day(day: i64) -> i64 {
    day / 100
}

/// Adds `delta` to one counter of a day in the caller's transaction (creating it at
/// `delta`), and to its month's total.
pub async fn add(
    tx: &mut Tx,
    subject_type: &str,
    unit_id: i64,
    day: i64,
    code: &str,
    delta: i64,
) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    for key in [day, month_of_day(day)] {
        sqlx::query(
            "INSERT INTO counters (subject_type, unit_id, day, code, n) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_type, code, day, unit_id) \
             DO UPDATE SET n = counters.n + excluded.n",
        )
        .bind(subject_type)
        .bind(unit_id)
        .bind(key)
        .bind(code)
        .bind(delta)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Sums of counters per unit and code over days `[first, next)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(pub BTreeMap<(i64, String), i64>);

impl Totals {
    /// The sum of `code` for `unit_id` (0 when none).
    pub fn get(&self, unit_id: i64, code: &str) -> i64 {
        self.0
            .get(&(unit_id, code.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// The units with any counter.
    pub fn units(&self) -> std::collections::BTreeSet<i64> {
        self.0.keys().map(|(unit, _)| *unit).collect()
    }
}

/// The counters of `codes` for `subject_type` summed per unit over the local days
/// `[first, next)` (day keys): from the months' totals when both are first days of a month.
pub async fn totals(
    db: &Db,
    subject_type: &str,
    first: i64,
    next: i64,
    codes: &[String],
) -> Result<Totals> {
    if codes.is_empty() {
        return Ok(Totals::default());
    }
    let placeholders: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 4)).collect();
    // Built from placeholders only; the codes are bound.
    let sql = format!(
        "SELECT unit_id, code, CAST(SUM(n) AS BIGINT) AS n FROM counters \
         WHERE subject_type = $1 AND day >= $2 AND day < $3 AND code IN ({}) \
         GROUP BY unit_id, code",
        placeholders.join(", ")
    );
    let (first, next) = if first % 100 == 1 && next % 100 == 1 {
        (month_of_day(first), month_of_day(next))
    } else {
        (first, next)
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_type)
        .bind(first)
        .bind(next);
    for code in codes {
        query = query.bind(code);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut totals = BTreeMap::new();
    for row in &rows {
        let n: Option<i64> = row.try_get("n")?;
        totals.insert(
            (row.try_get("unit_id")?, row.try_get("code")?),
            n.unwrap_or(0),
        );
    }
    Ok(Totals(totals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The first day of each span, and the next one, around a year's end.
    #[test]
    fn spans_start_on_their_first_day() {
        let day = date(2026, 12, 31); // a Thursday
        let cases = [
            (Span::Day, date(2026, 12, 31), date(2027, 1, 1)),
            (Span::Week, date(2026, 12, 28), date(2027, 1, 4)),
            (Span::Month, date(2026, 12, 1), date(2027, 1, 1)),
            (Span::Quarter, date(2026, 10, 1), date(2027, 1, 1)),
            (Span::Year, date(2026, 1, 1), date(2027, 1, 1)),
        ];
        for (span, first, next) in cases {
            assert_eq!(span.first_day(day), first, "{span:?}");
            assert_eq!(span.next_first(first), next, "{span:?}");
        }
        assert_eq!(Span::Quarter.first_day(date(2026, 3, 31)), date(2026, 1, 1));
    }

    #[test]
    fn day_keys_round_trip() {
        assert_eq!(day_key(date(2026, 2, 9)), 20_260_209);
        assert_eq!(date_of_key(20_260_209), Some(date(2026, 2, 9)));
        assert_eq!(date_of_key(20_260_230), None);
        // A month's total sorts before every day.
        assert_eq!(month_of_day(20_260_209), 202_602);
        assert!(month_of_day(20_261_231) < 20_000_101);
    }
}
