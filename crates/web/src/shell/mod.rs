//! The pages of the shell that belong to no domain: the login steps (SEC-ACCOUNTS), the
//! back-office home with the workbench and the inbox, and the portal's own pages (home,
//! announcements, sitemap, site error report, health check, the 404 page). Like a domain, the
//! folder owns its rows of the guard table ([`table`]) and its public routes ([`routes`]).

mod home;
mod login;
mod portal;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use platform::access;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

pub(crate) use portal::not_found;

/// An in-app message of the inbox.
pub(crate) struct MessageId(pub i64);
path_id!(MessageId, "消息");

/// An announcement on the portal.
pub(crate) struct AnnouncementId(pub i64);
path_id!(AnnouncementId, "公告");

/// The public pages of the portal.
pub(crate) fn routes() -> Router<AppState> {
    portal::routes()
}

/// The login steps, the workbench and the inbox: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::{Public, Session, Staff as S};
    vec![
        route(Method::GET, "/office/login", Public, get(login::form)),
        route(Method::POST, "/office/login", Public, post(login::submit)),
        route(
            Method::GET,
            "/office/login/totp",
            Session,
            get(login::totp_form),
        ),
        route(
            Method::POST,
            "/office/login/totp",
            Session,
            post(login::totp_submit),
        ),
        route(
            Method::GET,
            "/office/login/enrol",
            Session,
            get(login::enrol_form),
        ),
        route(
            Method::POST,
            "/office/login/enrol",
            Session,
            post(login::totp_submit),
        ),
        route(Method::POST, "/office/logout", Session, post(login::logout)),
        route(
            Method::GET,
            "/office/account/password",
            Session,
            get(login::password_form),
        ),
        route(
            Method::POST,
            "/office/account/password",
            Session,
            post(login::password_submit),
        ),
        route(
            Method::GET,
            "/office",
            S(access::own_workspace),
            get(home::home),
        ),
        route(
            Method::GET,
            "/office/inbox",
            S(access::own_workspace),
            get(home::inbox),
        ),
        route(
            Method::POST,
            "/office/inbox/{id}/read",
            S(access::own_workspace),
            post(home::mark_read),
        ),
    ]
}
