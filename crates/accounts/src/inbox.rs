//! The platform's messages to a person in 我的空间 (issue 23 item 3): each change of status
//! of a business in the space (registered, accepted, concluded, a reply published …) and
//! each new article of a subscribed column (WEB-PERSONAL) becomes one message, once —
//! `event_key` is unique per account, so gathering them again repeats none. They are
//! gathered when the space is opened ([`refresh`]) and marked read once shown.

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::space;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub id: i64,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// How many messages the space shows.
pub const SHOWN: i64 = 20;

async fn add(
    db: &Db,
    account_id: i64,
    (key, body, link): (&str, &str, &str),
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO account_messages (account_id, event_key, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, event_key) DO NOTHING",
    )
    .bind(account_id)
    .bind(key)
    .bind(body)
    .bind(link)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Gathers the messages not yet written: the status now of each business of the space, and
/// the articles published in a subscribed column since the subscription.
pub async fn refresh(db: &Db, account_id: i64, now: i64) -> Result<()> {
    for view in space::views(db, account_id).await? {
        let item = &view.item;
        let key = format!("item:{}:{}", item.id, view.status);
        let body = format!(
            "您的{} {}：{}",
            item.kind.label_zh(),
            item.number,
            view.status
        );
        let link = format!("/account/space/items/{}", item.id);
        add(db, account_id, (&key, &body, &link), now).await?;
    }
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.published_at, c.name FROM site_articles a \
         JOIN account_subscriptions s ON s.column_id = a.column_id \
         JOIN site_columns c ON c.id = a.column_id \
         WHERE s.account_id = $1 AND a.status = 'published' AND a.published_at >= s.created_at \
         ORDER BY a.published_at DESC LIMIT 50",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let title: String = row.try_get("title")?;
        let column: String = row.try_get("name")?;
        let at: Option<i64> = row.try_get("published_at")?;
        let body = format!("您订阅的栏目“{column}”有新信息：{title}");
        let (key, link) = (format!("article:{id}"), format!("/articles/{id}"));
        add(db, account_id, (&key, &body, &link), at.unwrap_or(now)).await?;
    }
    Ok(())
}

/// The newest messages of the account.
pub async fn recent(db: &Db, account_id: i64) -> Result<Vec<Message>> {
    let rows = sqlx::query(
        "SELECT id, body, link, created_at, read_at FROM account_messages WHERE account_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(SHOWN)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let read: Option<i64> = row.try_get("read_at")?;
            Ok(Message {
                id: row.try_get("id")?,
                body: row.try_get("body")?,
                link: row.try_get("link")?,
                created_at: row.try_get("created_at")?,
                read: read.is_some(),
            })
        })
        .collect()
}

/// Marks the account's messages read (they were shown).
pub async fn mark_read(db: &Db, account_id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE account_messages SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}
