//! Storage of the e-mail subscriptions to columns (migration 0029, WEB-PERSONAL): the sealed
//! address with its blind index, the keyed hash of the confirmation token, the site's address
//! the mails link to, and the articles already announced (once each).

use platform::Result;
use platform::db::Tx;
use sqlx::Row as _;

use crate::{ArticleId, ColumnId};

/// A stored subscription.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: i64,
    pub column: ColumnId,
    pub email_sealed: Vec<u8>,
    pub base: String,
    pub confirmed_at: Option<i64>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Subscription> {
    Ok(Subscription {
        id: row.try_get("id")?,
        column: ColumnId(row.try_get("column_id")?),
        email_sealed: row.try_get("email_sealed")?,
        base: row.try_get("base")?,
        confirmed_at: row.try_get("confirmed_at")?,
    })
}

const FIELDS: &str = "id, column_id, email_sealed, base, confirmed_at";

/// The subscription of the address with blind index `lookup` to `column`, if any.
pub async fn find(tx: &mut Tx, column: ColumnId, lookup: &str) -> Result<Option<Subscription>> {
    let sql = format!(
        "SELECT {FIELDS} FROM site_subscriptions WHERE column_id = $1 AND email_lookup = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(column.0)
        .bind(lookup)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The subscription whose confirmation token hashes to `token_hash`, if any.
pub async fn by_token(tx: &mut Tx, token_hash: &str) -> Result<Option<Subscription>> {
    let sql = format!("SELECT {FIELDS} FROM site_subscriptions WHERE token_hash = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The subscription `id`, if any.
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Subscription>> {
    let sql = format!("SELECT {FIELDS} FROM site_subscriptions WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A new unconfirmed subscription; returns its id.
pub async fn insert(
    tx: &mut Tx,
    column: ColumnId,
    (email_sealed, lookup): (&[u8], &str),
    token_hash: &str,
    base: &str,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO site_subscriptions (column_id, email_sealed, email_lookup, token_hash, \
         base, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(column.0)
    .bind(email_sealed)
    .bind(lookup)
    .bind(token_hash)
    .bind(base)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Marks the subscription confirmed.
pub async fn confirm(tx: &mut Tx, id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE site_subscriptions SET confirmed_at = $2 WHERE id = $1 AND confirmed_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes the subscription (the address goes with it).
pub async fn delete(tx: &mut Tx, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM site_subscriptions WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The confirmed subscriptions of `column`.
pub async fn confirmed_of(tx: &mut Tx, column: ColumnId) -> Result<Vec<Subscription>> {
    let sql = format!(
        "SELECT {FIELDS} FROM site_subscriptions \
         WHERE column_id = $1 AND confirmed_at IS NOT NULL ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(column.0)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Records that `article` was announced; false when it already was (nothing to send again).
pub async fn mark_announced(tx: &mut Tx, article: ArticleId, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO site_announced_articles (article_id, announced_at) VALUES ($1, $2) \
         ON CONFLICT (article_id) DO NOTHING",
    )
    .bind(article.0)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
