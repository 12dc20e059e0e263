//! Content safety in the back office (WEB-INSPECT, issue 19): `/office/inspect/lists`, where
//! the security administrator (安全管理员, who keeps the platform's security settings) manages
//! the word lists the publishing check uses on top of the defaults shipped with the binary —
//! import a list sent down from above or the district's own from TXT or XLSX, deactivate one,
//! add and remove whitelist phrases. Every change is audited by the use cases
//! (`sites::usecase::inspect`); deny by default: no other role reaches these routes.
//!
//! The inspection of the registered sites (issue 19 items 4–6, `platform::access::
//! inspection_*`): `/office/inspect/sites` (每个网站的问题与可访问性), a site's 19号 single-veto
//! indicators (`/office/inspect/sites/{id}`) with the point table's indicators scored from
//! records and the manual ones entered with a reason (`/office/inspect/sites/{id}/manual`),
//! the quarterly report (`/office/inspect/report`,
//! print view, and `.xlsx`) and its deduction points (`/office/inspect/deductions`) for the
//! system and security administrators; a finding's page and
//! its commands (`/office/inspect/findings/{id}`, `/fix`, `/dismiss`) for its unit.

mod deductions;
mod findings;
mod lists;
mod points;
mod sites;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access;
use platform::roles::{Actor, Role};

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A list's id in a path.
pub(crate) struct ListNo(pub i64);
path_id!(ListNo, "词库");
/// A whitelist phrase's id in a path.
pub(crate) struct PhraseNo(pub i64);
path_id!(PhraseNo, "白名单短语");

/// A registered site's id in a path.
pub(crate) struct SiteNo(pub i64);
path_id!(SiteNo, "网站");
/// A finding's id in a path.
pub(crate) struct FindingNo(pub i64);
path_id!(FindingNo, "巡检问题");

/// WEB-INSPECT: the content-safety lists are the security administrator's.
fn manages_lists(actor: &Actor) -> bool {
    actor.has(Role::SecurityAdmin)
}

/// The content-safety pages: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/inspect/lists",
            S(manages_lists),
            get(lists::page),
        ),
        route(
            Method::POST,
            "/office/inspect/lists",
            S(manages_lists),
            post(lists::import),
        ),
        route(
            Method::POST,
            "/office/inspect/lists/{id}/deactivate",
            S(manages_lists),
            post(lists::deactivate),
        ),
        route(
            Method::POST,
            "/office/inspect/whitelist",
            S(manages_lists),
            post(lists::add_phrase),
        ),
        route(
            Method::POST,
            "/office/inspect/whitelist/{id}/remove",
            S(manages_lists),
            post(lists::remove_phrase),
        ),
        // WEB-INSPECT (19号): every site's inspection, for the IT office's administrators.
        route(
            Method::GET,
            "/office/inspect/sites",
            S(access::inspection_overview),
            get(sites::overview),
        ),
        route(
            Method::GET,
            "/office/inspect/sites/{id}",
            S(access::inspection_overview),
            get(sites::site),
        ),
        // WEB-INSPECT (19号): a manual indicator's points for a quarter, with the reason.
        route(
            Method::POST,
            "/office/inspect/sites/{id}/manual",
            S(access::inspection_overview),
            post(points::enter),
        ),
        // WEB-INSPECT (19号): the indicators' deduction points, editable data.
        route(
            Method::GET,
            "/office/inspect/deductions",
            S(access::inspection_overview),
            get(deductions::page),
        ),
        route(
            Method::POST,
            "/office/inspect/deductions",
            S(access::inspection_overview),
            post(deductions::update),
        ),
        route(
            Method::GET,
            "/office/inspect/report",
            S(access::inspection_overview),
            get(sites::report_page),
        ),
        route(
            Method::GET,
            "/office/inspect/report.xlsx",
            S(access::inspection_overview),
            get(sites::report_xlsx),
        ),
        // WEB-INSPECT: a finding, worked by its unit (the use case checks the unit).
        route(
            Method::GET,
            "/office/inspect/findings/{id}",
            S(access::inspection_findings),
            get(findings::page),
        ),
        route(
            Method::POST,
            "/office/inspect/findings/{id}/fix",
            S(access::inspection_findings),
            post(findings::fix),
        ),
        route(
            Method::POST,
            "/office/inspect/findings/{id}/dismiss",
            S(access::inspection_findings),
            post(findings::dismiss),
        ),
    ]
}
