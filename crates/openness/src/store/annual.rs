//! What the openness annual report reads (PUB-ANNUAL, migration 0071): the application
//! records of table 三 (from the ledger's columns), the register's 规章 and 行政规范性文件 with
//! their 废止/失效 marks (PUB-ABOLISH, on the site article that publishes them) for table 二,
//! the figures entered per unit and year, and the register of reviews and suits (table 四).
//! `unit` `None` is the whole county: every unit.

use calendar::Instant;
use chrono::NaiveDate;
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use super::{from_json, unreadable};
use crate::annual::AnnualRecord;
use crate::annual::four::{CaseKind, CaseRecord, CaseResult};
use crate::annual::two::{DocumentClass, DocumentRecord, Entered};
use crate::application::{ApplicantKind, Outcome};
use crate::register::{Attribute, Document, DocumentKind};
use crate::store::applications::kind_code;
use crate::{UnitId, UserId};

fn unit_code(unit: Option<UnitId>) -> i64 {
    unit.map_or(0, |unit| unit.0)
}

/// Table 三: every application of `unit` as an [`AnnualRecord`].
pub async fn application_records(db: &Db, unit: Option<UnitId>) -> Result<Vec<AnnualRecord>> {
    let rows = sqlx::query(
        "SELECT applicant_kind, outcome, received_at, decided_at FROM openness_applications \
         WHERE ($1 = 0 OR unit_id = $1)",
    )
    .bind(unit_code(unit))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("applicant_kind")?;
            let outcome: Option<String> = row.try_get("outcome")?;
            let decided_at: Option<i64> = row.try_get("decided_at")?;
            let outcome = outcome
                .map(|code| Outcome::from_code(&code).ok_or_else(|| unreadable("outcome", &code)))
                .transpose()?;
            Ok(AnnualRecord {
                received_on: Instant::from_millis(row.try_get("received_at")?).local_date(),
                applicant: ApplicantKind::ALL
                    .into_iter()
                    .find(|k| kind_code(*k) == kind)
                    .ok_or_else(|| unreadable("applicant kind", &kind))?,
                decided: outcome
                    .zip(decided_at)
                    .map(|(outcome, at)| (outcome, Instant::from_millis(at).local_date())),
            })
        })
        .collect()
}

/// Table 二: the 主动公开 规章 and 行政规范性文件 of `unit` confirmed by their signer, with the
/// day the article publishing each was marked 废止 or 失效.
pub async fn document_records(db: &Db, unit: Option<UnitId>) -> Result<Vec<DocumentRecord>> {
    let rows = sqlx::query(
        "SELECT id, state FROM openness_documents WHERE ($1 = 0 OR unit_id = $1) \
         AND attribute = 'proactive' ORDER BY id",
    )
    .bind(unit_code(unit))
    .fetch_all(&db.pool)
    .await?;
    let marks = sqlx::query(
        "SELECT document_id, state FROM site_articles WHERE document_id IS NOT NULL \
         AND validity IN ('abolished', 'expired')",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut abolished: Vec<(i64, NaiveDate)> = Vec::new();
    for row in &marks {
        let state: String = row.try_get("state")?;
        let article: serde_json::Value = from_json("article snapshot", &state)?;
        let since = article["validity"]["since"].as_str().unwrap_or_default();
        if let Ok(on) = NaiveDate::parse_from_str(since, "%Y-%m-%d") {
            abolished.push((row.try_get("document_id")?, on));
        }
    }
    let mut records = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let state: String = row.try_get("state")?;
        let document: Document = from_json("document snapshot", &state)?;
        let class = match document.kind {
            DocumentKind::Regulation => DocumentClass::Regulation,
            DocumentKind::Normative => DocumentClass::Normative,
            _ => continue,
        };
        let Some(confirmation) = document.confirmation.as_ref() else {
            continue;
        };
        if document.attribute != Attribute::Proactive {
            continue;
        }
        records.push(DocumentRecord {
            class,
            issued_on: confirmation.at.local_date(),
            abolished_on: abolished
                .iter()
                .filter(|(of, _)| *of == id)
                .map(|(_, on)| *on)
                .min(),
        });
    }
    Ok(records)
}

/// The figures entered for `unit` (summed over the units for `None`) in `year`, in the
/// order of [`Entered::ALL`]; 0 where none is entered.
pub async fn figures(db: &Db, unit: Option<UnitId>, year: i32) -> Result<[i64; 4]> {
    let rows = sqlx::query(
        "SELECT key, value FROM openness_annual_figures \
         WHERE ($1 = 0 OR unit_id = $1) AND year = $2",
    )
    .bind(unit_code(unit))
    .bind(year)
    .fetch_all(&db.pool)
    .await?;
    let mut figures = [0i64; 4];
    for row in &rows {
        let key: String = row.try_get("key")?;
        let value: i64 = row.try_get("value")?;
        if let Some(place) = Entered::ALL.iter().position(|e| e.key() == key) {
            figures[place] = figures[place].saturating_add(value);
        }
    }
    Ok(figures)
}

/// Sets the figure `what` of `unit` for `year`.
pub async fn set_figure(
    db: &Db,
    unit: UnitId,
    year: i32,
    what: Entered,
    value: i64,
    by: UserId,
    now: Instant,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO openness_annual_figures (unit_id, year, key, value, by_user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id, year, key) \
         DO UPDATE SET value = excluded.value, by_user_id = excluded.by_user_id, at = excluded.at",
    )
    .bind(unit.0)
    .bind(year)
    .bind(what.key())
    .bind(value)
    .bind(by.0)
    .bind(now.millis())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A case of the register of reviews and suits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    pub id: i64,
    pub unit: UnitId,
    pub subject: String,
    pub record: CaseRecord,
}

fn date_of(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|error| unreadable("date", error))
}

/// Registers a case filed on `filed_on`; its id.
pub async fn insert_case(
    db: &Db,
    unit: UnitId,
    kind: CaseKind,
    subject: &str,
    filed_on: NaiveDate,
    by: UserId,
    now: Instant,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO openness_cases (unit_id, kind, subject, filed_on, created_by, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(unit.0)
    .bind(kind.code())
    .bind(subject)
    .bind(filed_on.to_string())
    .bind(by.0)
    .bind(now.millis())
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("id")?)
}

/// Records how a pending case of `unit` ended; false when there is no such pending case.
pub async fn conclude_case(
    db: &Db,
    unit: UnitId,
    id: i64,
    result: CaseResult,
    on: NaiveDate,
    now: Instant,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE openness_cases SET result = $1, concluded_on = $2, updated_at = $3 \
         WHERE id = $4 AND unit_id = $5 AND result IS NULL",
    )
    .bind(result.code())
    .bind(on.to_string())
    .bind(now.millis())
    .bind(id)
    .bind(unit.0)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The cases of `unit` (every unit with `None`), newest filing first.
pub async fn cases(db: &Db, unit: Option<UnitId>) -> Result<Vec<StoredCase>> {
    let rows = sqlx::query(
        "SELECT id, unit_id, kind, subject, filed_on, result, concluded_on FROM openness_cases \
         WHERE ($1 = 0 OR unit_id = $1) ORDER BY filed_on DESC, id DESC",
    )
    .bind(unit_code(unit))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let result: Option<String> = row.try_get("result")?;
            let concluded_on: Option<String> = row.try_get("concluded_on")?;
            let filed_on: String = row.try_get("filed_on")?;
            let concluded = match (result, concluded_on) {
                (Some(result), Some(on)) => Some((
                    CaseResult::of_code(&result)
                        .ok_or_else(|| unreadable("case result", &result))?,
                    date_of(&on)?,
                )),
                _ => None,
            };
            Ok(StoredCase {
                id: row.try_get("id")?,
                unit: UnitId(row.try_get("unit_id")?),
                subject: row.try_get("subject")?,
                record: CaseRecord {
                    kind: CaseKind::of_code(&kind).ok_or_else(|| unreadable("case kind", &kind))?,
                    filed_on: date_of(&filed_on)?,
                    concluded,
                },
            })
        })
        .collect()
}
