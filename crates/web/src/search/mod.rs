//! Site search (WEB-SEARCH, issue 18): the public `/search` page over everything public
//! (articles and policy documents of every site, service guides, knowledge-base answers),
//! suggestions as the user types (`/search/suggest`, JSON), the JSON API
//! `GET /api/v1/search`, and in the back office the hot keywords and queries with no result
//! (counted per day, never who asked) and the synonym dictionary.

mod office;
pub(crate) mod portal;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};

use crate::AppState;
use crate::guard::{Guard, OfficeRoute, route};

/// The public routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(portal::page))
        .route("/search/suggest", get(portal::suggest))
}

/// The back-office pages: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/search/keywords",
            S(platform::access::search_keywords),
            get(office::keywords),
        ),
        route(
            Method::GET,
            "/office/search/synonyms",
            S(platform::access::search_synonyms),
            get(office::synonyms),
        ),
        route(
            Method::POST,
            "/office/search/synonyms",
            S(platform::access::search_synonyms),
            post(office::add_synonyms),
        ),
        route(
            Method::POST,
            "/office/search/synonyms/remove",
            S(platform::access::search_synonyms),
            post(office::remove_synonyms),
        ),
    ]
}
