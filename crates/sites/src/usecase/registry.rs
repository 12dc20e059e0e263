//! The registry's use cases (WEB-REGISTRY): register a site (checked, unique in the group, its
//! first history row and audit row in one transaction), and every later command — applying to
//! open, take temporarily offline or close it, deciding, restoring, reporting an emergency
//! shutdown, changing its registration — through the kernel's one path. A temporary offline is
//! held to the profile's yearly count and longest days at filing and again at approval.

use platform::Result;
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::{self, Context, HistoryLine, Subject};

use super::site_machine::Sites;
use crate::registry::{self, Command, CommandKind, Registration, Site};
use crate::store::sites as store;
use crate::{Acting, SiteId};

/// WEB-REGISTRY: registers a new site (待开设) with `registration`, by a leader of its host or
/// supervising unit; refused with every problem at once, or when its code, a domain or a
/// second portal clashes with the group's sites. Returns its id.
pub async fn register_site(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    registration: Registration,
) -> Result<SiteId> {
    let now = context.now;
    let (mut site, events) =
        registry::register(SiteId(0), registration, acting, now, context.profile)?;
    let mut tx = db.begin().await?;
    let others = store::other_registrations(&mut tx, None).await?;
    let others: Vec<&Registration> = others.iter().collect();
    registry::check_unique(site.registration(), &others)?;
    let id = store::insert(&mut tx, &mut site, now.millis()).await?;
    let machine = Sites { acting };
    let subject = Subject {
        id,
        loaded: None,
        state: &site,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let registration = site.registration();
    let event = AuditEvent::new("sites.register", "site", id).detail(format!(
        "登记{}“{}”（网站标识码 {}，域名 {}）",
        registration.kind.label_zh(),
        registration.name,
        registration.site_code,
        registration.domains.join("、")
    ));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    tracing::info!(site.id = %id, "site registered");
    Ok(id)
}

/// WEB-REGISTRY: runs `command` on site `id` for `acting` through the kernel's one path
/// (snapshot, history, the temporary offline's clock, messages, audit row in one
/// transaction). With `expected_version`, a stale page is a conflict.
pub async fn execute_site(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: SiteId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Site, i64)> {
    workflow::execute(
        db,
        &Sites { acting },
        context,
        id,
        command,
        expected_version,
    )
    .await
}

/// A site as the back office shows it: its snapshot and version, the commands `acting` may
/// run now (the transition table's, WEB-REGISTRY), and its history one line per command.
#[derive(Debug, Clone)]
pub struct OfficeSite {
    pub site: Site,
    pub version: i64,
    pub available: Vec<CommandKind>,
    pub history: Vec<HistoryLine>,
}

/// The site `id` for `acting`'s page.
pub async fn office_site(db: &Db, id: SiteId, acting: &Acting) -> Result<OfficeSite> {
    let stored = store::get(db, id).await?;
    let kind = &crate::SITE_SUBJECT;
    let rows = workflow::history::rows(db, kind, id.0).await?;
    Ok(OfficeSite {
        available: registry::available(&stored.site, acting),
        history: workflow::history::fold(kind, &rows),
        site: stored.site,
        version: stored.version,
    })
}
