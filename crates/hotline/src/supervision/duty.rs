//! HL-SUPERVISE (000 §12345-12(2) 不履行首接责任及协办责任): the written supervision no clock can
//! open. Whether a lead failed its first-contact duty (§12345-10(二) 首接负责: 牵头协调…不得推诿)
//! or an assisting unit its assisting duty is a judgement; the supervisor opens it on the
//! order, once per order, unit and duty, with the facts.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::notify::{self, Notification};
use platform::personal::DataKey;
use platform::roles::Role;
use platform::users;
use platform::{Error, Result};
use sqlx::Row as _;

use super::store::{self, NewSupervision};
use crate::order::UnitRole;
use crate::store::orders;
use crate::supervise::SupervisionLevel;
use crate::{AppealId, UnitId};

/// The duty a unit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// 不履行首接责任: the lead (首接单位).
    FirstContact,
    /// 不履行协办责任: an assisting unit.
    Assisting,
}

impl Duty {
    /// From the form's code.
    pub fn parse(code: &str) -> Result<Duty> {
        match code {
            "first_contact_duty" => Ok(Duty::FirstContact),
            "assisting_duty" => Ok(Duty::Assisting),
            _ => Err(Error::invalid("请选择未履行的责任：首接责任或协办责任")),
        }
    }

    /// The stored trigger code (labelled by `trigger_label`).
    pub const fn code(self) -> &'static str {
        match self {
            Duty::FirstContact => "first_contact_duty",
            Duty::Assisting => "assisting_duty",
        }
    }

    const fn role(self) -> UnitRole {
        match self {
            Duty::FirstContact => UnitRole::Lead,
            Duty::Assisting => UnitRole::Assisting,
        }
    }
}

/// A unit's failed duty on an order, with the facts.
#[derive(Debug, Clone, Copy)]
pub struct DutyFailure<'a> {
    pub unit: UnitId,
    pub duty: Duty,
    pub note: &'a str,
}

/// Opens the written supervision of `unit` on `order_id` for `duty`; the unit's handlers and
/// leaders are told; audited. Refused when the unit does not hold that role on the order now,
/// without the facts, or when the same supervision is already open.
pub async fn open_duty_supervision(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    order_id: AppealId,
    failure: DutyFailure<'_>,
    now: Instant,
) -> Result<()> {
    let DutyFailure { unit, duty, note } = failure;
    let mut transaction = db.begin().await?;
    let tx = &mut transaction;
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid("书面督办必须写明未履行责任的事实"));
    }
    let order = orders::get_in(tx, order_id).await?.order;
    let holds = order
        .assignment(unit)
        .is_some_and(|assignment| assignment.role == duty.role());
    if !holds {
        return Err(Error::invalid(match duty {
            Duty::FirstContact => "该单位不是本工单的主办（首接）单位",
            Duty::Assisting => "该单位不是本工单的协办单位",
        }));
    }
    let dedupe_key = format!("{}:{}:{}:0", order_id.0, duty.code(), unit.0);
    let label = super::trigger_label(duty.code());
    let text = format!("{label}（HL-SUPERVISE）：{note}");
    let new = NewSupervision {
        order_id,
        unit_id: Some(unit.0),
        trigger: duty.code(),
        level: SupervisionLevel::Written,
        clock_id: None,
        opened_by: actor.user_id,
        note: &text,
        dedupe_key: &dedupe_key,
    };
    if !store::insert_supervision(tx, &new, now).await? {
        return Err(Error::invalid("已对该单位开出同一事项的书面督办"));
    }
    let number: String = sqlx::query("SELECT number FROM hotline_appeals WHERE id = $1")
        .bind(order_id.0)
        .fetch_one(&mut **tx)
        .await?
        .try_get("number")?;
    // Issue 13 item 5: a message's title is words; the rule ID stays in the supervision note.
    let subject = format!("12345书面督办 {number}");
    let link = format!("/office/hotline/orders/{order_id}");
    let mut to = users::with_role(tx, Some(unit.0), Role::UnitHandler).await?;
    to.extend(users::with_role(tx, Some(unit.0), Role::UnitLeader).await?);
    for user in to {
        let message = Notification::inbox(user, subject.clone(), text.clone(), link.clone());
        notify::enqueue(tx, key, &message, now.millis()).await?;
    }
    audit::record(
        tx,
        actor,
        AuditEvent::new("hotline.supervision.open", "hotline_appeal", order_id.0)
            .detail(format!("工单 {number}，单位 {unit}：{text}")),
        now.millis(),
    )
    .await?;
    transaction.commit().await?;
    Ok(())
}
