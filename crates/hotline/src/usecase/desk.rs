//! The hotline desk's list of open orders (HL-DISPATCH): number, category, place, status
//! and lead unit — never the appellant (HL-PRIVACY).

use platform::db::Db;
use platform::error::Result;
use sqlx::Row as _;

use crate::order::Status;

/// One open order as the operator's desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskOrder {
    pub order_id: i64,
    pub number: String,
    /// `Category::code`.
    pub category: String,
    pub location: String,
    pub status: Status,
    pub lead_unit: Option<String>,
}

/// The open orders, newest first, at most `limit`.
pub async fn desk_orders(db: &Db, limit: i64) -> Result<Vec<DeskOrder>> {
    let rows = sqlx::query(
        "SELECT o.id, a.number, a.category, a.location, o.status, u.name AS lead FROM hotline_orders o \
         JOIN hotline_appeals a ON a.id = o.appeal_id LEFT JOIN units u ON u.id = o.lead_unit_id \
         WHERE o.status NOT IN ('answered_from_kb', 'refused', 'transferred_to_emergency', 'merged', 'closed', 'archived', 'withdrawn') \
         ORDER BY o.id DESC LIMIT $1",
    )
    .bind(limit.clamp(1, 1000))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let code: String = row.try_get("status")?;
            let status = Status::ALL
                .into_iter()
                .find(|s| s.code() == code)
                .ok_or_else(|| crate::store::unreadable("order status", &code))?;
            Ok(DeskOrder {
                order_id: row.try_get("id")?,
                number: row.try_get("number")?,
                category: row.try_get("category")?,
                location: row.try_get("location")?,
                status,
                lead_unit: row.try_get("lead")?,
            })
        })
        .collect()
}
