//! 年度考核 (OPS-ASSESS): the annual assessment of units per domain at `/office/assessment`
//! — the table with the score formula under it, its Excel export and an A4 print view, for
//! the hotline's supervisors and the unit leaders — and the weights editor at
//! `/office/assessment/weights` for the system administrator (rule values of the profile,
//! audited). The figures come from the counters (`platform::assessment`) and the 12345 三率
//! (`hotline::reports::rates` over the year). The folder owns its rows of the guard table
//! ([`table`]).

mod office;
mod weights;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access;

use crate::guard::{Guard, OfficeRoute, route};

/// The assessment's rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/assessment",
            S(access::assessment),
            get(office::page),
        ),
        route(
            Method::GET,
            "/office/assessment.xlsx",
            S(access::assessment),
            get(office::xlsx),
        ),
        route(
            Method::GET,
            "/office/assessment/print",
            S(access::assessment),
            get(office::print),
        ),
        route(
            Method::GET,
            "/office/assessment/weights",
            S(access::assessment_weights),
            get(weights::view),
        ),
        route(
            Method::POST,
            "/office/assessment/weights",
            S(access::assessment_weights),
            post(weights::save),
        ),
    ]
}
