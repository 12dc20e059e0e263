//! The ratings' incremental export read (issue 22, the integration API): ratings given after
//! a position, in (time, id) order, given before `before`; without the rater's contact.

use sqlx::Row as _;

use crate::Result;
use crate::db::Db;

/// One rating as the export reads it.
#[derive(Debug, Clone)]
pub struct ExportedRating {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: String,
    pub unit: i64,
    pub item_code: Option<String>,
    pub channel: String,
    pub level: i64,
    pub comment: String,
    pub created_at: i64,
}

/// At most `limit` ratings given after (`at`, `id`) and before `before`.
pub async fn ratings_since(
    db: &Db,
    at: i64,
    id: i64,
    before: i64,
    limit: i64,
) -> Result<Vec<ExportedRating>> {
    let rows = sqlx::query(
        "SELECT id, subject_type, subject_id, unit_id, item_code, channel, level, comment, \
         created_at FROM evaluations \
         WHERE (created_at > $1 OR (created_at = $2 AND id > $3)) AND created_at < $4 \
         ORDER BY created_at, id LIMIT $5",
    )
    .bind(at)
    .bind(at)
    .bind(id)
    .bind(before)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ExportedRating {
                id: row.try_get("id")?,
                subject_type: row.try_get("subject_type")?,
                subject_id: row.try_get("subject_id")?,
                unit: row.try_get("unit_id")?,
                item_code: row.try_get("item_code")?,
                channel: row.try_get("channel")?,
                level: row.try_get("level")?,
                comment: row.try_get("comment")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
