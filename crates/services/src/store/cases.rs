//! `svc_cases`: the case snapshot with its status, units and an optimistic version; the
//! case number (SV + day + daily sequence) and the applicant's sealed identity (SVC-STATUS).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::case::Case;
use crate::snapshot::SNAPSHOT_VERSION;
use crate::store::{json, unreadable};
use crate::{CaseId, UnitId};

/// What is written for a new case (personal values already sealed).
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub number: String,
    pub department: UnitId,
    pub name_sealed: Vec<u8>,
    pub id_no_sealed: Vec<u8>,
    pub phone_sealed: Option<Vec<u8>>,
    /// SVC-STATUS: the e-mail address for progress mails (migration 0077).
    pub email_sealed: Option<Vec<u8>>,
    pub applicant_lookup: String,
    /// Issue 14 item 4: the enterprise the applicant acts for.
    pub enterprise: Option<EnterpriseRow>,
    pub query_code_hash: String,
    pub created_at: i64,
}

/// The enterprise of a new case (issue 14 item 4): name and credit code sealed, and the
/// code's keyed hash.
#[derive(Debug, Clone)]
pub struct EnterpriseRow {
    pub name_sealed: Vec<u8>,
    pub code_sealed: Vec<u8>,
    pub lookup: String,
}

/// A case as stored.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub id: CaseId,
    pub number: String,
    pub case: Case,
    pub version: i64,
    pub applicant_lookup: String,
    /// The enterprise's keyed hash when the case is an enterprise's (issue 14 item 4).
    pub enterprise_lookup: Option<String>,
    pub query_code_hash: String,
    /// The implementing department of the item version.
    pub department: UnitId,
}

impl StoredCase {
    /// Whose materials and licences the case's are (SVC-NO-RESUBMIT, SVC-ELICENCE): the
    /// enterprise's when it is one's, else the applicant's.
    pub fn holder_lookup(&self) -> &str {
        self.enterprise_lookup
            .as_deref()
            .unwrap_or(&self.applicant_lookup)
    }
}

/// Reserves `count` sequence numbers of `day` (`20261123`) and returns the first, in a
/// statement of its own committed at once: the counter's row is locked only for that
/// statement, not for the whole submission (on PostgreSQL every submission waited on it). A
/// submission that then fails leaves a gap; a number is never given twice.
pub async fn reserve_numbers(db: &Db, day: &str, count: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO svc_case_number_seq (day, last_seq) VALUES ($1, $2) \
         ON CONFLICT (day) DO UPDATE SET last_seq = svc_case_number_seq.last_seq + $2 \
         RETURNING last_seq",
    )
    .bind(day)
    .bind(count)
    .fetch_one(db.writer())
    .await?;
    let last: i64 = row.try_get("last_seq")?;
    Ok(last - count + 1)
}

/// Inserts the row of a new case before its snapshot exists (the id is the case number's
/// key); [`insert_state`] writes the snapshot in the same transaction.
pub async fn insert(tx: &mut Tx, row: &CaseRow, item: i64, item_version: u32) -> Result<CaseId> {
    let inserted = sqlx::query(
        "INSERT INTO svc_cases (number, item_id, item_version, department_unit_id, applicant_id, \
         applicant_name_sealed, applicant_id_no_sealed, applicant_phone_sealed, applicant_lookup, \
         query_code_hash, status, state, snapshot_version, version, created_at, updated_at, \
         enterprise_name_sealed, enterprise_code_sealed, enterprise_lookup, \
         applicant_email_sealed) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9, 'submitted', '{}', $10, 0, $11, $11, \
         $12, $13, $14, $15) RETURNING id",
    )
    .bind(&row.number)
    .bind(item)
    .bind(i64::from(item_version))
    .bind(row.department.0)
    .bind(row.name_sealed.clone())
    .bind(row.id_no_sealed.clone())
    .bind(row.phone_sealed.clone())
    .bind(&row.applicant_lookup)
    .bind(&row.query_code_hash)
    .bind(i64::from(SNAPSHOT_VERSION))
    .bind(row.created_at)
    .bind(row.enterprise.as_ref().map(|e| e.name_sealed.clone()))
    .bind(row.enterprise.as_ref().map(|e| e.code_sealed.clone()))
    .bind(row.enterprise.as_ref().map(|e| e.lookup.clone()))
    .bind(row.email_sealed.clone())
    .fetch_one(&mut **tx)
    .await?;
    Ok(CaseId(inserted.try_get("id")?))
}

/// Writes the first snapshot of a new case: version 1.
pub async fn insert_state(tx: &mut Tx, case: &Case, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE svc_cases SET applicant_id = $1, status = $2, state = $3, version = 1, \
         updated_at = $4 WHERE id = $5 AND version = 0",
    )
    .bind(case.applicant.0)
    .bind(case.status.code())
    .bind(json(case)?)
    .bind(now)
    .bind(case.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const SELECT: &str = "SELECT id, number, state, version, applicant_lookup, enterprise_lookup, \
     query_code_hash, department_unit_id FROM svc_cases";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredCase> {
    let state: String = row.try_get("state")?;
    Ok(StoredCase {
        id: CaseId(row.try_get("id")?),
        number: row.try_get("number")?,
        case: crate::snapshot::from_json(&state).map_err(|e| unreadable("case snapshot", e))?,
        version: row.try_get("version")?,
        applicant_lookup: row.try_get("applicant_lookup")?,
        enterprise_lookup: row.try_get("enterprise_lookup")?,
        query_code_hash: row.try_get("query_code_hash")?,
        department: UnitId(row.try_get("department_unit_id")?),
    })
}

pub async fn get(db: &Db, id: CaseId) -> Result<StoredCase> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("办件 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: CaseId) -> Result<StoredCase> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("办件 {id}")))?;
    from_row(&row)
}

pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredCase>> {
    let sql = format!("{SELECT} WHERE number = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(number.trim())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Cases by id, in id order.
pub async fn many(db: &Db, ids: &[i64]) -> Result<Vec<StoredCase>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(get(db, CaseId(*id)).await?);
    }
    Ok(out)
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, case: &Case, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE svc_cases SET status = $1, state = $2, snapshot_version = $3, \
         accepting_unit_id = $4, overdue_at = $5, version = version + 1, updated_at = $6 \
         WHERE id = $7 AND version = $8",
    )
    .bind(case.status.code())
    .bind(json(case)?)
    .bind(i64::from(SNAPSHOT_VERSION))
    .bind(case.accepted.map(|(unit, _)| unit.0))
    .bind(case.overdue_flagged.map(|at| at.millis()))
    .bind(now)
    .bind(case.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("办件已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// SVC-STATUS: the sealed e-mail address of the applicant, for the progress mails (opened
/// only at delivery).
pub async fn email_sealed(tx: &mut Tx, id: CaseId) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT applicant_email_sealed FROM svc_cases WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row
        .map(|row| row.try_get::<Option<Vec<u8>>, _>("applicant_email_sealed"))
        .transpose()?
        .flatten())
}

/// The sealed phone of the applicant, for the SMS (opened only at delivery).
pub async fn phone_sealed(tx: &mut Tx, id: CaseId) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT applicant_phone_sealed FROM svc_cases WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row
        .map(|row| row.try_get::<Option<Vec<u8>>, _>("applicant_phone_sealed"))
        .transpose()?
        .flatten())
}

/// The case's number and its enterprise's sealed name and credit code (issue 14 item 4), or
/// `None` when the case is a person's own.
pub async fn enterprise_sealed(db: &Db, id: CaseId) -> Result<Option<(String, Vec<u8>, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT number, enterprise_name_sealed, enterprise_code_sealed FROM svc_cases \
         WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found(format!("办件 {id}")))?;
    let name: Option<Vec<u8>> = row.try_get("enterprise_name_sealed")?;
    let code: Option<Vec<u8>> = row.try_get("enterprise_code_sealed")?;
    let (Some(name), Some(code)) = (name, code) else {
        return Ok(None);
    };
    Ok(Some((row.try_get("number")?, name, code)))
}

/// Ids of open cases of `unit` (implementing department or accepting unit), oldest first.
pub async fn open_ids_of_unit(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT id FROM svc_cases WHERE (department_unit_id = $1 OR accepting_unit_id = $1) \
         AND status NOT IN ('rejected', 'concluded', 'withdrawn') ORDER BY id LIMIT $2",
    )
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}

/// Candidates for 超期办件: an open SVC-PROMISE clock past `now`, or flagged.
pub async fn overdue_candidate_ids(db: &Db, now: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT c.id FROM svc_cases c JOIN clocks k ON k.subject_type = 'case' \
         AND k.subject_id = CAST(c.id AS TEXT) WHERE k.rule_id = 'SVC-PROMISE' \
         AND k.status IN ('running', 'paused') AND k.due_at < $1 \
         UNION SELECT id FROM svc_cases WHERE overdue_at IS NOT NULL ORDER BY 1",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}
