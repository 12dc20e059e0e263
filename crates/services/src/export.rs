//! The cases' incremental export read (issue 22, the integration API): cases changed after
//! a position, in (change time, id) order, changed before `before` (rows of the current
//! millisecond wait for the next page, so one millisecond is never cut in two).

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

/// One case as the export reads it.
#[derive(Debug, Clone)]
pub struct ExportedCase {
    pub id: i64,
    pub number: String,
    pub item_code: String,
    pub department: i64,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// At most `limit` cases changed after (`at`, `id`) and before `before`.
pub async fn cases_since(
    db: &Db,
    at: i64,
    id: i64,
    before: i64,
    limit: i64,
) -> Result<Vec<ExportedCase>> {
    let rows = sqlx::query(
        "SELECT c.id, c.number, c.department_unit_id, c.status, c.created_at, c.updated_at, \
         i.code AS item_code FROM svc_cases c JOIN svc_items i ON i.id = c.item_id \
         WHERE (c.updated_at > $1 OR (c.updated_at = $2 AND c.id > $3)) AND c.updated_at < $4 \
         ORDER BY c.updated_at, c.id LIMIT $5",
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
            Ok(ExportedCase {
                id: row.try_get("id")?,
                number: row.try_get("number")?,
                item_code: row.try_get("item_code")?,
                department: row.try_get("department_unit_id")?,
                status: row.try_get("status")?,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect()
}
