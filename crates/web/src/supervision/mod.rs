//! 电子监察 (SVC-PROMISE, OPS-ESUPERVISE): one view over every subject kind of the registry
//! (`crate::subjects`) from the shared clock table, per unit, with a drill-down per unit and
//! the Excel export. It names no domain: a new subject kind appears here once registered. The
//! folder owns its rows of the guard table ([`table`]).

mod office;

use axum::http::Method;
use axum::routing::get;
use platform::access;

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A unit of the unit tree.
pub(crate) struct UnitId(pub i64);
path_id!(UnitId, "单位");

/// Electronic supervision: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/supervision",
            S(access::esupervision),
            get(office::show),
        ),
        route(
            Method::GET,
            "/office/supervision.xlsx",
            S(access::esupervision),
            get(office::xlsx),
        ),
        route(
            Method::GET,
            "/office/supervision/units/{id}",
            S(access::esupervision),
            get(office::unit),
        ),
    ]
}
