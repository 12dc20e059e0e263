//! Content safety in the back office (WEB-INSPECT, issue 19): `/office/inspect/lists`, where
//! the security administrator (安全管理员, who keeps the platform's security settings) manages
//! the word lists the publishing check uses on top of the defaults shipped with the binary —
//! import a list sent down from above or the district's own from TXT or XLSX, deactivate one,
//! add and remove whitelist phrases. Every change is audited by the use cases
//! (`sites::usecase::inspect`); deny by default: no other role reaches these routes.

mod lists;

use axum::http::Method;
use axum::routing::{get, post};
use platform::roles::{Actor, Role};

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A list's id in a path.
pub(crate) struct ListNo(pub i64);
path_id!(ListNo, "词库");
/// A whitelist phrase's id in a path.
pub(crate) struct PhraseNo(pub i64);
path_id!(PhraseNo, "白名单短语");

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
    ]
}
