//! `extranet_applications` (migration 0050, NET-ACCESS): an access application as a snapshot
//! of the pure machine, with the columns the lists read (office, applying unit, kind,
//! status, the access a change or closing concerns).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::application::{Application, ApplicationId, ApplicationKind, Status};

/// An application as stored.
#[derive(Debug, Clone)]
pub struct StoredApplication {
    pub application: Application,
    /// Its number (外网接入申请编号, `WW`year-id).
    pub number: String,
    pub version: i64,
}

/// The message of a stale page.
pub const CONFLICT: &str = "该接入申请已被他人更新，请刷新后重试";

/// Inserts `application` (its id given by the table, its number `WW`year-id); version 1.
pub async fn insert(
    tx: &mut Tx,
    application: &mut Application,
    now: i64,
) -> Result<StoredApplication> {
    let row = sqlx::query(
        "INSERT INTO extranet_applications (number, office_unit_id, unit_id, kind, status, \
         of_access_id, state, version, applied_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, '{}', 1, $6, $7, $7) RETURNING id",
    )
    .bind(application.office.0)
    .bind(application.filing.unit.0)
    .bind(application.filing.kind.code())
    .bind(application.status.code())
    .bind(application.filing.of_access.map(|id| id.0))
    .bind(application.applied_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    application.id = ApplicationId(row.try_get("id")?);
    let year = application.applied_at.local_date().format("%Y");
    let number = format!("WW{year}{:06}", application.id.0);
    sqlx::query("UPDATE extranet_applications SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("application snapshot", application)?)
        .bind(application.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredApplication {
        application: application.clone(),
        number,
        version: 1,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(
    tx: &mut Tx,
    application: &Application,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE extranet_applications SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(application.status.code())
    .bind(to_json("application snapshot", application)?)
    .bind(now)
    .bind(application.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(expected + 1)
}

const SELECT: &str = "SELECT state, number, version FROM extranet_applications";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredApplication> {
    let state: String = row.try_get("state")?;
    Ok(StoredApplication {
        application: from_json("application snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: ApplicationId) -> Error {
    Error::not_found(format!("外网接入申请 {id}"))
}

pub async fn get(db: &Db, id: ApplicationId) -> Result<StoredApplication> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ApplicationId) -> Result<StoredApplication> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The applications `unit` reviews (as the office) or filed, newest first, at most `limit`.
pub async fn list(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<StoredApplication>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE office_unit_id = $1 OR unit_id = $1 \
         ORDER BY applied_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// NET-ACCESS: whether access application `access` of `unit` is in operation and not closed
/// by a closing request whose link was closed.
pub async fn access_in_operation(tx: &mut Tx, unit: UnitId, access: ApplicationId) -> Result<bool> {
    let row = sqlx::query(
        "SELECT a.kind, a.status, \
         (SELECT COUNT(*) FROM extranet_applications c WHERE c.of_access_id = a.id \
          AND c.kind = $1 AND c.status = $2) AS closed \
         FROM extranet_applications a WHERE a.id = $3 AND a.unit_id = $4",
    )
    .bind(ApplicationKind::Closing.code())
    .bind(Status::Closed.code())
    .bind(access.0)
    .bind(unit.0)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let closed: i64 = row.try_get("closed")?;
    Ok(kind != ApplicationKind::Closing.code()
        && status == Status::InOperation.code()
        && closed == 0)
}

/// NET-IPAM: whether application `id` of `unit` may have addresses: an access or change not
/// refused and not closed.
pub async fn may_hold_addresses(tx: &mut Tx, unit: UnitId, id: ApplicationId) -> Result<bool> {
    let row = sqlx::query(
        "SELECT kind, status FROM extranet_applications WHERE id = $1 AND unit_id = $2",
    )
    .bind(id.0)
    .bind(unit.0)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(kind != ApplicationKind::Closing.code()
        && status != Status::Refused.code()
        && status != Status::Closed.code())
}

/// The newest application of `unit` that may hold addresses and is in operation (the one an
/// imported ledger row is tied to).
pub async fn latest_in_operation(tx: &mut Tx, unit: UnitId) -> Result<Option<ApplicationId>> {
    let row = sqlx::query(
        "SELECT id FROM extranet_applications WHERE unit_id = $1 AND kind <> $2 AND status = $3 \
         ORDER BY applied_at DESC, id DESC LIMIT 1",
    )
    .bind(unit.0)
    .bind(ApplicationKind::Closing.code())
    .bind(Status::InOperation.code())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get("id").map(ApplicationId))
        .transpose()
        .map_err(Error::from)
}
