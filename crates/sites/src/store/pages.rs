//! `site_pages`, `site_interpretations` and `site_tamper_alarms`: the pages a site serves —
//! the content as published with the SM3 digest the publisher approved (SEC-TAMPER), kept,
//! marked, when withdrawn (WEB-ARCHIVE) — the links of policy documents to their
//! interpretations (WEB-ARTICLE), and the tamper check's alarms.

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::article::{Article, Content};
use crate::{ArticleId, ColumnId, SiteId};

/// A served page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub article: ArticleId,
    pub site: SiteId,
    pub column: ColumnId,
    /// The content as served.
    pub content: Content,
    pub approved_digest: String,
    pub published_at: Instant,
    /// `abolished` or `expired` once marked (PUB-ABOLISH).
    pub validity: Option<String>,
    /// Set once withdrawn: the page stays in the archive.
    pub withdrawn_at: Option<Instant>,
}

/// A page in a list: what a column's list, a feed or the sitemap shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSummary {
    pub article: ArticleId,
    pub column: ColumnId,
    pub title: String,
    pub published_at: Instant,
    pub validity: Option<String>,
}

fn validity_code(article: &Article) -> Option<&'static str> {
    article.validity.as_ref().map(|mark| match mark.validity {
        crate::article::Validity::Valid => "valid",
        crate::article::Validity::Abolished => "abolished",
        crate::article::Validity::Expired => "expired",
    })
}

/// SEC-TAMPER: `article` is published (or its approved content changed): its page serves the
/// approved content with its digest.
pub async fn publish(tx: &mut Tx, article: &Article, now: Instant) -> Result<()> {
    let digest = article
        .approved_digest
        .clone()
        .unwrap_or_else(|| article.content.digest());
    let published_at = article.published_at.unwrap_or(now);
    sqlx::query(
        "INSERT INTO site_pages (article_id, site_id, column_id, title, content, \
         approved_digest, published_at, validity, withdrawn_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9) \
         ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, \
         content = excluded.content, approved_digest = excluded.approved_digest, \
         published_at = excluded.published_at, validity = excluded.validity, \
         withdrawn_at = NULL, updated_at = excluded.updated_at",
    )
    .bind(article.id.0)
    .bind(article.site.0)
    .bind(article.column.0)
    .bind(&article.content.title)
    .bind(to_json("page content", &article.content)?)
    .bind(&digest)
    .bind(published_at.millis())
    .bind(validity_code(article))
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    // WEB-SEARCH: the search indexes follow the change.
    platform::search_feed::changed(tx, "article", article.id.0).await?;
    Ok(())
}

/// PUB-ABOLISH: the page shows the article's validity mark.
pub async fn mark_validity(tx: &mut Tx, article: &Article, now: Instant) -> Result<()> {
    sqlx::query("UPDATE site_pages SET validity = $1, updated_at = $2 WHERE article_id = $3")
        .bind(validity_code(article))
        .bind(now.millis())
        .bind(article.id.0)
        .execute(&mut **tx)
        .await?;
    // WEB-SEARCH: an abolished document ranks below its successor, and says so.
    platform::search_feed::changed(tx, "article", article.id.0).await?;
    Ok(())
}

/// WEB-ARCHIVE: the page is withdrawn from lists and kept, marked, in the archive.
pub async fn withdraw(tx: &mut Tx, article: ArticleId, at: Instant) -> Result<()> {
    sqlx::query("UPDATE site_pages SET withdrawn_at = $1, updated_at = $1 WHERE article_id = $2")
        .bind(at.millis())
        .bind(article.0)
        .execute(&mut **tx)
        .await?;
    // WEB-SEARCH: a withdrawn page leaves the search.
    platform::search_feed::changed(tx, "article", article.0).await?;
    Ok(())
}

const PAGE: &str = "SELECT article_id, site_id, column_id, content, approved_digest, \
    published_at, validity, withdrawn_at FROM site_pages";

fn page_of(row: &sqlx::any::AnyRow) -> Result<Page> {
    let content: String = row.try_get("content")?;
    Ok(Page {
        article: ArticleId(row.try_get("article_id")?),
        site: SiteId(row.try_get("site_id")?),
        column: ColumnId(row.try_get("column_id")?),
        content: from_json("page content", &content)?,
        approved_digest: row.try_get("approved_digest")?,
        published_at: Instant::from_millis(row.try_get("published_at")?),
        validity: row.try_get("validity")?,
        withdrawn_at: row
            .try_get::<Option<i64>, _>("withdrawn_at")?
            .map(Instant::from_millis),
    })
}

/// The page of `article`, if it was ever published.
pub async fn get(db: &Db, article: ArticleId) -> Result<Option<Page>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{PAGE} WHERE article_id = $1")))
        .bind(article.0)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(page_of).transpose()
}

fn summary_of(row: &sqlx::any::AnyRow) -> Result<PageSummary> {
    Ok(PageSummary {
        article: ArticleId(row.try_get("article_id")?),
        column: ColumnId(row.try_get("column_id")?),
        title: row.try_get("title")?,
        published_at: Instant::from_millis(row.try_get("published_at")?),
        validity: row.try_get("validity")?,
    })
}

const SUMMARY: &str = "SELECT article_id, column_id, title, published_at, validity FROM site_pages";

/// The pages of `column` not withdrawn, newest first, `limit` from `offset`.
pub async fn of_column(
    db: &Db,
    column: ColumnId,
    offset: i64,
    limit: i64,
) -> Result<Vec<PageSummary>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SUMMARY} WHERE column_id = $1 AND withdrawn_at IS NULL \
         ORDER BY published_at DESC, article_id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(column.0)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(summary_of).collect()
}

/// How many pages of `column` are not withdrawn.
pub async fn count_of_column(db: &Db, column: ColumnId) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM site_pages WHERE column_id = $1 AND withdrawn_at IS NULL",
    )
    .bind(column.0)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}

/// The pages of `site` not withdrawn, newest first, at most `limit`.
pub async fn of_site(db: &Db, site: SiteId, limit: i64) -> Result<Vec<PageSummary>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SUMMARY} WHERE site_id = $1 AND withdrawn_at IS NULL \
         ORDER BY published_at DESC, article_id DESC LIMIT $2"
    )))
    .bind(site.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(summary_of).collect()
}

/// WEB-ARCHIVE: the withdrawn pages of `site`, newest first — left out of every list, still
/// served under their archive banner (the static export copies them).
pub async fn withdrawn_of_site(db: &Db, site: SiteId) -> Result<Vec<PageSummary>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SUMMARY} WHERE site_id = $1 AND withdrawn_at IS NOT NULL \
         ORDER BY published_at DESC, article_id DESC"
    )))
    .bind(site.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(summary_of).collect()
}

/// PUB-INTERPRET: records the interpretations of `policy` (added ones; none is unlinked).
pub async fn link_interpretations(
    tx: &mut Tx,
    policy: ArticleId,
    interpretations: &[ArticleId],
) -> Result<()> {
    for interpretation in interpretations {
        sqlx::query(
            "INSERT INTO site_interpretations (policy_id, interpretation_id) VALUES ($1, $2) \
             ON CONFLICT (policy_id, interpretation_id) DO NOTHING",
        )
        .bind(policy.0)
        .bind(interpretation.0)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The published, not withdrawn pages linked to `article` as its interpretations
/// (`interpretations = true`) or as the policy documents it interprets.
pub async fn linked(
    db: &Db,
    article: ArticleId,
    interpretations: bool,
) -> Result<Vec<PageSummary>> {
    let (from, to) = if interpretations {
        ("policy_id", "interpretation_id")
    } else {
        ("interpretation_id", "policy_id")
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT p.article_id, p.column_id, p.title, p.published_at, p.validity \
         FROM site_interpretations i JOIN site_pages p ON p.article_id = i.{to} \
         WHERE i.{from} = $1 AND p.withdrawn_at IS NULL ORDER BY p.published_at, p.article_id"
    )))
    .bind(article.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(summary_of).collect()
}

/// Served pages not withdrawn after `after` by article id, at most `limit`, each with its
/// article's approved digest: the tamper check's batches (SEC-TAMPER). Both sides of the join
/// are bounded by `after`, or PostgreSQL merge-joins from the first article on every batch.
pub async fn batch(db: &Db, after: i64, limit: i64) -> Result<Vec<(Page, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT p.article_id, p.site_id, p.column_id, p.content, p.approved_digest, \
         p.published_at, p.validity, p.withdrawn_at, a.approved_digest AS article_digest \
         FROM site_pages p JOIN site_articles a ON a.id = p.article_id \
         WHERE p.article_id > $1 AND a.id > $1 AND p.withdrawn_at IS NULL \
         ORDER BY p.article_id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((page_of(row)?, row.try_get("article_digest")?)))
        .collect()
}

/// SEC-TAMPER: puts the approved `content` back on the page of `article`.
pub async fn restore(
    tx: &mut Tx,
    article: ArticleId,
    content: &Content,
    digest: &str,
    now: Instant,
) -> Result<()> {
    sqlx::query(
        "UPDATE site_pages SET title = $1, content = $2, approved_digest = $3, updated_at = $4 \
         WHERE article_id = $5",
    )
    .bind(&content.title)
    .bind(to_json("page content", content)?)
    .bind(digest)
    .bind(now.millis())
    .bind(article.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One tamper alarm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub article: ArticleId,
    pub site: SiteId,
    pub found_at: Instant,
    pub served_digest: String,
    pub approved_digest: String,
    pub restored: bool,
}

/// SEC-TAMPER: records an alarm.
pub async fn record_alarm(tx: &mut Tx, alarm: &Alarm) -> Result<()> {
    sqlx::query(
        "INSERT INTO site_tamper_alarms (article_id, site_id, found_at, served_digest, \
         approved_digest, restored) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(alarm.article.0)
    .bind(alarm.site.0)
    .bind(alarm.found_at.millis())
    .bind(&alarm.served_digest)
    .bind(&alarm.approved_digest)
    .bind(i64::from(alarm.restored))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The alarms of `site` (every site when `None`), newest first, at most `limit`.
pub async fn alarms(db: &Db, site: Option<SiteId>, limit: i64) -> Result<Vec<Alarm>> {
    let rows = sqlx::query(
        "SELECT article_id, site_id, found_at, served_digest, approved_digest, restored \
         FROM site_tamper_alarms WHERE ($1 = 0 OR site_id = $1) \
         ORDER BY found_at DESC, id DESC LIMIT $2",
    )
    .bind(site.map_or(0, |s| s.0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Alarm {
                article: ArticleId(row.try_get("article_id")?),
                site: SiteId(row.try_get("site_id")?),
                found_at: Instant::from_millis(row.try_get("found_at")?),
                served_digest: row.try_get("served_digest")?,
                approved_digest: row.try_get("approved_digest")?,
                restored: super::flag(row.try_get("restored")?),
            })
        })
        .collect()
}

/// Whether an alarm was already raised for `article` serving content of digest `served`
/// (an alarm that could not restore is raised once).
pub async fn alarm_raised(db: &Db, article: ArticleId, served: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM site_tamper_alarms WHERE article_id = $1 AND served_digest = $2",
    )
    .bind(article.0)
    .bind(served)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}
