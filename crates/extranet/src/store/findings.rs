//! `extranet_findings` (migration 0074, NET-LEDGER): a security finding as a snapshot of the
//! pure machine, with the columns the lists read (office, unit, status, when sent).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::ledger::{Finding, FindingId, FindingStatus};

/// A finding as stored.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    pub finding: Finding,
    /// Its number (安全检查问题编号, `AQ`year-id).
    pub number: String,
    pub version: i64,
}

/// The message of a stale page.
pub const CONFLICT: &str = "该安全检查问题已被他人更新，请刷新后重试";

/// Inserts `finding` (its id given by the table, its number `AQ`year-id); version 1.
pub async fn insert(tx: &mut Tx, finding: &mut Finding, now: i64) -> Result<StoredFinding> {
    let row = sqlx::query(
        "INSERT INTO extranet_findings (number, office_unit_id, unit_id, status, state, version, \
         sent_at, created_at, updated_at) VALUES ('', $1, $2, $3, '{}', 1, $4, $5, $5) \
         RETURNING id",
    )
    .bind(finding.office.0)
    .bind(finding.unit.0)
    .bind(finding.status.code())
    .bind(finding.sent_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    finding.id = FindingId(row.try_get("id")?);
    let year = finding.sent_at.local_date().format("%Y");
    let number = format!("AQ{year}{:06}", finding.id.0);
    sqlx::query("UPDATE extranet_findings SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("finding snapshot", finding)?)
        .bind(finding.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredFinding {
        finding: finding.clone(),
        number,
        version: 1,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, finding: &Finding, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE extranet_findings SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(finding.status.code())
    .bind(to_json("finding snapshot", finding)?)
    .bind(now)
    .bind(finding.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(expected + 1)
}

const SELECT: &str = "SELECT state, number, version FROM extranet_findings";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredFinding> {
    let state: String = row.try_get("state")?;
    Ok(StoredFinding {
        finding: from_json("finding snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: FindingId) -> Error {
    Error::not_found(format!("安全检查问题 {id}"))
}

pub async fn get(db: &Db, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The findings `unit` sent (as the office) or must fix, newest first, at most `limit`.
pub async fn list(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<StoredFinding>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE office_unit_id = $1 OR unit_id = $1 ORDER BY sent_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The findings of unit `unit` (the ledger's), newest first.
pub async fn of_unit(db: &Db, unit: UnitId) -> Result<Vec<StoredFinding>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE unit_id = $1 ORDER BY sent_at DESC, id DESC"
    )))
    .bind(unit.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every finding of `office` sent in `[from, to)` or still cut off or open then (the annual
/// report reads them all; a year holds few).
pub async fn of_office(db: &Db, office: UnitId) -> Result<Vec<StoredFinding>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE office_unit_id = $1 ORDER BY sent_at, id"
    )))
    .bind(office.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// NET-LEDGER: how many findings of `unit` other than `except` stand cut off.
pub async fn other_cut_offs(tx: &mut Tx, unit: UnitId, except: FindingId) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM extranet_findings WHERE unit_id = $1 AND id <> $2 \
         AND status IN ($3, $4)",
    )
    .bind(unit.0)
    .bind(except.0)
    .bind(FindingStatus::CutOff.code())
    .bind(FindingStatus::CutOffReported.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("n")?)
}

/// NET-LEDGER: the units with a finding standing cut off (已断开).
pub async fn cut_off_units(db: &Db) -> Result<Vec<UnitId>> {
    let rows = sqlx::query(
        "SELECT DISTINCT unit_id FROM extranet_findings WHERE status IN ($1, $2) ORDER BY unit_id",
    )
    .bind(FindingStatus::CutOff.code())
    .bind(FindingStatus::CutOffReported.code())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| row.try_get("unit_id").map(UnitId).map_err(Error::from))
        .collect()
}
