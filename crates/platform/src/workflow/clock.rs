//! The kernel's clock table side (CAL-DUE, CAL-PAUSE, CAL-LIGHT): a subject's
//! [`ClockEvent`]s (the pure vocabulary of [`super::machine`]) applied to the shared clock
//! table in the caller's transaction, and the live light of a stored clock at `now`. The row a
//! change concerns is found as it was started: subject, rule, unit, start and limit.

use calendar::{Calendar, Instant, Light};

use super::counters::{self, Counting};
use super::machine::{ClockChange, ClockEvent, ClockRule};
use crate::audit::AuditActor;
use crate::clocks::{self, ClockStatus, NewClock, WINDOW_RULES};
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::profile::RuleProfile;
use sqlx::Row as _;

/// Which subject's clocks: its kind's code in the clock table (`order`, `case`, …), its id,
/// the unit a clock without one is filed under (the hotline centre, the department), and the
/// command that changes them with what the kind counts (issue 11 point 7: counters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSubject<'a> {
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub default_unit: i64,
    /// The command's stored code (`sign`, `return` …).
    pub command: &'a str,
    pub counting: &'a Counting,
}

/// The open row a change concerns.
async fn open_row<K: ClockRule>(
    tx: &mut Tx,
    subject: &ClockSubject<'_>,
    unit_id: i64,
    event: &ClockEvent<K>,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM clocks WHERE subject_type = $1 AND subject_id = $2 AND rule_id = $3 \
         AND unit_id = $4 AND start_at = $5 AND limit_text = $6 \
         AND status IN ('running', 'paused') ORDER BY id LIMIT 1",
    )
    .bind(subject.subject_type)
    .bind(subject.subject_id)
    .bind(event.kind.rule_id())
    .bind(unit_id)
    .bind(event.start.millis())
    .bind(event.limit.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        Some(row) => Some(row.try_get("id")?),
        None => None,
    })
}

/// Applies one clock event of `subject` in the caller's transaction: a start inserts the row,
/// every other change finds the open row it concerns and stores the change with its audit
/// row (pause, resume, extend); a start and a stop keep the unit's counters
/// ([`counters::clock_started`], [`counters::clock_stopped`] with `conclude`'s verdict). A
/// stop of a permission window the sweep already closed at its
/// due instant (`WINDOW_RULES`) is a no-op; any other missing row is an error, so the
/// command's transaction rolls back rather than leave the table disagreeing with the snapshot.
pub async fn apply_clock_event<K: ClockRule>(
    tx: &mut Tx,
    actor: &AuditActor,
    subject: &ClockSubject<'_>,
    event: &ClockEvent<K>,
    (calendar, profile): (&Calendar, &RuleProfile),
    now: Instant,
) -> Result<()> {
    let rule = event.kind.rule_id();
    let unit_id = event.unit.map_or(subject.default_unit, |unit| unit.0);
    if let ClockChange::Started { .. } = event.change {
        let new = NewClock {
            subject_type: subject.subject_type.into(),
            subject_id: subject.subject_id.into(),
            rule_id: rule.into(),
            unit_id,
            start: event.start,
            limit: event.limit,
        };
        clocks::start(tx, None, new, calendar, profile, now).await?;
        counters::clock_started(tx, subject.subject_type, unit_id, rule, event.start).await?;
        return Ok(());
    }
    let Some(id) = open_row(tx, subject, unit_id, event).await? else {
        let closed_window =
            matches!(event.change, ClockChange::Stopped { .. }) && WINDOW_RULES.contains(&rule);
        return if closed_window {
            Ok(())
        } else {
            Err(Error::Unexpected(anyhow::anyhow!(
                "clock row of {} {} ({rule} unit {unit_id} from {}) is missing",
                subject.subject_type,
                subject.subject_id,
                event.start.millis()
            )))
        };
    };
    match &event.change {
        ClockChange::Started { .. } => {}
        ClockChange::Stopped { at, .. } => {
            clocks::conclude(tx, None, id, *at, calendar, profile).await?;
            counters::clock_stopped(tx, subject.counting, subject.command, id).await?;
        }
        ClockChange::Paused { at, reason, .. } => {
            clocks::pause(tx, actor, id, *at, reason, calendar, profile).await?;
        }
        ClockChange::Resumed { at, .. } => {
            clocks::resume(tx, actor, id, *at, calendar, profile).await?;
        }
        ClockChange::Extended { amount, reason, .. } => {
            clocks::extend(tx, actor, id, (*amount, reason), (calendar, profile), now).await?;
        }
    }
    Ok(())
}

/// CAL-LIGHT of a stored clock at `now`, from its stored due and yellow instants (the sweep
/// that stores `light` may lag a minute): running is red past its due instant and yellow
/// from `yellow_at`; a paused clock keeps the light it had; a concluded one keeps its last.
pub fn live_light(
    status: ClockStatus,
    stored: Light,
    due_at: i64,
    yellow_at: Option<i64>,
    now: Instant,
) -> Light {
    if status != ClockStatus::Running {
        return stored;
    }
    if now.millis() > due_at {
        Light::Red
    } else if yellow_at.is_some_and(|yellow| yellow <= now.millis()) {
        Light::Yellow
    } else {
        Light::Green
    }
}

/// [`live_light`] of a clock row read as text (`status`, `light` columns).
pub fn live_light_of_row(
    status: &str,
    stored: &str,
    due_at: i64,
    yellow_at: Option<i64>,
    now: Instant,
) -> Result<Light> {
    let status = ClockStatus::parse(status)?;
    let stored = clocks::light_of(stored)?;
    Ok(live_light(status, stored, due_at, yellow_at, now))
}

/// CAL-LIGHT in SQL, the same rule as [`live_light`] for counting: the `red` and `yellow`
/// sums over clock rows aliased `c`, with `$1` the instant in milliseconds.
pub const LIGHT_COUNTS_SQL: &str = "\
    SUM(CASE WHEN (c.status = 'running' AND c.due_at < $1) \
        OR (c.status = 'paused' AND c.light = 'red') THEN 1 ELSE 0 END) AS red, \
    SUM(CASE WHEN (c.status = 'running' AND c.due_at >= $1 AND c.yellow_at <= $1) \
        OR (c.status = 'paused' AND c.light = 'yellow') THEN 1 ELSE 0 END) AS yellow";

#[cfg(test)]
mod tests {
    use super::*;

    /// CAL-LIGHT: the live light of each status at, before and after the stored instants.
    #[test]
    fn cal_light_live_light_follows_the_stored_instants() {
        let due = 10_000;
        let yellow = Some(8_000);
        let cases = [
            (ClockStatus::Running, Light::Green, 7_999, Light::Green),
            (ClockStatus::Running, Light::Green, 8_000, Light::Yellow),
            (ClockStatus::Running, Light::Green, 10_000, Light::Yellow),
            (ClockStatus::Running, Light::Yellow, 10_001, Light::Red),
            (ClockStatus::Paused, Light::Yellow, 20_000, Light::Yellow),
            (ClockStatus::Met, Light::Green, 20_000, Light::Green),
        ];
        for (status, stored, now, expected) in cases {
            let got = live_light(status, stored, due, yellow, Instant::from_millis(now));
            assert_eq!(got, expected, "{status:?} at {now}");
        }
    }
}
