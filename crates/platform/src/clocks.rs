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

fn pauses_json(clock: &Clock) -> Result<String> {
    let records: Vec<PauseRecord> = clock
        .pauses()
        .iter()
        .map(|pause| PauseRecord {
            from: pause.from.millis(),
            until: pause.until.map(Instant::millis),
            reason: pause.reason.clone(),
        })
        .collect();
    Ok(serde_json::to_string(&records).map_err(anyhow::Error::from)?)
}

fn extensions_json(clock: &Clock) -> Result<String> {
    let records: Vec<ExtensionRecord> = clock
        .extensions()
        .iter()
        .map(|extension| ExtensionRecord {
            amount: extension.amount.to_string(),
            reason: extension.reason.clone(),
        })
        .collect();
    Ok(serde_json::to_string(&records).map_err(anyhow::Error::from)?)
}

fn stored_error(id: i64, what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!(
        "clock {id}: stored {what} unreadable: {error}"
    ))
}

fn clock_from_parts(
    id: i64,
    start: i64,
    limit: &str,
    pauses: &str,
    extensions: &str,
) -> Result<Clock> {
    let limit: Limit = limit.parse().map_err(|e| stored_error(id, "limit", e))?;
    let pauses: Vec<PauseRecord> =
        serde_json::from_str(pauses).map_err(|e| stored_error(id, "pauses", e))?;
    let extensions: Vec<ExtensionRecord> =
        serde_json::from_str(extensions).map_err(|e| stored_error(id, "extensions", e))?;
    let pauses = pauses
        .into_iter()
        .map(|record| Pause {
            from: Instant::from_millis(record.from),
            until: record.until.map(Instant::from_millis),
            reason: record.reason,
        })
        .collect();
    let extensions = extensions
        .into_iter()
        .map(|record| {
            Ok(Extension {
                amount: record
                    .amount
                    .parse()
                    .map_err(|e| stored_error(id, "extension", e))?,
                reason: record.reason,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Clock::from_parts(Instant::from_millis(start), limit, pauses, extensions)
        .map_err(|e| stored_error(id, "clock", e))
}

const COLUMNS: &str = "id, subject_type, subject_id, rule_id, unit_id, start_at, limit_text, due_at, \
     yellow_at, pauses, extensions, light, status, concluded_at, provisional, created_at, updated_at";

fn light_of(code: &str) -> Result<Light> {
    [Light::Green, Light::Yellow, Light::Red]
        .into_iter()
        .find(|light| light.code() == code)
        .ok_or_else(|| Error::invalid(format!("未知的灯色“{code}”")))
}

fn clock_from_row(row: &sqlx::any::AnyRow) -> Result<StoredClock> {
    let id: i64 = row.try_get("id")?;
    let limit: String = row.try_get("limit_text")?;
    let pauses: String = row.try_get("pauses")?;
    let extensions: String = row.try_get("extensions")?;
    let light: String = row.try_get("light")?;
    let status: String = row.try_get("status")?;
    let instant = |column: &str| -> Result<Option<Instant>> {
        Ok(row
            .try_get::<Option<i64>, _>(column)?
            .map(Instant::from_millis))
    };
    Ok(StoredClock {
        id,
        subject_type: row.try_get("subject_type")?,
        subject_id: row.try_get("subject_id")?,
        rule_id: row.try_get("rule_id")?,
        unit_id: row.try_get("unit_id")?,
        clock: clock_from_parts(id, row.try_get("start_at")?, &limit, &pauses, &extensions)?,
        due_at: Instant::from_millis(row.try_get("due_at")?),
        yellow_at: instant("yellow_at")?,
        light: light_of(&light)?,
        status: ClockStatus::parse(&status)?,
        concluded_at: instant("concluded_at")?,
        provisional: flag(row.try_get("provisional")?),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What is stored beside the clock's parts.
struct Derived {
    due_at: Instant,
    yellow_at: Option<Instant>,
    light: Light,
    provisional: bool,
}

/// The earliest instant at which a running clock's light is no longer green, by bisecting
/// `Clock::light` between the last resumption and just after the due instant (where it is
/// red). Monotonic because a running clock has no pause ahead of its last resumption.
fn yellow_instant(clock: &Clock, calendar: &Calendar, rule: &LightRule, due: Instant) -> Instant {
    let resumed = clock
        .pauses()
        .iter()
        .filter_map(|pause| pause.until)
        .max()
        .unwrap_or(clock.start());
    let mut low = resumed.max(clock.start()).millis();
    if clock.light(calendar, Instant::from_millis(low), rule) != Light::Green {
        return Instant::from_millis(low);
    }
    let mut high = due.millis().saturating_add(1).max(low + 1);
    // light(low) is green, light(high) is not.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if clock.light(calendar, Instant::from_millis(middle), rule) == Light::Green {
            low = middle;
        } else {
            high = middle;
        }
    }
    Instant::from_millis(high)
}

fn derive(clock: &Clock, calendar: &Calendar, rule: &LightRule, now: Instant) -> Derived {
    let due = clock.due(calendar);
    let yellow_at = (!clock.is_paused()).then(|| yellow_instant(clock, calendar, rule, due.at));
    Derived {
        due_at: due.at,
        yellow_at,
        light: clock.light(calendar, now, rule),
        provisional: due.provisional,
    }
}

fn clock_error(error: calendar::ClockError) -> Error {
    Error::invalid(error.to_string())
}

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
#[allow(clippy::too_many_arguments)]
pub async fn extend(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    amount: Limit,
    reason: &str,
    calendar: &Calendar,
    profile: &RuleProfile,
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

/// The sweep (CAL-LIGHT): running clocks whose stored light would change at `now` — green
/// past `yellow_at`, or not yet red past `due_at` — most urgent first, `batch` per
/// transaction. Each light is recomputed by `Clock::light` and written only when it differs
/// (and still is what was read), so a second run at the same `now` changes nothing. Returns
/// the changes, for the jobs that remind and escalate.
pub async fn refresh_lights(
    db: &Db,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    batch: i64,
) -> Result<Vec<LightChange>> {
    let rule = light_rule(profile);
    let batch = batch.clamp(1, 10_000);
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE status = 'running' \
         AND ((light = 'green' AND yellow_at <= $1) OR (light <> 'red' AND due_at < $1)) \
         AND (due_at > $2 OR (due_at = $2 AND id > $3)) \
         ORDER BY due_at, id LIMIT $4"
    );
    let mut changes = Vec::new();
    let (mut after_due, mut after_id) = (i64::MIN, 0i64);
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(now.millis())
            .bind(after_due)
            .bind(after_id)
            .bind(batch)
            .fetch_all(&db.pool)
            .await?;
        let n_rows = rows.len();
        let mut tx = db.begin().await?;
        for row in &rows {
            let stored = clock_from_row(row)?;
            (after_due, after_id) = (stored.due_at.millis(), stored.id);
            let light = stored.clock.light(calendar, now, &rule);
            let yellow_at = yellow_instant(&stored.clock, calendar, &rule, stored.due_at);
            let written = sqlx::query(
                "UPDATE clocks SET light = $1, yellow_at = $2, updated_at = $3 \
                 WHERE id = $4 AND status = 'running' AND light = $5",
            )
            .bind(light.code())
            .bind(yellow_at.millis())
            .bind(now.millis())
            .bind(stored.id)
            .bind(stored.light.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if written == 1 && light != stored.light {
                changes.push(LightChange {
                    clock_id: stored.id,
                    subject_type: stored.subject_type,
                    subject_id: stored.subject_id,
                    rule_id: stored.rule_id,
                    unit_id: stored.unit_id,
                    from: stored.light,
                    to: light,
                    due_at: stored.due_at,
                });
            }
        }
        tx.commit().await?;
        if i64::try_from(n_rows).unwrap_or(0) < batch {
            break;
        }
    }
    if !changes.is_empty() {
        tracing::info!(n_changed = changes.len(), "clock lights refreshed");
    }
    Ok(changes)
}

/// Recomputes the open clocks marked provisional after the calendar changed (a year was
/// imported or a day edited): due, yellow instant, light and the provisional flag. Returns
/// how many were rewritten.
pub async fn recompute_provisional(
    db: &Db,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<u64> {
    let rule = light_rule(profile);
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE provisional = 1 AND status IN ('running', 'paused') \
         ORDER BY due_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    let mut tx = db.begin().await?;
    let mut rewritten = 0;
    for row in &rows {
        let stored = clock_from_row(row)?;
        let derived = derive(&stored.clock, calendar, &rule, now);
        store(
            &mut tx,
            &stored,
            &stored.clock,
            stored.status,
            &derived,
            None,
            now,
        )
        .await?;
        rewritten += 1;
    }
    tx.commit().await?;
    Ok(rewritten)
}

/// Open clocks whose stored light is red (overdue), of one unit or all, most overdue first.
pub async fn overdue(db: &Db, unit_id: Option<i64>) -> Result<Vec<StoredClock>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE status IN ('running', 'paused') AND light = 'red' \
         AND ($1 = 0 OR unit_id = $1) ORDER BY due_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit_id.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(clock_from_row).collect()
}

/// Every clock of one subject, oldest first.
pub async fn by_subject(db: &Db, subject_type: &str, subject_id: &str) -> Result<Vec<StoredClock>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE subject_type = $1 AND subject_id = $2 ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(clock_from_row).collect()
}
