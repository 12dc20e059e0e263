//! The hotline's knowledge base (KB-LIFE, KB-STATS, HL-INSTANT): in the back office the
//! search, the entry page with its versions, the suggestion fragment of the operator desk and
//! the life of an entry (a unit drafts, submits and revises; the hotline publishes, sends back
//! and withdraws); on the portal the public search of published entries. The folder owns its
//! rows of the guard table ([`table`]) and its public route ([`routes`]).

mod actions;
mod office;
mod portal;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use hotline::kb::EntryId;
use platform::access;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

path_id!(EntryId, "知识条目");

/// The public search.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/kb", get(portal::knowledge_search))
}

/// The knowledge base in the back office: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/kb",
            S(access::kb_search),
            get(office::list),
        ),
        route(
            Method::GET,
            "/office/kb/suggest",
            S(access::kb_search),
            get(office::suggest),
        ),
        route(
            Method::GET,
            "/office/kb/new",
            S(access::kb_write),
            get(office::new_form),
        ),
        route(
            Method::POST,
            "/office/kb",
            S(access::kb_write),
            post(actions::create),
        ),
        route(
            Method::GET,
            "/office/kb/{id}",
            S(access::kb_search),
            get(office::show),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/edit",
            S(access::kb_write),
            post(actions::edit),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/submit",
            S(access::kb_write),
            post(actions::submit),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/revise",
            S(access::kb_write),
            post(actions::revise),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/publish",
            S(access::kb_review),
            post(actions::publish),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/send-back",
            S(access::kb_review),
            post(actions::send_back),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/withdraw",
            S(access::kb_review),
            post(actions::withdraw),
        ),
    ]
}
