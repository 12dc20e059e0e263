//! The written sections and the publication of the openness annual report (PUB-ANNUAL,
//! migration 0086): one row per unit and year (`scope_key` 0 for the county's), the sections
//! as JSON while a draft, the frozen snapshot once published, and its history rows.

use platform::Result;
use platform::db::{Db, Tx};
use serde_json::Value;
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::annual::publication::{Sections, Snapshot};

/// A draft's status code, and a published report's.
pub const DRAFT: &str = "draft";
pub const PUBLISHED: &str = "published";

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub id: i64,
    pub number: String,
    /// The unit of a unit's report; 0 for the county's.
    pub scope_key: i64,
    /// The unit that writes it.
    pub unit_id: i64,
    pub year: i32,
    pub sections: Sections,
    /// Once published: the frozen report.
    pub snapshot: Option<Snapshot>,
    pub version: i64,
}

const COLUMNS: &str = "id, number, scope_key, unit_id, year, state, snapshot, version";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredReport> {
    let state: String = row.try_get("state")?;
    let snapshot: Option<String> = row.try_get("snapshot")?;
    let year: i64 = row.try_get("year")?;
    Ok(StoredReport {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        scope_key: row.try_get("scope_key")?,
        unit_id: row.try_get("unit_id")?,
        year: i32::try_from(year).unwrap_or_default(),
        sections: from_json("annual report sections", &state)?,
        snapshot: snapshot
            .map(|text| from_json("annual report snapshot", &text))
            .transpose()?,
        version: row.try_get("version")?,
    })
}

/// The report of `scope_key` for `year`, if begun.
pub async fn find(db: &Db, scope_key: i64, year: i32) -> Result<Option<StoredReport>> {
    let sql =
        format!("SELECT {COLUMNS} FROM openness_annual_reports WHERE scope_key = $1 AND year = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope_key)
        .bind(i64::from(year))
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The same, in a transaction.
pub async fn find_in(tx: &mut Tx, scope_key: i64, year: i32) -> Result<Option<StoredReport>> {
    let sql =
        format!("SELECT {COLUMNS} FROM openness_annual_reports WHERE scope_key = $1 AND year = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope_key)
        .bind(i64::from(year))
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One report by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<StoredReport>> {
    let sql = format!("SELECT {COLUMNS} FROM openness_annual_reports WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every published report, newest year first, the county's before the units'.
pub async fn published(db: &Db) -> Result<Vec<StoredReport>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM openness_annual_reports WHERE status = 'published' \
         ORDER BY year DESC, scope_key, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A new draft; its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    number: &str,
    scope_key: i64,
    unit_id: i64,
    year: i32,
    sections: &Sections,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO openness_annual_reports (number, scope_key, unit_id, year, status, state, \
         version, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, 1, $6, $6) \
         RETURNING id",
    )
    .bind(number)
    .bind(scope_key)
    .bind(unit_id)
    .bind(i64::from(year))
    .bind(to_json("annual report sections", sections)?)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Saves a draft's sections; false when it is no longer the draft of `version`.
pub async fn save(
    tx: &mut Tx,
    id: i64,
    version: i64,
    sections: &Sections,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE openness_annual_reports SET state = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND version = $4 AND status = 'draft'",
    )
    .bind(to_json("annual report sections", sections)?)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publishes a draft with its frozen snapshot; false when it is no longer the draft of
/// `version`.
pub async fn publish(
    tx: &mut Tx,
    id: i64,
    version: i64,
    snapshot: &Snapshot,
    by: i64,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE openness_annual_reports SET status = 'published', snapshot = $1, \
         published_at = $2, published_by = $3, version = version + 1, updated_at = $2 \
         WHERE id = $4 AND version = $5 AND status = 'draft'",
    )
    .bind(to_json("annual report snapshot", snapshot)?)
    .bind(now)
    .bind(by)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A history row of the report.
#[allow(clippy::too_many_arguments)]
pub async fn event(
    tx: &mut Tx,
    id: i64,
    command: &str,
    from: Option<&str>,
    to: &str,
    by: i64,
    detail: &Value,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO openness_annual_report_events (report_id, at, kind, command, from_status, \
         to_status, actor_user_id, detail) VALUES ($1, $2, 'transitioned', $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(now)
    .bind(command)
    .bind(from)
    .bind(to)
    .bind(by)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
