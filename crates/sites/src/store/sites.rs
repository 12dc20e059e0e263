//! `sites`, `site_domains` and `site_registrations`: a site's registry snapshot with the
//! columns pages query (网站标识码 as `number`, kind, status, name, the three units), its
//! domains for routing by host (WEB-SITEGROUP), and every registration it had, appended
//! (WEB-REGISTRY).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::SiteId;
use crate::registry::{Registration, Site};

/// A site as stored.
#[derive(Debug, Clone)]
pub struct StoredSite {
    pub site: Site,
    pub version: i64,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredSite> {
    let state: String = row.try_get("state")?;
    Ok(StoredSite {
        site: from_json("site snapshot", &state)?,
        version: row.try_get("version")?,
    })
}

const SELECT: &str = "SELECT state, version FROM sites";

/// Inserts a new site (its id is given by the table, then written into the snapshot), its
/// domains and its first registration; version 1.
pub async fn insert(tx: &mut Tx, site: &mut Site, now: i64) -> Result<SiteId> {
    let registration = site.registration();
    let row = sqlx::query(
        "INSERT INTO sites (number, kind, status, name, host_unit_id, operator_unit_id, \
         supervising_unit_id, state, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', 1, $8, $8) RETURNING id",
    )
    .bind(&registration.site_code)
    .bind(registration.kind.code())
    .bind(site.status.code())
    .bind(&registration.name)
    .bind(registration.host_unit.0)
    .bind(registration.operator_unit.0)
    .bind(registration.supervising_unit.0)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    site.id = SiteId(row.try_get("id")?);
    sqlx::query("UPDATE sites SET state = $1 WHERE id = $2")
        .bind(to_json("site snapshot", site)?)
        .bind(site.id.0)
        .execute(&mut **tx)
        .await?;
    sync_domains(tx, site).await?;
    append_registrations(tx, site, 0).await?;
    Ok(site.id)
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
/// A changed registration rewrites the domains and appends the new entries.
pub async fn update(
    tx: &mut Tx,
    before: &Site,
    site: &Site,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let registration = site.registration();
    let changed = sqlx::query(
        "UPDATE sites SET number = $1, kind = $2, status = $3, name = $4, host_unit_id = $5, \
         operator_unit_id = $6, supervising_unit_id = $7, state = $8, version = version + 1, \
         updated_at = $9 WHERE id = $10 AND version = $11",
    )
    .bind(&registration.site_code)
    .bind(registration.kind.code())
    .bind(site.status.code())
    .bind(&registration.name)
    .bind(registration.host_unit.0)
    .bind(registration.operator_unit.0)
    .bind(registration.supervising_unit.0)
    .bind(to_json("site snapshot", site)?)
    .bind(now)
    .bind(site.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("网站信息已被他人更新，请刷新后重试"));
    }
    let known = before.history.entries().count();
    if site.history.entries().count() > known {
        if registration.domains != before.registration().domains {
            sync_domains(tx, site).await?;
        }
        append_registrations(tx, site, known).await?;
    }
    Ok(expected + 1)
}

/// Rewrites the domains of `site` from its registration (the first is the main one).
async fn sync_domains(tx: &mut Tx, site: &Site) -> Result<()> {
    sqlx::query("DELETE FROM site_domains WHERE site_id = $1")
        .bind(site.id.0)
        .execute(&mut **tx)
        .await?;
    for (index, domain) in site.registration().domains.iter().enumerate() {
        sqlx::query("INSERT INTO site_domains (domain, site_id, main) VALUES ($1, $2, $3)")
            .bind(domain)
            .bind(site.id.0)
            .bind(i64::from(index == 0))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// WEB-REGISTRY: appends the registration entries from `from` on (never rewrites one).
async fn append_registrations(tx: &mut Tx, site: &Site, from: usize) -> Result<()> {
    for (seq, entry) in site.history.entries().enumerate().skip(from) {
        let changed: Vec<&str> = entry.changed.iter().map(|f| f.label_zh()).collect();
        sqlx::query(
            "INSERT INTO site_registrations (site_id, seq, at, reason, changed, registration) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(site.id.0)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .bind(entry.at.millis())
        .bind(&entry.reason)
        .bind(changed.join("、"))
        .bind(to_json("registration", &entry.registration)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn get(db: &Db, id: SiteId) -> Result<StoredSite> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("网站 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: SiteId) -> Result<StoredSite> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("网站 {id}")))?;
    from_row(&row)
}

/// The site whose 网站标识码 is `code`.
pub async fn by_number(db: &Db, code: &str) -> Result<Option<StoredSite>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(code)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The site registered with the domain `domain` (lower case, no port).
pub async fn by_domain(db: &Db, domain: &str) -> Result<Option<StoredSite>> {
    let row = sqlx::query(
        "SELECT s.state, s.version FROM site_domains d JOIN sites s ON s.id = d.site_id \
         WHERE d.domain = $1",
    )
    .bind(domain)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every site, portal first, then by name.
pub async fn list(db: &Db) -> Result<Vec<StoredSite>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY CASE WHEN kind = 'portal' THEN 0 ELSE 1 END, id"
    )))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The current registrations of every site but `except` (closed ones too: a closed site keeps
/// its code and domains for its archive, WEB-ARCHIVE), for the uniqueness check.
pub async fn other_registrations(tx: &mut Tx, except: Option<SiteId>) -> Result<Vec<Registration>> {
    let rows = sqlx::query("SELECT state FROM sites WHERE id <> $1 ORDER BY id")
        .bind(except.map_or(0, |id| id.0))
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            let site: Site = from_json("site snapshot", &state)?;
            Ok(site.registration().clone())
        })
        .collect()
}
