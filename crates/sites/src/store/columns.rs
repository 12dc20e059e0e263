//! `site_columns`: each column of a site's tree as a row (WEB-COLUMNS: type, responsible unit,
//! A/B editors, a special column's opening unit and approval, archived), its latest
//! publication, and what the freshness scan last found (WEB-FRESH).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{flag, unreadable};
use crate::column::{Column, ColumnKind, Editors, SpecialApproval, SpecialOpening};
use crate::{ColumnId, SiteId, UnitId, UserId};

/// What the freshness scan last recorded of a column (WEB-FRESH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    pub due_at: Option<Instant>,
    /// `green`, `yellow` or `red`; `None` before the first scan or when archived.
    pub light: Option<&'static str>,
    pub stale: bool,
    pub blank: bool,
    pub special_untouched: bool,
    /// The due instant its editors were warned for (once per due).
    pub warned_due: Option<Instant>,
    /// The due instant it was marked stale for (once per due).
    pub stale_due: Option<Instant>,
    pub checked_at: Option<Instant>,
}

/// A column as stored.
#[derive(Debug, Clone)]
pub struct StoredColumn {
    pub column: Column,
    /// Its place among its siblings.
    pub position: i64,
    pub version: i64,
    /// The latest publication in it (WEB-FRESH's last update).
    pub last_published_at: Option<Instant>,
    pub scan: Scan,
}

pub(crate) const COLUMNS: &str = "id, site_id, parent_id, position, name, kind, responsible_unit_id, \
    editor_a, editor_b, special_opened_by, special_approved_by, special_approved_at, opened_at, \
    archived_at, last_published_at, fresh_due_at, fresh_light, fresh_stale, fresh_blank, \
    fresh_special_untouched, fresh_warned_due, fresh_stale_due, fresh_checked_at, version";

fn instant(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<Instant>> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(Instant::from_millis))
}

/// The stored code of a column type read back.
pub(crate) fn kind_of(code: &str) -> Result<ColumnKind> {
    ColumnKind::ALL
        .into_iter()
        .find(|kind| kind.code() == code)
        .ok_or_else(|| unreadable("column kind", code))
}

fn light_of(code: Option<String>) -> Option<&'static str> {
    match code.as_deref() {
        Some("green") => Some("green"),
        Some("yellow") => Some("yellow"),
        Some("red") => Some("red"),
        _ => None,
    }
}

pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredColumn> {
    let kind: String = row.try_get("kind")?;
    let special = row
        .try_get::<Option<i64>, _>("special_opened_by")?
        .map(|unit| -> Result<SpecialOpening> {
            let by: Option<i64> = row.try_get("special_approved_by")?;
            let at = instant(row, "special_approved_at")?;
            Ok(SpecialOpening {
                opened_by: UnitId(unit),
                approved: by
                    .zip(at)
                    .map(|(by, at)| SpecialApproval { by: UserId(by), at }),
            })
        })
        .transpose()?;
    let column = Column {
        id: ColumnId(row.try_get("id")?),
        site: SiteId(row.try_get("site_id")?),
        parent: row.try_get::<Option<i64>, _>("parent_id")?.map(ColumnId),
        name: row.try_get("name")?,
        kind: kind_of(&kind)?,
        responsible_unit: UnitId(row.try_get("responsible_unit_id")?),
        editors: Editors {
            a: row.try_get::<Option<i64>, _>("editor_a")?.map(UserId),
            b: row.try_get::<Option<i64>, _>("editor_b")?.map(UserId),
        },
        special,
        opened_at: Instant::from_millis(row.try_get("opened_at")?),
        archived_at: instant(row, "archived_at")?,
    };
    Ok(StoredColumn {
        column,
        position: row.try_get("position")?,
        version: row.try_get("version")?,
        last_published_at: instant(row, "last_published_at")?,
        scan: Scan {
            due_at: instant(row, "fresh_due_at")?,
            light: light_of(row.try_get("fresh_light")?),
            stale: flag(row.try_get("fresh_stale")?),
            blank: flag(row.try_get("fresh_blank")?),
            special_untouched: flag(row.try_get("fresh_special_untouched")?),
            warned_due: instant(row, "fresh_warned_due")?,
            stale_due: instant(row, "fresh_stale_due")?,
            checked_at: instant(row, "fresh_checked_at")?,
        },
    })
}

fn special_fields(column: &Column) -> (Option<i64>, Option<i64>, Option<i64>) {
    let special = column.special.as_ref();
    let approved = special.and_then(|s| s.approved.as_ref());
    (
        special.map(|s| s.opened_by.0),
        approved.map(|a| a.by.0),
        approved.map(|a| a.at.millis()),
    )
}

/// Inserts a new column (its id given by the table), version 1.
pub async fn insert(tx: &mut Tx, column: &Column, position: i64, now: i64) -> Result<ColumnId> {
    let (opened_by, approved_by, approved_at) = special_fields(column);
    let row = sqlx::query(
        "INSERT INTO site_columns (site_id, parent_id, position, name, kind, \
         responsible_unit_id, editor_a, editor_b, special_opened_by, special_approved_by, \
         special_approved_at, opened_at, archived_at, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14) \
         RETURNING id",
    )
    .bind(column.site.0)
    .bind(column.parent.map(|p| p.0))
    .bind(position)
    .bind(&column.name)
    .bind(column.kind.code())
    .bind(column.responsible_unit.0)
    .bind(column.editors.a.map(|u| u.0))
    .bind(column.editors.b.map(|u| u.0))
    .bind(opened_by)
    .bind(approved_by)
    .bind(approved_at)
    .bind(column.opened_at.millis())
    .bind(column.archived_at.map(Instant::millis))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ColumnId(row.try_get("id")?))
}

/// Stores `column` over `expected`; zero rows is a conflict. Its freshness marks are to be
/// recomputed (WEB-FRESH: its type or archiving may have changed).
pub async fn update(
    tx: &mut Tx,
    column: &Column,
    position: i64,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let (opened_by, approved_by, approved_at) = special_fields(column);
    let changed = sqlx::query(
        "UPDATE site_columns SET parent_id = $1, position = $2, name = $3, kind = $4, \
         responsible_unit_id = $5, editor_a = $6, editor_b = $7, special_opened_by = $8, \
         special_approved_by = $9, special_approved_at = $10, archived_at = $11, \
         version = version + 1, updated_at = $12, fresh_marked_at = NULL, fresh_next_at = 0 \
         WHERE id = $13 AND version = $14",
    )
    .bind(column.parent.map(|p| p.0))
    .bind(position)
    .bind(&column.name)
    .bind(column.kind.code())
    .bind(column.responsible_unit.0)
    .bind(column.editors.a.map(|u| u.0))
    .bind(column.editors.b.map(|u| u.0))
    .bind(opened_by)
    .bind(approved_by)
    .bind(approved_at)
    .bind(column.archived_at.map(Instant::millis))
    .bind(now)
    .bind(column.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("栏目已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

pub async fn get(db: &Db, id: ColumnId) -> Result<StoredColumn> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found(format!("栏目 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ColumnId) -> Result<StoredColumn> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found(format!("栏目 {id}")))?;
    from_row(&row)
}

/// Every column of `site`, in tree order's parts: by parent, then position, then id.
pub async fn of_site(db: &Db, site: SiteId) -> Result<Vec<StoredColumn>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE site_id = $1 ORDER BY position, id"
    )))
    .bind(site.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The same, in a transaction (a move checks the tree it changes).
pub async fn of_site_in(tx: &mut Tx, site: SiteId) -> Result<Vec<StoredColumn>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE site_id = $1 ORDER BY position, id"
    )))
    .bind(site.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Columns after `after` by id, at most `limit`, every site: the freshness scan's batches.
pub async fn batch(db: &Db, after: i64, limit: i64) -> Result<Vec<StoredColumn>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_columns WHERE id > $1 ORDER BY id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// What the freshness computation reads of a column (WEB-FRESH): nothing of the last scan.
pub(crate) const WATCHED: &str = "id, site_id, parent_id, name, kind, responsible_unit_id, editor_a, \
    editor_b, special_opened_by, special_approved_by, special_approved_at, opened_at, \
    last_published_at";

/// WEB-FRESH: the open (not archived) columns with `from < id <= to`, each with its latest
/// publication — the lean read of the freshness over every column, decoded by position.
pub async fn watched(db: &Db, from: i64, to: i64) -> Result<Vec<(Column, Option<Instant>)>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {WATCHED} FROM site_columns WHERE id > $1 AND id <= $2 AND archived_at IS NULL"
    )))
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(watched_row).collect()
}

/// A row read with [`WATCHED`] first: the column (open) and its latest publication.
pub(crate) fn watched_row(row: &sqlx::any::AnyRow) -> Result<(Column, Option<Instant>)> {
    let at = |i: usize| -> Result<Option<Instant>> {
        Ok(row.try_get::<Option<i64>, _>(i)?.map(Instant::from_millis))
    };
    let kind: String = row.try_get(4)?;
    let special = match row.try_get::<Option<i64>, _>(8)? {
        Some(unit) => Some(SpecialOpening {
            opened_by: UnitId(unit),
            approved: row
                .try_get::<Option<i64>, _>(9)?
                .zip(at(10)?)
                .map(|(by, at)| SpecialApproval { by: UserId(by), at }),
        }),
        None => None,
    };
    let column = Column {
        id: ColumnId(row.try_get(0)?),
        site: SiteId(row.try_get(1)?),
        parent: row.try_get::<Option<i64>, _>(2)?.map(ColumnId),
        name: row.try_get(3)?,
        kind: kind_of(&kind)?,
        responsible_unit: UnitId(row.try_get(5)?),
        editors: Editors {
            a: row.try_get::<Option<i64>, _>(6)?.map(UserId),
            b: row.try_get::<Option<i64>, _>(7)?.map(UserId),
        },
        special,
        opened_at: Instant::from_millis(row.try_get(11)?),
        archived_at: None,
    };
    Ok((column, at(12)?))
}

/// The largest column id, 0 without columns.
pub async fn max_id(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS id FROM site_columns")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("id")?)
}

/// WEB-FRESH: a publication in `column` at `at` is its latest update; its freshness marks are
/// to be recomputed, in the same transaction.
pub async fn published(tx: &mut Tx, column: ColumnId, at: Instant) -> Result<()> {
    sqlx::query(
        "UPDATE site_columns SET last_published_at = $1, fresh_marked_at = NULL, \
         fresh_next_at = 0 WHERE id = $2 AND (last_published_at IS NULL OR last_published_at < $1)",
    )
    .bind(at.millis())
    .bind(column.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// WEB-FRESH: records what the scan found of one column.
pub async fn record_scan(tx: &mut Tx, column: ColumnId, scan: &Scan) -> Result<()> {
    sqlx::query(
        "UPDATE site_columns SET fresh_due_at = $1, fresh_light = $2, fresh_stale = $3, \
         fresh_blank = $4, fresh_special_untouched = $5, fresh_warned_due = $6, \
         fresh_stale_due = $7, fresh_checked_at = $8 WHERE id = $9",
    )
    .bind(scan.due_at.map(Instant::millis))
    .bind(scan.light)
    .bind(i64::from(scan.stale))
    .bind(i64::from(scan.blank))
    .bind(i64::from(scan.special_untouched))
    .bind(scan.warned_due.map(Instant::millis))
    .bind(scan.stale_due.map(Instant::millis))
    .bind(scan.checked_at.map(Instant::millis))
    .bind(column.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
