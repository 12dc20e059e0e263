//! Server-side sessions stored in our database (SEC-ACCOUNTS): the cookie holds a random
//! token, the table only its SM3 digest; idle sessions expire; a new id at every login step.

use sm3::{Digest, Sm3};
use sqlx::Row as _;

use crate::db::{Db, flag};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    /// Whether the second factor was passed (or is not needed for this account).
    pub second_factor_done: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sm3::digest(token.as_bytes()))
}

pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Opens a session and returns its cookie token.
pub async fn create(
    db: &Db,
    user_id: i64,
    second_factor_done: bool,
    ip: &str,
    now: i64,
) -> Result<String> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, second_factor_done, created_at, last_seen_at, ip) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(i64::from(second_factor_done))
    .bind(now)
    .bind(ip)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// The live session of a token. A session idle longer than `idle_minutes` is deleted and
/// not returned; a live one has its last-seen time moved (at most once a minute).
pub async fn lookup(db: &Db, token: &str, idle_minutes: u32, now: i64) -> Result<Option<Session>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id_hash = digest(token);
    let Some(row) = sqlx::query(
        "SELECT user_id, second_factor_done, created_at, last_seen_at FROM sessions WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let session = Session {
        user_id: row.try_get("user_id")?,
        second_factor_done: flag(row.try_get("second_factor_done")?),
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
    };
    let idle_ms = i64::from(idle_minutes) * 60_000;
    if now - session.last_seen_at > idle_ms {
        destroy(db, token).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > 60_000 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&id_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(session))
}

pub async fn destroy(db: &Db, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(digest(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user (password reset, account disabled, roles changed).
pub async fn destroy_all_for_user(tx: &mut crate::db::Tx, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes sessions idle for longer than `idle_minutes` (a periodic job).
pub async fn purge_idle(db: &Db, idle_minutes: u32, now: i64) -> Result<u64> {
    let cutoff = now - i64::from(idle_minutes) * 60_000;
    Ok(sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
        .bind(cutoff)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
