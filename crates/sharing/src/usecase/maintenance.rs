//! Planned maintenance, stored (DATA-MAINT, SEC-NOTICE; 000 共享 §14): an announcement is
//! judged by [`crate::maintenance::check`] (at least the profile's notice before the start,
//! a rest day in principle, who announces), stored with a notice to every consumer unit with
//! an active grant on the resource (on any resource, for the platform) — a row per unit and a
//! message to its handlers' and leader's inboxes — and its audit row, in one transaction; the
//! announcer or the administrator cancels it before it starts.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use super::rules;
use super::tell::{Whom, tell};
use crate::grant::Status as GrantStatus;
use crate::maintenance::{self, Announcement, local_minute};
use crate::store::maintenance::{self as store, Stored};
use crate::store::{entries, grants};
use crate::{Acting, EntryId, ResourceId, UnitId};

/// What an announcement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub id: i64,
    /// The consumer units told.
    pub notified: Vec<UnitId>,
}

/// DATA-MAINT, SEC-NOTICE: announces `announcement` and tells every consumer concerned.
pub async fn announce(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    announcement: Announcement,
) -> Result<Announced> {
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let provider = match announcement.resource {
        Some((entry, resource)) => {
            let stored = entries::get(db, EntryId(entry)).await?;
            stored
                .entry
                .resource(ResourceId(resource))
                .map(|_| stored.entry.provider)
        }
        None => None,
    };
    maintenance::check(&announcement, provider, acting, context.now, rules(context))?;
    let mut notified: Vec<UnitId> = grants::list_for(db, None)
        .await?
        .into_iter()
        .filter(|g| g.grant.state_at(context.now) == GrantStatus::Active)
        .filter(|g| {
            announcement
                .resource
                .is_none_or(|(e, r)| g.grant.entry.0 == e && g.grant.resource.0 == r)
        })
        .map(|g| g.grant.consumer)
        .collect();
    notified.sort_unstable();
    notified.dedup();
    let mut tx = db.begin().await?;
    let id = store::insert(
        &mut tx,
        &announcement,
        (acting.unit, acting.user.0),
        context.now,
    )
    .await?;
    store::notify(&mut tx, id, &notified, context.now).await?;
    let scope = match announcement.resource {
        Some((e, r)) => format!("目录 {e} 资源 {r}"),
        None => "共享平台".to_owned(),
    };
    let event =
        AuditEvent::new("sharing.maintenance.announce", "sharing_maintenance", id).detail(format!(
            "{scope} 维护 {} 至 {}{}，通知 {} 个使用部门（DATA-MAINT）",
            local_minute(announcement.starts_at),
            local_minute(announcement.ends_at),
            if announcement.stops_service {
                "，停止服务"
            } else {
                ""
            },
            notified.len()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    let subject = format!(
        "维护通知：{scope} {} 起{}",
        local_minute(announcement.starts_at),
        if announcement.stops_service {
            "停止服务"
        } else {
            "维护"
        }
    );
    for unit in &notified {
        tell(
            &mut tx,
            context.key,
            Whom::Unit(*unit),
            (
                &subject,
                &announcement.description,
                "/office/sharing/maintenance",
            ),
            context.now.millis(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Announced { id, notified })
}

/// Whether `acting` may see maintenance `stored`: the administrator, the announcer's staff,
/// a unit told about it.
pub fn may_see(stored: &Stored, acting: &Acting) -> bool {
    acting.is_administrator() || acting.unit == stored.unit || stored.notified.is_some()
}

/// DATA-MAINT: the announcer's staff or the administrator cancel maintenance `id` before it
/// starts (the consumers told see it cancelled).
pub async fn cancel(db: &Db, context: &Context<'_>, acting: &Acting, id: i64) -> Result<()> {
    let stored = store::get(db, id).await?;
    if !(acting.is_administrator() || acting.acts_for(stored.unit)) {
        return Err(Error::not_found("该维护通知"));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    if stored.cancelled_at.is_some() || stored.announcement.starts_at <= context.now {
        return Err(Error::invalid("维护已取消或已开始，不能取消"));
    }
    let mut tx = db.begin().await?;
    store::cancel(&mut tx, id, context.now).await?;
    let event = AuditEvent::new("sharing.maintenance.cancel", "sharing_maintenance", id)
        .detail(format!("维护通知 {id} 取消（DATA-MAINT）"));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// The announcements `acting` sees, newest first.
pub async fn list(db: &Db, acting: &Acting) -> Result<Vec<Stored>> {
    let unit = (!acting.is_administrator()).then_some(acting.unit);
    store::list(db, unit).await
}
