//! HL-RATES from the rows (the clock table and the order history): how the three rates were
//! computed before the counters, kept as the reference the counters are checked against (the
//! tests of `reports::rates` and `zhengwu bench hotline` compare the two) and as the way to
//! read a database whose counters were never built. Every definition is the one printed by
//! [`super::formulas`]; [`rates_from_rows`] gives the same report as [`super::rates()`].

use std::collections::BTreeMap;

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use sqlx::Row as _;

use super::rates::{Rate, RatesReport, assemble};
use super::{Period, count};
use crate::evaluation::Rating;
use crate::store::CLOCK_SUBJECT;

/// HL-RATES: the three rates of every unit in `period`, judged at `now`, read from the
/// clock and history rows (millions of them at a year's volume).
pub async fn rates_from_rows(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
    now: Instant,
) -> Result<RatesReport> {
    let response = response_counts(db, period, now).await?;
    let completion = completion_counts(db, period, now).await?;
    let satisfaction = satisfaction_counts(db, profile, period).await?;
    assemble(db, profile, period, [response, completion, satisfaction]).await
}

/// A clock concluded in time (`met`) by a withdrawal (HL-WITHDRAW) or a return (HL-RETURN, the
/// lead's whole order or an assisting unit's part): the `clock_stopped` history row of the same
/// order at the instant the row was concluded, written by one of those commands (the partial
/// index `hotline_events_returned` of migration 0009 answers it).
const STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN: &str = "(c.status = 'met' AND EXISTS (\
     SELECT 1 FROM hotline_events e WHERE e.order_id = CAST(c.subject_id AS BIGINT) \
     AND e.kind = 'clock_stopped' AND e.command IN ('return', 'withdraw') \
     AND e.at = c.concluded_at))";

/// HL-RATES 响应率 per unit: HL-SIGN clocks by dispatch (start) time, once concluded or past
/// their due. Responded: concluded in time (the unit's signature; in the rare case of an
/// assisting unit whose lead had its result approved before the assisting unit signed, that
/// approval). Not responded: breached however it stopped, or still open past its due. Left
/// out of both counts: cancelled clocks and clocks stopped in time by a withdrawal or a return:
/// the unit was never late and had nothing left to sign.
async fn response_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "SELECT c.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM clocks c WHERE c.rule_id = 'HL-SIGN' AND c.start_at >= $1 AND c.start_at < $2 \
         AND c.subject_type = $3 AND c.status <> 'cancelled' \
         AND (c.status IN ('met', 'breached') OR c.due_at < $4) \
         AND NOT {STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN} \
         GROUP BY c.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rates_by_unit(&rows)
}

/// HL-RATES 办结率 per unit: orders, not handling rounds. The order's deadlines are its lead
/// unit's HL-LIMITS clocks (one per handling round: HL-CALLBACK gives every redo a fresh one)
/// and its HL-HANG ledger clocks; each counts in the period of its **due in force**:
/// - a handling clock's stored due, which an approved extension already moved (HL-EXTEND);
/// - while the order is on the hanging ledger its handling clock is paused (CAL-PAUSE) and has
///   no due of its own: the ledger clock's due (the planned date) is the one in force, so the
///   paused clock is skipped; a clock paused only after it ran out stays overdue (CAL-PAUSE);
/// - the hotline centre's own HL-HANG clock (its decision on the application) is not a
///   deadline of the unit and is skipped.
///
/// A deadline counts once it is concluded or past its due; one concluded in time by a
/// withdrawal or a return is left out. Per period, an order counts once for its lead unit
/// however many of its deadlines fall in the period, and is on time when all of them were met.
async fn completion_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "SELECT o.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN o.late = 0 THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM (SELECT c.subject_id AS subject_id, c.unit_id AS unit_id, \
                 MAX(CASE WHEN c.status = 'met' THEN 0 ELSE 1 END) AS late \
               FROM clocks c \
               WHERE c.rule_id IN ('HL-LIMITS', 'HL-HANG') AND c.due_at >= $1 AND c.due_at < $2 \
               AND c.subject_type = $3 AND c.status <> 'cancelled' \
               AND (c.status IN ('met', 'breached') OR c.due_at < $4) \
               AND NOT {STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN} \
               AND NOT (c.rule_id = 'HL-HANG' \
                 AND c.unit_id IN (SELECT u.id FROM units u WHERE u.kind = 'hotline_centre')) \
               AND NOT (c.status = 'paused' AND c.rule_id = 'HL-LIMITS' AND EXISTS ( \
                 SELECT 1 FROM clocks z WHERE z.subject_type = $3 AND z.subject_id = c.subject_id \
                 AND z.rule_id = 'HL-LIMITS' AND z.unit_id = c.unit_id AND z.due_at = c.due_at \
                 AND z.status = 'paused' AND z.paused_since <= z.due_at)) \
               GROUP BY c.subject_id, c.unit_id) o \
         GROUP BY o.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rates_by_unit(&rows)
}

/// `unit_id`, `total`, `met` rows as rates per unit.
fn rates_by_unit(rows: &[sqlx::any::AnyRow]) -> Result<BTreeMap<i64, Rate>> {
    let mut counts = BTreeMap::new();
    for row in rows {
        let unit_id: i64 = row.try_get("unit_id")?;
        counts.insert(
            unit_id,
            Rate {
                numerator: count(row, "met")?,
                denominator: count(row, "total")?,
            },
        );
    }
    Ok(counts)
}

/// Callback ratings per lead unit: grouped by the history row's detail (a handful of
/// distinct values), parsed here.
async fn satisfaction_counts(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
) -> Result<BTreeMap<i64, Rate>> {
    let rows = sqlx::query(
        "SELECT o.lead_unit_id AS unit_id, e.detail AS detail, COUNT(*) AS n \
         FROM hotline_events e JOIN hotline_orders o ON o.id = e.order_id \
         WHERE e.kind = 'rated' AND e.at >= $1 AND e.at < $2 AND o.lead_unit_id IS NOT NULL \
         GROUP BY o.lead_unit_id, e.detail",
    )
    .bind(period.start().millis())
    .bind(period.end().millis())
    .fetch_all(&db.pool)
    .await?;
    let satisfied_to = if profile.evaluation.satisfaction_counts_basically_satisfied {
        3
    } else {
        2
    };
    let mut counts: BTreeMap<i64, Rate> = BTreeMap::new();
    for row in &rows {
        let unit_id: i64 = row.try_get("unit_id")?;
        let detail: String = row.try_get("detail")?;
        let n = count(row, "n")?;
        let value: serde_json::Value = serde_json::from_str(&detail)
            .map_err(|e| crate::store::unreadable("rated detail", e))?;
        let code = value.get("rating").and_then(|r| r.as_str()).unwrap_or("");
        let rating = Rating::ALL
            .into_iter()
            .find(|rating| format!("{rating:?}") == code)
            .ok_or_else(|| crate::store::unreadable("rating", code))?;
        let entry = counts.entry(unit_id).or_default();
        entry.denominator += n;
        if rating.level() <= satisfied_to {
            entry.numerator += n;
        }
    }
    Ok(counts)
}
