//! Recording assisted and proxy handling (HALL-ASSIST): one row per case with its audit row,
//! and the cases of a day per type.

use chrono::NaiveDate;
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use sqlx::Row as _;

use super::local_day_minute;
use crate::assist::{self, Assist, AssistKind};
use crate::store::day_key;

/// Records a case (HALL-ASSIST), checked first; `barred_from_proxy` is the item's.
pub async fn record(
    db: &Db,
    actor: &AuditActor,
    assist: &Assist,
    barred_from_proxy: bool,
    now: i64,
) -> Result<i64> {
    assist::check(assist, barred_from_proxy)?;
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO hall_assists (day, helper_user_id, kind, priority_group, ticket_id, \
         item_code, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(day_key(today))
    .bind(assist.helper_user_id)
    .bind(assist.kind.code())
    .bind(assist.group.code())
    .bind(assist.ticket_id)
    .bind(assist.item_code.as_deref())
    .bind(assist.note.trim())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let event = AuditEvent::new("hall.assist.record", "hall_assist", id).detail(format!(
        "{} {}",
        assist.kind.label(),
        assist.group.label()
    ));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The cases of a day per type, in the order of [`AssistKind::ALL`].
pub async fn count_of_day(db: &Db, day: NaiveDate) -> Result<Vec<(AssistKind, i64)>> {
    let mut tx = db.begin_read().await?;
    let rows =
        sqlx::query("SELECT kind, COUNT(*) AS n FROM hall_assists WHERE day = $1 GROUP BY kind")
            .bind(day_key(day))
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    let mut counts: Vec<(AssistKind, i64)> = AssistKind::ALL.iter().map(|k| (*k, 0)).collect();
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let n: i64 = row.try_get("n")?;
        if let Some(slot) = counts.iter_mut().find(|(k, _)| k.code() == kind) {
            slot.1 = n;
        }
    }
    Ok(counts)
}
