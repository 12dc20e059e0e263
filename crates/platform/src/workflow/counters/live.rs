//! The counters a clock event changes, in the command's transaction: a start counts on its
//! start day; a stop counts its verdict (`clocks::conclude`'s met or breached) on the start
//! day too, a release when the command releases the unit, and a deadline's subject once per
//! unit and period of its due.

use calendar::Instant;
use chrono::NaiveDate;
use sqlx::Row as _;

use super::{Counting, Span, add, day_key, day_of, due, due_met, late, met, released, started};
use crate::clocks::{ClockStatus, WINDOW_RULES};
use crate::db::Tx;
use crate::error::Result;

/// A clock of `rule` for `unit_id` started at `start`: `started:<RULE>` on its start day.
pub async fn clock_started(
    tx: &mut Tx,
    subject_type: &str,
    unit_id: i64,
    rule: &str,
    start: Instant,
) -> Result<()> {
    if WINDOW_RULES.contains(&rule) {
        return Ok(());
    }
    add(tx, subject_type, unit_id, day_of(start), &started(rule), 1).await
}

/// The clock row `clock_id` was just concluded by `command`: its verdict on its start day
/// (`met:`/`late:<RULE>`), `released:<RULE>` (and the row marked released) when `command`
/// is one of the kind's releases and the clock was met, and, for a deadline, its subject's
/// count in each span's period of the due (`due.<span>`, `due_met.<span>`).
pub async fn clock_stopped(
    tx: &mut Tx,
    counting: &Counting,
    command: &str,
    clock_id: i64,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT subject_type, subject_id, rule_id, unit_id, start_at, due_at, status \
         FROM clocks WHERE id = $1",
    )
    .bind(clock_id)
    .fetch_one(&mut **tx)
    .await?;
    let rule: String = row.try_get("rule_id")?;
    if WINDOW_RULES.contains(&rule.as_str()) {
        return Ok(());
    }
    let subject_type: String = row.try_get("subject_type")?;
    let subject_id: String = row.try_get("subject_id")?;
    let unit_id: i64 = row.try_get("unit_id")?;
    let start = Instant::from_millis(row.try_get("start_at")?);
    let due_at: i64 = row.try_get("due_at")?;
    let status: String = row.try_get("status")?;
    let is_met = match ClockStatus::parse(&status)? {
        ClockStatus::Met => true,
        ClockStatus::Breached => false,
        _ => return Ok(()),
    };
    let day = day_of(start);
    let verdict = if is_met { met(&rule) } else { late(&rule) };
    add(tx, &subject_type, unit_id, day, &verdict, 1).await?;
    let is_released = is_met && counting.releases.contains(&command);
    if is_released {
        sqlx::query("UPDATE clocks SET released = 1 WHERE id = $1")
            .bind(clock_id)
            .execute(&mut **tx)
            .await?;
        add(tx, &subject_type, unit_id, day, &released(&rule), 1).await?;
        return Ok(());
    }
    if !counting.deadlines.contains(&rule.as_str()) || deadline_free(tx, counting, unit_id).await? {
        return Ok(());
    }
    let subject = Deadline {
        subject_type: &subject_type,
        subject_id: &subject_id,
        unit_id,
        clock_id,
    };
    count_deadline(tx, counting, &subject, Instant::from_millis(due_at), is_met).await
}

async fn deadline_free(tx: &mut Tx, counting: &Counting, unit_id: i64) -> Result<bool> {
    let Some(free_kind) = counting.deadline_free_unit_kind else {
        return Ok(false);
    };
    let kind: Option<String> = sqlx::query("SELECT kind FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get("kind"))
        .transpose()?;
    Ok(kind.as_deref() == Some(free_kind))
}

struct Deadline<'a> {
    subject_type: &'a str,
    subject_id: &'a str,
    unit_id: i64,
    clock_id: i64,
}

/// The subject's other concluded deadlines for the unit around `due` (the widest period of
/// any span), then each span's change.
async fn count_deadline(
    tx: &mut Tx,
    counting: &Counting,
    deadline: &Deadline<'_>,
    due_instant: Instant,
    is_met: bool,
) -> Result<()> {
    let date = due_instant.local_date();
    let low = Span::Week.first_day(date).min(Span::Year.first_day(date));
    let high = Span::Week
        .next_first(Span::Week.first_day(date))
        .max(Span::Year.next_first(Span::Year.first_day(date)));
    let placeholders: Vec<String> = (0..counting.deadlines.len())
        .map(|i| format!("${}", i + 7))
        .collect();
    // Built from placeholders only. Only the subject is looked up by index (`clocks_subject`,
    // a handful of rows): `+ 0` and `|| ''` keep SQLite, which has no statistics, from
    // scanning a whole year of the status, unit or rule indexes instead.
    let sql = format!(
        "SELECT due_at, status FROM clocks WHERE subject_type = $1 AND subject_id = $2 \
         AND unit_id + 0 = $3 AND status || '' IN ('met', 'breached') AND released = 0 \
         AND due_at + 0 >= $4 AND due_at + 0 < $5 AND id + 0 <> $6 AND rule_id || '' IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(deadline.subject_type)
        .bind(deadline.subject_id)
        .bind(deadline.unit_id)
        .bind(Instant::from_local(low, 0).millis())
        .bind(Instant::from_local(high, 0).millis())
        .bind(deadline.clock_id);
    for rule in counting.deadlines {
        query = query.bind(*rule);
    }
    let mut others: Vec<(NaiveDate, bool)> = Vec::new();
    for row in query.fetch_all(&mut **tx).await? {
        let due_at: i64 = row.try_get("due_at")?;
        let status: String = row.try_get("status")?;
        others.push((
            Instant::from_millis(due_at).local_date(),
            status == "breached",
        ));
    }
    for span in Span::ALL {
        let first = span.first_day(date);
        let next = span.next_first(first);
        let lates = others
            .iter()
            .filter(|(day, _)| *day >= first && *day < next)
            .map(|(_, is_late)| *is_late);
        let (total, on_time) = deadline_delta(lates, is_met);
        let key = day_key(first);
        let (kind, unit) = (deadline.subject_type, deadline.unit_id);
        add(tx, kind, unit, key, &due(span), total).await?;
        add(tx, kind, unit, key, &due_met(span), on_time).await?;
    }
    Ok(())
}

/// How one more concluded deadline changes its subject's counts in a period, given whether
/// each of the subject's deadlines already counted there was late: `due` grows by one when
/// it is the first, `due_met` holds the subject while every deadline was met.
pub fn deadline_delta(others_late: impl IntoIterator<Item = bool>, is_met: bool) -> (i64, i64) {
    let (mut counted, mut any_late) = (false, false);
    for is_late in others_late {
        counted = true;
        any_late |= is_late;
    }
    let met_before = counted && !any_late;
    let met_after = !any_late && is_met;
    (
        i64::from(!counted),
        i64::from(met_after) - i64::from(met_before),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HL-RATES 办结率: a subject counts once per period and is on time only when all its
    /// deadlines there were met, whatever order they stop in.
    #[test]
    fn hl_rates_a_subject_counts_once_per_period() {
        let cases: [(&[bool], bool, (i64, i64)); 6] = [
            (&[], true, (1, 1)),
            (&[], false, (1, 0)),
            (&[false], true, (0, 0)),
            (&[false], false, (0, -1)),
            (&[true], true, (0, 0)),
            (&[false, true], false, (0, 0)),
        ];
        for (others, is_met, expected) in cases {
            assert_eq!(
                deadline_delta(others.iter().copied(), is_met),
                expected,
                "{others:?} then {is_met}"
            );
        }
    }
}
