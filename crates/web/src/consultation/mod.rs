//! Consultations, surveys and online interviews on the portal (issue 17 items 3 and 4:
//! MSG-CONSULT, PUB-PRECONSULT, MSG-INTERVIEW): the published topics with their draft,
//! questions, live results, the comments shown and the adoption report; a comment or ballot
//! with a phone verified by an SMS code (one ballot per phone); the interviews with their
//! announcement, the questions published with the guests' answers arriving live by
//! server-sent events (`/static/interview.js`; without JavaScript the page reloads), and the
//! transcript after the end; in the back office (`office`, `office_interviews`) the unit's
//! topics and interviews for its site editors and openness officers
//! (`platform::access::consultations`). Every write is a `consultation::usecase`.

mod interviews;
mod office;
mod office_interviews;
mod topics;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};

use crate::AppState;
use crate::guard::{Guard, OfficeRoute, route};

/// Submissions (codes, comments, ballots, questions) one client may make per minute.
pub(crate) const SUBMISSIONS_PER_MINUTE: u32 = 10;

/// A topic's id in a path.
pub(crate) struct TopicNo(pub i64);
crate::extract::path_id!(TopicNo, "意见征集");

/// An interview's id in a path.
pub(crate) struct InterviewNo(pub i64);
crate::extract::path_id!(InterviewNo, "在线访谈");

/// The public pages.
pub(crate) fn routes() -> Router<AppState> {
    topics::routes().merge(interviews::routes())
}

/// The back office of consultations and interviews: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let run = || S(platform::access::consultations);
    vec![
        route(
            Method::GET,
            "/office/consultations",
            run(),
            get(office::list),
        ),
        route(
            Method::POST,
            "/office/consultations",
            run(),
            post(office::decide),
        ),
        route(
            Method::GET,
            "/office/consultations/{id}",
            run(),
            get(office::show),
        ),
        route(
            Method::POST,
            "/office/consultations/{id}/publish",
            run(),
            post(office::publish),
        ),
        route(
            Method::POST,
            "/office/consultations/{id}/report",
            run(),
            post(office::report),
        ),
        route(
            Method::GET,
            "/office/interviews",
            run(),
            get(office_interviews::list),
        ),
        route(
            Method::POST,
            "/office/interviews",
            run(),
            post(office_interviews::announce),
        ),
        route(
            Method::GET,
            "/office/interviews/{id}",
            run(),
            get(office_interviews::show),
        ),
        route(
            Method::POST,
            "/office/interviews/{id}/start",
            run(),
            post(office_interviews::start),
        ),
        route(
            Method::POST,
            "/office/interviews/{id}/end",
            run(),
            post(office_interviews::end),
        ),
        route(
            Method::POST,
            "/office/interviews/{id}/answer",
            run(),
            post(office_interviews::answer),
        ),
        route(
            Method::POST,
            "/office/interviews/{id}/set-aside",
            run(),
            post(office_interviews::set_aside),
        ),
    ]
}
