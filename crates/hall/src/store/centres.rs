//! `hall_centres`, `hall_centre_items`, `hall_centre_reports` (migration 0084, HALL-LEVELS):
//! the register of centres by level under their parent, each centre's convenience-item list
//! (rows of the services catalogue, `svc_items`, read here by their published name only) and
//! the lower centres' monthly reports to the district centre.

use chrono::NaiveDate;
use platform::db::{Db, Tx};
use platform::ids::UnitId;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::levels::{Centre, Level, Report};

/// A centre as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCentre {
    pub id: i64,
    pub centre: Centre,
    pub active: bool,
    /// Items on its convenience list.
    pub items: i64,
}

/// One catalogue item of a list: id, code, name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedItem {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// One monthly report as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub id: i64,
    pub centre_id: i64,
    pub centre_name: String,
    pub report: Report,
    pub reporter: String,
    pub reported_at: i64,
}

const SELECT: &str = "SELECT c.id, c.name, c.level, c.parent_id, p.level AS parent_level, \
     c.unit_id, c.approval, c.address, c.hours, c.phone, c.active, \
     (SELECT COUNT(*) FROM hall_centre_items i WHERE i.centre_id = c.id) AS items \
     FROM hall_centres c LEFT JOIN hall_centres p ON p.id = c.parent_id";

fn level_of(code: &str) -> Result<Level> {
    Level::parse(code)
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("unknown centre level {code}")))
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredCentre> {
    let level: String = row.try_get("level")?;
    let parent: Option<i64> = row.try_get("parent_id")?;
    let parent_level: Option<String> = row.try_get("parent_level")?;
    let parent = match (parent, parent_level) {
        (Some(id), Some(level)) => Some((id, level_of(&level)?)),
        _ => None,
    };
    let unit: Option<i64> = row.try_get("unit_id")?;
    Ok(StoredCentre {
        id: row.try_get("id")?,
        centre: Centre {
            name: row.try_get("name")?,
            level: level_of(&level)?,
            parent,
            unit: unit.map(UnitId),
            approval: row.try_get("approval")?,
            address: row.try_get("address")?,
            hours: row.try_get("hours")?,
            phone: row.try_get("phone")?,
        },
        active: row.try_get::<i64, _>("active")? != 0,
        items: row.try_get("items")?,
    })
}

/// Every centre, by level then name.
pub async fn all(tx: &mut Tx) -> Result<Vec<StoredCentre>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY CASE c.level WHEN 'district' THEN 0 WHEN 'sub_centre' THEN 1 \
         WHEN 'township' THEN 2 ELSE 3 END, c.name"
    )))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Centre `id`, if any.
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<StoredCentre>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Whether a centre is named `name` (other than `except`).
pub async fn name_taken(tx: &mut Tx, name: &str, except: i64) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM hall_centres WHERE name = $1 AND id <> $2")
        .bind(name)
        .bind(except)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// The number of district centres other than `except`.
pub async fn districts(tx: &mut Tx, except: i64) -> Result<i64> {
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM hall_centres WHERE level = 'district' AND id <> $1")
            .bind(except)
            .fetch_one(&mut **tx)
            .await?;
    Ok(row.try_get("n")?)
}

/// Inserts a centre; returns its id.
pub async fn insert(tx: &mut Tx, centre: &Centre, now: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hall_centres (name, level, parent_id, unit_id, approval, address, hours, \
         phone, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
    )
    .bind(centre.name.trim())
    .bind(centre.level.code())
    .bind(centre.parent.map(|(id, _)| id))
    .bind(centre.unit.map(|u| u.0))
    .bind(centre.approval.trim())
    .bind(centre.address.trim())
    .bind(centre.hours.trim())
    .bind(centre.phone.trim())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Writes the changeable fields of centre `id` (HALL-LEVELS).
pub async fn update(tx: &mut Tx, id: i64, centre: &Centre, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE hall_centres SET name = $1, parent_id = $2, approval = $3, address = $4, \
         hours = $5, phone = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(centre.name.trim())
    .bind(centre.parent.map(|(id, _)| id))
    .bind(centre.approval.trim())
    .bind(centre.address.trim())
    .bind(centre.hours.trim())
    .bind(centre.phone.trim())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks centre `id` inactive (its row, list and reports kept).
pub async fn deactivate(tx: &mut Tx, id: i64, now: i64) -> Result<()> {
    sqlx::query("UPDATE hall_centres SET active = 0, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The names of the active centres directly under centre `id`.
pub async fn active_children(tx: &mut Tx, id: i64) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT name FROM hall_centres WHERE parent_id = $1 AND active = 1 ORDER BY name",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("name")?)).collect()
}

/// The catalogue's published items that are not terminated, by code.
pub async fn published_items(tx: &mut Tx) -> Result<Vec<ListedItem>> {
    let rows = sqlx::query(
        "SELECT id, code, name FROM svc_items WHERE published_version IS NOT NULL \
         AND status <> 'terminated' ORDER BY code",
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(listed).collect()
}

fn listed(row: &sqlx::any::AnyRow) -> Result<ListedItem> {
    Ok(ListedItem {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
    })
}

/// Centre `id`'s convenience items that are still published, by code.
pub async fn items_of(tx: &mut Tx, id: i64) -> Result<Vec<ListedItem>> {
    let rows = sqlx::query(
        "SELECT s.id, s.code, s.name FROM hall_centre_items c JOIN svc_items s ON s.id = c.item_id \
         WHERE c.centre_id = $1 AND s.published_version IS NOT NULL \
         AND s.status <> 'terminated' ORDER BY s.code",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(listed).collect()
}

/// Replaces centre `id`'s list.
pub async fn set_items(tx: &mut Tx, id: i64, items: &[i64], now: i64) -> Result<()> {
    sqlx::query("DELETE FROM hall_centre_items WHERE centre_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for item in items {
        sqlx::query("INSERT INTO hall_centre_items (centre_id, item_id) VALUES ($1, $2)")
            .bind(id)
            .bind(item)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE hall_centres SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The stored form of a month: `2026-03`.
pub fn month_key(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// Whether centre `id` reported for `month`.
pub async fn reported(tx: &mut Tx, id: i64, month: NaiveDate) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM hall_centre_reports WHERE centre_id = $1 AND month = $2",
    )
    .bind(id)
    .bind(month_key(month))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Stores a report; returns its id.
pub async fn insert_report(
    tx: &mut Tx,
    id: i64,
    report: &Report,
    by: i64,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hall_centre_reports (centre_id, month, item_changes, received, completed, \
         note, reported_by, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(month_key(report.month))
    .bind(report.item_changes.trim())
    .bind(report.received)
    .bind(report.completed)
    .bind(report.note.trim())
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// The reports, newest month first, at most `limit`; of centre `only` when given.
pub async fn reports(db: &Db, only: Option<i64>, limit: i64) -> Result<Vec<StoredReport>> {
    let rows = sqlx::query(
        "SELECT r.id, r.centre_id, c.name AS centre_name, r.month, r.item_changes, r.received, \
         r.completed, r.note, u.display_name, r.reported_at FROM hall_centre_reports r \
         JOIN hall_centres c ON c.id = r.centre_id JOIN users u ON u.id = r.reported_by \
         WHERE ($1 = 0 OR r.centre_id = $1) ORDER BY r.month DESC, c.name LIMIT $2",
    )
    .bind(only.unwrap_or(0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let month: String = row.try_get("month")?;
            Ok(StoredReport {
                id: row.try_get("id")?,
                centre_id: row.try_get("centre_id")?,
                centre_name: row.try_get("centre_name")?,
                report: Report {
                    month: crate::levels::parse_month(&month).ok_or_else(|| {
                        Error::Unexpected(anyhow::anyhow!("unreadable report month {month}"))
                    })?,
                    item_changes: row.try_get("item_changes")?,
                    received: row.try_get("received")?,
                    completed: row.try_get("completed")?,
                    note: row.try_get("note")?,
                },
                reporter: row.try_get("display_name")?,
                reported_at: row.try_get("reported_at")?,
            })
        })
        .collect()
}
