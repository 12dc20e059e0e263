//! `site_articles` and `site_article_versions`: an article's workflow snapshot with the columns
//! queues and the scheduler use, and every content version it had (WEB-REVIEW: each edit is a
//! new revision, none is overwritten).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::article::{Article, Content};
use crate::{ArticleId, UserId};

/// An article as stored.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub article: Article,
    /// Its public number (网站标识码-id).
    pub number: String,
    pub version: i64,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredArticle> {
    let state: String = row.try_get("state")?;
    Ok(StoredArticle {
        article: from_json("article snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

const SELECT: &str = "SELECT state, number, version FROM site_articles";

fn validity_code(article: &Article) -> Option<&'static str> {
    article.validity.as_ref().map(|mark| match mark.validity {
        crate::article::Validity::Valid => "valid",
        crate::article::Validity::Abolished => "abolished",
        crate::article::Validity::Expired => "expired",
    })
}

/// Inserts a new draft (its id given by the table, then written into the snapshot; its number
/// is `site_code`-id) with its first content version; version 1.
pub async fn insert(
    tx: &mut Tx,
    article: &mut Article,
    site_code: &str,
    now: i64,
) -> Result<StoredArticle> {
    let row = sqlx::query(
        "INSERT INTO site_articles (number, site_id, column_id, status, title, author_id, major, \
         is_policy, revision, state, version, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, '{}', 1, $9, $9) RETURNING id",
    )
    .bind(article.site.0)
    .bind(article.column.0)
    .bind(article.status.code())
    .bind(&article.content.title)
    .bind(article.author.0)
    .bind(i64::from(article.major))
    .bind(i64::from(article.content.policy.is_some()))
    .bind(i64::from(article.revision))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    article.id = ArticleId(row.try_get("id")?);
    let number = format!("{site_code}-{}", article.id);
    sqlx::query("UPDATE site_articles SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("article snapshot", article)?)
        .bind(article.id.0)
        .execute(&mut **tx)
        .await?;
    insert_version(tx, article, article.author, now).await?;
    Ok(StoredArticle {
        article: article.clone(),
        number,
        version: 1,
    })
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, article: &Article, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE site_articles SET status = $1, title = $2, major = $3, is_policy = $4, \
         revision = $5, publish_at = $6, published_at = $7, approved_digest = $8, validity = $9, \
         state = $10, version = version + 1, updated_at = $11, withdraw_at = $14 \
         WHERE id = $12 AND version = $13",
    )
    .bind(article.status.code())
    .bind(&article.content.title)
    .bind(i64::from(article.major))
    .bind(i64::from(article.content.policy.is_some()))
    .bind(i64::from(article.revision))
    .bind(article.publish_at.map(Instant::millis))
    .bind(article.published_at.map(Instant::millis))
    .bind(article.approved_digest.as_deref())
    .bind(validity_code(article))
    .bind(to_json("article snapshot", article)?)
    .bind(now)
    .bind(article.id.0)
    .bind(expected)
    .bind(
        article
            .planned_withdrawal
            .as_ref()
            .map(|planned| planned.at.millis()),
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("稿件已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// WEB-REVIEW: keeps the article's current content as its revision.
pub async fn insert_version(tx: &mut Tx, article: &Article, by: UserId, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO site_article_versions (article_id, revision, content, edited_by, edited_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(article.id.0)
    .bind(i64::from(article.revision))
    .bind(to_json("article content", &article.content)?)
    .bind((by.0 != 0).then_some(by.0))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: ArticleId) -> Result<StoredArticle> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("稿件 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ArticleId) -> Result<StoredArticle> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("稿件 {id}")))?;
    from_row(&row)
}

/// One revision of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub revision: u32,
    pub content: Content,
    /// Who wrote it (`None`: the platform).
    pub edited_by: Option<UserId>,
    pub edited_at: Instant,
}

fn version_of(row: &sqlx::any::AnyRow) -> Result<Version> {
    let content: String = row.try_get("content")?;
    let revision: i64 = row.try_get("revision")?;
    Ok(Version {
        revision: u32::try_from(revision).map_err(|e| super::unreadable("revision", e))?,
        content: from_json("article content", &content)?,
        edited_by: row.try_get::<Option<i64>, _>("edited_by")?.map(UserId),
        edited_at: Instant::from_millis(row.try_get("edited_at")?),
    })
}

/// Every revision of an article, oldest first.
pub async fn versions(db: &Db, id: ArticleId) -> Result<Vec<Version>> {
    let rows = sqlx::query(
        "SELECT revision, content, edited_by, edited_at FROM site_article_versions \
         WHERE article_id = $1 ORDER BY revision",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(version_of).collect()
}

/// One revision of an article.
pub async fn version(db: &Db, id: ArticleId, revision: u32) -> Result<Version> {
    let row = sqlx::query(
        "SELECT revision, content, edited_by, edited_at FROM site_article_versions \
         WHERE article_id = $1 AND revision = $2",
    )
    .bind(id.0)
    .bind(i64::from(revision))
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found(format!("稿件 {id} 的第 {revision} 版")))?;
    version_of(&row)
}

/// The published articles whose planned withdrawal (定时撤稿) has come, oldest first, at most
/// `limit`.
pub async fn due_for_withdrawal(db: &Db, now: Instant, limit: i64) -> Result<Vec<ArticleId>> {
    let rows = sqlx::query(
        "SELECT id FROM site_articles WHERE status = 'published' AND withdraw_at <= $1 \
         ORDER BY withdraw_at, id LIMIT $2",
    )
    .bind(now.millis())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok(ArticleId(row.try_get("id")?)))
        .collect()
}

/// The scheduled articles whose publish-at instant has come, oldest first, at most `limit`.
pub async fn due_for_publication(db: &Db, now: Instant, limit: i64) -> Result<Vec<ArticleId>> {
    let rows = sqlx::query(
        "SELECT id FROM site_articles WHERE status = 'scheduled' AND publish_at <= $1 \
         ORDER BY publish_at, id LIMIT $2",
    )
    .bind(now.millis())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok(ArticleId(row.try_get("id")?)))
        .collect()
}

/// SEC-SECRET, PUB-ATTR: the register document `article` publishes, if it names one.
pub async fn document_of(tx: &mut Tx, article: ArticleId) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT document_id FROM site_articles WHERE id = $1")
        .bind(article.0)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("document_id")?)
}

/// Names the register document `article` publishes (a draft made from it).
pub async fn link_document(tx: &mut Tx, article: ArticleId, document: i64) -> Result<()> {
    sqlx::query("UPDATE site_articles SET document_id = $1 WHERE id = $2")
        .bind(document)
        .bind(article.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
