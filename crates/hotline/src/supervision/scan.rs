//! The supervision scan (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT, HL-HANG; style.md "Jobs are
//! idempotent scans"): select the open order clocks that are yellow, due within the largest
//! look-ahead of the profile, or paused (hanging ledger), most urgent first, in batches; ask
//! the pure [`triggers`] what is due for each order; act on each trigger whose dedupe key is
//! new. An overdue lead clock gets `Command::Urge` through `usecase::execute` (which tells the
//! unit leader and starts the 2 WD urge clock); an urge clock breached is an accountability
//! event. A second run at the same `now` finds every key recorded and does nothing.

use std::collections::HashSet;

use calendar::{Calendar, Instant, Limit, LimitUnit};
use platform::Result;
use platform::audit::AuditActor;
use platform::clocks;
use platform::db::{Db, Tx};
use platform::notify;
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::users;
use sqlx::Row as _;

use super::store::{self, NewAccountability, NewSupervision};
use super::{trigger_code, trigger_label};
use crate::order::{ClockKind, Command, Order};
use crate::recipients::{Notice, Post, remind_unit};
use crate::store::{CLOCK_SUBJECT, orders};
use crate::supervise::{Trigger, TriggerKind, triggers};
use crate::usecase::{self, Rules};
use crate::{AppealId, UnitId};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// What one scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Orders whose triggers were evaluated.
    pub n_orders: usize,
    /// Supervision rows opened (reminders, written supervision, 催办, ledger reminders).
    pub n_supervisions: usize,
    /// `Command::Urge` executed.
    pub n_urges: usize,
    /// Accountability events recorded.
    pub n_accountability: usize,
    /// In-app messages written.
    pub n_messages: usize,
    /// Supervisions closed because their clock concluded.
    pub n_closed: u64,
}

/// An upper bound, in natural milliseconds, of how far ahead of its due time a limit of this
/// kind can fire (working time can span nights, weekends and the longest holiday).
fn natural_bound(limit: Limit) -> i64 {
    let amount = i64::from(limit.amount);
    match limit.unit {
        LimitUnit::Hours => amount * HOUR_MS,
        LimitUnit::Days => amount * DAY_MS,
        LimitUnit::WorkingHours => (amount / 8 + 1) * DAY_MS + 10 * DAY_MS,
        LimitUnit::WorkingDays => (amount + 1) * DAY_MS + 10 * DAY_MS,
    }
}

/// The largest look-ahead of the profile's supervision triggers (HL-SUPERVISE).
fn look_ahead(profile: &RuleProfile) -> i64 {
    let rules = &profile.hotline;
    let sign = i64::from(rules.supervise_sign_minutes_before) * 60_000;
    sign.max(natural_bound(rules.supervise_feedback_before.limit()))
        .max(natural_bound(rules.supervise_province_before.limit()))
}

/// One batch of order ids whose clocks need a look, after the keyset `(due_at, id)`.
async fn clock_batch(
    db: &Db,
    now: Instant,
    horizon: i64,
    after: (i64, i64),
    batch: i64,
) -> Result<Vec<(i64, i64, String)>> {
    let rows = sqlx::query(
        "SELECT id, due_at, subject_id FROM clocks WHERE subject_type = $1 \
         AND ((status = 'running' AND (due_at <= $2 OR yellow_at <= $3)) OR status = 'paused') \
         AND (due_at > $4 OR (due_at = $4 AND id > $5)) ORDER BY due_at, id LIMIT $6",
    )
    .bind(CLOCK_SUBJECT)
    .bind(horizon)
    .bind(now.millis())
    .bind(after.0)
    .bind(after.1)
    .bind(batch)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("due_at")?,
                row.try_get("id")?,
                row.try_get("subject_id")?,
            ))
        })
        .collect()
}

/// HL-REMIND, HL-SUPERVISE, HL-ACCOUNT: the idempotent supervision job at `now`.
pub async fn scan(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    batch: i64,
) -> Result<ScanReport> {
    let batch = batch.clamp(1, 10_000);
    let horizon = now.millis().saturating_add(look_ahead(profile));
    let mut report = ScanReport::default();
    let mut seen = HashSet::new();
    let mut after = (i64::MIN, 0i64);
    loop {
        let rows = clock_batch(db, now, horizon, after, batch).await?;
        for (due_at, id, subject) in &rows {
            after = (*due_at, *id);
            let Ok(order_id) = subject.parse::<i64>() else {
                continue;
            };
            if seen.insert(order_id) {
                let scan = OrderScan {
                    db,
                    key,
                    rules: Rules { calendar, profile },
                    now,
                };
                scan.order(AppealId(order_id), &mut report).await?;
            }
        }
        if i64::try_from(rows.len()).unwrap_or(0) < batch {
            break;
        }
    }
    report.n_closed = store::close_concluded(db, now).await?;
    if report != ScanReport::default() {
        tracing::info!(
            n_orders = report.n_orders,
            n_supervisions = report.n_supervisions,
            n_urges = report.n_urges,
            n_accountability = report.n_accountability,
            "hotline supervision scan"
        );
    }
    Ok(report)
}

struct OrderScan<'a> {
    db: &'a Db,
    key: &'a DataKey,
    rules: Rules<'a>,
    now: Instant,
}

fn dedupe_key(order_id: AppealId, code: &str, trigger: &Trigger, extra: i64) -> String {
    let unit = trigger.unit.map_or(0, |unit| unit.0);
    let start = trigger.clock.map_or(extra, |(_, start)| start.millis());
    format!("{order_id}:{code}:{unit}:{start}")
}

fn actor() -> AuditActor {
    AuditActor::system("hotline-supervision")
}

impl OrderScan<'_> {
    async fn order(&self, order_id: AppealId, report: &mut ScanReport) -> Result<()> {
        let stored = orders::get(self.db, order_id).await?;
        let order = stored.order;
        let found = triggers(&order, self.now, self.rules.profile, self.rules.calendar);
        report.n_orders += 1;
        if found.is_empty() {
            return Ok(());
        }
        let number = store::order_number(self.db, order_id).await?;
        let rows = clocks::by_subject(self.db, CLOCK_SUBJECT, &order_id.to_string()).await?;
        let clock_id = |trigger: &Trigger| {
            let (kind, start) = trigger.clock?;
            rows.iter()
                .rev()
                .find(|row| {
                    row.rule_id == kind.rule()
                        && row.clock.start() == start
                        && trigger.unit.is_none_or(|unit| unit.0 == row.unit_id)
                })
                .map(|row| row.id)
        };
        let hung_at = order.open_hang().map_or(0, |hang| hang.hung_at.millis());
        let mut urged_now = false;
        for trigger in &found {
            let clock = clock_id(trigger);
            let target = Target {
                order_id,
                number: &number,
                clock_id: clock,
                hung_at,
            };
            match trigger.kind {
                TriggerKind::Accountability(kind) => {
                    self.accountability(order_id, &number, trigger, kind, report)
                        .await?;
                }
                TriggerKind::Urge if trigger.unit.is_some() && trigger.unit == order.lead() => {
                    if !urged_now && self.urge(order_id, &order, report).await {
                        urged_now = true;
                    }
                    if urged_now {
                        self.supervise(&target, trigger, true, report).await?;
                    }
                }
                _ => self.supervise(&target, trigger, false, report).await?,
            }
        }
        Ok(())
    }

    /// HL-REMIND: 催办 through the one command path; `false` (logged) when refused, so the
    /// next scan tries again.
    async fn urge(&self, order_id: AppealId, order: &Order, report: &mut ScanReport) -> bool {
        if order.running_clock(ClockKind::Urge, order.lead()).is_some() {
            return true;
        }
        let actor = actor();
        let context = self.rules.context(self.key, &actor, self.now);
        let result = usecase::execute(self.db, &context, order_id, Command::Urge, None).await;
        match result {
            Ok(_) => {
                report.n_urges += 1;
                true
            }
            Err(error) => {
                tracing::warn!(order.id = %order_id, error = %error, "urge refused; retried next scan");
                false
            }
        }
    }

    /// Records one supervision trigger once and tells the people it concerns.
    async fn supervise(
        &self,
        target: &Target<'_>,
        trigger: &Trigger,
        leader_told: bool,
        report: &mut ScanReport,
    ) -> Result<()> {
        let Some(code) = trigger_code(trigger.kind) else {
            return Ok(());
        };
        let Target {
            order_id,
            number,
            clock_id,
            hung_at,
        } = *target;
        let key = dedupe_key(order_id, code, trigger, hung_at);
        let label = trigger_label(code);
        let note = format!("{}（{}）", label, trigger.rule);
        let mut tx = self.db.begin().await?;
        let new = NewSupervision {
            order_id,
            unit_id: trigger.unit.map(|unit| unit.0),
            trigger: code,
            level: trigger.level,
            clock_id,
            opened_by: None,
            note: &note,
            dedupe_key: &key,
        };
        if !store::insert_supervision(&mut tx, &new, self.now).await? {
            return Ok(());
        }
        report.n_supervisions += 1;
        let subject = format!("12345督办 {number}：{label}");
        let body = format!("工单 {number}：{}，{}", label, trigger.level.label_zh());
        let mut to = Vec::new();
        let unit = trigger.unit.map(|unit| unit.0);
        match (trigger.kind, trigger.unit) {
            // HL-CONTACTS: the unit's registered A/B staff (the duty phone after hours).
            (TriggerKind::Remind | TriggerKind::HangReminder, Some(unit)) => {
                let link = format!("/office/hotline/orders/{order_id}");
                let notice = Notice::new(&subject, &body, &link);
                let (key, calendar, now) = (self.key, self.rules.calendar, self.now);
                report.n_messages +=
                    remind_unit(&mut tx, key, unit, Post::Staff, notice, calendar, now).await?;
            }
            (TriggerKind::Remind | TriggerKind::HangReminder, None) => {
                to.extend(users::with_role(&mut tx, unit, Role::UnitHandler).await?);
            }
            (TriggerKind::Urge, _) => {
                // The lead's leader got the 催办 from the command; another unit's leader here.
                if !leader_told {
                    to.extend(users::with_role(&mut tx, unit, Role::UnitLeader).await?);
                }
                to.extend(users::with_role(&mut tx, None, Role::HotlineSupervisor).await?);
            }
            _ => {
                to.extend(users::with_role(&mut tx, unit, Role::UnitHandler).await?);
                to.extend(users::with_role(&mut tx, unit, Role::UnitLeader).await?);
                to.extend(users::with_role(&mut tx, None, Role::HotlineSupervisor).await?);
            }
        }
        report.n_messages +=
            send(&mut tx, self.key, &to, &subject, &body, order_id, self.now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// HL-REMIND, HL-ACCOUNT: the urge clock expired without feedback.
    async fn accountability(
        &self,
        order_id: AppealId,
        number: &str,
        trigger: &Trigger,
        kind: crate::account::AccountKind,
        report: &mut ScanReport,
    ) -> Result<()> {
        let Some(UnitId(unit)) = trigger.unit else {
            return Ok(());
        };
        let key = dedupe_key(order_id, kind.code(), trigger, 0);
        let note = format!("工单 {number} 催办后逾期仍未反馈（{}）", trigger.rule);
        let mut tx = self.db.begin().await?;
        let new = NewAccountability {
            unit_id: unit,
            order_id: Some(order_id),
            kind,
            recorded_by: None,
            note: &note,
            dedupe_key: &key,
        };
        if store::insert_accountability(&mut tx, &new, self.now)
            .await?
            .is_none()
        {
            return Ok(());
        }
        report.n_accountability += 1;
        let mut to = users::with_role(&mut tx, Some(unit), Role::UnitLeader).await?;
        to.extend(users::with_role(&mut tx, None, Role::HotlineSupervisor).await?);
        let subject = format!("12345问责 {number}");
        let body = format!("工单 {number}：{}，已记录问责事项", kind.label_zh());
        report.n_messages +=
            send(&mut tx, self.key, &to, &subject, &body, order_id, self.now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Where a trigger's record points.
#[derive(Clone, Copy)]
struct Target<'a> {
    order_id: AppealId,
    number: &'a str,
    clock_id: Option<i64>,
    /// The open ledger entry's start: the key of a clockless hanging reminder.
    hung_at: i64,
}

async fn send(
    tx: &mut Tx,
    key: &DataKey,
    users: &[i64],
    subject: &str,
    body: &str,
    order_id: AppealId,
    now: Instant,
) -> Result<usize> {
    let mut unique: Vec<i64> = users.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let link = format!("/office/hotline/orders/{order_id}");
    for user in &unique {
        // HL-REMIND: reminders and supervision go to the inbox and by SMS.
        notify::to_staff(tx, key, *user, (subject, body, &link), true, now.millis()).await?;
    }
    Ok(unique.len())
}
