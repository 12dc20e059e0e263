//! The columns' stored freshness marks (WEB-FRESH, migration 0031): the watched columns found
//! by comparing them with the live instant in SQL; written by the scan,
//! which visits only the columns whose `fresh_next_at` has come; the fingerprint of the
//! profile and calendar they were computed under. A column whose marks are NULL (new, just
//! published in, edited, or after a profile or calendar change) is to be recomputed: every
//! reader computes it live, never counts it as fresh.

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::columns::{COLUMNS, StoredColumn, WATCHED, from_row, watched_row};
use crate::SiteId;
use crate::column::{Column, Marks};

/// The marks of a column as stored (the window is its type's in the current profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredMarks {
    pub due_at: Option<Instant>,
    pub warn_at: Option<Instant>,
    pub special_due_at: Option<Instant>,
}

/// A watched column read with its marks; `None`: to be recomputed.
pub type WatchedRow = (Column, Option<Instant>, Option<StoredMarks>);

/// The sites with open columns, by id.
pub async fn sites_watched(db: &Db) -> Result<Vec<SiteId>> {
    let rows = sqlx::query(
        "SELECT id FROM sites s WHERE EXISTS (SELECT 1 FROM site_columns c \
         WHERE c.site_id = s.id AND c.archived_at IS NULL) ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok(SiteId(row.try_get("id")?)))
        .collect()
}

/// WEB-FRESH: the open columns with `from < id <= to` that are not green at `now` by their
/// marks (yellow, red, blank, special untouched) and every open column without marks, with
/// their marks.
pub async fn watched(db: &Db, now: Instant, from: i64, to: i64) -> Result<Vec<WatchedRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {WATCHED}, fresh_mark_due_at, fresh_warn_at, fresh_special_due_at, \
         fresh_marked_at FROM site_columns WHERE id > $2 AND id <= $3 AND archived_at IS NULL \
         AND (fresh_marked_at IS NULL OR last_published_at IS NULL OR fresh_warn_at <= $1 \
         OR fresh_mark_due_at < $1 OR fresh_special_due_at < $1)"
    )))
    .bind(now.millis())
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let (column, last) = watched_row(row)?;
            let at = |i: usize| -> Result<Option<Instant>> {
                Ok(row.try_get::<Option<i64>, _>(i)?.map(Instant::from_millis))
            };
            let marks = match at(16)? {
                Some(_) => Some(StoredMarks {
                    due_at: at(13)?,
                    warn_at: at(14)?,
                    special_due_at: at(15)?,
                }),
                None => None,
            };
            Ok((column, last, marks))
        })
        .collect()
}

/// The columns whose scan visit has come at `now` (`fresh_next_at`), after `after` in the
/// order of (visit, id) — the index's order —, at most `limit`, each with its visit: the scan's
/// batches.
pub async fn due_for_scan(
    db: &Db,
    now: Instant,
    after: (i64, i64),
    limit: i64,
) -> Result<Vec<(StoredColumn, i64)>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, fresh_next_at FROM site_columns WHERE fresh_next_at <= $1 \
         AND (fresh_next_at, id) > ($2, $3) ORDER BY fresh_next_at, id LIMIT $4"
    )))
    .bind(now.millis())
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((from_row(row)?, row.try_get("fresh_next_at")?)))
        .collect()
}

/// WEB-FRESH: stores the marks of `stored` computed at `now` (`None`: archived, not watched)
/// and the scan's next visit — unless a publication or an edit changed its inputs since it
/// was read, which leaves it to be recomputed.
pub async fn record(
    tx: &mut Tx,
    stored: &StoredColumn,
    marks: Option<&Marks>,
    next: Option<Instant>,
    now: Instant,
) -> Result<()> {
    let millis = |at: Option<Instant>| at.map(Instant::millis);
    sqlx::query(
        "UPDATE site_columns SET fresh_mark_due_at = $1, fresh_warn_at = $2, \
         fresh_special_due_at = $3, fresh_marked_at = $4, fresh_next_at = $5 \
         WHERE id = $6 AND version = $7 AND COALESCE(last_published_at, -1) = $8",
    )
    .bind(millis(marks.and_then(|m| m.due_at)))
    .bind(millis(marks.and_then(|m| m.warn_at)))
    .bind(millis(marks.and_then(|m| m.special_due_at)))
    .bind(now.millis())
    .bind(millis(next))
    .bind(stored.column.id.0)
    .bind(stored.version)
    .bind(stored.last_published_at.map_or(-1, Instant::millis))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The fingerprint the stored marks were computed under; `None` before the first scan.
pub async fn fingerprint(db: &Db) -> Result<Option<String>> {
    let row = sqlx::query("SELECT fingerprint FROM site_freshness_marks WHERE id = 1")
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(row) => Some(row.try_get("fingerprint")?),
        None => None,
    })
}

/// WEB-FRESH: the profile or calendar changed: every column's marks are to be recomputed
/// under `fingerprint`, in one transaction with it.
pub async fn recompute_all(db: &Db, fingerprint: &str, now: Instant) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE site_columns SET fresh_marked_at = NULL, fresh_next_at = 0")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM site_freshness_marks")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO site_freshness_marks (id, fingerprint, marked_at) VALUES (1, $1, $2)")
        .bind(fingerprint)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
