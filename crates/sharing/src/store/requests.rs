//! `sharing_requests` (migration 0055): a request's snapshot, number (`SQ`id), consumer,
//! provider, entry and status, and its version.

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::RequestId;
use crate::request::Request;

pub const CONFLICT: &str = "该共享申请已被他人更新，请刷新后重试";

/// A stored request.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub request: Request,
    pub number: String,
    pub version: i64,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredRequest> {
    Ok(StoredRequest {
        request: from_json("request snapshot", &row.try_get::<String, _>("state")?)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

pub async fn insert(tx: &mut Tx, request: &mut Request, now: i64) -> Result<StoredRequest> {
    let row = sqlx::query(
        "INSERT INTO sharing_requests (number, consumer_unit_id, provider_unit_id, entry_id, \
         status, state, version, submitted_at, updated_at) VALUES ('', $1, $2, $3, $4, '{}', 1, \
         $5, $5) RETURNING id",
    )
    .bind(request.consumer.0)
    .bind(request.provider.0)
    .bind(request.filing.entry.0)
    .bind(request.status.code())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    request.id = RequestId(row.try_get("id")?);
    let number = format!("SQ{:08}", request.id.0);
    sqlx::query("UPDATE sharing_requests SET number = $1, state = $2 WHERE id = $3")
        .bind(number.clone())
        .bind(to_json("request snapshot", request)?)
        .bind(request.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredRequest {
        request: request.clone(),
        number,
        version: 1,
    })
}

pub async fn update(tx: &mut Tx, request: &Request, version: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE sharing_requests SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(request.status.code())
    .bind(to_json("request snapshot", request)?)
    .bind(now)
    .bind(request.id.0)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(version + 1)
}

pub async fn get_in(tx: &mut Tx, id: RequestId) -> Result<StoredRequest> {
    let row = sqlx::query("SELECT number, state, version FROM sharing_requests WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("该共享申请"))?;
    from_row(&row)
}

pub async fn get(db: &Db, id: RequestId) -> Result<StoredRequest> {
    let mut tx = db.begin_read().await?;
    let request = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(request)
}

/// The requests a unit filed or must decide, or (administrator) every one, newest first.
pub async fn list_for(db: &Db, unit: Option<i64>) -> Result<Vec<StoredRequest>> {
    let rows =
        match unit {
            Some(unit) => sqlx::query(
                "SELECT number, state, version FROM sharing_requests WHERE consumer_unit_id = $1 \
                 OR provider_unit_id = $2 ORDER BY id DESC LIMIT 200",
            )
            .bind(unit)
            .bind(unit)
            .fetch_all(&db.pool)
            .await?,
            None => sqlx::query(
                "SELECT number, state, version FROM sharing_requests ORDER BY id DESC LIMIT 200",
            )
            .fetch_all(&db.pool)
            .await?,
        };
    rows.iter().map(from_row).collect()
}
