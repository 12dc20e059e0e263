//! Online government services (issue 5): in the back office the case desk of a unit
//! (SVC-ACCEPT, SVC-WINDOW), walk-in registration, the case page with every command of its
//! stage and the printable 一次性告知书; on the portal (`portal/`) the catalogue, guides,
//! applying, the case status, the online supplement and the ratings. The folder owns its rows
//! of the guard table ([`table`]) and its public routes ([`routes`]).

mod case;
mod catalogue;
mod commands;
mod desk;
mod notice;
mod portal;
mod walkin;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use platform::access;
use services::CaseId;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

path_id!(CaseId, "办件");

/// The portal's pages of online services (no login: a case is followed by its number and
/// query code).
pub(crate) fn routes() -> Router<AppState> {
    portal::routes()
}

/// The case desk, walk-in registration and the case page: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let mut rows = vec![
        route(
            Method::GET,
            "/office/services",
            S(access::services_desk),
            get(desk::desk),
        ),
        route(
            Method::GET,
            "/office/services/walk-in",
            S(access::services_walk_in),
            get(walkin::form),
        ),
        route(
            Method::POST,
            "/office/services/walk-in",
            S(access::services_walk_in),
            post(walkin::register),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}",
            S(access::services_case),
            get(case::show),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}/notice",
            S(access::services_case),
            get(notice::notice),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}/acceptance",
            S(access::services_case),
            get(notice::acceptance),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}/files/{file}",
            S(access::services_case),
            get(case::file),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/reveal",
            S(access::services_reveal_applicant),
            post(case::reveal),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/prereview",
            S(access::services_handle),
            post(commands::prereview),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/accept",
            S(access::services_handle),
            post(commands::accept),
        ),
        // SVC-WINDOW: the department's 签收 of what its comprehensive window accepted.
        route(
            Method::POST,
            "/office/services/cases/{id}/sign",
            S(access::services_handle),
            post(commands::sign),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/reject",
            S(access::services_handle),
            post(commands::reject),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/supplement",
            S(access::services_handle),
            post(commands::supplement),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/stage",
            S(access::services_handle),
            post(commands::stage),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/special/start",
            S(access::services_handle),
            post(commands::special_start),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/special/end",
            S(access::services_handle),
            post(commands::special_end),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/joint",
            S(access::services_handle),
            post(commands::joint),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/decide",
            S(access::services_decide),
            post(commands::decide),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/deliver",
            S(access::services_handle),
            post(commands::deliver),
        ),
    ];
    // Issue 22: the catalogue in the back office.
    rows.extend(catalogue::table());
    rows
}
