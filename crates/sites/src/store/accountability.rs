//! `site_accountability` (migration 0030, WEB-ACCOUNT): the units' accountability records —
//! one per article and kind (late policy document, late major information, late repost,
//! withdrawal for an error), naming the column's responsible unit, with the principal's
//! written self-examination (书面检查) that closes it.

use calendar::Instant;
use chrono::NaiveDate;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::unreadable;
use crate::article::AccountKind;
use crate::{ArticleId, UnitId, UserId};

/// An accountability record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: i64,
    pub unit: UnitId,
    pub article: ArticleId,
    pub kind: AccountKind,
    /// What happened, in words.
    pub detail: String,
    /// The day it happened (the publication or the withdrawal).
    pub occurred_on: NaiveDate,
    /// The deadline missed, if any.
    pub due_at: Option<Instant>,
    pub raised_at: Instant,
    /// The principal's 书面检查; the record is closed once it is filed.
    pub examination: Option<String>,
    pub examined_by: Option<UserId>,
    pub examined_at: Option<Instant>,
    pub version: i64,
}

impl AccountRecord {
    pub fn is_open(&self) -> bool {
        self.examination.is_none()
    }
}

/// A new record, before it is stored.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub unit: UnitId,
    pub article: ArticleId,
    pub kind: AccountKind,
    pub detail: &'a str,
    pub occurred_on: NaiveDate,
    pub due_at: Option<Instant>,
}

const SELECT: &str = "SELECT id, unit_id, article_id, kind, detail, occurred_on, due_at, \
    raised_at, examination, examined_by, examined_at, version FROM site_accountability";

fn record_of(row: &sqlx::any::AnyRow) -> Result<AccountRecord> {
    let kind: String = row.try_get("kind")?;
    let on: String = row.try_get("occurred_on")?;
    Ok(AccountRecord {
        id: row.try_get("id")?,
        unit: UnitId(row.try_get("unit_id")?),
        article: ArticleId(row.try_get("article_id")?),
        kind: AccountKind::of_code(&kind).ok_or_else(|| unreadable("account kind", &kind))?,
        detail: row.try_get("detail")?,
        occurred_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d")
            .map_err(|e| unreadable("occurred_on", e))?,
        due_at: row
            .try_get::<Option<i64>, _>("due_at")?
            .map(Instant::from_millis),
        raised_at: Instant::from_millis(row.try_get("raised_at")?),
        examination: row.try_get("examination")?,
        examined_by: row.try_get::<Option<i64>, _>("examined_by")?.map(UserId),
        examined_at: row
            .try_get::<Option<i64>, _>("examined_at")?
            .map(Instant::from_millis),
        version: row.try_get("version")?,
    })
}

/// Records `new` unless the article already has a record of its kind; the new id, or `None`.
pub async fn insert_in(tx: &mut Tx, new: &NewRecord<'_>, now: Instant) -> Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO site_accountability (unit_id, article_id, kind, detail, occurred_on, \
         due_at, raised_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) \
         ON CONFLICT (article_id, kind) DO NOTHING RETURNING id",
    )
    .bind(new.unit.0)
    .bind(new.article.0)
    .bind(new.kind.code())
    .bind(new.detail)
    .bind(new.occurred_on.format("%Y-%m-%d").to_string())
    .bind(new.due_at.map(Instant::millis))
    .bind(now.millis())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get("id").map_err(Error::from))
        .transpose()
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<AccountRecord> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("问责记录"))?;
    record_of(&row)
}

/// Files the 书面检查 when the version is still `expected`; the record is closed.
pub async fn examine_in(
    tx: &mut Tx,
    id: i64,
    (text, by): (&str, UserId),
    expected: i64,
    now: Instant,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE site_accountability SET examination = $1, examined_by = $2, examined_at = $3, \
         version = version + 1 WHERE id = $4 AND version = $5 AND examination IS NULL",
    )
    .bind(text)
    .bind(by.0)
    .bind(now.millis())
    .bind(id)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("问责记录已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// The records (of `unit`, or of every unit), open first, latest first.
pub async fn list(db: &Db, unit: Option<UnitId>) -> Result<Vec<AccountRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE ($1 = 0 OR unit_id = $1) \
         ORDER BY CASE WHEN examination IS NULL THEN 0 ELSE 1 END, id DESC"
    )))
    .bind(unit.map_or(0, |unit| unit.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(record_of).collect()
}

/// The records of one article.
pub async fn of_article(db: &Db, article: ArticleId) -> Result<Vec<AccountRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE article_id = $1 ORDER BY id"
    )))
    .bind(article.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(record_of).collect()
}
