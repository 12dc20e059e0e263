//! `openness_concerns` (migration 0065, PUB-RESPOND): a public concern as a snapshot of the
//! pure machine, with the columns the lists read (office, responding unit, gravity, status,
//! when it was noticed). A concern holds no personal data: the policy, the summary and the
//! releases are public matters.

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::concern::{Concern, ConcernId, Gravity, Status};

/// A concern as stored.
#[derive(Debug, Clone)]
pub struct StoredConcern {
    pub concern: Concern,
    /// Its number (舆情编号).
    pub number: String,
    pub version: i64,
}

/// Inserts `concern` (its id given by the table; its number `YQ`year-id); version 1.
pub async fn insert(tx: &mut Tx, concern: &mut Concern, now: i64) -> Result<StoredConcern> {
    let row = sqlx::query(
        "INSERT INTO openness_concerns (number, office_unit_id, unit_id, gravity, status, \
         state, version, noticed_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, '{}', 1, $5, $6, $6) RETURNING id",
    )
    .bind(concern.office.0)
    .bind(concern.filing.unit.0)
    .bind(concern.filing.gravity.code())
    .bind(concern.status.code())
    .bind(concern.filing.noticed_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    concern.id = ConcernId(row.try_get("id")?);
    let year = concern.registered_at.local_date().format("%Y");
    let number = format!("YQ{year}{:06}", concern.id.0);
    sqlx::query("UPDATE openness_concerns SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("concern snapshot", concern)?)
        .bind(concern.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredConcern {
        concern: concern.clone(),
        number,
        version: 1,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, concern: &Concern, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_concerns SET gravity = $1, status = $2, state = $3, \
         version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(concern.filing.gravity.code())
    .bind(concern.status.code())
    .bind(to_json("concern snapshot", concern)?)
    .bind(now)
    .bind(concern.id.0)
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
pub const CONFLICT: &str = "该舆情已被他人更新，请刷新后重试";

const SELECT: &str = "SELECT state, number, version FROM openness_concerns";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredConcern> {
    let state: String = row.try_get("state")?;
    Ok(StoredConcern {
        concern: from_json("concern snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: ConcernId) -> Error {
    Error::not_found(format!("社会关切 {id}"))
}

pub async fn get(db: &Db, id: ConcernId) -> Result<StoredConcern> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ConcernId) -> Result<StoredConcern> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// One line of a concerns list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernLine {
    pub id: ConcernId,
    pub number: String,
    pub office: UnitId,
    pub unit: UnitId,
    pub gravity: Gravity,
    pub status: Status,
    pub policy: String,
    pub noticed_at: Instant,
}

/// The concerns `unit` registered (as the office) or responds to, newest first, at most
/// `limit`.
pub async fn list(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<ConcernLine>> {
    let rows = sqlx::query(
        "SELECT state, number FROM openness_concerns \
         WHERE office_unit_id = $1 OR unit_id = $1 \
         ORDER BY noticed_at DESC, id DESC LIMIT $2",
    )
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let concern: Concern =
                from_json("concern snapshot", &row.try_get::<String, _>("state")?)?;
            Ok(ConcernLine {
                id: concern.id,
                number: row.try_get("number")?,
                office: concern.office,
                unit: concern.filing.unit,
                gravity: concern.filing.gravity,
                status: concern.status,
                policy: concern.filing.policy,
                noticed_at: concern.filing.noticed_at,
            })
        })
        .collect()
}
