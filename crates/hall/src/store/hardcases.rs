//! `hall_hardcases`, `hall_hardcase_events` (migration 0084, HALL-HARDCASE): a case of the
//! 办不成事反映 or 陇商通 window as a snapshot of the pure machine, its contact masked in the
//! snapshot and sealed in clear to its row ([`CONTACT_COLUMN`], the id), and the columns the
//! lists read (the centre, the department it was transferred to, the status).

use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result, query_code};
use sqlx::Row as _;

use crate::hardcase::{Hardcase, HardcaseId};

/// Where a case's contact is sealed.
pub const CONTACT_COLUMN: &str = "hall_hardcases.contact_sealed";

/// The message of a stale page.
pub const CONFLICT: &str = "该事项已被他人更新，请刷新后重试";

/// A case as stored, its contact masked.
#[derive(Debug, Clone)]
pub struct StoredHardcase {
    pub case: Hardcase,
    /// Its number (`BC`year-id).
    pub number: String,
    pub version: i64,
    pub contact_sealed: Vec<u8>,
    /// The blind index of its query code (empty for a case registered before the lookup).
    pub query_code_hash: String,
}

/// The blind index of the query code of case `number` (HALL-HARDCASE).
pub fn code_input(number: &str, code: &str) -> String {
    super::query_code_input("hall-hardcase", number, code)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("unwritable hard case snapshot: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("unreadable hard case snapshot: {e}")))
}

/// HALL-HARDCASE: the contact as lists show it (its ends only).
pub fn masked(contact: &str) -> String {
    mask_middle(contact.trim(), 3, 4)
}

fn snapshot(case: &Hardcase) -> Result<String> {
    let mut stored = case.clone();
    stored.contact = masked(&case.contact);
    to_json(&stored)
}

/// Inserts `case` (its id from the table, its number `BC`year-id), the contact sealed, a new
/// query code hashed; returns the stored case and the query code in clear (told once).
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    case: &mut Hardcase,
    now: i64,
) -> Result<(StoredHardcase, String)> {
    let row = sqlx::query(
        "INSERT INTO hall_hardcases (number, centre_unit_id, registered_by, channel, status, \
         contact_sealed, state, version, registered_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, '{}', 1, $6, $7, $7) RETURNING id",
    )
    .bind(case.centre.0)
    .bind(case.registered_by.0)
    .bind(case.channel.code())
    .bind(case.status.code())
    .bind(Vec::<u8>::new())
    .bind(case.registered_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    case.id = HardcaseId(row.try_get("id")?);
    let year = case.registered_at.local_date().format("%Y");
    let number = format!("BC{year}{:06}", case.id.0);
    let sealed = key.seal_for(&case.contact, &aad(CONTACT_COLUMN, case.id))?;
    let code = query_code::generate();
    let code_hash = key.lookup_hash(&code_input(&number, &code));
    sqlx::query(
        "UPDATE hall_hardcases SET number = $1, contact_sealed = $2, state = $3, \
         query_code_hash = $4 WHERE id = $5",
    )
    .bind(&number)
    .bind(sealed.clone())
    .bind(snapshot(case)?)
    .bind(&code_hash)
    .bind(case.id.0)
    .execute(&mut **tx)
    .await?;
    let stored = StoredHardcase {
        case: from_json(&snapshot(case)?)?,
        number,
        version: 1,
        contact_sealed: sealed,
        query_code_hash: code_hash,
    };
    Ok((stored, code))
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, case: &Hardcase, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE hall_hardcases SET status = $1, state = $2, department_unit_id = $3, \
         version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(case.status.code())
    .bind(snapshot(case)?)
    .bind(case.department.map(|u| u.0))
    .bind(now)
    .bind(case.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(expected + 1)
}

const SELECT: &str =
    "SELECT state, number, version, contact_sealed, query_code_hash FROM hall_hardcases";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredHardcase> {
    let state: String = row.try_get("state")?;
    Ok(StoredHardcase {
        case: from_json(&state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        contact_sealed: row.try_get("contact_sealed")?,
        query_code_hash: row.try_get("query_code_hash")?,
    })
}

fn not_found(id: HardcaseId) -> Error {
    Error::not_found(format!("办不成事反映事项 {id}"))
}

pub async fn get(db: &Db, id: HardcaseId) -> Result<StoredHardcase> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: HardcaseId) -> Result<StoredHardcase> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The case of `number`, if any.
pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredHardcase>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The cases of centre `unit`, transferred to it, or registered by `user`, newest first, at
/// most `limit`.
pub async fn list(db: &Db, unit: i64, user: i64, limit: i64) -> Result<Vec<StoredHardcase>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE centre_unit_id = $1 OR department_unit_id = $1 OR registered_by = $2 \
         ORDER BY registered_at DESC, id DESC LIMIT $3"
    )))
    .bind(unit)
    .bind(user)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}
