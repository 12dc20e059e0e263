//! `openness_complaints` (migration 0045, PUB-COMPLAINT, HL-PRIVACY): a complaint about
//! disclosure as a snapshot of the pure machine, the complainant masked in the snapshot and
//! sealed in clear to its row ([`COMPLAINANT_COLUMN`], the id), with the columns the lists
//! read (office, unit complained about, ground, channel, status).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::complaint::{Complainant, Complaint, ComplaintId, Ground, Status};

/// Where a complaint's complainant is sealed.
pub const COMPLAINANT_COLUMN: &str = "openness_complaints.complainant_sealed";

/// A complaint as stored, its complainant masked.
#[derive(Debug, Clone)]
pub struct StoredComplaint {
    pub complaint: Complaint,
    /// Its number (投诉编号).
    pub number: String,
    pub version: i64,
    /// The complainant, sealed to the row.
    pub complainant_sealed: Vec<u8>,
}

impl StoredComplaint {
    /// The complaint with its complainant in clear (for the pure machine).
    pub fn opened(&self, key: &DataKey) -> Result<Complaint> {
        let mut complaint = self.complaint.clone();
        let place = aad(COMPLAINANT_COLUMN, complaint.id);
        let clear = key.open_for(&self.complainant_sealed, &place)?;
        complaint.filing.complainant = from_json("complainant", &clear)?;
        Ok(complaint)
    }
}

/// HL-PRIVACY: the complainant as the office's lists show them — the family name, the
/// contact's ends.
pub fn masked(complainant: &Complainant) -> Complainant {
    let contact = complainant.contact.trim();
    Complainant {
        name: mask_middle(complainant.name.trim(), 1, 0),
        contact: if contact.is_empty() {
            String::new()
        } else {
            mask_middle(contact, 3, 4)
        },
    }
}

fn snapshot(complaint: &Complaint) -> Result<String> {
    let mut stored = complaint.clone();
    stored.filing.complainant = masked(&complaint.filing.complainant);
    to_json("complaint snapshot", &stored)
}

/// Inserts `complaint` (its id given by the table; its number `TS`year-id) with the
/// complainant sealed; version 1.
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    complaint: &mut Complaint,
    now: i64,
) -> Result<StoredComplaint> {
    let row = sqlx::query(
        "INSERT INTO openness_complaints (number, office_unit_id, unit_id, ground, channel, \
         status, complainant_sealed, state, version, received_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, $6, '{}', 1, $7, $8, $8) RETURNING id",
    )
    .bind(complaint.office.0)
    .bind(complaint.filing.unit.0)
    .bind(complaint.filing.ground.code())
    .bind(complaint.filing.channel.code())
    .bind(complaint.status.code())
    .bind(Vec::<u8>::new())
    .bind(complaint.filing.received_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    complaint.id = ComplaintId(row.try_get("id")?);
    let year = complaint.registered_at.local_date().format("%Y");
    let number = format!("TS{year}{:06}", complaint.id.0);
    let clear = to_json("complainant", &complaint.filing.complainant)?;
    let sealed = key.seal_for(&clear, &aad(COMPLAINANT_COLUMN, complaint.id))?;
    sqlx::query(
        "UPDATE openness_complaints SET number = $1, complainant_sealed = $2, state = $3 \
         WHERE id = $4",
    )
    .bind(&number)
    .bind(sealed.clone())
    .bind(snapshot(complaint)?)
    .bind(complaint.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(StoredComplaint {
        complaint: from_json("complaint snapshot", &snapshot(complaint)?)?,
        number,
        version: 1,
        complainant_sealed: sealed,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, complaint: &Complaint, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_complaints SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(complaint.status.code())
    .bind(snapshot(complaint)?)
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

/// The message of a stale page.
pub const CONFLICT: &str = "该投诉已被他人更新，请刷新后重试";

const SELECT: &str = "SELECT state, number, version, complainant_sealed FROM openness_complaints";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredComplaint> {
    let state: String = row.try_get("state")?;
    Ok(StoredComplaint {
        complaint: from_json("complaint snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        complainant_sealed: row.try_get("complainant_sealed")?,
    })
}

fn not_found(id: ComplaintId) -> Error {
    Error::not_found(format!("政务公开投诉 {id}"))
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

/// One line of a complaints list (never the complainant: the unit's list is the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintLine {
    pub id: ComplaintId,
    pub number: String,
    pub office: UnitId,
    pub unit: UnitId,
    pub ground: Ground,
    pub status: Status,
    pub matter: String,
    pub received_at: Instant,
}

/// The complaints `unit` registered (as the office) or is complained about, newest first,
/// at most `limit`.
pub async fn list(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<ComplaintLine>> {
    let rows = sqlx::query(
        "SELECT state, number FROM openness_complaints \
         WHERE office_unit_id = $1 OR unit_id = $1 \
         ORDER BY received_at DESC, id DESC LIMIT $2",
    )
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let complaint: Complaint =
                from_json("complaint snapshot", &row.try_get::<String, _>("state")?)?;
            Ok(ComplaintLine {
                id: complaint.id,
                number: row.try_get("number")?,
                office: complaint.office,
                unit: complaint.filing.unit,
                ground: complaint.filing.ground,
                status: complaint.status,
                matter: complaint.filing.matter,
                received_at: complaint.filing.received_at,
            })
        })
        .collect()
}
