//! `hall_complaints`, `hall_box_openings` (migration 0072, HALL-BOX): a complaint about a
//! window as a snapshot of the pure machine, its contact masked in the snapshot and sealed in
//! clear to its row ([`CONTACT_COLUMN`], the id; empty bytes when anonymous), the query code's
//! blind hash, and the columns the lists read; the box openings (who opened it, when).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result, query_code};
use sqlx::Row as _;

use crate::supervision::{Complaint, ComplaintId};

/// Where a complaint's contact is sealed.
pub const CONTACT_COLUMN: &str = "hall_complaints.contact_sealed";

/// The message of a stale page.
pub const CONFLICT: &str = "该投诉已被他人更新，请刷新后重试";

/// A complaint as stored, its contact masked.
#[derive(Debug, Clone)]
pub struct StoredComplaint {
    pub complaint: Complaint,
    /// Its number (投诉编号, `JD`year-id).
    pub number: String,
    pub version: i64,
    pub contact_sealed: Vec<u8>,
    pub query_code_hash: String,
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("unwritable complaint snapshot: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("unreadable complaint snapshot: {e}")))
}

/// HALL-BOX: the contact as lists show it (its ends only).
pub fn masked(contact: &str) -> String {
    mask_middle(contact.trim(), 3, 4)
}

fn snapshot(complaint: &Complaint) -> Result<String> {
    let mut stored = complaint.clone();
    stored.contact = complaint.contact.as_deref().map(masked);
    to_json(&stored)
}

/// The blind index of the query code of complaint `number`.
pub fn code_input(number: &str, code: &str) -> String {
    super::query_code_input("hall-box", number, code)
}

/// Inserts `complaint` (its id from the table; its number `JD`year-id), the contact sealed,
/// a new query code hashed; returns the stored complaint and the query code in clear (shown
/// once to the complainant).
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    complaint: &mut Complaint,
    now: i64,
) -> Result<(StoredComplaint, String)> {
    let row = sqlx::query(
        "INSERT INTO hall_complaints (number, centre_unit_id, window_id, window_unit_id, \
         opening_id, source, status, contact_sealed, query_code_hash, state, version, \
         registered_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, $6, $7, '', '{}', 1, $8, $9, $9) RETURNING id",
    )
    .bind(complaint.centre.0)
    .bind(complaint.window.map(|(id, _)| id))
    .bind(complaint.window_unit.map(|u| u.0))
    .bind(complaint.opening)
    .bind(complaint.source.code())
    .bind(complaint.status.code())
    .bind(Vec::<u8>::new())
    .bind(complaint.registered_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    complaint.id = ComplaintId(row.try_get("id")?);
    let year = complaint.registered_at.local_date().format("%Y");
    let number = format!("JD{year}{:06}", complaint.id.0);
    let code = query_code::generate();
    let code_hash = key.lookup_hash(&code_input(&number, &code));
    let sealed = match &complaint.contact {
        Some(contact) => key.seal_for(contact, &aad(CONTACT_COLUMN, complaint.id))?,
        None => Vec::new(),
    };
    sqlx::query(
        "UPDATE hall_complaints SET number = $1, contact_sealed = $2, query_code_hash = $3, \
         state = $4 WHERE id = $5",
    )
    .bind(&number)
    .bind(sealed.clone())
    .bind(&code_hash)
    .bind(snapshot(complaint)?)
    .bind(complaint.id.0)
    .execute(&mut **tx)
    .await?;
    let stored = StoredComplaint {
        complaint: from_json(&snapshot(complaint)?)?,
        number,
        version: 1,
        contact_sealed: sealed,
        query_code_hash: code_hash,
    };
    Ok((stored, code))
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, complaint: &Complaint, expected: i64, now: i64) -> Result<i64> {
    let handler = complaint.handler.map(|h| h.unit(complaint.centre).0);
    let changed = sqlx::query(
        "UPDATE hall_complaints SET status = $1, state = $2, handler_unit_id = $3, \
         version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(complaint.status.code())
    .bind(snapshot(complaint)?)
    .bind(handler)
    .bind(now)
    .bind(complaint.id.0)
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
    "SELECT state, number, version, contact_sealed, query_code_hash FROM hall_complaints";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredComplaint> {
    let state: String = row.try_get("state")?;
    Ok(StoredComplaint {
        complaint: from_json(&state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        contact_sealed: row.try_get("contact_sealed")?,
        query_code_hash: row.try_get("query_code_hash")?,
    })
}

fn not_found(id: ComplaintId) -> Error {
    Error::not_found(format!("窗口投诉 {id}"))
}

pub async fn get(db: &Db, id: ComplaintId) -> Result<StoredComplaint> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ComplaintId) -> Result<StoredComplaint> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The complaint of public `number`, if any (the code is checked by the caller).
pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredComplaint>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The complaints kept by centre `unit` or handled by it, newest first, at most `limit`.
pub async fn list(db: &Db, unit: i64, limit: i64) -> Result<Vec<StoredComplaint>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE centre_unit_id = $1 OR handler_unit_id = $1 \
         ORDER BY registered_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One opening of the box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub id: i64,
    pub opened_by: i64,
    /// The opener's display name.
    pub opener: String,
    pub opened_at: Instant,
    pub letters: i64,
    pub note: String,
    /// Box slips registered under it.
    pub registered: i64,
}

/// Records an opening; returns its id.
pub async fn insert_opening(
    tx: &mut Tx,
    centre: i64,
    opened_by: i64,
    opened_at: i64,
    letters: i64,
    note: &str,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hall_box_openings (centre_unit_id, opened_by, opened_at, letters, note) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(centre)
    .bind(opened_by)
    .bind(opened_at)
    .bind(letters)
    .bind(note)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// The centre's openings, newest first, at most `limit`.
pub async fn openings(db: &Db, centre: i64, limit: i64) -> Result<Vec<Opening>> {
    let rows = sqlx::query(
        "SELECT o.id, o.opened_by, u.display_name, o.opened_at, o.letters, o.note, \
         (SELECT COUNT(*) FROM hall_complaints c WHERE c.opening_id = o.id) AS registered \
         FROM hall_box_openings o JOIN users u ON u.id = o.opened_by \
         WHERE o.centre_unit_id = $1 ORDER BY o.opened_at DESC, o.id DESC LIMIT $2",
    )
    .bind(centre)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Opening {
                id: row.try_get("id")?,
                opened_by: row.try_get("opened_by")?,
                opener: row.try_get("display_name")?,
                opened_at: Instant::from_millis(row.try_get("opened_at")?),
                letters: row.try_get("letters")?,
                note: row.try_get("note")?,
                registered: row.try_get("registered")?,
            })
        })
        .collect()
}

/// Whether opening `id` is the centre's.
pub async fn opening_of(tx: &mut Tx, centre: i64, id: i64) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM hall_box_openings WHERE id = $1 AND centre_unit_id = $2",
    )
    .bind(id)
    .bind(centre)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}
