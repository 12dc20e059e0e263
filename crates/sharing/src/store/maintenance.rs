//! `sharing_maintenance` and `sharing_notices` (migration 0069, DATA-MAINT, SEC-NOTICE):
//! announced maintenance and the consumer units told about it.

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::UnitId;
use crate::maintenance::Announcement;

/// A stored announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub announcement: Announcement,
    /// The announcing unit.
    pub unit: UnitId,
    pub announced_at: Instant,
    pub cancelled_at: Option<Instant>,
    /// The notice of the viewer's unit, when it was told (read or not).
    pub notified: Option<bool>,
}

const SELECT: &str = "SELECT m.id, m.entry_id, m.resource_no, m.unit_id, m.starts_at, m.ends_at, \
                      m.stops_service, m.schema_change, m.description, m.workday_reason, \
                      m.announced_at, m.cancelled_at";

fn from_row(row: &sqlx::any::AnyRow, with_notice: bool) -> Result<Stored> {
    let entry: Option<i64> = row.try_get("entry_id")?;
    let resource_no: Option<i64> = row.try_get("resource_no")?;
    let notified = if with_notice {
        Some(row.try_get::<Option<i64>, _>("read_at")?.is_some())
    } else {
        None
    };
    Ok(Stored {
        id: row.try_get("id")?,
        announcement: Announcement {
            resource: entry.zip(resource_no),
            starts_at: Instant::from_millis(row.try_get("starts_at")?),
            ends_at: Instant::from_millis(row.try_get("ends_at")?),
            stops_service: row.try_get::<i64, _>("stops_service")? != 0,
            schema_change: row.try_get::<i64, _>("schema_change")? != 0,
            description: row.try_get("description")?,
            workday_reason: row.try_get("workday_reason")?,
        },
        unit: UnitId(row.try_get("unit_id")?),
        announced_at: Instant::from_millis(row.try_get("announced_at")?),
        cancelled_at: row
            .try_get::<Option<i64>, _>("cancelled_at")?
            .map(Instant::from_millis),
        notified,
    })
}

/// Stores an announcement by `unit`/`user` at `now`; returns its id.
pub async fn insert(
    tx: &mut Tx,
    announcement: &Announcement,
    (unit, user): (UnitId, i64),
    now: Instant,
) -> Result<i64> {
    let a = announcement;
    let row = sqlx::query(
        "INSERT INTO sharing_maintenance (entry_id, resource_no, unit_id, user_id, starts_at, \
         ends_at, stops_service, schema_change, description, workday_reason, announced_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(a.resource.map(|r| r.0))
    .bind(a.resource.map(|r| r.1))
    .bind(unit.0)
    .bind(user)
    .bind(a.starts_at.millis())
    .bind(a.ends_at.millis())
    .bind(i64::from(a.stops_service))
    .bind(i64::from(a.schema_change))
    .bind(a.description.clone())
    .bind(a.workday_reason.clone())
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Tells `units` about maintenance `id`.
pub async fn notify(tx: &mut Tx, id: i64, units: &[UnitId], now: Instant) -> Result<()> {
    for unit in units {
        sqlx::query(
            "INSERT INTO sharing_notices (maintenance_id, unit_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(unit.0)
        .bind(now.millis())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Marks maintenance `id` cancelled at `now`.
pub async fn cancel(tx: &mut Tx, id: i64, now: Instant) -> Result<()> {
    sqlx::query("UPDATE sharing_maintenance SET cancelled_at = $1 WHERE id = $2")
        .bind(now.millis())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks the notices of `unit` read at `now`.
pub async fn mark_read(db: &Db, unit: UnitId, now: Instant) -> Result<()> {
    sqlx::query("UPDATE sharing_notices SET read_at = $1 WHERE unit_id = $2 AND read_at IS NULL")
        .bind(now.millis())
        .bind(unit.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Maintenance `id`, or not found.
pub async fn get(db: &Db, id: i64) -> Result<Stored> {
    let sql = format!("{SELECT} FROM sharing_maintenance m WHERE m.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| platform::Error::not_found("该维护通知"))?;
    from_row(&row, false)
}

/// Every announcement, newest first (the administrator's list), or those `unit` announced
/// or was told about, with its notice's state.
pub async fn list(db: &Db, unit: Option<UnitId>) -> Result<Vec<Stored>> {
    let rows = match unit {
        None => {
            let sql = format!("{SELECT} FROM sharing_maintenance m ORDER BY m.id DESC LIMIT 200");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await?;
            return rows.iter().map(|r| from_row(r, false)).collect();
        }
        Some(unit) => {
            let sql = format!(
                "{SELECT}, n.read_at, n.id AS notice_id FROM sharing_maintenance m \
                 LEFT JOIN sharing_notices n ON n.maintenance_id = m.id AND n.unit_id = $1 \
                 WHERE m.unit_id = $1 OR n.id IS NOT NULL ORDER BY m.id DESC LIMIT 200"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit.0)
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter()
        .map(|row| {
            let told = row.try_get::<Option<i64>, _>("notice_id")?.is_some();
            let mut stored = from_row(row, told)?;
            if !told {
                stored.notified = None;
            }
            Ok(stored)
        })
        .collect()
}

/// SEC-NOTICE: the announced, not cancelled service-stopping maintenance not yet over at
/// `now`, soonest first (the banner of the affected pages).
pub async fn outages(db: &Db, now: Instant) -> Result<Vec<Stored>> {
    let sql = format!(
        "{SELECT} FROM sharing_maintenance m WHERE m.stops_service = 1 \
         AND m.cancelled_at IS NULL AND m.ends_at > $1 ORDER BY m.starts_at LIMIT 20"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| from_row(r, false)).collect()
}

/// The unread notices of `unit`.
pub async fn unread(db: &Db, unit: UnitId) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM sharing_notices WHERE unit_id = $1 AND read_at IS NULL",
    )
    .bind(unit.0)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}
