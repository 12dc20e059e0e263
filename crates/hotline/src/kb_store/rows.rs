//! The rows of migration 0005 (`kb_entries`, `kb_versions`): reading and writing one entry,
//! its working copy and its published versions. SQL written once for both backends.

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::UnitId;
use crate::kb::{Entry, EntryId, EntryStatus};

use super::KbContent;

/// One `kb_entries` row: the entry's state and its working copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub id: EntryId,
    pub owner_unit_id: UnitId,
    pub status: EntryStatus,
    /// The published version searched; 0 before the first publication.
    pub current_version: u32,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub keywords: String,
    pub category: String,
    pub review_due_at: Option<i64>,
    /// Set while a published version is searchable (kept while revising, cleared on withdrawal).
    pub published_at: Option<i64>,
    pub edited_by: Option<i64>,
    /// The hotline's last send-back reason.
    pub review_note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl StoredEntry {
    /// The pure entry the life rules judge (KB-LIFE).
    pub fn entry(&self) -> Entry {
        Entry {
            id: self.id,
            owner: self.owner_unit_id,
            status: self.status,
            version: self.current_version,
            reviewed_at: self.published_at.map(calendar::Instant::from_millis),
        }
    }

    /// Whether operators and the public find its current version (HL-INSTANT).
    pub fn is_searchable(&self) -> bool {
        self.published_at.is_some()
            && self.current_version > 0
            && self.status != EntryStatus::Withdrawn
    }
}

/// One kept published version (`kb_versions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub entry_id: EntryId,
    pub version: u32,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub keywords: String,
    pub edited_by: Option<i64>,
    pub reviewed_by: Option<i64>,
    pub created_at: i64,
}

/// The storage code of a status.
pub fn status_code(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Draft => "draft",
        EntryStatus::InReview => "in_review",
        EntryStatus::Published => "published",
        EntryStatus::Withdrawn => "withdrawn",
    }
}

/// The status of a storage code.
pub fn parse_status(code: &str) -> Result<EntryStatus> {
    [
        EntryStatus::Draft,
        EntryStatus::InReview,
        EntryStatus::Published,
        EntryStatus::Withdrawn,
    ]
    .into_iter()
    .find(|status| status_code(*status) == code)
    .ok_or_else(|| crate::store::unreadable("kb entry status", code))
}

pub(crate) fn version_of(value: i64) -> Result<u32> {
    u32::try_from(value).map_err(|error| crate::store::unreadable("kb version", error))
}

pub(crate) const ENTRY_COLUMNS: &str = "id, owner_unit_id, status, current_version, title, question, \
     answer, keywords, category, review_due_at, published_at, edited_by, review_note, created_at, \
     updated_at";

pub(crate) fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<StoredEntry> {
    let status: String = row.try_get("status")?;
    Ok(StoredEntry {
        id: EntryId(row.try_get("id")?),
        owner_unit_id: UnitId(row.try_get("owner_unit_id")?),
        status: parse_status(&status)?,
        current_version: version_of(row.try_get("current_version")?)?,
        title: row.try_get("title")?,
        question: row.try_get("question")?,
        answer: row.try_get("answer")?,
        keywords: row.try_get("keywords")?,
        category: row.try_get("category")?,
        review_due_at: row.try_get("review_due_at")?,
        published_at: row.try_get("published_at")?,
        edited_by: row.try_get("edited_by")?,
        review_note: row.try_get("review_note")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Inserts a new draft and answers its id.
pub async fn insert_draft(
    tx: &mut Tx,
    owner: UnitId,
    content: &KbContent,
    edited_by: Option<i64>,
    now: i64,
) -> Result<EntryId> {
    let row = sqlx::query(
        "INSERT INTO kb_entries (owner_unit_id, status, current_version, title, question, answer, \
         keywords, category, edited_by, created_at, updated_at) \
         VALUES ($1, 'draft', 0, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(owner.0)
    .bind(&content.title)
    .bind(&content.question)
    .bind(&content.answer)
    .bind(&content.keywords)
    .bind(&content.category)
    .bind(edited_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(EntryId(row.try_get("id")?))
}

/// The entry, read inside a write transaction.
pub async fn get_in(tx: &mut Tx, id: EntryId) -> Result<StoredEntry> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ENTRY_COLUMNS} FROM kb_entries WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| platform::Error::not_found(format!("知识条目 {}", id.0)))?;
    entry_from_row(&row)
}

/// The entry (404 when there is none).
pub async fn get(db: &Db, id: EntryId) -> Result<StoredEntry> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ENTRY_COLUMNS} FROM kb_entries WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| platform::Error::not_found(format!("知识条目 {}", id.0)))?;
    entry_from_row(&row)
}

/// Writes the entry's new state, only if nobody changed it since `previous` was read (a
/// concurrent change is a conflict and changes nothing).
pub async fn update(tx: &mut Tx, previous: &StoredEntry, next: &StoredEntry) -> Result<()> {
    let done = sqlx::query(
        "UPDATE kb_entries SET status = $1, current_version = $2, title = $3, question = $4, \
         answer = $5, keywords = $6, category = $7, review_due_at = $8, published_at = $9, \
         edited_by = $10, review_note = $11, updated_at = $12 \
         WHERE id = $13 AND status = $14 AND updated_at = $15",
    )
    .bind(status_code(next.status))
    .bind(i64::from(next.current_version))
    .bind(&next.title)
    .bind(&next.question)
    .bind(&next.answer)
    .bind(&next.keywords)
    .bind(&next.category)
    .bind(next.review_due_at)
    .bind(next.published_at)
    .bind(next.edited_by)
    .bind(&next.review_note)
    .bind(next.updated_at)
    .bind(previous.id.0)
    .bind(status_code(previous.status))
    .bind(previous.updated_at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(platform::Error::conflict(
            "知识条目已被他人更新，请刷新后重试",
        ));
    }
    // WEB-SEARCH: the search indexes follow a published answer (or its withdrawal).
    platform::search_feed::changed(tx, "kb", previous.id.0).await?;
    Ok(())
}

/// Keeps the published version `entry.current_version` (KB-LIFE: every version is kept).
pub async fn insert_version(
    tx: &mut Tx,
    entry: &StoredEntry,
    reviewed_by: Option<i64>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO kb_versions (entry_id, version, title, question, answer, keywords, \
         edited_by, reviewed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.id.0)
    .bind(i64::from(entry.current_version))
    .bind(&entry.title)
    .bind(&entry.question)
    .bind(&entry.answer)
    .bind(&entry.keywords)
    .bind(entry.edited_by)
    .bind(reviewed_by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every published version of an entry, the newest first.
pub async fn versions(db: &Db, id: EntryId) -> Result<Vec<StoredVersion>> {
    let rows = sqlx::query(
        "SELECT entry_id, version, title, question, answer, keywords, edited_by, reviewed_by, \
         created_at FROM kb_versions WHERE entry_id = $1 ORDER BY version DESC",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(StoredVersion {
                entry_id: EntryId(row.try_get("entry_id")?),
                version: version_of(row.try_get("version")?)?,
                title: row.try_get("title")?,
                question: row.try_get("question")?,
                answer: row.try_get("answer")?,
                keywords: row.try_get("keywords")?,
                edited_by: row.try_get("edited_by")?,
                reviewed_by: row.try_get("reviewed_by")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// Entries of one unit in any status, the latest change first.
pub async fn of_unit(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<StoredEntry>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ENTRY_COLUMNS} FROM kb_entries WHERE owner_unit_id = $1 \
         ORDER BY updated_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// The hotline's review queue (待审核), the oldest submission first.
pub async fn in_review(db: &Db) -> Result<Vec<StoredEntry>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ENTRY_COLUMNS} FROM kb_entries WHERE status = 'in_review' \
         ORDER BY updated_at, id"
    )))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(entry_from_row).collect()
}
