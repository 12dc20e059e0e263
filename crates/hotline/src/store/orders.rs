//! `hotline_orders` and `hotline_order_units`: the order snapshot with its status, lead unit
//! and class for indexed queries, and an optimistic version; the units of the current
//! dispatch as the unit queue's index.

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::order::{Order, UnitRole};
use crate::store::unreadable;
use crate::{AppealId, UnitId, snapshot};

/// An order as stored.
#[derive(Debug, Clone)]
pub struct StoredOrder {
    pub id: AppealId,
    pub order: Order,
    pub version: i64,
    pub updated_at: i64,
}

fn class_code(order: &Order) -> Option<String> {
    order.class.map(|class| class.code().to_owned())
}

fn state_json(order: &Order) -> Result<String> {
    snapshot::to_json(order).map_err(|e| Error::Unexpected(anyhow::Error::from(e)))
}

/// Inserts the order of a new appeal (same id), version 1.
pub async fn insert(tx: &mut Tx, id: AppealId, order: &Order, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO hotline_orders (id, appeal_id, status, lead_unit_id, handling_class, state, \
         version, created_at, updated_at) VALUES ($1, $1, $2, $3, $4, $5, 1, $6, $6)",
    )
    .bind(id.0)
    .bind(order.status.code())
    .bind(order.lead().map(|unit| unit.0))
    .bind(class_code(order))
    .bind(state_json(order)?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredOrder> {
    let state: String = row.try_get("state")?;
    Ok(StoredOrder {
        id: AppealId(row.try_get("id")?),
        order: snapshot::from_json(&state).map_err(|e| unreadable("order snapshot", e))?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
    })
}

const SELECT: &str = "SELECT id, state, version, updated_at FROM hotline_orders WHERE id = $1";

pub async fn get(db: &Db, id: AppealId) -> Result<StoredOrder> {
    let row = sqlx::query(SELECT)
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("工单 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: AppealId) -> Result<StoredOrder> {
    let row = sqlx::query(SELECT)
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("工单 {id}")))?;
    from_row(&row)
}

/// The status code of an order, for commands that need another order's status (HL-MERGE).
pub async fn status_in(tx: &mut Tx, id: AppealId) -> Result<Option<String>> {
    let row = sqlx::query("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|row| row.try_get("status")).transpose()?)
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(
    tx: &mut Tx,
    id: AppealId,
    order: &Order,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE hotline_orders SET status = $1, lead_unit_id = $2, handling_class = $3, \
         state = $4, version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
    )
    .bind(order.status.code())
    .bind(order.lead().map(|unit| unit.0))
    .bind(class_code(order))
    .bind(state_json(order)?)
    .bind(now)
    .bind(id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("工单已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// Rewrites the units of the current dispatch from the order (HL-DISPATCH, HL-SIGN,
/// HL-RETURN).
pub async fn sync_units(tx: &mut Tx, id: AppealId, order: &Order) -> Result<()> {
    sqlx::query("DELETE FROM hotline_order_units WHERE order_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    for assignment in &order.assignments {
        let role = match assignment.role {
            UnitRole::Lead => "lead",
            UnitRole::Assisting => "assisting",
        };
        sqlx::query(
            "INSERT INTO hotline_order_units (order_id, unit_id, role, signed_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id.0)
        .bind(assignment.unit.0)
        .bind(role)
        .bind(assignment.signed_at.map(|at| at.millis()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One row of a unit's queue before clocks are attached.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub order_id: AppealId,
    pub number: String,
    pub category: String,
    pub location: String,
    pub status: String,
    pub role: UnitRole,
    pub signed_at: Option<i64>,
}

/// Orders where `unit` is lead or assisting and whose status is one of `open_statuses`.
pub async fn queue_rows(db: &Db, unit: UnitId, open_statuses: &[&str]) -> Result<Vec<QueueRow>> {
    let placeholders: Vec<String> = (0..open_statuses.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "SELECT o.id, a.number, a.category, a.location, o.status, u.role, u.signed_at \
         FROM hotline_order_units u JOIN hotline_orders o ON o.id = u.order_id \
         JOIN hotline_appeals a ON a.id = o.id \
         WHERE u.unit_id = $1 AND o.status IN ({}) ORDER BY o.id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(unit.0);
    for status in open_statuses {
        query = query.bind(*status);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            Ok(QueueRow {
                order_id: AppealId(row.try_get("id")?),
                number: row.try_get("number")?,
                category: row.try_get("category")?,
                location: row.try_get("location")?,
                status: row.try_get("status")?,
                role: if role == "lead" {
                    UnitRole::Lead
                } else {
                    UnitRole::Assisting
                },
                signed_at: row.try_get("signed_at")?,
            })
        })
        .collect()
}

/// Whether `unit` is (or was last dispatched as) a handling unit of the order.
pub async fn unit_assigned(db: &Db, id: AppealId, unit: UnitId) -> Result<bool> {
    Ok(
        sqlx::query("SELECT role FROM hotline_order_units WHERE order_id = $1 AND unit_id = $2")
            .bind(id.0)
            .bind(unit.0)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}
