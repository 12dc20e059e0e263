//! The 12345 orders' incremental export read (issue 22, the integration API): orders changed
//! after a position, in (change time, id) order, changed before `before`; without the
//! appellant and the content.

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

/// One order as the export reads it.
#[derive(Debug, Clone)]
pub struct ExportedOrder {
    pub id: i64,
    pub number: String,
    pub category: String,
    pub channel: String,
    pub status: String,
    pub lead_unit: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// At most `limit` orders changed after (`at`, `id`) and before `before`.
pub async fn orders_since(
    db: &Db,
    at: i64,
    id: i64,
    before: i64,
    limit: i64,
) -> Result<Vec<ExportedOrder>> {
    let rows = sqlx::query(
        "SELECT o.id, o.status, o.lead_unit_id, o.created_at, o.updated_at, a.number, \
         a.category, a.channel FROM hotline_orders o JOIN hotline_appeals a ON a.id = o.appeal_id \
         WHERE (o.updated_at > $1 OR (o.updated_at = $2 AND o.id > $3)) AND o.updated_at < $4 \
         ORDER BY o.updated_at, o.id LIMIT $5",
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
            Ok(ExportedOrder {
                id: row.try_get("id")?,
                number: row.try_get("number")?,
                category: row.try_get("category")?,
                channel: row.try_get("channel")?,
                status: row.try_get("status")?,
                lead_unit: row.try_get("lead_unit_id")?,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect()
}
