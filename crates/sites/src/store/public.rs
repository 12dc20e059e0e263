//! What the public pages need beyond [`super::pages`]: the portal's 网站标识码 (the portal's
//! pages and an unknown `Host` find their site by it, WEB-SITEGROUP), and the visits of
//! migration 0026 (WEB-STATS) — `site_visit_salts` (one random salt per local day, deleted
//! with the day), `site_visitors` (the day's keyed hashes of visitors, deleted with it) and
//! `site_visit_days` (per site and day the page views and unique visitors, kept).

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::SiteId;

/// The 网站标识码 of the group's portal (the first registered), if one is registered.
pub async fn portal_number(db: &Db) -> Result<Option<String>> {
    let row = sqlx::query("SELECT number FROM sites WHERE kind = 'portal' ORDER BY id LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .map(|row| row.try_get::<String, _>("number"))
        .transpose()?)
}

/// The salt of `day` (yyyymmdd): the one stored, or `fresh` stored now; with whether it was
/// stored now (the day's first visit).
pub async fn salt(tx: &mut Tx, day: i64, fresh: &str) -> Result<(String, bool)> {
    let stored = sqlx::query(
        "INSERT INTO site_visit_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
    )
    .bind(day)
    .bind(fresh)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let row = sqlx::query("SELECT salt FROM site_visit_salts WHERE day = $1")
        .bind(day)
        .fetch_one(&mut **tx)
        .await?;
    Ok((row.try_get("salt")?, stored > 0))
}

/// Deletes the salts and the visitors' hashes of the days before `day`; the rows deleted.
pub async fn forget_before(tx: &mut Tx, day: i64) -> Result<u64> {
    let salts = sqlx::query("DELETE FROM site_visit_salts WHERE day < $1")
        .bind(day)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let marks = sqlx::query("DELETE FROM site_visitors WHERE day < $1")
        .bind(day)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(salts + marks)
}

/// Counts a page view of `site` on `day` by the visitor `mark`; whether the visitor is new
/// that day.
pub async fn count_view(tx: &mut Tx, site: SiteId, day: i64, mark: &str) -> Result<bool> {
    let new = sqlx::query(
        "INSERT INTO site_visitors (site_id, day, mark) VALUES ($1, $2, $3) \
         ON CONFLICT (site_id, day, mark) DO NOTHING",
    )
    .bind(site.0)
    .bind(day)
    .bind(mark)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0;
    sqlx::query(
        "INSERT INTO site_visit_days (site_id, day, views, visitors) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (site_id, day) DO UPDATE SET views = site_visit_days.views + 1, \
         visitors = site_visit_days.visitors + excluded.visitors",
    )
    .bind(site.0)
    .bind(day)
    .bind(i64::from(new))
    .execute(&mut **tx)
    .await?;
    Ok(new)
}

/// One day's figures of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitDay {
    /// yyyymmdd.
    pub day: i64,
    pub views: i64,
    pub visitors: i64,
}

/// The days of `site` from `from` to `to` (yyyymmdd, both included) that had visits, in order.
pub async fn days(db: &Db, site: SiteId, from: i64, to: i64) -> Result<Vec<VisitDay>> {
    let rows = sqlx::query(
        "SELECT day, views, visitors FROM site_visit_days \
         WHERE site_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
    )
    .bind(site.0)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(VisitDay {
                day: row.try_get("day")?,
                views: row.try_get("views")?,
                visitors: row.try_get("visitors")?,
            })
        })
        .collect()
}
