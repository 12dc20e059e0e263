//! 12345 supervision (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT, OPS-ESUPERVISE; 000 §12345-11,12,
//! 26,27): the idempotent [`scan`] job that acts on the pure [`crate::supervise::triggers`] of
//! every order with a clock near or past its due time, the supervisor's [`escalate`] and
//! [`record_accountability`], and the supervisor's queries. Every trigger is recorded once
//! under its dedupe key (order:trigger:unit:clock start), so a scan run twice does nothing
//! twice. Messages carry the order number only, never the appellant (HL-PRIVACY).

mod duty;
mod scan;
pub(crate) mod store;

pub use duty::{Duty, DutyFailure, open_duty_supervision};
pub use scan::{ScanReport, scan};
pub use store::{
    AccountabilityCount, AccountabilityEvent, OpenSupervision, RunningClock, UnitLights,
    accountability_by_unit, count_accountability, lights_by_unit, open_supervisions,
    recent_accountability, running_order_clocks,
};

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::notify::{self, Notification};
use platform::personal::DataKey;
use platform::roles::Role;
use platform::users;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::AppealId;
use crate::account::AccountKind;
use crate::supervise::{SupervisionLevel, TriggerKind};

/// The stored code of a supervision level.
pub const fn level_code(level: SupervisionLevel) -> &'static str {
    match level {
        SupervisionLevel::RealTime => "realtime",
        SupervisionLevel::Written => "written",
        SupervisionLevel::Notice => "notice",
        SupervisionLevel::Meeting => "meeting",
        SupervisionLevel::Joint => "joint",
        SupervisionLevel::Leader => "leader",
    }
}

/// A level from its stored code.
pub fn level_from_code(code: &str) -> Result<SupervisionLevel> {
    SupervisionLevel::ALL
        .into_iter()
        .find(|level| level_code(*level) == code)
        .ok_or_else(|| Error::invalid(format!("未知的督办级别“{code}”")))
}

/// The stored trigger code of a supervision row; `None` for accountability triggers, which
/// are recorded as accountability events instead.
pub const fn trigger_code(kind: TriggerKind) -> Option<&'static str> {
    match kind {
        TriggerKind::Remind => Some("remind"),
        TriggerKind::WrittenSignNearDue => Some("unsigned_before_sign_due"),
        TriggerKind::WrittenFeedbackNearDue => Some("no_feedback_before_due"),
        TriggerKind::WrittenProvinceNearDue => Some("province_half_day"),
        TriggerKind::WrittenRepeatedRefusal => Some("repeated_refusal"),
        TriggerKind::WrittenReturnWithoutReason => Some("return_without_reason"),
        TriggerKind::WrittenBuckPassing => Some("buck_passing"),
        TriggerKind::Urge => Some("overdue"),
        TriggerKind::HangReminder => Some("hang_reminder"),
        TriggerKind::Accountability(_) => None,
    }
}

/// The Chinese label of a stored trigger code.
pub fn trigger_label(code: &str) -> &'static str {
    match code {
        "remind" => "临近时限提醒（黄灯）",
        "unsigned_before_sign_due" => "临近签收时限仍未签收",
        "no_feedback_before_due" => "临近反馈时限仍未反馈",
        "province_half_day" => "省级转办件到期前半天仍未反馈",
        "overdue" => "逾期催办",
        "hang_reminder" => "挂账事项定期提醒",
        "repeated_refusal" => "多次拒签",
        "return_without_reason" => "无理由退件",
        "buck_passing" => "推诿扯皮（协办单位未反馈协办意见）",
        "first_contact_duty" => "不履行首接责任",
        "assisting_duty" => "不履行协办责任",
        _ => "其他",
    }
}

/// HL-SUPERVISE: a supervisor raises an open supervision to `to_level`, which must be the
/// next level up (real-time → written → notice → meeting → joint → leader). The unit's
/// leaders are told; audited.
pub async fn escalate(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    supervision_id: i64,
    to_level: SupervisionLevel,
    note: &str,
    now: Instant,
) -> Result<()> {
    let mut transaction = db.begin().await?;
    let tx = &mut transaction;
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid("升级督办必须填写督办意见"));
    }
    let row = sqlx::query(
        "SELECT s.order_id, s.unit_id, s.level, s.closed_at, s.note, a.number \
         FROM hotline_supervisions s JOIN hotline_appeals a ON a.id = s.order_id WHERE s.id = $1",
    )
    .bind(supervision_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found(format!("督办 {supervision_id}")))?;
    if row.try_get::<Option<i64>, _>("closed_at")?.is_some() {
        return Err(Error::invalid("该督办已结束，不能升级"));
    }
    let level: String = row.try_get("level")?;
    let current = level_from_code(&level)?;
    let Some(next) = current.next() else {
        return Err(Error::invalid("已是最高级别（领导督办），不能再升级"));
    };
    if to_level != next {
        return Err(Error::invalid(format!(
            "督办只能逐级升级：{} 之后是 {}",
            current.label_zh(),
            next.label_zh()
        )));
    }
    let previous: String = row.try_get("note")?;
    let appended = if previous.is_empty() {
        format!("{}：{note}", next.label_zh())
    } else {
        format!("{previous}\n{}：{note}", next.label_zh())
    };
    let changed = sqlx::query(
        "UPDATE hotline_supervisions SET level = $1, note = $2 \
         WHERE id = $3 AND level = $4 AND closed_at IS NULL",
    )
    .bind(level_code(next))
    .bind(&appended)
    .bind(supervision_id)
    .bind(level_code(current))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该督办刚被他人更新，请刷新后重试"));
    }
    let order_id = AppealId(row.try_get("order_id")?);
    let number: String = row.try_get("number")?;
    let unit: Option<i64> = row.try_get("unit_id")?;
    if let Some(unit) = unit {
        let subject = format!("12345督办 {number}：升级为{}", next.label_zh());
        let body = format!("工单 {number} 已升级为{}：{note}", next.label_zh());
        let link = format!("/office/hotline/orders/{order_id}");
        for user in users::with_role(tx, Some(unit), Role::UnitLeader).await? {
            let message = Notification::inbox(user, subject.clone(), body.clone(), link.clone());
            notify::enqueue(tx, key, &message, now.millis()).await?;
        }
    }
    audit::record(
        tx,
        actor,
        AuditEvent::new(
            "hotline.supervision.escalate",
            "hotline_supervision",
            supervision_id,
        )
        .detail(format!(
            "工单 {number}：{} → {}；{note}",
            current.label_zh(),
            next.label_zh()
        )),
        now.millis(),
    )
    .await?;
    tracing::info!(
        supervision.id = supervision_id,
        level = level_code(next),
        "supervision escalated"
    );
    transaction.commit().await?;
    Ok(())
}

/// HL-ACCOUNT: a supervisor records an accountability event against `unit` (optionally for
/// one order) with a note; audited. Returns the event's id.
pub async fn record_accountability(
    db: &Db,
    actor: &AuditActor,
    unit: i64,
    order: Option<AppealId>,
    kind: AccountKind,
    note: &str,
    now: Instant,
) -> Result<i64> {
    let mut transaction = db.begin().await?;
    let tx = &mut transaction;
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid("记录问责事项必须填写事实与依据"));
    }
    let unit_exists = sqlx::query("SELECT id FROM units WHERE id = $1")
        .bind(unit)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if !unit_exists {
        return Err(Error::not_found(format!("单位 {unit}")));
    }
    let dedupe_key = format!(
        "manual:{}:{}:{}",
        actor.user_id.unwrap_or(0),
        now.millis(),
        rand::random::<u64>()
    );
    let new = store::NewAccountability {
        unit_id: unit,
        order_id: order,
        kind,
        recorded_by: actor.user_id,
        note,
        dedupe_key: &dedupe_key,
    };
    let id = store::insert_accountability(tx, &new, now)
        .await?
        .ok_or_else(|| Error::conflict("问责记录重复，请重试"))?;
    audit::record(
        tx,
        actor,
        AuditEvent::new(
            "hotline.accountability.record",
            "hotline_accountability",
            id,
        )
        .detail(format!(
            "单位 {unit}{}：{}；{note}",
            order.map(|o| format!("，工单 {o}")).unwrap_or_default(),
            kind.label_zh()
        )),
        now.millis(),
    )
    .await?;
    transaction.commit().await?;
    Ok(id)
}
