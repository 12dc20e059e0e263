//! 好差评 in the back office (EVAL-BAD, EVAL-ALL): the rectification desk where the
//! responsible unit answers a bad rating and a hotline supervisor accepts or returns the
//! answer, and the evaluation statistics with the Excel export. Ratings themselves are given
//! on the pages of the domain that owns the rated subject (`services::portal`). The folder
//! owns its rows of the guard table ([`table`]).

mod office;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access;
use platform::roles::Role;

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A rectification task opened by a bad rating.
pub(crate) struct TaskId(pub i64);
path_id!(TaskId, "整改任务");

/// The rectification desk and the statistics: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/rectifications",
            S(access::rectification_desk),
            get(office::desk),
        ),
        route(
            Method::GET,
            "/office/rectifications/{id}",
            S(access::rectification_desk),
            get(office::task),
        ),
        route(
            Method::POST,
            "/office/rectifications/{id}/submit",
            S(access::rectification_desk),
            post(office::submit),
        ),
        route(
            Method::POST,
            "/office/rectifications/{id}/review",
            S(|a| a.has(Role::HotlineSupervisor)),
            post(office::review),
        ),
        route(
            Method::GET,
            "/office/evaluations/statistics",
            S(access::evaluation_statistics),
            get(office::statistics),
        ),
        route(
            Method::GET,
            "/office/evaluations/statistics.xlsx",
            S(access::evaluation_statistics),
            get(office::statistics_xlsx),
        ),
    ]
}
