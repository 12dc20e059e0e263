//! The sessions of accounts (issue 23), apart from the staff's: a random token in the
//! `zw_citizen` cookie, kept by its SM3 hash; idle sessions end after the rule profile's
//! idle minutes like the staff's. A unified-identity session keeps its ID token sealed for
//! the provider's logout.

use platform::Result;
use platform::db::Db;
use platform::personal::DataKey;
use sqlx::Row as _;

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub account_id: i64,
    /// The enterprise an agent or the representative acts for.
    pub acting_for: Option<i64>,
    pub id_token: Option<String>,
}

fn digest(token: &str) -> String {
    use sm3::Digest as _;
    hex::encode(sm3::Sm3::digest(token.as_bytes()))
}

/// Opens a session for `account_id`; returns the cookie's token.
pub async fn create(
    db: &Db,
    key: &DataKey,
    account_id: i64,
    id_token: Option<&str>,
    now: i64,
) -> Result<String> {
    let token = platform::auth::session::random_token();
    let hash = digest(&token);
    let sealed = id_token
        .map(|t| key.seal_for(t, &format!("account_sessions.id_token#{hash}")))
        .transpose()?;
    sqlx::query(
        "INSERT INTO account_sessions (token_hash, account_id, id_token_sealed, created_at, \
         last_seen_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&hash)
    .bind(account_id)
    .bind(sealed)
    .bind(now)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// The live session of `token`, its last use moved to `now`.
pub async fn lookup(
    db: &Db,
    key: &DataKey,
    token: &str,
    idle_minutes: u32,
    now: i64,
) -> Result<Option<Session>> {
    let hash = digest(token);
    let row = sqlx::query(
        "SELECT s.account_id, s.acting_for, s.id_token_sealed, s.last_seen_at FROM \
         account_sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND a.status = 'active'",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let last: i64 = row.try_get("last_seen_at")?;
    if now - last > i64::from(idle_minutes) * 60_000 {
        destroy(db, token).await?;
        return Ok(None);
    }
    if now - last > 60_000 {
        sqlx::query("UPDATE account_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&db.pool)
            .await?;
    }
    let sealed: Option<Vec<u8>> = row.try_get("id_token_sealed")?;
    let id_token = sealed
        .map(|bytes| key.open_for(&bytes, &format!("account_sessions.id_token#{hash}")))
        .transpose()?;
    Ok(Some(Session {
        account_id: row.try_get("account_id")?,
        acting_for: row.try_get("acting_for")?,
        id_token,
    }))
}

/// Sets (or clears) the enterprise the session acts for; the caller checked the right.
pub async fn set_acting_for(db: &Db, token: &str, enterprise: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE account_sessions SET acting_for = $1 WHERE token_hash = $2")
        .bind(enterprise)
        .bind(digest(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn destroy(db: &Db, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM account_sessions WHERE token_hash = $1")
        .bind(digest(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}
