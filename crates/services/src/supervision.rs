//! The services e-supervision job (SVC-PROMISE, OPS-ESUPERVISE, CAL-LIGHT; style.md "Jobs are
//! idempotent scans"), run every minute like the hotline's: (1) every accepted case past its
//! promised time and not yet flagged gets `Command::FlagOverdue` through the one command path
//! [`crate::usecase::execute_case`] (which records 超期办件 and tells supervision) — once, as
//! the command is refused once flagged; (2) every case clock that turned yellow within the
//! last day gets one reminder to its unit's handlers and window clerks (in-app and SMS),
//! recorded as a `reminded` history row of the case, so that a second run sends nothing.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::audit::AuditActor;
use platform::db::{Db, Tx};
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::roles::Role;
use sqlx::Row as _;

use crate::CaseId;
use crate::case::Command;
use crate::store::cases;
use crate::usecase::execute_case;

/// How far back a clock's turning yellow is still reminded of (a scan missed for longer, e.g.
/// while the service was down, no longer sends a "soon due" reminder).
pub const REMIND_LOOKBACK_MS: i64 = 86_400_000;

/// What one scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Cases flagged 超期办件.
    pub n_flagged: usize,
    /// Clocks reminded of.
    pub n_reminders: usize,
    /// Messages written to the outbox (in-app and SMS).
    pub n_messages: usize,
}

fn actor() -> AuditActor {
    AuditActor::system("services-supervision")
}

/// SVC-PROMISE, OPS-ESUPERVISE: the idempotent scan at `now`, `batch` rows per query.
pub async fn scan(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    batch: i64,
) -> Result<ScanReport> {
    let batch = batch.clamp(1, 10_000);
    let mut report = ScanReport::default();
    flag_overdue(db, key, calendar, profile, now, batch, &mut report).await?;
    remind_yellow(db, key, now, batch, &mut report).await?;
    if report != ScanReport::default() {
        tracing::info!(
            n_flagged = report.n_flagged,
            n_reminders = report.n_reminders,
            n_messages = report.n_messages,
            "services supervision scan"
        );
    }
    Ok(report)
}

/// Cases with an open promised clock past its stored due time and no flag, after `after`.
async fn overdue_candidates(db: &Db, now: Instant, after: i64, batch: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT DISTINCT s.id FROM clocks k JOIN svc_cases s ON s.id = CAST(k.subject_id AS BIGINT) \
         WHERE k.subject_type = 'case' AND k.rule_id = 'SVC-PROMISE' \
         AND k.status IN ('running', 'paused') AND k.due_at < $1 \
         AND s.overdue_at IS NULL AND s.id > $2 ORDER BY s.id LIMIT $3",
    )
    .bind(now.millis())
    .bind(after)
    .bind(batch)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}

async fn flag_overdue(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    batch: i64,
    report: &mut ScanReport,
) -> Result<()> {
    let mut after = 0;
    loop {
        let ids = overdue_candidates(db, now, after, batch).await?;
        for id in &ids {
            after = *id;
            let stored = cases::get(db, CaseId(*id)).await?;
            let case = &stored.case;
            if case.overdue_flagged.is_some()
                || !case.status.under_promise()
                || !case.is_overdue(calendar, now)
            {
                continue;
            }
            let outcome = execute_case(
                db,
                &platform::workflow::Context::new(key, &actor(), calendar, profile, now),
                stored.id,
                Command::FlagOverdue,
                Some(stored.version),
            )
            .await;
            match outcome {
                Ok(_) => report.n_flagged += 1,
                // A concurrent change: the next scan looks again.
                Err(error) => {
                    tracing::warn!(case.id = %stored.id, error = %error, "overdue flag refused; retried next scan");
                }
            }
        }
        if i64::try_from(ids.len()).unwrap_or(0) < batch {
            return Ok(());
        }
    }
}

/// The history detail that marks a clock as reminded of.
fn reminded_detail(clock_id: i64) -> String {
    format!("{{\"clock\":{clock_id}}}")
}

struct YellowClock {
    clock_id: i64,
    case_id: i64,
    rule_id: String,
    unit_id: i64,
    due_at: i64,
    yellow_at: i64,
}

async fn yellow_batch(
    db: &Db,
    now: Instant,
    after: (i64, i64),
    batch: i64,
) -> Result<Vec<YellowClock>> {
    let rows = sqlx::query(
        "SELECT k.id, k.subject_id, k.rule_id, k.unit_id, k.due_at, k.yellow_at FROM clocks k \
         WHERE k.status = 'running' AND k.yellow_at <= $1 AND k.yellow_at > $2 \
         AND k.subject_type = 'case' \
         AND (k.yellow_at > $3 OR (k.yellow_at = $3 AND k.id > $4)) \
         AND NOT EXISTS (SELECT 1 FROM svc_case_events e \
             WHERE e.case_id = CAST(k.subject_id AS BIGINT) AND e.kind = 'reminded' \
             AND e.detail = '{\"clock\":' || CAST(k.id AS TEXT) || '}') \
         ORDER BY k.yellow_at, k.id LIMIT $5",
    )
    .bind(now.millis())
    .bind(now.millis() - REMIND_LOOKBACK_MS)
    .bind(after.0)
    .bind(after.1)
    .bind(batch)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let subject: String = row.try_get("subject_id")?;
            Ok(YellowClock {
                clock_id: row.try_get("id")?,
                case_id: subject.parse().unwrap_or(0),
                rule_id: row.try_get("rule_id")?,
                unit_id: row.try_get("unit_id")?,
                due_at: row.try_get("due_at")?,
                yellow_at: row.try_get("yellow_at")?,
            })
        })
        .collect()
}

async fn remind_yellow(
    db: &Db,
    key: &DataKey,
    now: Instant,
    batch: i64,
    report: &mut ScanReport,
) -> Result<()> {
    let mut after = (i64::MIN, 0);
    loop {
        let clocks = yellow_batch(db, now, after, batch).await?;
        for clock in &clocks {
            after = (clock.yellow_at, clock.clock_id);
            if let Some(n_messages) = remind(db, key, clock, now).await? {
                report.n_reminders += 1;
                report.n_messages += n_messages;
            }
        }
        if i64::try_from(clocks.len()).unwrap_or(0) < batch {
            return Ok(());
        }
    }
}

/// The limit a case clock's rule stands for, in Chinese.
pub fn rule_label(rule_id: &str) -> &'static str {
    match rule_id {
        "SVC-PREREVIEW" => "网上预审时限",
        "SVC-ACCEPT" => "受理时限",
        "SVC-PROMISE" => "承诺办结（环节）时限",
        "SVC-SPECIAL" => "特别程序时限",
        "SVC-PARALLEL" => "联办意见时限",
        _ => "办理时限",
    }
}

/// Active staff of `unit` holding `role`, with their sealed phones.
async fn staff_of(tx: &mut Tx, unit: i64, role: Role) -> Result<Vec<(i64, Option<Vec<u8>>)>> {
    let rows = sqlx::query(
        "SELECT u.id, u.phone_sealed FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = $1 AND u.active = 1 AND u.unit_id = $2 ORDER BY u.id",
    )
    .bind(role.code())
    .bind(unit)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("phone_sealed")?)))
        .collect()
}

/// CAL-LIGHT: one reminder for one yellow clock, in one transaction with its history row;
/// `None` when another run recorded it first.
async fn remind(
    db: &Db,
    key: &DataKey,
    clock: &YellowClock,
    now: Instant,
) -> Result<Option<usize>> {
    let detail = reminded_detail(clock.clock_id);
    let mut tx = db.begin().await?;
    // Serialises concurrent scans on the case row (PostgreSQL); SQLite's write lock is taken.
    let number: Option<String> =
        sqlx::query("UPDATE svc_cases SET updated_at = updated_at WHERE id = $1 RETURNING number")
            .bind(clock.case_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("number"))
            .transpose()?;
    let Some(number) = number else {
        return Ok(None);
    };
    let done = sqlx::query(
        "SELECT id FROM svc_case_events WHERE case_id = $1 AND kind = 'reminded' AND detail = $2",
    )
    .bind(clock.case_id)
    .bind(&detail)
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if done {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO svc_case_events (case_id, at, kind, command, from_status, to_status, \
         actor_user_id, detail) VALUES ($1, $2, 'reminded', 'remind', NULL, NULL, NULL, $3)",
    )
    .bind(clock.case_id)
    .bind(now.millis())
    .bind(&detail)
    .execute(&mut *tx)
    .await?;
    let due = Instant::from_millis(clock.due_at);
    let state = if clock.due_at < now.millis() {
        "已超过时限（红灯）"
    } else {
        "即将到期（黄灯）"
    };
    let subject = format!(
        "政务服务办件 {number} 催办提醒：{}",
        rule_label(&clock.rule_id)
    );
    let body = format!(
        "办件 {number} 的{}{state}，截止 {due}，请及时办理",
        rule_label(&clock.rule_id)
    );
    let link = format!("/office/services/cases/{}", clock.case_id);
    let mut recipients = staff_of(&mut tx, clock.unit_id, Role::UnitHandler).await?;
    recipients.extend(staff_of(&mut tx, clock.unit_id, Role::WindowClerk).await?);
    recipients.sort_by_key(|(id, _)| *id);
    recipients.dedup_by_key(|(id, _)| *id);
    let mut n_messages = 0;
    for (user, phone) in &recipients {
        let message = Notification::inbox(*user, subject.clone(), body.clone(), link.clone());
        notify::enqueue(&mut tx, key, &message, now.millis()).await?;
        n_messages += 1;
        if let Some(sealed) = phone {
            let sms = Notification {
                channel: Channel::Sms,
                recipient_user_id: Some(*user),
                address: Some(key.open(sealed)?),
                subject: "政务服务催办".into(),
                body: body.clone(),
                link: String::new(),
            };
            notify::enqueue(&mut tx, key, &sms, now.millis()).await?;
            n_messages += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(n_messages))
}
