//! The one clock table of every deadline (invariant 4; CAL-DUE, CAL-PAUSE, CAL-LIGHT): a
//! domain starts a clock in the transaction that creates its subject; pauses, resumptions,
//! extensions and conclusions are stored with their audit row; `refresh_lights` is the
//! idempotent sweep that turns clocks yellow and red.
//!
//! All arithmetic is `calendar::Clock`'s: a row is rebuilt with `Clock::from_parts` and the
//! stored `due_at`, `yellow_at`, `light` and `provisional` are what it answers. `yellow_at`
//! (when a running clock turns yellow) is found by bisecting `Clock::light`, which is
//! monotonic for a running clock, so the sweep selects by two indexed ranges.

use calendar::{Calendar, Clock, Extension, Instant, Light, LightRule, Limit, Pause};
use serde::{Deserialize, Serialize};
use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx, flag};
use crate::error::{Error, Result};
use crate::profile::RuleProfile;

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockStatus {
    Running,
    Paused,
    /// Concluded at or before its due instant.
    Met,
    /// Concluded after its due instant.
    Breached,
    /// The subject was withdrawn or the limit no longer applies.
    Cancelled,
}

impl ClockStatus {
    pub const fn code(self) -> &'static str {
        match self {
            ClockStatus::Running => "running",
            ClockStatus::Paused => "paused",
            ClockStatus::Met => "met",
            ClockStatus::Breached => "breached",
            ClockStatus::Cancelled => "cancelled",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            ClockStatus::Running => "计时中",
            ClockStatus::Paused => "已暂停",
            ClockStatus::Met => "按时办结",
            ClockStatus::Breached => "超期办结",
            ClockStatus::Cancelled => "已撤销",
        }
    }

    pub fn parse(code: &str) -> Result<ClockStatus> {
        [
            ClockStatus::Running,
            ClockStatus::Paused,
            ClockStatus::Met,
            ClockStatus::Breached,
            ClockStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| status.code() == code)
        .ok_or_else(|| Error::invalid(format!("未知的计时状态“{code}”")))
    }

    /// Running or paused: the clock can still change.
    pub const fn is_open(self) -> bool {
        matches!(self, ClockStatus::Running | ClockStatus::Paused)
    }
}

/// A clock to start.
#[derive(Debug, Clone)]
pub struct NewClock {
    /// `hotline_order`, `service_case`, `disclosure_application`, …
    pub subject_type: String,
    pub subject_id: String,
    /// The rule that sets the limit, e.g. `HL-SIGN`.
    pub rule_id: String,
    /// The responsible unit.
    pub unit_id: i64,
    pub start: Instant,
    pub limit: Limit,
}

/// A stored clock with what the calendar answered for it when it was last written.
#[derive(Debug, Clone)]
pub struct StoredClock {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: String,
    pub rule_id: String,
    pub unit_id: i64,
    pub clock: Clock,
    pub due_at: Instant,
    /// When a running clock turns yellow; `None` while paused or concluded.
    pub yellow_at: Option<Instant>,
    pub light: Light,
    pub status: ClockStatus,
    pub concluded_at: Option<Instant>,
    /// The due instant lies in a year without an imported schedule (weekends only).
    pub provisional: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A light the sweep changed, for the jobs that remind and escalate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightChange {
    pub clock_id: i64,
    pub subject_type: String,
    pub subject_id: String,
    pub rule_id: String,
    pub unit_id: i64,
    pub from: Light,
    pub to: Light,
    pub due_at: Instant,
}

/// The CAL-LIGHT threshold of the rule profile.
pub fn light_rule(profile: &RuleProfile) -> LightRule {
    LightRule {
        yellow_percent: profile.calendar.yellow_percent,
        yellow_working_days: profile.calendar.yellow_working_days,
    }
}

#[derive(Serialize, Deserialize)]
struct PauseRecord {
    from: i64,
    until: Option<i64>,
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct ExtensionRecord {
    amount: String,
    reason: String,
}

mod row;
mod sweep;

pub(crate) use row::light_of;
use row::*;
pub use sweep::{
    WINDOW_RULES, by_subject, close_windows, overdue, recompute_provisional, refresh_lights,
};

/// Starts a clock (CAL-DUE) in the caller's transaction; audited when an actor is given
/// (a domain usually records its own event for the subject and passes `None`).
pub async fn start(
    tx: &mut Tx,
    actor: Option<&AuditActor>,
    new: NewClock,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<i64> {
    if new.subject_type.trim().is_empty() || new.subject_id.trim().is_empty() {
        return Err(Error::invalid("计时对象的类型和编号不能为空"));
    }
    if new.rule_id.trim().is_empty() {
        return Err(Error::invalid("计时必须注明所依据的规则编号，如 HL-SIGN"));
    }
    let clock = Clock::new(new.start, new.limit);
    let derived = derive(&clock, calendar, &light_rule(profile), now);
    let row = sqlx::query(
        "INSERT INTO clocks (subject_type, subject_id, rule_id, unit_id, start_at, limit_text, due_at, \
         yellow_at, paused_since, pauses, extensions, light, status, concluded_at, provisional, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '[]', '[]', $9, 'running', NULL, $10, $11, $11) \
         RETURNING id",
    )
    .bind(new.subject_type.trim())
    .bind(new.subject_id.trim())
    .bind(new.rule_id.trim())
    .bind(new.unit_id)
    .bind(new.start.millis())
    .bind(new.limit.to_string())
    .bind(derived.due_at.millis())
    .bind(derived.yellow_at.map(Instant::millis))
    .bind(derived.light.code())
    .bind(i64::from(derived.provisional))
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    if let Some(actor) = actor {
        audit::record(
            tx,
            actor,
            AuditEvent::new("clock.start", "clock", id).detail(format!(
                "{} {}#{}：时限{}，自 {} 起，{} 到期",
                new.rule_id,
                new.subject_type,
                new.subject_id,
                new.limit.label_zh(),
                new.start,
                derived.due_at
            )),
            now.millis(),
        )
        .await?;
    }
    Ok(id)
}

/// One clock.
pub async fn get(db: &Db, id: i64) -> Result<StoredClock> {
    let sql = format!("SELECT {COLUMNS} FROM clocks WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("计时 {id}")))?;
    clock_from_row(&row)
}

async fn get_in(tx: &mut Tx, id: i64) -> Result<StoredClock> {
    let sql = format!("SELECT {COLUMNS} FROM clocks WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("计时 {id}")))?;
    clock_from_row(&row)
}

/// Writes a changed clock back. The update matches the status and parts read before, so a
/// concurrent change of the same clock (another node) is a conflict, never a lost update.
async fn store(
    tx: &mut Tx,
    before: &StoredClock,
    clock: &Clock,
    status: ClockStatus,
    derived: &Derived,
    concluded_at: Option<Instant>,
    now: Instant,
) -> Result<()> {
    let paused_since = clock
        .pauses()
        .last()
        .filter(|pause| pause.until.is_none())
        .map(|pause| pause.from.millis());
    let yellow_at = if status == ClockStatus::Running {
        derived.yellow_at.map(Instant::millis)
    } else {
        None
    };
    let changed = sqlx::query(
        "UPDATE clocks SET due_at = $1, yellow_at = $2, paused_since = $3, pauses = $4, \
         extensions = $5, light = $6, status = $7, concluded_at = $8, provisional = $9, \
         updated_at = $10 \
         WHERE id = $11 AND status = $12 AND pauses = $13 AND extensions = $14",
    )
    .bind(derived.due_at.millis())
    .bind(yellow_at)
    .bind(paused_since)
    .bind(pauses_json(clock)?)
    .bind(extensions_json(clock)?)
    .bind(derived.light.code())
    .bind(status.code())
    .bind(concluded_at.map(Instant::millis))
    .bind(i64::from(derived.provisional))
    .bind(now.millis())
    .bind(before.id)
    .bind(before.status.code())
    .bind(pauses_json(&before.clock)?)
    .bind(extensions_json(&before.clock)?)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该计时刚被他人修改，请刷新后重试"));
    }
    Ok(())
}

fn subject_of(clock: &StoredClock) -> String {
    format!(
        "{} {}#{}",
        clock.rule_id, clock.subject_type, clock.subject_id
    )
}

fn require_status(clock: &StoredClock, allowed: &[ClockStatus], command: &str) -> Result<()> {
    if allowed.contains(&clock.status) {
        Ok(())
    } else {
        Err(Error::InvalidTransition {
            from: clock.status.label_zh().into(),
            command: command.into(),
        })
    }
}

/// Pauses a running clock at `at` (CAL-PAUSE): the reason is required and audited; the light
/// is frozen until it resumes.
pub async fn pause(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    at: Instant,
    reason: &str,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> Result<StoredClock> {
    let before = get_in(tx, id).await?;
    require_status(&before, &[ClockStatus::Running], "暂停")?;
    let mut clock = before.clock.clone();
    clock.pause(at, reason.trim()).map_err(clock_error)?;
    let derived = derive(&clock, calendar, &light_rule(profile), at);
    store(tx, &before, &clock, ClockStatus::Paused, &derived, None, at).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("clock.pause", "clock", id).detail(format!(
            "{}：自 {at} 暂停计时，原因：{}",
            subject_of(&before),
            reason.trim()
        )),
        at.millis(),
    )
    .await?;
    get_in(tx, id).await
}

/// Resumes a paused clock at `at` (CAL-PAUSE): the due instant moves by exactly the paused
/// time. Audited.
pub async fn resume(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    at: Instant,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> Result<StoredClock> {
    let before = get_in(tx, id).await?;
    require_status(&before, &[ClockStatus::Paused], "恢复计时")?;
    let mut clock = before.clock.clone();
    clock.resume(at).map_err(clock_error)?;
    let derived = derive(&clock, calendar, &light_rule(profile), at);
    store(
        tx,
        &before,
        &clock,
        ClockStatus::Running,
        &derived,
        None,
        at,
    )
    .await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("clock.resume", "clock", id).detail(format!(
            "{}：{at} 恢复计时，到期时间由 {} 顺延至 {}",
            subject_of(&before),
            before.due_at,
            derived.due_at
        )),
        at.millis(),
    )
    .await?;
    get_in(tx, id).await
}

/// Extends an open clock's limit by `amount` (same unit) for `reason`. Audited.
pub async fn extend(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    (amount, reason): (Limit, &str),
    (calendar, profile): (&Calendar, &RuleProfile),
    now: Instant,
) -> Result<StoredClock> {
    let before = get_in(tx, id).await?;
    require_status(
        &before,
        &[ClockStatus::Running, ClockStatus::Paused],
        "延期",
    )?;
    let mut clock = before.clock.clone();
    clock.extend(amount, reason.trim()).map_err(clock_error)?;
    let derived = derive(&clock, calendar, &light_rule(profile), now);
    store(tx, &before, &clock, before.status, &derived, None, now).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("clock.extend", "clock", id).detail(format!(
            "{}：延期{}，原因：{}；到期时间由 {} 改为 {}",
            subject_of(&before),
            amount.label_zh(),
            reason.trim(),
            before.due_at,
            derived.due_at
        )),
        now.millis(),
    )
    .await?;
    get_in(tx, id).await
}

/// Concludes an open clock at `at`: met when at or before its due instant (paused time not
/// counted), breached otherwise. Audited when an actor is given.
pub async fn conclude(
    tx: &mut Tx,
    actor: Option<&AuditActor>,
    id: i64,
    at: Instant,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> Result<ClockStatus> {
    let before = get_in(tx, id).await?;
    require_status(
        &before,
        &[ClockStatus::Running, ClockStatus::Paused],
        "办结",
    )?;
    let clock = before.clock.clone();
    let status = if clock.is_met(calendar, at) {
        ClockStatus::Met
    } else {
        ClockStatus::Breached
    };
    let derived = derive(&clock, calendar, &light_rule(profile), at);
    store(tx, &before, &clock, status, &derived, Some(at), at).await?;
    if let Some(actor) = actor {
        audit::record(
            tx,
            actor,
            AuditEvent::new("clock.conclude", "clock", id).detail(format!(
                "{}：{at} 办结，{}（到期 {}）",
                subject_of(&before),
                status.label_zh(),
                derived.due_at
            )),
            at.millis(),
        )
        .await?;
    }
    Ok(status)
}

/// Cancels an open clock (the subject was withdrawn). Audited.
pub async fn cancel(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    reason: &str,
    now: Instant,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("撤销计时必须填写原因"));
    }
    let before = get_in(tx, id).await?;
    require_status(
        &before,
        &[ClockStatus::Running, ClockStatus::Paused],
        "撤销",
    )?;
    let derived = Derived {
        due_at: before.due_at,
        yellow_at: None,
        light: before.light,
        provisional: before.provisional,
    };
    store(
        tx,
        &before,
        &before.clock,
        ClockStatus::Cancelled,
        &derived,
        Some(now),
        now,
    )
    .await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("clock.cancel", "clock", id).detail(format!(
            "{}：撤销计时，原因：{}",
            subject_of(&before),
            reason.trim()
        )),
        now.millis(),
    )
    .await?;
    Ok(())
}
