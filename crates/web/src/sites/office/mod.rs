//! The back office of the site group (WEB-REGISTRY, WEB-COLUMNS, WEB-REVIEW, WEB-FRESH,
//! SEC-TAMPER).

use crate::guard::OfficeRoute;

pub(super) fn table() -> Vec<OfficeRoute> {
    Vec::new()
}
