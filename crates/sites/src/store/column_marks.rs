//! The columns' stored freshness marks (WEB-FRESH, migration 0031): read as counts per site
//! and as the watched columns, compared with the live instant in SQL; written by the scan,
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
use crate::column::{Column, ColumnKind, FreshnessCount, Marks};

/// The marks of a column as stored (the window is its type's in the current profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredMarks {
    pub due_at: Option<Instant>,
    pub warn_at: Option<Instant>,
    pub special_due_at: Option<Instant>,
}

/// A watched column read with its marks; `None`: to be recomputed.
pub type WatchedRow = (Column, Option<Instant>, Option<StoredMarks>);

fn codes(kinds: impl Iterator<Item = ColumnKind>) -> String {
    let codes: Vec<String> = kinds.map(|kind| format!("'{}'", kind.code())).collect();
    if codes.is_empty() {
        "''".to_owned()
    } else {
        codes.join(", ")
    }
}

/// WEB-FRESH (reports.md §3): the national check's counts per site over the open columns with
/// marks, at `now` — stale past the due update with an article in it, blank without one,
/// yellow from the warn instant up to the due update, special past its window.
pub async fn counts(db: &Db, now: Instant) -> Result<Vec<(SiteId, FreshnessCount)>> {
    let always = codes(ColumnKind::ALL.into_iter().filter(|k| k.is_core(false)));
    let first_level = codes(
        ColumnKind::ALL
            .into_iter()
            .filter(|k| k.is_core(true) && !k.is_core(false)),
    );
    let special = ColumnKind::Special.code();
    let sql = format!(
        "SELECT site_id, \
         SUM(CASE WHEN last_published_at IS NOT NULL AND fresh_mark_due_at < $1 \
             THEN 1 ELSE 0 END) AS stale, \
         SUM(CASE WHEN last_published_at IS NOT NULL AND fresh_mark_due_at < $1 \
             AND (kind IN ({always}) OR (kind IN ({first_level}) AND parent_id IS NULL)) \
             THEN 1 ELSE 0 END) AS stale_core, \
         SUM(CASE WHEN last_published_at IS NULL THEN 1 ELSE 0 END) AS blank, \
         SUM(CASE WHEN last_published_at IS NOT NULL AND fresh_warn_at <= $1 \
             AND fresh_mark_due_at >= $1 THEN 1 ELSE 0 END) AS yellow, \
         SUM(CASE WHEN kind = '{special}' AND fresh_special_due_at < $1 \
             THEN 1 ELSE 0 END) AS special \
         FROM site_columns WHERE archived_at IS NULL AND fresh_marked_at IS NOT NULL \
         GROUP BY site_id ORDER BY site_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let n = |name: &str| -> Result<usize> {
                let value = row.try_get::<Option<i64>, _>(name)?.unwrap_or(0);
                Ok(usize::try_from(value).unwrap_or(0))
            };
            Ok((
                SiteId(row.try_get("site_id")?),
                FreshnessCount {
                    stale_core: n("stale_core")?,
                    stale: n("stale")?,
                    blank: n("blank")?,
                    yellow: n("yellow")?,
                    special_untouched: n("special")?,
                },
            ))
        })
        .collect()
}

/// WEB-FRESH: the open columns that are not green at `now` by their marks (yellow, red,
/// blank, special untouched) and every open column without marks, with their marks.
pub async fn watched(db: &Db, now: Instant) -> Result<Vec<WatchedRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {WATCHED}, fresh_mark_due_at, fresh_warn_at, fresh_special_due_at, \
         fresh_marked_at FROM site_columns WHERE archived_at IS NULL AND \
         (fresh_marked_at IS NULL OR last_published_at IS NULL OR fresh_warn_at <= $1 \
         OR fresh_mark_due_at < $1 OR fresh_special_due_at < $1)"
    )))
    .bind(now.millis())
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

/// Columns after `after` by id whose scan visit has come at `now` (`fresh_next_at`), at most
/// `limit`: the scan's batches.
pub async fn due_for_scan(
    db: &Db,
    now: Instant,
    after: i64,
    limit: i64,
) -> Result<Vec<StoredColumn>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE fresh_next_at <= $1 AND id > $2 \
         ORDER BY id LIMIT $3"
    )))
    .bind(now.millis())
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
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
