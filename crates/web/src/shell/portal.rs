//! The public portal: the routes of its home and sitemap (whose pages are the site group's,
//! `sites::portal`: the portal site's columns, announcements, services and 12345), an
//! announcement page, the site error report entry of WEB-FOOTER, the health check, and the
//! 404 page. The portal pages of a domain are in its folder (`hotline::portal`,
//! `services::portal`, `kb::portal`, `sites::portal`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;

use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, error_page};
use crate::extract::Id;

use super::AnnouncementId;

pub fn routes() -> Router<AppState> {
    Router::new()
        // WEB-SITEGROUP: the home and the HTML sitemap of the site the `Host` names (the
        // portal's, or a department's or township's), built with the site group's pages.
        .route("/", get(crate::sites::home))
        .route("/announcements/{id}", get(announcement))
        .route("/sitemap", get(crate::sites::sitemap))
        .route("/jiucuo", get(site_error_report))
        .route("/healthz", get(healthz))
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/announcement.html")]
struct AnnouncementPage {
    chrome: Chrome,
    title: String,
    date: String,
    body: String,
}

async fn announcement(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(AnnouncementId(id)): Id<AnnouncementId>,
) -> Result<AnnouncementPage, PageError> {
    let found = platform::announcements::latest(&state.platform.db, 500)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| platform::Error::not_found("公告"))?;
    Ok(AnnouncementPage {
        chrome: Chrome::public(&state, &csrf).await?,
        title: found.title,
        date: date_of(found.published_at),
        body: found.body,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/jiucuo.html")]
struct SiteErrorReportPage {
    chrome: Chrome,
}

async fn site_error_report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<SiteErrorReportPage, PageError> {
    Ok(SiteErrorReportPage {
        chrome: Chrome::public(&state, &csrf).await?,
    })
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    let backend = state.platform.db.backend.name();
    match state.platform.db.ping().await {
        Ok(()) => Json(Health {
            status: "ok",
            database: "up",
            backend,
        })
        .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "degraded",
                database: "down",
                backend,
            }),
        )
            .into_response(),
    }
}

pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::error::json_error(StatusCode::NOT_FOUND, "not_found", "接口不存在".into());
    }
    error_page(
        StatusCode::NOT_FOUND,
        "您访问的页面不存在或已被移除。".into(),
        "not_found",
    )
}
