//! The public pages of the site group (WEB-SITEGROUP, WEB-ARTICLE, WEB-ARCHIVE).

use axum::Router;

use crate::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
