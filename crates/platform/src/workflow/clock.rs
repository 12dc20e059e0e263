//! The kernel's clock vocabulary (CAL-DUE, CAL-PAUSE, CAL-LIGHT): what a command did to a
//! subject's clocks, applied to the shared clock table in the caller's transaction, and the
//! live light of a stored clock at `now`. A domain's machine keeps its own clock kinds; it
//! names the row a change concerns by [`ClockRef`] (rule, unit, start, limit), which is how
//! the row was started.

use calendar::{Calendar, Instant, Light, Limit};

use crate::audit::AuditActor;
use crate::clocks::{self, ClockStatus, NewClock, WINDOW_RULES};
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::profile::RuleProfile;
use sqlx::Row as _;

/// Which clock row of a subject: the rule it enforces, the responsible unit, and the start
/// and limit it was started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockRef<'a> {
    pub rule: &'a str,
    pub unit_id: i64,
    pub start: Instant,
    pub limit: Limit,
}

/// What happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange<'a> {
    /// A new clock from `start` with `limit`.
    Start,
    /// Concluded at `at` (met or breached by its due instant).
    Stop { at: Instant },
    /// Paused at `at` (CAL-PAUSE: every pause has a reason).
    Pause { at: Instant, reason: &'a str },
    /// Resumed at `at`: the due instant moves by the paused working time.
    Resume { at: Instant },
    /// `amount` added to the due instant, with the reason.
    Extend { amount: Limit, reason: &'a str },
}

/// One change of one clock of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockEvent<'a> {
    /// `order`, `case`, …: the subject kind as the clock table stores it.
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub clock: ClockRef<'a>,
    pub change: ClockChange<'a>,
}

/// The open row a change concerns.
async fn open_row(tx: &mut Tx, event: &ClockEvent<'_>) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM clocks WHERE subject_type = $1 AND subject_id = $2 AND rule_id = $3 \
         AND unit_id = $4 AND start_at = $5 AND limit_text = $6 \
         AND status IN ('running', 'paused') ORDER BY id LIMIT 1",
    )
    .bind(event.subject_type)
    .bind(event.subject_id)
    .bind(event.clock.rule)
    .bind(event.clock.unit_id)
    .bind(event.clock.start.millis())
    .bind(event.clock.limit.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        Some(row) => Some(row.try_get("id")?),
        None => None,
    })
}

fn missing(event: &ClockEvent<'_>) -> Error {
    Error::Unexpected(anyhow::anyhow!(
        "clock row of {} {} ({} unit {} from {}) is missing",
        event.subject_type,
        event.subject_id,
        event.clock.rule,
        event.clock.unit_id,
        event.clock.start.millis()
    ))
}

/// Applies one clock event in the caller's transaction: a start inserts the row, every other
/// change finds the open row it concerns and stores the change with its audit row (pause,
/// resume, extend). A stop of a permission window the sweep already closed at its due
/// instant (`WINDOW_RULES`) is a no-op; any other missing row is an error, so the command's
/// transaction rolls back rather than leave the table disagreeing with the snapshot.
#[allow(clippy::too_many_arguments)]
pub async fn apply_clock_event(
    tx: &mut Tx,
    actor: &AuditActor,
    event: &ClockEvent<'_>,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<()> {
    if event.change == ClockChange::Start {
        let new = NewClock {
            subject_type: event.subject_type.into(),
            subject_id: event.subject_id.into(),
            rule_id: event.clock.rule.into(),
            unit_id: event.clock.unit_id,
            start: event.clock.start,
            limit: event.clock.limit,
        };
        clocks::start(tx, None, new, calendar, profile, now).await?;
        return Ok(());
    }
    let Some(id) = open_row(tx, event).await? else {
        let closed_window = matches!(event.change, ClockChange::Stop { .. })
            && WINDOW_RULES.contains(&event.clock.rule);
        return if closed_window {
            Ok(())
        } else {
            Err(missing(event))
        };
    };
    match event.change {
        ClockChange::Start => {}
        ClockChange::Stop { at } => {
            clocks::conclude(tx, None, id, at, calendar, profile).await?;
        }
        ClockChange::Pause { at, reason } => {
            clocks::pause(tx, actor, id, at, reason, calendar, profile).await?;
        }
        ClockChange::Resume { at } => {
            clocks::resume(tx, actor, id, at, calendar, profile).await?;
        }
        ClockChange::Extend { amount, reason } => {
            clocks::extend(tx, actor, id, amount, reason, calendar, profile, now).await?;
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
