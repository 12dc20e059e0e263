//! The document register on both engines (migration 0044; PUB-ATTR, PUB-CONFID, PUB-COORD,
//! SEC-SECRET): a document is stored as the pure register's snapshot with its register number
//! (登记号), its attribute and stage for the lists, and a version for the kernel's check of a
//! stale page. No personal data is kept here (a right holder is an organisation or named in
//! the document itself).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::register::{Attribute, Document, Stage, stage};
use crate::{DocumentId, UnitId};

/// A stored document with its register number and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub document: Document,
    pub number: String,
    pub version: i64,
}

/// The stored code of an attribute.
pub fn attribute_code(attribute: Attribute) -> &'static str {
    match attribute {
        Attribute::Proactive => "proactive",
        Attribute::OnApplication => "on_application",
        Attribute::NotDisclosed => "not_disclosed",
    }
}

/// Inserts `document` (its id given by the table and written into the snapshot; its number
/// `GW`year-id); version 1.
pub async fn insert(tx: &mut Tx, document: &mut Document, now: i64) -> Result<StoredDocument> {
    let row = sqlx::query(
        "INSERT INTO openness_documents (number, unit_id, title, issue_number, attribute, stage, \
         state, version, drafted_at, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, '{}', 1, $6, $7, $7) RETURNING id",
    )
    .bind(document.unit.0)
    .bind(&document.title)
    .bind(&document.number)
    .bind(attribute_code(document.attribute))
    .bind(stage(document).code())
    .bind(document.drafted_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    document.id = DocumentId(row.try_get("id")?);
    let year = document.drafted_at.local_date().format("%Y");
    let number = format!("GW{year}{:06}", document.id.0);
    sqlx::query("UPDATE openness_documents SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("document snapshot", document)?)
        .bind(document.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredDocument {
        document: document.clone(),
        number,
        version: 1,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, document: &Document, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_documents SET stage = $1, state = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(stage(document).code())
    .bind(to_json("document snapshot", document)?)
    .bind(now)
    .bind(document.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该公文已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

const SELECT: &str = "SELECT state, number, version FROM openness_documents";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredDocument> {
    let state: String = row.try_get("state")?;
    Ok(StoredDocument {
        document: from_json("document snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

fn not_found(id: DocumentId) -> Error {
    Error::not_found(format!("公文 {id}"))
}

pub async fn get(db: &Db, id: DocumentId) -> Result<StoredDocument> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: DocumentId) -> Result<StoredDocument> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// One line of a unit's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub id: DocumentId,
    pub number: String,
    pub unit: UnitId,
    pub title: String,
    pub issue_number: String,
    pub attribute: Attribute,
    pub stage: Stage,
    pub drafted_at: Instant,
}

/// The register of `unit` with the documents other units asked it to confirm (a running
/// coordination clock filed under it), newest first, at most `limit`.
pub async fn register(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<DocumentLine>> {
    let rows = sqlx::query(
        "SELECT state, number FROM openness_documents WHERE unit_id = $1 OR id IN (\
           SELECT CAST(subject_id AS BIGINT) FROM clocks WHERE subject_type = 'openness_document' \
           AND unit_id = $1 AND status IN ('running', 'paused')) \
         ORDER BY drafted_at DESC, id DESC LIMIT $2",
    )
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let document: Document =
                from_json("document snapshot", &row.try_get::<String, _>("state")?)?;
            Ok(DocumentLine {
                id: document.id,
                number: row.try_get("number")?,
                unit: document.unit,
                stage: stage(&document),
                attribute: document.attribute,
                issue_number: document.number,
                title: document.title,
                drafted_at: document.drafted_at,
            })
        })
        .collect()
}

/// The document of register `number` (登记号), if any.
pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredDocument>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number.trim())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The document of register `number` (登记号), if any, in a transaction.
pub async fn by_number_in(tx: &mut Tx, number: &str) -> Result<Option<StoredDocument>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number.trim())
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// PUB-CATALOG: the 主动公开 documents the gate passes whose publication is recorded, newest
/// publication first.
pub async fn published(db: &Db) -> Result<Vec<StoredDocument>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE stage = 'publishable' AND attribute = 'proactive'"
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut documents = Vec::new();
    for row in &rows {
        let stored = from_row(row)?;
        if stored.document.publication.is_some() {
            documents.push(stored);
        }
    }
    documents
        .sort_by_key(|s| std::cmp::Reverse(s.document.publication.as_ref().map(|p| p.at.millis())));
    Ok(documents)
}
