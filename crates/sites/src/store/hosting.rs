//! `site_hosting` (migration 0081, SEC-HOSTING): a site's hosting declaration, one row per
//! site that declared it, the declaration as JSON in `state` beside the columns a list reads;
//! replaced whole when the registry office edits it.

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::SiteId;
use crate::registry::Hosting;

/// Stores `hosting` as the declaration of `site`, replacing any earlier one.
pub async fn put(tx: &mut Tx, site: SiteId, hosting: &Hosting, by: i64, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM site_hosting WHERE site_id = $1")
        .bind(site.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO site_hosting (site_id, kind, provider, provider_abroad, located_abroad, \
         province, city, county, state, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(site.0)
    .bind(hosting.kind.code())
    .bind(&hosting.provider)
    .bind(i64::from(hosting.provider_abroad))
    .bind(i64::from(hosting.located_abroad))
    .bind(&hosting.province)
    .bind(&hosting.city)
    .bind(&hosting.county)
    .bind(to_json("site hosting", hosting)?)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The declaration of `site`, if it has one.
pub async fn get(db: &Db, site: SiteId) -> Result<Option<Hosting>> {
    let row = sqlx::query("SELECT state FROM site_hosting WHERE site_id = $1")
        .bind(site.0)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| {
        let state: String = row.try_get("state")?;
        from_json("site hosting", &state)
    })
    .transpose()
}
