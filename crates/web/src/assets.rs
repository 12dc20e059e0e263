//! Static files compiled into the binary (htmx from the npm package `htmx.org`, our CSS, the
//! reading aids of `view.js` (issue 13), the article editor of `editor.js` (issue 15), the site icon, also answered at `/favicon.ico` so that no browser's request logs a 404).

use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::PageError;

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/htmx.min.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/app.css"),
    ),
    (
        "office.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/office.js"),
    ),
    // The article editor's toolbar (issue 15, WEB-REVIEW): progressive, the textarea works
    // without it.
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/editor.js"),
    ),
    (
        "view.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/view.js"),
    ),
    // WEB-SEARCH: suggestions as the user types on /search (progressive).
    (
        "search.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/search.js"),
    ),
    // MSG-INTERVIEW: a live interview's answers without a reload (server-sent events).
    (
        "interview.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/interview.js"),
    ),
    // HALL-QUEUE: the hall's displays follow the calls (server-sent events) and read them out.
    (
        "hall.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/hall.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
];

async fn serve(Path(name): Path<String>) -> Result<Response, PageError> {
    let (_, content_type, bytes) = FILES
        .iter()
        .find(|(file, ..)| *file == name)
        .ok_or_else(|| platform::Error::not_found("文件"))?;
    Ok((
        [
            (CONTENT_TYPE, *content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        *bytes,
    )
        .into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/static/{name}", get(serve)).route(
        "/favicon.ico",
        get(|| serve(Path("favicon.svg".to_owned()))),
    )
}
