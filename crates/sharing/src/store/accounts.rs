//! `sharing_accounts` and `sharing_handovers` (migration 0085, DATA-ACCOUNTS): the register of
//! the platform's accounts and the handovers of staff changes, and the codes an account
//! issued (`sharing_grants.code_user_id`).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::{Account, AccountStatus, Handover, HandoverStatus};
use crate::{UnitId, UserId};

const ACCOUNT_COLUMNS: &str =
    "id, unit_id, user_id, purpose, status, allocated_at, allocated_by, closed_at";

fn account_from_row(row: &sqlx::any::AnyRow) -> Result<Account> {
    let status: String = row.try_get("status")?;
    Ok(Account {
        id: row.try_get("id")?,
        unit: UnitId(row.try_get("unit_id")?),
        user: UserId(row.try_get("user_id")?),
        purpose: row.try_get("purpose")?,
        status: AccountStatus::parse(&status)
            .ok_or_else(|| super::unreadable("account status", &status))?,
        allocated_at: Instant::from_millis(row.try_get("allocated_at")?),
        allocated_by: UserId(row.try_get("allocated_by")?),
        closed_at: row
            .try_get::<Option<i64>, _>("closed_at")?
            .map(Instant::from_millis),
    })
}

/// Files a newly allocated account; returns its id.
pub async fn insert(tx: &mut Tx, account: &Account) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO sharing_accounts (unit_id, user_id, purpose, status, allocated_at, \
         allocated_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account.unit.0)
    .bind(account.user.0)
    .bind(account.purpose.clone())
    .bind(account.status.code())
    .bind(account.allocated_at.millis())
    .bind(account.allocated_by.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Writes an account's status (and when it was closed).
pub async fn set_status(tx: &mut Tx, id: i64, status: AccountStatus, now: Instant) -> Result<()> {
    let closed = (status == AccountStatus::Closed).then_some(now.millis());
    sqlx::query("UPDATE sharing_accounts SET status = $1, closed_at = $2 WHERE id = $3")
        .bind(status.code())
        .bind(closed)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Account `id`, or not found.
pub async fn get(db: &Db, id: i64) -> Result<Account> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM sharing_accounts WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("该平台账号"))?;
    account_from_row(&row)
}

/// Every account of office user `user`.
pub async fn of_user(db: &Db, user: UserId) -> Result<Vec<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM sharing_accounts WHERE user_id = $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user.0)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(account_from_row).collect()
}

/// The register: every account of `unit`, or (administrator) of every unit, by unit then id.
pub async fn list(db: &Db, unit: Option<UnitId>) -> Result<Vec<Account>> {
    let rows = match unit {
        Some(unit) => {
            let sql = format!(
                "SELECT {ACCOUNT_COLUMNS} FROM sharing_accounts WHERE unit_id = $1 ORDER BY id"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit.0)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            let sql =
                format!("SELECT {ACCOUNT_COLUMNS} FROM sharing_accounts ORDER BY unit_id, id");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(account_from_row).collect()
}

const HANDOVER_COLUMNS: &str = "id, account_id, to_account_id, unit_id, from_user_id, to_user_id, \
     reason, items, status, opened_at, opened_by, from_confirmed_at, from_confirmed_by, \
     to_confirmed_at, to_confirmed_by, filed_at, filed_by, cancelled_at, note";

fn pair(row: &sqlx::any::AnyRow, at: &str, by: &str) -> Result<Option<(Instant, UserId)>> {
    let at: Option<i64> = row.try_get(at)?;
    let by: Option<i64> = row.try_get(by)?;
    Ok(at
        .zip(by)
        .map(|(at, by)| (Instant::from_millis(at), UserId(by))))
}

fn handover_from_row(row: &sqlx::any::AnyRow) -> Result<Handover> {
    let status: String = row.try_get("status")?;
    Ok(Handover {
        id: row.try_get("id")?,
        account: row.try_get("account_id")?,
        to_account: row.try_get("to_account_id")?,
        unit: UnitId(row.try_get("unit_id")?),
        from_user: UserId(row.try_get("from_user_id")?),
        to_user: UserId(row.try_get("to_user_id")?),
        reason: row.try_get("reason")?,
        items: row.try_get("items")?,
        status: HandoverStatus::parse(&status)
            .ok_or_else(|| super::unreadable("handover status", &status))?,
        opened_at: Instant::from_millis(row.try_get("opened_at")?),
        opened_by: UserId(row.try_get("opened_by")?),
        from_confirmed: pair(row, "from_confirmed_at", "from_confirmed_by")?,
        to_confirmed: pair(row, "to_confirmed_at", "to_confirmed_by")?,
        filed: pair(row, "filed_at", "filed_by")?,
        cancelled_at: row
            .try_get::<Option<i64>, _>("cancelled_at")?
            .map(Instant::from_millis),
        note: row.try_get("note")?,
    })
}

/// Stores an opened handover; returns its id.
pub async fn insert_handover(tx: &mut Tx, h: &Handover) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO sharing_handovers (account_id, to_account_id, unit_id, from_user_id, \
         to_user_id, reason, items, status, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, \
         $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(h.account)
    .bind(h.to_account)
    .bind(h.unit.0)
    .bind(h.from_user.0)
    .bind(h.to_user.0)
    .bind(h.reason.clone())
    .bind(h.items.clone())
    .bind(h.status.code())
    .bind(h.opened_at.millis())
    .bind(h.opened_by.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Writes a handover's confirmations, filing, status and note.
pub async fn update_handover(tx: &mut Tx, h: &Handover) -> Result<()> {
    let at = |p: Option<(Instant, UserId)>| p.map(|(at, _)| at.millis());
    let by = |p: Option<(Instant, UserId)>| p.map(|(_, by)| by.0);
    sqlx::query(
        "UPDATE sharing_handovers SET status = $1, from_confirmed_at = $2, \
         from_confirmed_by = $3, to_confirmed_at = $4, to_confirmed_by = $5, filed_at = $6, \
         filed_by = $7, cancelled_at = $8, note = $9 WHERE id = $10",
    )
    .bind(h.status.code())
    .bind(at(h.from_confirmed))
    .bind(by(h.from_confirmed))
    .bind(at(h.to_confirmed))
    .bind(by(h.to_confirmed))
    .bind(at(h.filed))
    .bind(by(h.filed))
    .bind(h.cancelled_at.map(Instant::millis))
    .bind(h.note.clone())
    .bind(h.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Handover `id`, or not found.
pub async fn get_handover(db: &Db, id: i64) -> Result<Handover> {
    let sql = format!("SELECT {HANDOVER_COLUMNS} FROM sharing_handovers WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("该交接记录"))?;
    handover_from_row(&row)
}

/// The handovers of `unit`, or (administrator) of every unit, newest first.
pub async fn handovers(db: &Db, unit: Option<UnitId>) -> Result<Vec<Handover>> {
    let rows = match unit {
        Some(unit) => {
            let sql = format!(
                "SELECT {HANDOVER_COLUMNS} FROM sharing_handovers WHERE unit_id = $1 \
                 ORDER BY id DESC LIMIT 200"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit.0)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            let sql = format!(
                "SELECT {HANDOVER_COLUMNS} FROM sharing_handovers ORDER BY id DESC LIMIT 200"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(handover_from_row).collect()
}

/// The grants whose current code `user` issued (what a handover lists and voids).
pub async fn codes_of(db: &Db, user: UserId) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT id FROM sharing_grants WHERE code_user_id = $1 AND code_hash IS NOT NULL \
         ORDER BY id",
    )
    .bind(user.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i64, _>("id")?))
        .collect()
}

/// DATA-ACCOUNTS: voids the codes `user` issued (filing their handover); returns how many.
pub async fn void_codes(tx: &mut Tx, user: UserId, now: Instant) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE sharing_grants SET code_hash = NULL, code_user_id = NULL, updated_at = $1 \
         WHERE code_user_id = $2",
    )
    .bind(now.millis())
    .bind(user.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}
