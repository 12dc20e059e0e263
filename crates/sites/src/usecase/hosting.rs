//! Where a site is hosted (SEC-HOSTING): the registry office declares a site's hosting (by a
//! leader of its host or supervising unit, as for a change of its registration; one
//! transaction with its audit row), and the inspection's hosting findings: the declaration
//! checked against 000 网站 §22 and the profile's region (004 §32(七)), and the addresses the
//! site's domains resolve to compared with the declared ones. No geo-IP: declarations and
//! resolved addresses only.

use std::net::IpAddr;

use platform::Result;
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::profile::RuleProfile;
use platform::workflow::Context;

use crate::registry::{self, CommandKind, Hosting, HostingIssue, Region};
use crate::store::{hosting as store, sites};
use crate::{Acting, SiteId};

/// SEC-HOSTING: stores `hosting` as the declaration of site `id`, replacing any earlier one,
/// with its audit row; only a leader of the site's host or supervising unit may.
pub async fn declare_hosting(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: SiteId,
    hosting: &Hosting,
) -> Result<()> {
    let stored = sites::get(db, id).await?;
    registry::permits_change(&stored.site, acting, CommandKind::ChangeRegistration)?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    store::put(&mut tx, id, hosting, acting.user.0, now).await?;
    let addresses: Vec<String> = hosting.addresses.iter().map(ToString::to_string).collect();
    let event = AuditEvent::new("sites.hosting", "site", id).detail(format!(
        "登记网站托管：{}，{}{}，{}{}{}，服务器地址 {}",
        hosting.kind.label_zh(),
        hosting.provider,
        if hosting.provider_abroad {
            "（境外机构）"
        } else {
            ""
        },
        hosting.province,
        hosting.city,
        hosting.county,
        addresses.join("、")
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The hosting declaration of site `id`, if any.
pub async fn hosting_of(db: &Db, id: SiteId) -> Result<Option<Hosting>> {
    store::get(db, id).await
}

/// The jurisdiction's region from the profile (`website.hosting_region`).
pub fn region(profile: &RuleProfile) -> Region {
    let [province, city, county] = profile.website.hosting_region_parts();
    Region {
        province,
        city,
        county,
    }
}

/// SEC-HOSTING: the hosting findings of site `id` whose domains are `domains`: its
/// declaration checked (none, abroad, a foreign provider, outside the region) and every
/// address a domain resolves to that is not declared ("解析地址不在登记的服务器地址内").
pub async fn hosting_issues(
    db: &Db,
    profile: &RuleProfile,
    id: SiteId,
    domains: &[String],
) -> Result<Vec<HostingIssue>> {
    let hosting = store::get(db, id).await?;
    let mut issues = registry::check_hosting(hosting.as_ref(), &region(profile));
    if let Some(hosting) = &hosting {
        for domain in domains {
            let resolved = resolve(domain).await;
            issues.extend(registry::undeclared_addresses(hosting, domain, &resolved));
        }
    }
    Ok(issues)
}

/// Resolves `domain` (A and AAAA) with the system resolver through tokio, within 10
/// seconds; an empty list when it does not resolve (the crawl reports an unreachable site on
/// its own).
pub async fn resolve(domain: &str) -> Vec<IpAddr> {
    let host = domain.split(':').next().unwrap_or(domain);
    let lookup = tokio::net::lookup_host((host, 0));
    match tokio::time::timeout(std::time::Duration::from_secs(10), lookup).await {
        Ok(Ok(addresses)) => {
            let mut list: Vec<IpAddr> = addresses.map(|socket| socket.ip()).collect();
            list.sort();
            list.dedup();
            list
        }
        _ => Vec::new(),
    }
}
