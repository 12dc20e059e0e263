//! Credit records of false or malicious appeals (HL-CREDIT; 000 §12345-9(二)4: 虚假恶意诉求
//! 来电，依法纳入信用管理). The hotline's operators and supervisors record one on an order —
//! with the refusal when an appeal is refused as fabricated (§12345-8(四)) or abusive
//! (§12345-8(五)), in the same transaction, or on its own later — with the kind, the reason,
//! who and when. The appellant's identity is a sealed copy of the appeal's, with the keyed
//! phone index so that one caller's records can be counted without decrypting; lists show it
//! masked. Every record is audited, naming the order, never the appellant.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};
use platform::personal::{DataKey, PersonName, PhoneNumber};
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::AppealId;
use crate::order::Command;
use crate::refuse::RefuseReason;
use crate::usecase;

/// What kind of appeal it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditKind {
    /// 虚假: fabricated or distorted facts.
    False,
    /// 恶意: insults, slander, attacks, abuse of the line.
    Malicious,
}

impl CreditKind {
    pub const ALL: [CreditKind; 2] = [CreditKind::False, CreditKind::Malicious];

    pub const fn code(self) -> &'static str {
        match self {
            CreditKind::False => "false",
            CreditKind::Malicious => "malicious",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            CreditKind::False => "虚假诉求",
            CreditKind::Malicious => "恶意诉求",
        }
    }

    pub fn parse(code: &str) -> Result<CreditKind> {
        CreditKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
            .ok_or_else(|| Error::invalid("请选择信用记录类别：虚假诉求或恶意诉求"))
    }

    /// The kind a refusal stands for: fabricated facts (§12345-8(四)) make a false appeal,
    /// insults and attacks (§12345-8(五)) a malicious one; other refusals are no credit matter.
    pub const fn for_refusal(reason: RefuseReason) -> Option<CreditKind> {
        match reason {
            RefuseReason::Fabricated => Some(CreditKind::False),
            RefuseReason::Abusive => Some(CreditKind::Malicious),
            _ => None,
        }
    }
}

const REASON_MAX_CHARS: usize = 500;

/// HL-CREDIT: records `order`'s appeal as `kind` with `reason`, in the caller's transaction.
/// Refused (nothing changes) when the reason is empty or too long, the appeal does not exist,
/// it carries neither name nor phone (there is no one to record), or it is recorded already.
pub async fn record(
    tx: &mut Tx,
    actor: &AuditActor,
    order: AppealId,
    kind: CreditKind,
    reason: &str,
    refusal: Option<RefuseReason>,
    now: Instant,
) -> Result<i64> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("纳入信用管理须写明事实与理由"));
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        return Err(Error::invalid(format!(
            "理由不能超过 {REASON_MAX_CHARS} 个字"
        )));
    }
    let appeal = sqlx::query(
        "SELECT number, appellant_name_sealed, appellant_phone_sealed, phone_lookup \
         FROM hotline_appeals WHERE id = $1",
    )
    .bind(order.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found(format!("诉求 {order}")))?;
    let number: String = appeal.try_get("number")?;
    let name: Option<Vec<u8>> = appeal.try_get("appellant_name_sealed")?;
    let phone: Option<Vec<u8>> = appeal.try_get("appellant_phone_sealed")?;
    let lookup: Option<String> = appeal.try_get("phone_lookup")?;
    if name.is_none() && phone.is_none() {
        return Err(Error::invalid("诉求人未留姓名和电话，无法纳入信用管理"));
    }
    let recorded = sqlx::query("SELECT id FROM hotline_credit_records WHERE order_id = $1")
        .bind(order.0)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if recorded {
        return Err(Error::conflict(format!("诉求 {number} 已纳入信用管理")));
    }
    let row = sqlx::query(
        "INSERT INTO hotline_credit_records (order_id, kind, reason, refuse_reason, \
         appellant_name_sealed, appellant_phone_sealed, phone_lookup, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(order.0)
    .bind(kind.code())
    .bind(reason)
    .bind(refusal.map(RefuseReason::code))
    .bind(name)
    .bind(phone)
    .bind(lookup)
    .bind(actor.user_id)
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let event = AuditEvent::new("hotline.credit.record", "hotline_credit", id)
        .detail(format!("诉求 {number}：{}；{reason}", kind.label_zh()));
    audit::record(tx, actor, event, now.millis()).await?;
    tracing::info!(order.id = %order, credit.id = id, kind = kind.code(), "credit record made");
    Ok(id)
}

/// [`record`] in its own transaction: a record made on its own from the order page.
pub async fn record_on_order(
    db: &Db,
    actor: &AuditActor,
    order: AppealId,
    kind: CreditKind,
    reason: &str,
    now: Instant,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id = record(&mut tx, actor, order, kind, reason, None, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// HL-REFUSE with HL-CREDIT: refuses the appeal (the one command path) and records it for
/// credit management in the same transaction, the explanation given being the reason. Only a
/// refusal as fabricated or abusive can be recorded ([`CreditKind::for_refusal`]).
pub async fn refuse_and_record(
    db: &Db,
    context: &Context<'_>,
    order: AppealId,
    expected_version: Option<i64>,
    reason: RefuseReason,
    explanation: &str,
) -> Result<i64> {
    let kind = CreditKind::for_refusal(reason).ok_or_else(|| {
        Error::invalid(
            "只有以“捏造或者歪曲事实”或“侮辱、诽谤、攻击他人”为由不予受理的诉求，才能同时纳入信用管理",
        )
    })?;
    let mut tx = db.begin().await?;
    let command = Command::Refuse {
        reason,
        explanation: explanation.to_owned(),
    };
    usecase::execute_in(&mut tx, context, order, command, expected_version).await?;
    let (actor, now) = (context.actor, context.now);
    let id = record(&mut tx, actor, order, kind, explanation, Some(reason), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A credit record as the supervisor's list shows it: the appellant masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditRecordView {
    pub id: i64,
    pub order_id: AppealId,
    pub number: String,
    pub kind: CreditKind,
    pub reason: String,
    pub refusal: Option<RefuseReason>,
    pub appellant_name: Option<String>,
    pub appellant_phone: Option<String>,
    /// Records made for the same phone number, this one included.
    pub n_same_phone: i64,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
}

const VIEW_SELECT: &str = "SELECT c.id, c.order_id, a.number, c.kind, c.reason, c.refuse_reason, \
    c.appellant_name_sealed, c.appellant_phone_sealed, c.recorded_at, u.display_name, \
    (SELECT COUNT(*) FROM hotline_credit_records s WHERE s.phone_lookup = c.phone_lookup) AS n_same \
    FROM hotline_credit_records c JOIN hotline_appeals a ON a.id = c.order_id \
    LEFT JOIN users u ON u.id = c.recorded_by";

/// A value copied from appeal `number`'s `column`, sealed where the appeal keeps it.
fn masked<T>(
    key: &DataKey,
    (sealed, column, number): (Option<Vec<u8>>, &str, &str),
    parse: fn(&str) -> Result<T>,
    mask: fn(&T) -> String,
) -> Result<Option<String>> {
    let place = crate::usecase::place(column, number);
    sealed
        .map(|sealed| Ok(mask(&parse(&key.open_for(&sealed, &place)?)?)))
        .transpose()
}

fn view_from_row(key: &DataKey, row: &sqlx::any::AnyRow) -> Result<CreditRecordView> {
    let kind: String = row.try_get("kind")?;
    let refusal: Option<String> = row.try_get("refuse_reason")?;
    let phone: Option<Vec<u8>> = row.try_get("appellant_phone_sealed")?;
    let n_same_phone = if phone.is_some() {
        row.try_get("n_same")?
    } else {
        1
    };
    let number: String = row.try_get("number")?;
    Ok(CreditRecordView {
        id: row.try_get("id")?,
        order_id: AppealId(row.try_get("order_id")?),
        number: number.clone(),
        kind: CreditKind::parse(&kind)
            .map_err(|_| crate::store::unreadable("credit kind", &kind))?,
        reason: row.try_get("reason")?,
        refusal: refusal
            .map(|code| RefuseReason::parse(&code).map_err(Error::from))
            .transpose()?,
        appellant_name: masked(
            key,
            (
                row.try_get("appellant_name_sealed")?,
                "appellant_name_sealed",
                &number,
            ),
            PersonName::parse,
            PersonName::masked,
        )?,
        appellant_phone: masked(
            key,
            (phone, "appellant_phone_sealed", &number),
            PhoneNumber::parse,
            PhoneNumber::masked,
        )?,
        n_same_phone,
        recorded_by: row.try_get("display_name")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// HL-CREDIT: the latest `limit` records, newest first, appellants masked.
pub async fn list(db: &Db, key: &DataKey, limit: i64) -> Result<Vec<CreditRecordView>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{VIEW_SELECT} ORDER BY c.recorded_at DESC, c.id DESC LIMIT $1"
    )))
    .bind(limit.clamp(1, 1_000))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|row| view_from_row(key, row)).collect()
}

/// HL-CREDIT: the record of one order, if it was recorded.
pub async fn of_order(db: &Db, key: &DataKey, order: AppealId) -> Result<Option<CreditRecordView>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{VIEW_SELECT} WHERE c.order_id = $1"
    )))
    .bind(order.0)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(|row| view_from_row(key, row)).transpose()
}
