//! `inspect_findings`, `inspect_runs` (migration 0047) and `inspect_probes` (0048): a finding
//! as a snapshot of the pure machine with the columns lists read (site, unit, kind, status,
//! first and last seen) and its digest per site; the crawls run; the availability probes and
//! their share unanswered over a window (WEB-INSPECT).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::finding::{Finding, FindingId, Status};
use crate::SiteId;
use crate::store::{from_json, to_json};

/// A finding as stored.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    pub finding: Finding,
    /// Its number (XJ year id).
    pub number: String,
    pub version: i64,
}

/// The digest that makes a finding seen again the same row: SM3 of kind, page and detail.
pub fn fingerprint(kind: &str, url: &str, detail: &str) -> String {
    use sm3::Digest as _;
    let mut hasher = sm3::Sm3::new();
    for part in [kind, url, detail] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hex::encode(hasher.finalize())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredFinding> {
    let state: String = row.try_get("state")?;
    Ok(StoredFinding {
        finding: from_json("finding snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
    })
}

const SELECT: &str = "SELECT state, number, version FROM inspect_findings";

/// Inserts a new finding (its id given by the table, its number `XJ`year-id); version 1.
pub async fn insert(tx: &mut Tx, finding: &mut Finding, now: i64) -> Result<StoredFinding> {
    let row = sqlx::query(
        "INSERT INTO inspect_findings (number, site_id, unit_id, kind, url, detail, \
         fingerprint, status, state, version, first_seen_at, last_seen_at, created_at, \
         updated_at) VALUES ('', $1, $2, $3, $4, $5, $6, $7, '{}', 1, $8, $9, $10, $10) \
         RETURNING id",
    )
    .bind(finding.site.0)
    .bind(finding.unit.0)
    .bind(&finding.kind)
    .bind(&finding.url)
    .bind(&finding.detail)
    .bind(fingerprint(&finding.kind, &finding.url, &finding.detail))
    .bind(finding.status.code())
    .bind(finding.first_seen.millis())
    .bind(finding.last_seen.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    finding.id = FindingId(row.try_get("id")?);
    let year = finding.first_seen.local_date().format("%Y");
    let number = format!("XJ{year}{:06}", finding.id.0);
    sqlx::query("UPDATE inspect_findings SET number = $1, state = $2 WHERE id = $3")
        .bind(&number)
        .bind(to_json("finding snapshot", finding)?)
        .bind(finding.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(StoredFinding {
        finding: finding.clone(),
        number,
        version: 1,
    })
}

/// The message of a stale page.
pub const CONFLICT: &str = "该巡检问题已被他人更新，请刷新后重试";

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, finding: &Finding, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE inspect_findings SET status = $1, state = $2, last_seen_at = $3, \
         version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(finding.status.code())
    .bind(to_json("finding snapshot", finding)?)
    .bind(finding.last_seen.millis())
    .bind(now)
    .bind(finding.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(CONFLICT));
    }
    Ok(expected + 1)
}

pub async fn get(db: &Db, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("巡检问题 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: FindingId) -> Result<StoredFinding> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("巡检问题 {id}")))?;
    from_row(&row)
}

/// The finding of `site` with this digest, if stored.
pub async fn by_fingerprint(
    tx: &mut Tx,
    site: SiteId,
    print: &str,
) -> Result<Option<(FindingId, Status)>> {
    let row = sqlx::query(
        "SELECT id, status FROM inspect_findings WHERE site_id = $1 AND fingerprint = $2",
    )
    .bind(site.0)
    .bind(print)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| {
        let status: String = row.try_get("status")?;
        let status = Status::from_code(&status)
            .ok_or_else(|| crate::store::unreadable("finding status", &status))?;
        Ok((FindingId(row.try_get("id")?), status))
    })
    .transpose()
}

/// Moves `last_seen_at` of a finding seen again that the re-check leaves as it is.
pub async fn seen(tx: &mut Tx, id: FindingId, at: i64) -> Result<()> {
    sqlx::query("UPDATE inspect_findings SET last_seen_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The findings of `site` awaiting their re-check (marked fixed).
pub async fn awaiting_recheck(tx: &mut Tx, site: SiteId) -> Result<Vec<(FindingId, String)>> {
    let rows = sqlx::query(
        "SELECT id, fingerprint FROM inspect_findings WHERE site_id = $1 AND status = 'fixed' \
         ORDER BY id",
    )
    .bind(site.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| Ok((FindingId(row.try_get("id")?), row.try_get("fingerprint")?)))
        .collect()
}

/// The findings of `site`, newest first, at most `limit`; `active_only` keeps the open and
/// fixed ones.
pub async fn of_site(
    db: &Db,
    site: SiteId,
    active_only: bool,
    limit: i64,
) -> Result<Vec<StoredFinding>> {
    let filter = if active_only {
        " AND status IN ('open', 'fixed')"
    } else {
        ""
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE site_id = $1{filter} ORDER BY first_seen_at DESC, id DESC LIMIT $2"
    )))
    .bind(site.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Per kind and status, how many findings of `site` were first seen in `[from, to)`.
pub async fn counts(
    db: &Db,
    site: SiteId,
    from: i64,
    to: i64,
) -> Result<Vec<(String, String, i64)>> {
    let rows = sqlx::query(
        "SELECT kind, status, COUNT(*) AS n FROM inspect_findings WHERE site_id = $1 \
         AND first_seen_at >= $2 AND first_seen_at < $3 GROUP BY kind, status ORDER BY kind, status",
    )
    .bind(site.0)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("kind")?,
                row.try_get("status")?,
                row.try_get("n")?,
            ))
        })
        .collect()
}

/// One crawl of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub site: SiteId,
    /// `full` or `daily`.
    pub scope: String,
    pub started_at: i64,
    pub finished_at: i64,
    pub pages: i64,
    pub attachments: i64,
    pub findings: i64,
    pub note: String,
}

pub async fn insert_run(tx: &mut Tx, run: &Run) -> Result<()> {
    sqlx::query(
        "INSERT INTO inspect_runs (site_id, scope, started_at, finished_at, pages, \
         attachments, findings, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(run.site.0)
    .bind(&run.scope)
    .bind(run.started_at)
    .bind(run.finished_at)
    .bind(run.pages)
    .bind(run.attachments)
    .bind(run.findings)
    .bind(&run.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The last run of `site`, if any.
pub async fn last_run(db: &Db, site: SiteId) -> Result<Option<Run>> {
    let row = sqlx::query(
        "SELECT scope, started_at, finished_at, pages, attachments, findings, note \
         FROM inspect_runs WHERE site_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1",
    )
    .bind(site.0)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        Ok(Run {
            site,
            scope: row.try_get("scope")?,
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            pages: row.try_get("pages")?,
            attachments: row.try_get("attachments")?,
            findings: row.try_get("findings")?,
            note: row.try_get("note")?,
        })
    })
    .transpose()
}

/// Records one availability probe.
pub async fn insert_probe(
    db: &Db,
    site: SiteId,
    at: i64,
    answered: bool,
    millis: i64,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO inspect_probes (site_id, at, answered, millis, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(site.0)
    .bind(at)
    .bind(i64::from(answered))
    .bind(millis)
    .bind(note)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The probes of `site` in `[from, to)`: how many, how many unanswered.
pub async fn probe_counts(db: &Db, site: SiteId, from: i64, to: i64) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(1 - answered), 0) AS BIGINT) AS down FROM inspect_probes \
         WHERE site_id = $1 AND at >= $2 AND at < $3",
    )
    .bind(site.0)
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get("n")?, row.try_get("down")?))
}

/// The last probe of `site` before `to`, if any (its instant).
pub async fn last_probe(db: &Db, site: SiteId) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT MAX(at) AS at FROM inspect_probes WHERE site_id = $1")
        .bind(site.0)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("at")?)
}

/// The unit responsible for the column of `site` that a page belongs to: the column itself
/// (`/columns/{id}`) or the column of a served article (`/articles/{id}`), if the page is one.
pub async fn column_unit(tx: &mut Tx, site: SiteId, url: &str) -> Result<Option<i64>> {
    let sql = match path_id(url, "/articles/") {
        Some(id) => Some((
            "SELECT c.responsible_unit_id AS unit FROM site_pages p \
             JOIN site_columns c ON c.id = p.column_id WHERE p.article_id = $1 AND p.site_id = $2",
            id,
        )),
        None => path_id(url, "/columns/").map(|id| {
            (
                "SELECT responsible_unit_id AS unit FROM site_columns WHERE id = $1 AND site_id = $2",
                id,
            )
        }),
    };
    let Some((sql, id)) = sql else {
        return Ok(None);
    };
    let row = sqlx::query(sql)
        .bind(id)
        .bind(site.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|row| row.try_get("unit"))
        .transpose()
        .map_err(Into::into)
}

/// The number after `marker` in the path of `url` (`/articles/12` → 12).
fn path_id(url: &str, marker: &str) -> Option<i64> {
    let rest = &url[url.find(marker)? + marker.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
