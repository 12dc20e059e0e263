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
//! domain's (another unit's application is not found). Ledgers (`ledger`, NET-LEDGER): a
//! unit keeps its leader and staff, access points and no-wireless declaration, the
//! administrators see every unit's; security findings (`findings`) under the fix clock, the
//! cut-off and restoring, each with its printable written notice (`notice`: 限期整改, and
//! 阻断接入及限期整改); the annual operation report with Excel (`report`).

mod applications;
mod commands;
mod findings;
mod ledger;
mod notice;
mod pools;
mod report;

use axum::http::Method;
use axum::routing::{get, post};
use extranet::Acting;
use platform::access;

// The units by name, refusals and clock lines are the kernel pages' (shared with openness).
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};
pub(super) use crate::openness::subject::{Clocks, name_in, refused, unit_names};
use crate::staff::Staff;

/// An access application's id in a path.
pub(crate) struct ApplicationNo(pub i64);
path_id!(ApplicationNo, "外网接入申请");

/// An address pool's id in a path.
pub(crate) struct PoolNo(pub i64);
path_id!(PoolNo, "地址池");

/// A security finding's id in a path.
pub(crate) struct FindingNo(pub i64);
path_id!(FindingNo, "安全检查问题");

/// An allocation's id in a path.
pub(crate) struct AllocationNo(pub i64);
path_id!(AllocationNo, "地址分配");

/// An access point's id in a path (NET-LEDGER).
pub(crate) struct PointNo(pub i64);
path_id!(PointNo, "接入点");

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
        // NET-LEDGER: the units' ledgers, the security findings, the annual report.
        route(
            Method::GET,
            "/office/extranet/ledger",
            apps(),
            get(ledger::show),
        ),
        route(
            Method::POST,
            "/office/extranet/ledger/people",
            apps(),
            post(ledger::people),
        ),
        route(
            Method::POST,
            "/office/extranet/ledger/points",
            apps(),
            post(ledger::point),
        ),
        route(
            Method::POST,
            "/office/extranet/ledger/points/{id}",
            apps(),
            post(ledger::edit_point),
        ),
        route(
            Method::POST,
            "/office/extranet/ledger/points/{id}/retire",
            apps(),
            post(ledger::retire_point),
        ),
        route(
            Method::POST,
            "/office/extranet/ledger/declaration",
            apps(),
            post(ledger::declaration),
        ),
        route(
            Method::GET,
            "/office/extranet/findings",
            apps(),
            get(findings::list),
        ),
        route(
            Method::POST,
            "/office/extranet/findings",
            ipam(),
            post(findings::send),
        ),
        route(
            Method::GET,
            "/office/extranet/findings/{id}",
            apps(),
            get(findings::show),
        ),
        route(
            Method::GET,
            "/office/extranet/findings/{id}/notice",
            apps(),
            get(notice::page),
        ),
        route(
            Method::POST,
            "/office/extranet/findings/{id}/step",
            apps(),
            post(findings::step),
        ),
        route(
            Method::GET,
            "/office/extranet/report",
            ipam(),
            get(report::show),
        ),
        route(
            Method::GET,
            "/office/extranet/report/export",
            ipam(),
            get(report::export),
        ),
    ];
    rows.extend(commands::rows());
    rows
}

/// The acting user of the extranet's use cases.
pub(super) fn acting(staff: &Staff) -> Acting {
    Acting::from(&staff.actor)
}

/// `text` when it is at most `max` characters, else the problem naming `what`.
pub(super) fn limited(text: &str, what: &str, max: usize) -> platform::Result<String> {
    if text.chars().count() > max {
        return Err(platform::Error::invalid(format!("{what}不能超过{max}个字")));
    }
    Ok(text.to_owned())
}
