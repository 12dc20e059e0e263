//! Issue 14 item 11 (HL-PRIVACY): the evidence a handler needs. A complaint's attachments
//! stay with the hotline unless the hotline, having looked at one, finds that it identifies
//! nobody (a shop receipt, a pothole) and clears it for the handling unit; it may withdraw
//! the clearance. Each decision is audited.

use std::collections::BTreeSet;

use platform::attachments;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::error::{Error, Result};
use sqlx::Row as _;

use super::APPEAL_ATTACHMENT;
use crate::AppealId;

/// The attachments of `order_id` cleared for the handling unit.
pub async fn cleared_attachments(db: &Db, order_id: AppealId) -> Result<BTreeSet<i64>> {
    let rows =
        sqlx::query("SELECT attachment_id FROM hotline_attachment_clearances WHERE order_id = $1")
            .bind(order_id.0)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i64, _>("attachment_id")?))
        .collect()
}

/// Clears (`shown`) or withholds again one of the appellant's attachments of `order_id`.
/// Only the appellant's own files of that order: anything else is not found.
pub async fn clear_attachment(
    db: &Db,
    actor: &AuditActor,
    order_id: AppealId,
    file: i64,
    shown: bool,
    now: i64,
) -> Result<()> {
    let meta = attachments::meta(db, file).await?;
    if meta.owner_kind != APPEAL_ATTACHMENT || meta.owner_id != order_id.0 {
        return Err(Error::not_found("该工单的诉求人附件"));
    }
    let user = actor.user_id.ok_or(Error::Forbidden)?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM hotline_attachment_clearances WHERE attachment_id = $1")
        .bind(file)
        .execute(&mut *tx)
        .await?;
    if shown {
        sqlx::query(
            "INSERT INTO hotline_attachment_clearances (attachment_id, order_id, cleared_by, \
             cleared_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(file)
        .bind(order_id.0)
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let (action, detail) = if shown {
        (
            "hotline.attachment.clear",
            format!("附件 {file} 经核不含个人身份信息，提供承办单位查看"),
        )
    } else {
        (
            "hotline.attachment.withhold",
            format!("附件 {file} 不再提供承办单位查看"),
        )
    };
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new(action, "hotline_order", order_id.0).detail(detail),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
