//! Rebuilding the counters from what they summarise: the clock table (starts, verdicts,
//! releases, deadlines), the ratings (好差评) and whatever a domain adds (the hotline's
//! accountability events). A rebuild writes the same counters the commands kept, so a test
//! compares the two, and `zhengwu counters rebuild` repairs a database whose counters were
//! never kept (rows loaded by hand, a database from before migration 0015).

use std::collections::{BTreeMap, BTreeSet};

use calendar::Instant;
use chrono::NaiveDate;
use sqlx::Row as _;

use super::{
    BAD, Counting, RATED, Span, day_key, due, due_met, late, met, rated_level, released, started,
};
use crate::clocks::WINDOW_RULES;
use crate::db::{Db, Tx};
use crate::error::Result;

/// `(instant + 8 h) / 1 day` in SQL: the local day number (days since 1970-01-01).
const LOCAL_DAY: &str = "(({}) + 28800000) / 86400000";

fn local_day(column: &str) -> String {
    LOCAL_DAY.replace("{}", column)
}

/// The date of a local day number.
fn date_of_day_number(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(day)))
        .unwrap_or_default()
}

/// A counter's key: subject type, unit, day key, code.
pub type Key = (String, i64, i64, String);

/// Counters being rebuilt, written by [`Rebuild::write`].
#[derive(Debug, Default)]
pub struct Rebuild {
    counts: BTreeMap<Key, i64>,
}

/// The platform's part of a rebuild: the clocks of `kinds` (subject type and what it counts)
/// and every rating. A domain adds its own part, then the caller writes it.
pub async fn rebuild(tx: &mut Tx, kinds: &[(&str, Counting)]) -> Result<Rebuild> {
    let mut build = Rebuild::default();
    for (subject_type, counting) in kinds {
        build.clocks(tx, subject_type, counting).await?;
    }
    build.ratings(tx).await?;
    Ok(build)
}

impl Rebuild {
    /// Adds `n` to one counter of a day and to its month's total, as [`super::add`] does.
    pub fn add(&mut self, subject_type: &str, unit_id: i64, day: i64, code: &str, n: i64) {
        if n != 0 {
            for key in [day, super::month_of_day(day)] {
                *self
                    .counts
                    .entry((subject_type.to_owned(), unit_id, key, code.to_owned()))
                    .or_default() += n;
            }
        }
    }

    /// Adds per-day counts of one code from rows `unit_id`, `day` (a local day number, as
    /// [`local_day_sql`] gives it) and `n`.
    pub fn add_rows(
        &mut self,
        subject_type: &str,
        code: &str,
        rows: &[sqlx::any::AnyRow],
    ) -> Result<()> {
        for row in rows {
            let day = day_key(date_of_day_number(row.try_get("day")?));
            self.add(
                subject_type,
                row.try_get("unit_id")?,
                day,
                code,
                row.try_get("n")?,
            );
        }
        Ok(())
    }

    /// The counters built so far, without zeros.
    pub fn counts(&self) -> BTreeMap<Key, i64> {
        self.counts
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|(key, n)| (key.clone(), *n))
            .collect()
    }

    /// Starts, verdicts and releases of the clocks of one subject type, then its deadlines.
    pub async fn clocks(
        &mut self,
        tx: &mut Tx,
        subject_type: &str,
        counting: &Counting,
    ) -> Result<()> {
        let day = local_day("start_at");
        let sql = format!(
            "SELECT unit_id, rule_id, {day} AS day, status, CAST(released AS BIGINT) AS released, \
             COUNT(*) AS n FROM clocks WHERE subject_type = $1 AND rule_id <> $2 \
             GROUP BY unit_id, rule_id, {day}, status, released"
        );
        debug_assert_eq!(WINDOW_RULES.len(), 1);
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(subject_type)
            .bind(WINDOW_RULES[0])
            .fetch_all(&mut **tx)
            .await?;
        for row in &rows {
            let unit: i64 = row.try_get("unit_id")?;
            let rule: String = row.try_get("rule_id")?;
            let day = day_key(date_of_day_number(row.try_get("day")?));
            let status: String = row.try_get("status")?;
            let is_released: i64 = row.try_get("released")?;
            let n: i64 = row.try_get("n")?;
            self.add(subject_type, unit, day, &started(&rule), n);
            match status.as_str() {
                "met" => {
                    self.add(subject_type, unit, day, &met(&rule), n);
                    if is_released == 1 {
                        self.add(subject_type, unit, day, &released(&rule), n);
                    }
                }
                "breached" => self.add(subject_type, unit, day, &late(&rule), n),
                _ => {}
            }
        }
        if !counting.deadlines.is_empty() {
            self.deadlines(tx, subject_type, counting).await?;
        }
        Ok(())
    }

    /// `due.<span>`, `due_met.<span>`: first every concluded deadline as if it were its
    /// subject's only one in its periods (one aggregate), then the subjects with several
    /// deadlines corrected (a few rows each).
    async fn deadlines(
        &mut self,
        tx: &mut Tx,
        subject_type: &str,
        counting: &Counting,
    ) -> Result<()> {
        let free_units = free_units(tx, counting).await?;
        let rules: Vec<String> = (0..counting.deadlines.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        let filter = format!(
            "subject_type = $1 AND status IN ('met', 'breached') AND released = 0 \
             AND rule_id IN ({})",
            rules.join(", ")
        );
        let day = local_day("due_at");
        let sql = format!(
            "SELECT unit_id, {day} AS day, status, COUNT(*) AS n FROM clocks WHERE {filter} \
             GROUP BY unit_id, {day}, status"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(subject_type);
        for rule in counting.deadlines {
            query = query.bind(*rule);
        }
        for row in query.fetch_all(&mut **tx).await? {
            let unit: i64 = row.try_get("unit_id")?;
            if free_units.contains(&unit) {
                continue;
            }
            let date = date_of_day_number(row.try_get("day")?);
            let status: String = row.try_get("status")?;
            let n: i64 = row.try_get("n")?;
            for span in Span::ALL {
                let first = day_key(span.first_day(date));
                self.add(subject_type, unit, first, &due(span), n);
                if status == "met" {
                    self.add(subject_type, unit, first, &due_met(span), n);
                }
            }
        }
        let sql = format!(
            "SELECT subject_id, unit_id FROM clocks WHERE {filter} \
             GROUP BY subject_id, unit_id HAVING COUNT(*) > 1"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(subject_type);
        for rule in counting.deadlines {
            query = query.bind(*rule);
        }
        let mut several: BTreeSet<(String, i64)> = BTreeSet::new();
        for row in query.fetch_all(&mut **tx).await? {
            let unit: i64 = row.try_get("unit_id")?;
            if !free_units.contains(&unit) {
                several.insert((row.try_get("subject_id")?, unit));
            }
        }
        let subjects: Vec<String> = several
            .iter()
            .map(|(subject, _)| subject.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for chunk in subjects.chunks(200) {
            let ids: Vec<String> = (0..chunk.len())
                .map(|i| format!("${}", i + 2 + counting.deadlines.len()))
                .collect();
            // By the subjects (`clocks_subject`); `|| ''` keeps SQLite off the status and rule
            // indexes, which would read every concluded clock.
            let sql = format!(
                "SELECT subject_id, unit_id, due_at, status FROM clocks WHERE subject_type = $1 \
                 AND status || '' IN ('met', 'breached') AND released = 0 \
                 AND rule_id || '' IN ({}) AND subject_id IN ({})",
                rules.join(", "),
                ids.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(subject_type);
            for rule in counting.deadlines {
                query = query.bind(*rule);
            }
            for id in chunk {
                query = query.bind(id);
            }
            let mut groups: BTreeMap<(String, i64), Vec<(NaiveDate, bool)>> = BTreeMap::new();
            for row in query.fetch_all(&mut **tx).await? {
                let key: (String, i64) = (row.try_get("subject_id")?, row.try_get("unit_id")?);
                if !several.contains(&key) {
                    continue;
                }
                let due_at: i64 = row.try_get("due_at")?;
                let status: String = row.try_get("status")?;
                let date = Instant::from_millis(due_at).local_date();
                groups.entry(key).or_default().push((date, status == "met"));
            }
            for ((_, unit), deadlines) in groups {
                self.correct(subject_type, unit, &deadlines);
            }
        }
        Ok(())
    }

    /// Replaces the one-per-deadline counts of a subject with several deadlines by one per
    /// period, met when all of the period's were.
    fn correct(&mut self, subject_type: &str, unit: i64, deadlines: &[(NaiveDate, bool)]) {
        for span in Span::ALL {
            let mut periods: BTreeMap<NaiveDate, (i64, i64, bool)> = BTreeMap::new();
            for (date, is_met) in deadlines {
                let period = periods.entry(span.first_day(*date)).or_insert((0, 0, true));
                period.0 += 1;
                period.1 += i64::from(*is_met);
                period.2 &= *is_met;
            }
            for (first, (n, n_met, all_met)) in periods {
                let key = day_key(first);
                self.add(subject_type, unit, key, &due(span), 1 - n);
                self.add(
                    subject_type,
                    unit,
                    key,
                    &due_met(span),
                    i64::from(all_met) - n_met,
                );
            }
        }
    }

    /// `rated`, `rated:<level>` and `bad` of every rating, by its subject type, unit and day.
    pub async fn ratings(&mut self, tx: &mut Tx) -> Result<()> {
        let day = local_day("e.created_at");
        let sql = format!(
            "SELECT e.subject_type AS subject_type, e.unit_id AS unit_id, {day} AS day, \
             CAST(e.level AS BIGINT) AS level, COUNT(*) AS n, COUNT(r.id) AS bad \
             FROM evaluations e LEFT JOIN rectifications r ON r.evaluation_id = e.id \
             GROUP BY e.subject_type, e.unit_id, {day}, e.level"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut **tx)
            .await?;
        for row in &rows {
            let subject_type: String = row.try_get("subject_type")?;
            let unit: i64 = row.try_get("unit_id")?;
            let day = day_key(date_of_day_number(row.try_get("day")?));
            let level: i64 = row.try_get("level")?;
            let n: i64 = row.try_get("n")?;
            let bad: i64 = row.try_get("bad")?;
            self.add(&subject_type, unit, day, RATED, n);
            self.add(&subject_type, unit, day, &rated_level(level), n);
            self.add(&subject_type, unit, day, BAD, bad);
        }
        Ok(())
    }

    /// Replaces every counter with the ones built and records the build; returns how many
    /// counter rows were written.
    pub async fn write(self, tx: &mut Tx, now: Instant) -> Result<u64> {
        sqlx::query("DELETE FROM counters")
            .execute(&mut **tx)
            .await?;
        let rows: Vec<(Key, i64)> = self.counts().into_iter().collect();
        for chunk in rows.chunks(1_000) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 5;
                    format!(
                        "(${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO counters (subject_type, unit_id, day, code, n) VALUES {}",
                values.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for ((subject_type, unit, day, code), n) in chunk {
                query = query
                    .bind(subject_type.as_str())
                    .bind(*unit)
                    .bind(*day)
                    .bind(code.as_str())
                    .bind(*n);
            }
            query.execute(&mut **tx).await?;
        }
        let written = u64::try_from(rows.len()).unwrap_or(0);
        sqlx::query("INSERT INTO counter_builds (built_at, counter_rows) VALUES ($1, $2)")
            .bind(now.millis())
            .bind(i64::try_from(written).unwrap_or(i64::MAX))
            .execute(&mut **tx)
            .await?;
        Ok(written)
    }
}

/// The local day number of an instant column in SQL, as [`Rebuild::add_rows`] reads it
/// (column alias `day`).
pub fn local_day_sql(column: &str) -> String {
    local_day(column)
}

async fn free_units(tx: &mut Tx, counting: &Counting) -> Result<BTreeSet<i64>> {
    let Some(kind) = counting.deadline_free_unit_kind else {
        return Ok(BTreeSet::new());
    };
    let rows = sqlx::query("SELECT id FROM units WHERE kind = $1")
        .bind(kind)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}

/// Every counter that is not zero.
pub async fn snapshot(db: &Db) -> Result<BTreeMap<Key, i64>> {
    let rows = sqlx::query("SELECT subject_type, unit_id, day, code, n FROM counters WHERE n <> 0")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                (
                    row.try_get("subject_type")?,
                    row.try_get("unit_id")?,
                    row.try_get("day")?,
                    row.try_get("code")?,
                ),
                row.try_get("n")?,
            ))
        })
        .collect()
}

/// Whether the counters were ever rebuilt on this database (a database migrated from before
/// 0015 with rows in it needs one before reports read them).
pub async fn is_built(db: &Db) -> Result<bool> {
    let built = sqlx::query("SELECT id FROM counter_builds LIMIT 1")
        .fetch_optional(&db.pool)
        .await?
        .is_some();
    Ok(built)
}
