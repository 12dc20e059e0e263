//! The `Idempotency-Key` of the integration API's write paths (issue 22, migration 0059): a
//! system that retries a POST (a lost answer, a timeout) never creates a case, an order or a
//! rating twice. The key is reserved before the use case runs; the answer is kept (sealed:
//! it may hold a query code shown once) and replayed to every retry of the same request; a
//! refused call releases the key, since nothing changed. The same key with another request
//! (another path or body) is refused, and so is a retry while the first call still runs.

use sm3::{Digest, Sm3};
use sqlx::Row as _;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::personal::DataKey;

/// Longest idempotency key accepted.
pub const KEY_MAX: usize = 100;

/// What a reservation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The key is new: run the use case, then [`complete`] or [`release`] row `id`.
    Fresh(i64),
    /// The same request was answered before: send this answer again.
    Replay { status: u16, body: String },
    /// The first call with this key has not answered yet.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// Checks a key as the caller sent it: 1–[`KEY_MAX`] visible ASCII characters.
pub fn check_key(key: &str) -> Result<&str> {
    let key = key.trim();
    if key.is_empty() || key.len() > KEY_MAX || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(format!(
            "Idempotency-Key 应为 1–{KEY_MAX} 个可见 ASCII 字符（建议使用 UUID）"
        )));
    }
    Ok(key)
}

/// The hash a retry must match: method, path and body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut hasher = Sm3::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\0");
    hasher.update(path.as_bytes());
    hasher.update(b"\0");
    hasher.update(body);
    hex::encode(hasher.finalize())
}

fn place(id: i64) -> String {
    format!("api_idempotency.answer_sealed:{id}")
}

/// Reserves `idem_key` of `system_key` for the request of `hash`, or tells what the key
/// already holds.
pub async fn reserve(
    db: &Db,
    data_key: &DataKey,
    system_key: i64,
    idem_key: &str,
    hash: &str,
    now: i64,
) -> Result<Reservation> {
    let inserted = sqlx::query(
        "INSERT INTO api_idempotency (system_key_id, idem_key, request_hash, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (system_key_id, idem_key) DO NOTHING RETURNING id",
    )
    .bind(system_key)
    .bind(idem_key)
    .bind(hash)
    .bind(now)
    .fetch_optional(db.writer())
    .await?;
    if let Some(row) = inserted {
        return Ok(Reservation::Fresh(row.try_get("id")?));
    }
    let row = sqlx::query(
        "SELECT id, request_hash, status, answer_sealed FROM api_idempotency \
         WHERE system_key_id = $1 AND idem_key = $2",
    )
    .bind(system_key)
    .bind(idem_key)
    .fetch_optional(db.writer())
    .await?;
    // Released between the insert and this read: the caller may simply retry.
    let Some(row) = row else {
        return Ok(Reservation::InProgress);
    };
    let stored: String = row.try_get("request_hash")?;
    if stored != hash {
        return Ok(Reservation::Mismatch);
    }
    let status: Option<i64> = row.try_get("status")?;
    let sealed: Option<Vec<u8>> = row.try_get("answer_sealed")?;
    match (status, sealed) {
        (Some(status), Some(sealed)) => {
            let id: i64 = row.try_get("id")?;
            Ok(Reservation::Replay {
                status: u16::try_from(status).unwrap_or(200),
                body: data_key.open_for(&sealed, &place(id))?,
            })
        }
        _ => Ok(Reservation::InProgress),
    }
}

/// Keeps the answer of reservation `id` for the retries.
pub async fn complete(db: &Db, data_key: &DataKey, id: i64, status: u16, body: &str) -> Result<()> {
    let sealed = data_key.seal_for(body, &place(id))?;
    sqlx::query("UPDATE api_idempotency SET status = $1, answer_sealed = $2 WHERE id = $3")
        .bind(i64::from(status))
        .bind(sealed)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Frees reservation `id` after a refused call: nothing changed, the key may be used again.
pub async fn release(db: &Db, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM api_idempotency WHERE id = $1 AND status IS NULL")
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}
