//! The group of government websites (站群, issue 15, rules WEB-*, PUB-ABOLISH, SEC-TAMPER):
//! on the portal (`portal/`) each site of the group by its `Host` or under `/sites/{code}/`,
//! its columns, articles, sitemaps and feeds, and `/sites`, the group's navigation page; in
//! the back office (`office/`) the registry, the column trees, the 三审三校 workflow of
//! articles, freshness and tamper alarms. Every write is a `sites::usecase`. `export` writes
//! the static copy of a site through the same pages (WEB-ARCHIVE).

pub mod export;
mod office;
mod portal;

pub(crate) use portal::{home, sitemap};

use axum::Router;

use crate::AppState;
use crate::guard::OfficeRoute;

/// The public pages of the site group.
pub(crate) fn routes() -> Router<AppState> {
    portal::routes()
}

/// The back office of the site group: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    office::table()
}
