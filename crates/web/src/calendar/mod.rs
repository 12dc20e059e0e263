//! The working calendar in the back office (CAL-WD, CAL-DUE): a year of month grids with
//! holidays and make-up days and the due-date calculator (every staff user), the import of a
//! year's schedule with a preview and the edit of one date (system administrator). The folder
//! owns its rows of the guard table ([`table`]).

mod days;
mod import;
mod view;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access::{self, Op};

use crate::guard::{Guard, OfficeRoute, route};

/// The calendar pages: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/calendar",
            S(|a| access::calendar(a, Op::View)),
            get(view::view),
        ),
        route(
            Method::GET,
            "/office/calendar/due",
            S(|a| access::calendar(a, Op::View)),
            get(view::due),
        ),
        route(
            Method::GET,
            "/office/calendar/import",
            S(|a| access::calendar(a, Op::Edit)),
            get(import::import_form),
        ),
        route(
            Method::POST,
            "/office/calendar/import/preview",
            S(|a| access::calendar(a, Op::Edit)),
            post(import::import_preview),
        ),
        route(
            Method::POST,
            "/office/calendar/import",
            S(|a| access::calendar(a, Op::Edit)),
            post(import::import_save),
        ),
        route(
            Method::POST,
            "/office/calendar/day",
            S(|a| access::calendar(a, Op::Edit)),
            post(days::save),
        ),
    ]
}
