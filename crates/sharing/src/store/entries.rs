//! `sharing_entries` (migration 0055): an entry's snapshot, its number (目录编号 `SJML`id),
//! provider, name, class and status for the lists, and its version.

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::EntryId;
use crate::entry::Entry;

pub const CONFLICT: &str = "该数据目录已被他人更新，请刷新后重试";

/// A stored entry.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub entry: Entry,
    pub number: String,
    pub version: i64,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredEntry> {
    Ok(StoredEntry {
        entry: from_json("entry snapshot", &row.try_get::<String, _>("state")?)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

/// Inserts a new entry and gives it its id and number.
pub async fn insert(tx: &mut Tx, entry: &mut Entry, now: i64) -> Result<StoredEntry> {
    let row = sqlx::query(
        "INSERT INTO sharing_entries (number, provider_unit_id, name, class, status, state, \
         version, created_at, updated_at) VALUES ('', $1, $2, $3, $4, '{}', 1, $5, $5) \
         RETURNING id",
    )
    .bind(entry.provider.0)
    .bind(entry.draft.name.clone())
    .bind(entry.draft.class.code())
    .bind(entry.status.code())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    entry.id = EntryId(row.try_get("id")?);
    let number = format!("SJML{:06}", entry.id.0);
    sqlx::query("UPDATE sharing_entries SET number = $1, state = $2 WHERE id = $3")
        .bind(number.clone())
        .bind(to_json("entry snapshot", entry)?)
        .bind(entry.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredEntry {
        entry: entry.clone(),
        number,
        version: 1,
    })
}

/// Writes `entry` over `version`; a concurrent change is a conflict.
pub async fn update(tx: &mut Tx, entry: &Entry, version: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE sharing_entries SET name = $1, class = $2, status = $3, state = $4, \
         published_at = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8",
    )
    .bind(entry.draft.name.clone())
    .bind(entry.draft.class.code())
    .bind(entry.status.code())
    .bind(to_json("entry snapshot", entry)?)
    .bind(entry.published_at.map(|at| at.millis()))
    .bind(now)
    .bind(entry.id.0)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(version + 1)
}

pub async fn get_in(tx: &mut Tx, id: EntryId) -> Result<StoredEntry> {
    let row = sqlx::query("SELECT number, state, version FROM sharing_entries WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("该数据目录"))?;
    from_row(&row)
}

pub async fn get(db: &Db, id: EntryId) -> Result<StoredEntry> {
    let mut tx = db.begin_read().await?;
    let entry = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(entry)
}

/// Entries by status codes (the published catalogue, the administrator's queue), or a
/// provider's own (`provider`), newest first.
pub async fn list(db: &Db, statuses: &[&str], provider: Option<i64>) -> Result<Vec<StoredEntry>> {
    let rows = sqlx::query(
        "SELECT number, state, version, status, provider_unit_id FROM sharing_entries \
         ORDER BY id DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let status: String = row.try_get("status")?;
        let unit: i64 = row.try_get("provider_unit_id")?;
        let wanted = (statuses.is_empty() || statuses.contains(&status.as_str()))
            && provider.is_none_or(|p| p == unit);
        if wanted {
            out.push(from_row(&row)?);
        }
    }
    Ok(out)
}
