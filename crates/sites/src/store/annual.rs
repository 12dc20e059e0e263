//! `site_annual_reports` (migration 0027, WEB-ANNUAL) — a site's annual report for a year: the
//! host unit's inputs (field key → text), and once published the report as published, frozen,
//! with when, by whom, its due date and whether it was late — and the counts the report takes
//! from the site's pages (WEB-STATS: items per column type, interpretations).

use std::collections::BTreeMap;

use calendar::Instant;
use chrono::NaiveDate;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{flag, from_json, to_json, unreadable};
use crate::{SiteId, UserId};

/// A report as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnnual {
    /// Field key → text as typed (and read back by the field's kind).
    pub inputs: BTreeMap<String, String>,
    pub version: i64,
    pub updated_by: Option<UserId>,
    pub updated_at: Instant,
    pub due_on: NaiveDate,
    pub published: Option<StoredPublication>,
}

/// A published report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPublication {
    /// Every field's key and text as published, in the form's order.
    pub texts: Vec<(String, String)>,
    pub at: Instant,
    pub by: UserId,
    pub late: bool,
}

const SELECT: &str = "SELECT inputs, version, updated_by, updated_at, due_on, published, \
    published_at, published_by, published_late FROM site_annual_reports";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredAnnual> {
    let inputs: String = row.try_get("inputs")?;
    let due_on: String = row.try_get("due_on")?;
    let published = match row.try_get::<Option<String>, _>("published")? {
        None => None,
        Some(text) => Some(StoredPublication {
            texts: from_json("annual report", &text)?,
            at: Instant::from_millis(
                row.try_get::<Option<i64>, _>("published_at")?
                    .ok_or_else(|| unreadable("annual report", "no publication instant"))?,
            ),
            by: UserId(
                row.try_get::<Option<i64>, _>("published_by")?
                    .ok_or_else(|| unreadable("annual report", "no publisher"))?,
            ),
            late: flag(row.try_get("published_late")?),
        }),
    };
    Ok(StoredAnnual {
        inputs: from_json("annual inputs", &inputs)?,
        version: row.try_get("version")?,
        updated_by: row.try_get::<Option<i64>, _>("updated_by")?.map(UserId),
        updated_at: Instant::from_millis(row.try_get("updated_at")?),
        due_on: NaiveDate::parse_from_str(&due_on, "%Y-%m-%d")
            .map_err(|e| unreadable("due date", e))?,
        published,
    })
}

pub async fn get(db: &Db, site: SiteId, year: i32) -> Result<Option<StoredAnnual>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE site_id = $1 AND year = $2"
    )))
    .bind(site.0)
    .bind(i64::from(year))
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get_in(tx: &mut Tx, site: SiteId, year: i32) -> Result<Option<StoredAnnual>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE site_id = $1 AND year = $2"
    )))
    .bind(site.0)
    .bind(i64::from(year))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Stores the inputs of `site`'s report for `year`: a new row (version 1) when `expected` is
/// 0, else over version `expected` (a concurrent change is a conflict). The new version.
pub async fn save_inputs(
    tx: &mut Tx,
    (site, year): (SiteId, i32),
    inputs: &BTreeMap<String, String>,
    (due_on, by): (NaiveDate, UserId),
    expected: i64,
    now: Instant,
) -> Result<i64> {
    let json = to_json("annual inputs", inputs)?;
    let changed = if expected == 0 {
        sqlx::query(
            "INSERT INTO site_annual_reports (site_id, year, inputs, version, updated_by, \
             updated_at, due_on) VALUES ($1, $2, $3, 1, $4, $5, $6) \
             ON CONFLICT (site_id, year) DO NOTHING",
        )
        .bind(site.0)
        .bind(i64::from(year))
        .bind(json)
        .bind(by.0)
        .bind(now.millis())
        .bind(due_on.format("%Y-%m-%d").to_string())
        .execute(&mut **tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE site_annual_reports SET inputs = $1, version = version + 1, updated_by = $2, \
             updated_at = $3 WHERE site_id = $4 AND year = $5 AND version = $6 \
             AND published_at IS NULL",
        )
        .bind(json)
        .bind(by.0)
        .bind(now.millis())
        .bind(site.0)
        .bind(i64::from(year))
        .bind(expected)
        .execute(&mut **tx)
        .await?
        .rows_affected()
    };
    if changed == 0 {
        return Err(Error::conflict("年度报表已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// WEB-ANNUAL: the report as published (when, by whom, late or not, against which due date),
/// over version `expected`; the new version.
pub async fn publish(
    tx: &mut Tx,
    (site, year): (SiteId, i32),
    texts: &[(String, String)],
    publication: (Instant, UserId, bool, NaiveDate),
    expected: i64,
) -> Result<i64> {
    let (at, by, late, due_on) = publication;
    let changed = sqlx::query(
        "UPDATE site_annual_reports SET published = $1, published_at = $2, published_by = $3, \
         published_late = $4, due_on = $5, version = version + 1 \
         WHERE site_id = $6 AND year = $7 AND version = $8 AND published_at IS NULL",
    )
    .bind(to_json("annual report", &texts)?)
    .bind(at.millis())
    .bind(by.0)
    .bind(i64::from(late))
    .bind(due_on.format("%Y-%m-%d").to_string())
    .bind(site.0)
    .bind(i64::from(year))
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("年度报表已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// The pages `site` published from `from` (included) to `until` (excluded) and not withdrawn
/// before `until`, per column type code.
pub async fn pages_by_column_kind(
    db: &Db,
    site: SiteId,
    from: Instant,
    until: Instant,
) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT c.kind AS kind, COUNT(*) AS n FROM site_pages p \
         JOIN site_columns c ON c.id = p.column_id \
         WHERE p.site_id = $1 AND p.published_at >= $2 AND p.published_at < $3 \
         AND (p.withdrawn_at IS NULL OR p.withdrawn_at >= $3) GROUP BY c.kind",
    )
    .bind(site.0)
    .bind(from.millis())
    .bind(until.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("kind")?, row.try_get("n")?)))
        .collect()
}

/// PUB-INTERPRET: the interpretations `site` published in the period (as
/// [`pages_by_column_kind`] counts pages): pages of its interpretation columns, and pages
/// linked to a policy document as its interpretation, each once.
pub async fn interpretations(db: &Db, site: SiteId, from: Instant, until: Instant) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM site_pages p JOIN site_columns c ON c.id = p.column_id \
         WHERE p.site_id = $1 AND p.published_at >= $2 AND p.published_at < $3 \
         AND (p.withdrawn_at IS NULL OR p.withdrawn_at >= $3) \
         AND (c.kind = 'interpretation' OR EXISTS (SELECT 1 FROM site_interpretations i \
         WHERE i.interpretation_id = p.article_id))",
    )
    .bind(site.0)
    .bind(from.millis())
    .bind(until.millis())
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}

/// The reports of `year` that exist, by site: (site, published at, late).
pub async fn of_year(db: &Db, year: i32) -> Result<Vec<(SiteId, Option<Instant>, bool)>> {
    let rows = sqlx::query(
        "SELECT site_id, published_at, published_late FROM site_annual_reports WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                SiteId(row.try_get("site_id")?),
                row.try_get::<Option<i64>, _>("published_at")?
                    .map(Instant::from_millis),
                flag(row.try_get("published_late")?),
            ))
        })
        .collect()
}
