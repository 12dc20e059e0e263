//! `openness_account_cases` (migration 0079, PUB-ACCOUNT): an accountability case as a
//! snapshot of the pure machine, with the columns the lists read (office, unit, failure, the
//! record it comes from, status).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::account::{AccountCase, CaseId, Source};

/// A case as stored.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub case: AccountCase,
    pub number: String,
    pub version: i64,
}

/// Inserts `case` (id from the table, number `ZJ`year-id); version 1. Returns the number.
pub async fn insert(tx: &mut Tx, case: &mut AccountCase, now: i64) -> Result<String> {
    let link = case.opening.link;
    let row = sqlx::query(
        "INSERT INTO openness_account_cases (number, office_unit_id, unit_id, failure, source, \
         source_id, status, state, version, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, $6, '{}', 1, $7, $7) RETURNING id",
    )
    .bind(case.office.0)
    .bind(case.opening.unit.0)
    .bind(case.opening.failure.code())
    .bind(link.map(|l| l.source.code()))
    .bind(link.map(|l| l.id))
    .bind(case.status.code())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    case.id = CaseId(row.try_get("id")?);
    let year = case.opened_at.local_date().format("%Y");
    let number = format!("ZJ{year}{:06}", case.id.0);
    sqlx::query("UPDATE openness_account_cases SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("case snapshot", case)?)
        .bind(case.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(number)
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, case: &AccountCase, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_account_cases SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(case.status.code())
    .bind(to_json("case snapshot", case)?)
    .bind(now)
    .bind(case.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(expected + 1)
}

/// The message of a stale page.
pub const CONFLICT: &str = "该责任追究案件已被他人更新，请刷新后重试";

const SELECT: &str = "SELECT state, number, version FROM openness_account_cases";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredCase> {
    Ok(StoredCase {
        case: from_json("case snapshot", &row.try_get::<String, _>("state")?)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: CaseId) -> Error {
    Error::not_found(format!("责任追究案件 {id}"))
}

pub async fn get(db: &Db, id: CaseId) -> Result<StoredCase> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: CaseId) -> Result<StoredCase> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The cases `unit` opened (as the office) or is held to account in, newest first.
pub async fn list(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<StoredCase>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE office_unit_id = $1 OR unit_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The unit a linked record concerns, or `None` when there is no such record.
pub async fn source_unit_in(tx: &mut Tx, source: Source, id: i64) -> Result<Option<UnitId>> {
    let table = match source {
        Source::Application => "openness_applications",
        Source::Complaint => "openness_complaints",
        Source::Finding => "openness_findings",
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT unit_id FROM {table} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get::<i64, _>("unit_id").map(UnitId))
        .transpose()
        .map_err(Into::into)
}
