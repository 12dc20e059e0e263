//! The e-government extranet's back office (issue 21 part B; NET-ELIGIBLE, NET-ACCESS,
//! NET-IPAM). Access applications (`applications`, `commands`): a unit's leader or handler
//! applies for access, a change or a closing (the extranet office may register one for a
//! unit); each step — the office's compliance review (a refusal with its reason), the unit's
//! technical plan, the office's implementation, the unit's business test repeated until it
//! passes, operation, and for a closing the link closed with the written notice — is a form
//! offered to its owner, with every step's clock on the page. Addresses (`pools`): the pools
//! with their utilisation, a pool's allocations and each unit's share, next-free or given
//! allocation tied to an application (on the application's page), reclaiming, internal
//! domain names, NetBox CSV import and export. Every write is an `extranet::usecase`; the
//! guards are `platform::access::extranet_applications` and `extranet_ipam`, the unit is the
//! domain's (another unit's application is not found).

mod applications;
mod commands;
mod pools;

use axum::http::Method;
use axum::routing::{get, post};
use calendar::{Calendar, Instant, LightRule};
use extranet::Acting;
use platform::access;
use platform::workflow::SubjectClock;

use crate::AppState;
use crate::chrome::minute_of;
use crate::error::PageError;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::Staff;

/// An access application's id in a path.
pub(crate) struct ApplicationNo(pub i64);
path_id!(ApplicationNo, "外网接入申请");

/// An address pool's id in a path.
pub(crate) struct PoolNo(pub i64);
path_id!(PoolNo, "地址池");

/// An allocation's id in a path.
pub(crate) struct AllocationNo(pub i64);
path_id!(AllocationNo, "地址分配");

/// The back office of the extranet: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let apps = || S(access::extranet_applications);
    let ipam = || S(access::extranet_ipam);
    let mut rows = vec![
        route(
            Method::GET,
            "/office/extranet/applications",
            apps(),
            get(applications::list),
        ),
        route(
            Method::GET,
            "/office/extranet/applications/new",
            apps(),
            get(applications::new_form),
        ),
        route(
            Method::POST,
            "/office/extranet/applications",
            apps(),
            post(applications::create),
        ),
        route(
            Method::GET,
            "/office/extranet/applications/{id}",
            apps(),
            get(applications::show),
        ),
        route(
            Method::POST,
            "/office/extranet/applications/{id}/allocate",
            ipam(),
            post(commands::allocate),
        ),
        route(
            Method::GET,
            "/office/extranet/pools",
            ipam(),
            get(pools::list),
        ),
        route(
            Method::POST,
            "/office/extranet/pools",
            ipam(),
            post(pools::create),
        ),
        route(
            Method::GET,
            "/office/extranet/pools/{id}",
            ipam(),
            get(pools::show),
        ),
        route(
            Method::GET,
            "/office/extranet/pools/{id}/export",
            ipam(),
            get(pools::export),
        ),
        route(
            Method::POST,
            "/office/extranet/allocations/{id}/reclaim",
            ipam(),
            post(pools::reclaim),
        ),
        route(
            Method::POST,
            "/office/extranet/names",
            ipam(),
            post(pools::name),
        ),
        route(
            Method::POST,
            "/office/extranet/import",
            ipam(),
            post(pools::import),
        ),
    ];
    rows.extend(commands::rows());
    rows
}

/// The acting user of the extranet's use cases.
pub(super) fn acting(staff: &Staff) -> Acting {
    Acting::from(&staff.actor)
}

/// Every unit: id, name, active.
pub(super) async fn unit_names(state: &AppState) -> Result<Vec<(i64, String, bool)>, PageError> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name, u.active))
        .collect())
}

/// The name of unit `id` (its number when unknown).
pub(super) fn name_in(units: &[(i64, String, bool)], id: i64) -> String {
    units
        .iter()
        .find(|u| u.0 == id)
        .map_or_else(|| id.to_string(), |u| u.1.clone())
}

/// A refusal the page shows (400, nothing changed), as opposed to not found or a failure.
pub(super) fn refused(error: &platform::Error) -> bool {
    matches!(
        error,
        platform::Error::Invalid(_)
            | platform::Error::Refused(_)
            | platform::Error::Conflict(_)
            | platform::Error::InvalidTransition { .. }
    )
}

/// `text` when it is at most `max` characters, else the problem naming `what`.
pub(super) fn limited(text: &str, what: &str, max: usize) -> platform::Result<String> {
    if text.chars().count() > max {
        return Err(platform::Error::invalid(format!("{what}不能超过{max}个字")));
    }
    Ok(text.to_owned())
}

/// The clocks of an application on a page (NET-ACCESS: each step's clock visible).
pub(super) struct Clocks<'a> {
    pub calendar: &'a Calendar,
    pub rule: &'a LightRule,
    pub now: Instant,
}

impl Clocks<'_> {
    /// The running clock's light code and words (label, due, light), or none.
    pub fn running<K: Copy>(
        &self,
        clocks: &[SubjectClock<K>],
        label: fn(K) -> &'static str,
    ) -> (&'static str, String) {
        match clocks.iter().find(|c| c.is_running()) {
            Some(clock) => {
                let light = clock.light(self.calendar, self.now, self.rule);
                let due = minute_of(clock.due(self.calendar).millis());
                let words = format!("{} {due} · {}", label(clock.kind), light.label_zh());
                (light.code(), words)
            }
            None => ("", "—".to_owned()),
        }
    }

    /// Each clock's line: its limit, due time and where it stands (met or late when stopped).
    pub fn lines<K: Copy>(
        &self,
        clocks: &[SubjectClock<K>],
        label: fn(K) -> &'static str,
    ) -> Vec<(&'static str, String)> {
        clocks
            .iter()
            .map(|clock| {
                let light = clock.light(self.calendar, self.now, self.rule);
                let due = clock.due(self.calendar);
                let state = match clock.stopped_at {
                    None if clock.is_overdue(self.calendar, self.now) => "已超期".to_owned(),
                    None => light.label_zh().to_owned(),
                    Some(at) if at <= due => format!("{} 按期完成", minute_of(at.millis())),
                    Some(at) => format!("{} 超期完成", minute_of(at.millis())),
                };
                let words = format!(
                    "{}（{}）：{} 起算，期限 {} · {state}",
                    label(clock.kind),
                    clock.clock.limit().label_zh(),
                    minute_of(clock.clock.start().millis()),
                    minute_of(due.millis())
                );
                (if clock.is_running() { light.code() } else { "" }, words)
            })
            .collect()
    }
}
