//! A logged-in person's subscriptions to site columns (issue 23 item 3, WEB-PERSONAL):
//! subscribe and unsubscribe on a column's page, the list in 我的空间; the new articles of a
//! subscribed column reach the person as the platform's messages (`inbox`). Only an open
//! column (not archived) can be subscribed; each change is audited.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::actor;

/// One subscription as the space lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    pub column_id: i64,
    pub column: String,
    pub site: String,
    pub since: i64,
}

/// Subscribes the account to column `column_id`; subscribing twice changes nothing.
pub async fn subscribe(db: &Db, account_id: i64, column_id: i64, ip: &str, now: i64) -> Result<()> {
    let open = sqlx::query("SELECT name FROM site_columns WHERE id = $1 AND archived_at IS NULL")
        .bind(column_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::invalid("该栏目不存在或已归档，不能订阅"))?;
    let name: String = open.try_get("name")?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "INSERT INTO account_subscriptions (account_id, column_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id, column_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(column_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() > 0 {
        let event = AuditEvent::new("account.subscribe", "account", account_id)
            .detail(format!("订阅栏目“{name}”"));
        audit::record(&mut tx, &actor(account_id, ip), event, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends the account's subscription to `column_id` (none: nothing changes).
pub async fn unsubscribe(
    db: &Db,
    account_id: i64,
    column_id: i64,
    ip: &str,
    now: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let done =
        sqlx::query("DELETE FROM account_subscriptions WHERE account_id = $1 AND column_id = $2")
            .bind(account_id)
            .bind(column_id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() > 0 {
        let event = AuditEvent::new("account.subscribe", "account", account_id)
            .detail(format!("取消订阅栏目 {column_id}"));
        audit::record(&mut tx, &actor(account_id, ip), event, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether the account subscribes to `column_id`.
pub async fn subscribes(db: &Db, account_id: i64, column_id: i64) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM account_subscriptions WHERE account_id = $1 AND column_id = $2",
    )
    .bind(account_id)
    .bind(column_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// The account's subscriptions, newest first.
pub async fn list(db: &Db, account_id: i64) -> Result<Vec<Subscription>> {
    let rows = sqlx::query(
        "SELECT s.column_id, c.name AS column_name, t.name AS site_name, s.created_at \
         FROM account_subscriptions s JOIN site_columns c ON c.id = s.column_id \
         JOIN sites t ON t.id = c.site_id WHERE s.account_id = $1 \
         ORDER BY s.created_at DESC, s.id DESC",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Subscription {
                column_id: row.try_get("column_id")?,
                column: row.try_get("column_name")?,
                site: row.try_get("site_name")?,
                since: row.try_get("created_at")?,
            })
        })
        .collect()
}
