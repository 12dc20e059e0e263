//! What the public pages need beyond [`super::read`]: the group's portal (WEB-SITEGROUP: the
//! portal's own pages and a request whose `Host` names no site are the portal's), and the
//! visits (WEB-STATS; WEB-ANNUAL's 独立用户访问总量 and 网站总访问量).
//!
//! Visits are counted without cookies and without keeping a client's address: a visitor of a
//! day is `HMAC-SM3(salt, site ‖ address ‖ user agent)` under that day's random salt (given by
//! the caller, stored for the day), each day's visitor counted once per site; the first visit
//! of a new day deletes the earlier days' salts and hashes ([`forget_past`] also runs in the
//! daily maintenance), so what stays is per site and day a number of page views and a number
//! of unique visitors. A page view changes no record of anyone: it writes no audit row.

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use sm3::{Digest, Sm3};

use super::read::{self, SiteView};
use crate::SiteId;
use crate::store::public as store;

pub use crate::store::public::VisitDay;

/// The group's portal (the first portal registered), in any status.
pub async fn portal_site(db: &Db, profile: &RuleProfile) -> Result<Option<SiteView>> {
    match store::portal_number(db).await? {
        Some(code) => read::site_by_code(db, &code, profile).await,
        None => Ok(None),
    }
}

/// Who views a page, as far as counting needs: never stored.
#[derive(Debug, Clone, Copy)]
pub struct Visitor<'a> {
    /// The client's address (behind trusted proxies, the one they forwarded).
    pub address: &'a str,
    pub user_agent: &'a str,
}

/// `yyyymmdd` of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The date of a `yyyymmdd` number.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    let year = i32::try_from(day / 10_000).ok()?;
    let month = u32::try_from(day / 100 % 100).ok()?;
    let date = u32::try_from(day % 100).ok()?;
    NaiveDate::from_ymd_opt(year, month, date)
}

/// HMAC-SM3 (RFC 2104 over SM3, 64-byte blocks) of `parts`, each preceded by its length so no
/// two lists of parts share a message.
fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sm3::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sm3::new();
    inner.update(block.map(|b| b ^ 0x36));
    for part in parts {
        inner.update((part.len() as u64).to_be_bytes());
        inner.update(part);
    }
    let mut outer = Sm3::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// WEB-STATS: the keyed hash that stands for `visitor` at `site` under a day's `salt` (hex):
/// the same visitor gives the same mark that day at that site, and nothing links it to an
/// address without the salt, which is deleted with the day.
pub fn visitor_mark(salt: &[u8], site: SiteId, visitor: Visitor<'_>) -> String {
    hex::encode(hmac_sm3(
        salt,
        &[
            &site.0.to_be_bytes(),
            visitor.address.as_bytes(),
            visitor.user_agent.as_bytes(),
        ],
    ))
}

/// WEB-STATS: counts a page view of `site` by `visitor` at `now`, in one transaction: the
/// day's salt (`fresh_salt` becomes it on the day's first visit, which also forgets the
/// earlier days' salts and hashes), the visitor's mark, the day's views and unique visitors.
pub async fn record_view(
    db: &Db,
    site: SiteId,
    visitor: Visitor<'_>,
    now: Instant,
    fresh_salt: [u8; 32],
) -> Result<()> {
    let day = day_number(now.local_date());
    let mut tx = db.begin().await?;
    let (salt, first_of_day) = store::salt(&mut tx, day, &hex::encode(fresh_salt)).await?;
    if first_of_day {
        store::forget_before(&mut tx, day).await?;
    }
    let salt = hex::decode(&salt).map_err(|error| crate::store::unreadable("visit salt", error))?;
    store::count_view(&mut tx, site, day, &visitor_mark(&salt, site, visitor)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the salts and visitors' hashes of the days before `now`'s (the daily maintenance);
/// the rows deleted.
pub async fn forget_past(db: &Db, now: Instant) -> Result<u64> {
    let mut tx = db.begin().await?;
    let deleted = store::forget_before(&mut tx, day_number(now.local_date())).await?;
    tx.commit().await?;
    Ok(deleted)
}

/// A site's visit figures over some days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VisitTotals {
    /// 网站总访问量 (次): page views.
    pub views: i64,
    /// 独立用户访问总量 (个): each day's unique visitors, added up (a visitor cannot be
    /// recognised from one day to the next, by design).
    pub visitors: i64,
}

/// WEB-STATS, WEB-ANNUAL: the visits of `site` from `from` to `to` (both included), day by day.
pub async fn visit_days(
    db: &Db,
    site: SiteId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<VisitDay>> {
    store::days(db, site, day_number(from), day_number(to)).await
}

/// WEB-STATS, WEB-ANNUAL: the totals of `site` from `from` to `to` (a year for the annual
/// report).
pub async fn visit_totals(
    db: &Db,
    site: SiteId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<VisitTotals> {
    let days = visit_days(db, site, from, to).await?;
    Ok(days
        .iter()
        .fold(VisitTotals::default(), |sum, day| VisitTotals {
            views: sum.views + day.views,
            visitors: sum.visitors + day.visitors,
        }))
}
