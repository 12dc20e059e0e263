//! `openness_supervisors` and `openness_findings` (migration 0078, PUB-SUPERVISOR,
//! HL-PRIVACY): a supervisor as a snapshot with the name and contact masked, in clear sealed to
//! its row ([`PERSON_COLUMN`], the id); a finding as a snapshot of the pure machine with the
//! columns the lists read.

use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::UnitId;
use crate::supervisor::{Finding, FindingId, Supervisor, SupervisorId};

/// Where a supervisor's name and contact are sealed.
pub const PERSON_COLUMN: &str = "openness_supervisors.person_sealed";

/// The name and contact as sealed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Person {
    name: String,
    contact: String,
}

/// HL-PRIVACY: the supervisor as lists show them — the family name, the contact's ends.
pub fn masked(supervisor: &Supervisor) -> Supervisor {
    let mut masked = supervisor.clone();
    masked.name = mask_middle(supervisor.name.trim(), 1, 0);
    let contact = supervisor.contact.trim();
    masked.contact = if contact.is_empty() {
        String::new()
    } else {
        mask_middle(contact, 3, 4)
    };
    masked
}

/// Inserts `supervisor` (its id given by the table) with the name and contact sealed.
pub async fn insert_supervisor(
    tx: &mut Tx,
    key: &DataKey,
    supervisor: &mut Supervisor,
    now: i64,
) -> Result<()> {
    let row = sqlx::query(
        "INSERT INTO openness_supervisors (office_unit_id, person_sealed, state, term_from, \
         term_until, created_at) VALUES ($1, $2, '{}', $3, $4, $5) RETURNING id",
    )
    .bind(supervisor.office.0)
    .bind(Vec::<u8>::new())
    .bind(supervisor.term_from.to_string())
    .bind(supervisor.term_until.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    supervisor.id = SupervisorId(row.try_get("id")?);
    let person = Person {
        name: supervisor.name.clone(),
        contact: supervisor.contact.clone(),
    };
    let sealed = key.seal_for(
        &to_json("supervisor", &person)?,
        &aad(PERSON_COLUMN, supervisor.id.0),
    )?;
    sqlx::query("UPDATE openness_supervisors SET person_sealed = $1, state = $2 WHERE id = $3")
        .bind(sealed)
        .bind(to_json("supervisor snapshot", &masked(supervisor))?)
        .bind(supervisor.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Supervisor `id`, masked; with `key`, in clear (for the machine's messages).
pub async fn supervisor_in(
    tx: &mut Tx,
    id: SupervisorId,
    key: Option<&DataKey>,
) -> Result<Supervisor> {
    let row = sqlx::query("SELECT state, person_sealed FROM openness_supervisors WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("监督员 {id}")))?;
    let mut supervisor: Supervisor =
        from_json("supervisor snapshot", &row.try_get::<String, _>("state")?)?;
    if let Some(key) = key {
        let sealed: Vec<u8> = row.try_get("person_sealed")?;
        let clear = key.open_for(&sealed, &aad(PERSON_COLUMN, id.0))?;
        let person: Person = from_json("supervisor", &clear)?;
        supervisor.name = person.name;
        supervisor.contact = person.contact;
    }
    Ok(supervisor)
}

/// The supervisors `office` appointed, masked, latest term first.
pub async fn supervisors(db: &Db, office: UnitId) -> Result<Vec<Supervisor>> {
    let rows = sqlx::query(
        "SELECT state FROM openness_supervisors WHERE office_unit_id = $1 \
         ORDER BY term_until DESC, id DESC",
    )
    .bind(office.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| from_json("supervisor snapshot", &row.try_get::<String, _>("state")?))
        .collect()
}

/// Inserts `finding` (id from the table, number `JD`year-id); version 1. Returns the number.
pub async fn insert_finding(tx: &mut Tx, finding: &mut Finding, now: i64) -> Result<String> {
    let supervisor = finding.filing.supervisor.map_or(0, |s| s.0);
    let row = sqlx::query(
        "INSERT INTO openness_findings (number, office_unit_id, unit_id, supervisor_id, status, \
         state, version, found_on, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, '{}', 1, $5, $6, $6) RETURNING id",
    )
    .bind(finding.office.0)
    .bind(finding.filing.unit.0)
    .bind(supervisor)
    .bind(finding.status.code())
    .bind(finding.filing.found_on.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    finding.id = FindingId(row.try_get("id")?);
    let year = finding.registered_at.local_date().format("%Y");
    let number = format!("JD{year}{:06}", finding.id.0);
    sqlx::query("UPDATE openness_findings SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("finding snapshot", finding)?)
        .bind(finding.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(number)
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update_finding(
    tx: &mut Tx,
    finding: &Finding,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_findings SET status = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(finding.status.code())
    .bind(to_json("finding snapshot", finding)?)
    .bind(now)
    .bind(finding.id.0)
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
pub const CONFLICT: &str = "该监督意见已被他人更新，请刷新后重试";

/// A finding as stored.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    pub finding: Finding,
    pub number: String,
    pub version: i64,
}

const SELECT: &str = "SELECT state, number, version FROM openness_findings";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredFinding> {
    Ok(StoredFinding {
        finding: from_json("finding snapshot", &row.try_get::<String, _>("state")?)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: FindingId) -> Error {
    Error::not_found(format!("监督意见 {id}"))
}

pub async fn finding(db: &Db, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn finding_in(tx: &mut Tx, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The findings `unit` registered (as the office) or that concern it, newest first.
pub async fn findings(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<StoredFinding>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE office_unit_id = $1 OR unit_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}
