//! E-participation messages (政民互动, issue 17 part A: MSG-KINDS, MSG-LIMITS, MSG-ROUTE,
//! MSG-REVIEW, MSG-PUBLISH, MSG-QUERY): on the portal (`portal`) the five channels with
//! their reply limits shown publicly, the form (a phone verified by an SMS code, a rate
//! limit per client), the number and query code shown once, the published messages with
//! their replies, the query by number and code and the rating; in the back office
//! (`office`) the routing desk, the unit's inbox, a message's page with its reply clock and
//! the commands `message::available` gives the viewer, the audited reveal of the writer for
//! the desk, the FAQ entry of the knowledge base drafted from a published message (`faq`), and the statistics per unit with 互动回应差 per site. Every write is a
//! `participation::usecase`; the guard is the role (`platform::access::participation`), the
//! place is the domain's (`message::visible`).

mod faq;
mod office;
mod portal;
mod statistics;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use platform::access;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A message's id in a path.
pub(crate) struct MessageNo(pub i64);
path_id!(MessageNo, "留言");

/// Submissions (codes, messages, queries, ratings) one client may make per minute.
pub(crate) const SUBMISSIONS_PER_MINUTE: u32 = 10;

/// The public pages.
pub(crate) fn routes() -> Router<AppState> {
    portal::routes()
}

/// The back office: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    let staff = || Guard::Staff(access::participation);
    vec![
        route(
            Method::GET,
            "/office/participation/messages",
            staff(),
            get(office::list),
        ),
        route(
            Method::GET,
            "/office/participation/messages/{id}",
            staff(),
            get(office::show),
        ),
        route(
            Method::POST,
            "/office/participation/messages/{id}/command",
            staff(),
            post(office::command),
        ),
        route(
            Method::POST,
            "/office/participation/messages/{id}/writer",
            staff(),
            post(office::reveal),
        ),
        route(
            Method::POST,
            "/office/participation/messages/{id}/faq",
            staff(),
            post(faq::promote),
        ),
        route(
            Method::GET,
            "/office/participation/statistics",
            staff(),
            get(office::statistics),
        ),
    ]
}
