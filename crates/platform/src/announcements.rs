//! Portal announcements (通知公告): the little content the demo portal shows until the
//! website domain (site group, columns, articles) is built.

use sqlx::Row as _;

use crate::db::Db;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_at: i64,
}

pub async fn latest(db: &Db, limit: i64) -> Result<Vec<Announcement>> {
    let rows = sqlx::query("SELECT id, title, body, published_at FROM announcements ORDER BY published_at DESC, id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Announcement {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                published_at: row.try_get("published_at")?,
            })
        })
        .collect()
}
