//! A site's published annual work reports on the site itself (政府网站工作年度报表, WEB-ANNUAL;
//! 000 网站 §26: 每年1月31日前在网站首页发布): `…/annual` lists the years published and
//! `…/annual/{year}` shows one report as published — every field of the national form in its
//! blocks, label for label, with the signatures at the foot, and whether it was published
//! late. A report not published (or of a year the site did not exist in) is not found. Under
//! the prefix `/sites/{code}/` or by the site's `Host`, like every page of a site; each view
//! is counted (WEB-STATS).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use calendar::Instant;
use chrono::Datelike as _;
use platform::Error;
use platform::db::now_ms;
use sites::annual::year_span;
use sites::usecase::{self, read};

use super::{Place, Viewer, count_view, place};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::parse_number;
use crate::sites::office::annual_view::{Block, blocks};

/// The routes of the published reports.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sites/{code}/annual", get(list))
        .route("/sites/{code}/annual/{year}", get(report))
        .route("/annual", get(list))
        .route("/annual/{year}", get(report))
}

/// The segments of a report's path: the site's code under the prefix, the year.
pub(crate) struct ReportPath {
    code: Option<String>,
    year: Option<i32>,
}

impl<S: Send + Sync> FromRequestParts<S> for ReportPath {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::not_found("页面"))?;
        let mut path = ReportPath {
            code: None,
            year: None,
        };
        for (name, value) in params.iter() {
            match name {
                "code" => path.code = Some(value.to_owned()),
                "year" => {
                    let current = Instant::from_millis(now_ms()).local_date().year();
                    let year = parse_number(value)
                        .and_then(|year| i32::try_from(year).ok())
                        .filter(|year| (2000..=current).contains(year))
                        .ok_or_else(|| Error::not_found("年度报表"))?;
                    path.year = Some(year);
                }
                _ => {}
            }
        }
        Ok(path)
    }
}

/// The site of the request, or the response instead (offline, not opened).
async fn site_of(
    state: &AppState,
    viewer: &Viewer,
    path: &ReportPath,
) -> Result<Result<Place, Response>, PageError> {
    let profile = state.profile().await?;
    Ok(place(state, viewer, path.code.as_deref(), &profile).await?)
}

/// A published year.
struct Published {
    year: i32,
    href: String,
    date: String,
    late: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_annual_list.html")]
struct ListPage {
    chrome: Chrome,
    site_name: String,
    years: Vec<Published>,
}

/// `GET …/annual`: the years whose report the site published, latest first.
async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    path: ReportPath,
) -> Result<Response, PageError> {
    let place = match site_of(&state, &viewer, &path).await? {
        Ok(place) => place,
        Err(response) => return Ok(response),
    };
    count_view(&state, place.site.id, &viewer);
    let db = &state.platform.db;
    let current = Instant::from_millis(now_ms()).local_date().year();
    let mut years = Vec::new();
    for year in (2000..current).rev() {
        if year_span(year).1 <= registered_at(&state, &place).await? {
            break;
        }
        if let Some(stored) = sites::store::annual::get(db, place.site.id, year).await?
            && let Some(published) = stored.published
        {
            years.push(Published {
                year,
                href: format!("{}/annual/{year}", place.base),
                date: date_of(published.at.millis()),
                late: published.late,
            });
        }
    }
    let tree = read::column_tree(db, place.site.id).await?;
    Ok(ListPage {
        chrome: Chrome::site(&state, &csrf, &place.site, &tree, &place.base).await?,
        site_name: place.site.header.full_name.clone(),
        years,
    }
    .into_response())
}

async fn registered_at(state: &AppState, place: &Place) -> platform::Result<Instant> {
    let site = sites::store::sites::get(&state.platform.db, place.site.id).await?;
    Ok(site.site.history.registered_at())
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_annual.html")]
struct ReportPage {
    chrome: Chrome,
    site_name: String,
    year: i32,
    blocks: Vec<Block>,
    published: String,
    late: bool,
    due: String,
    list_href: String,
}

/// `GET …/annual/{year}`: the report as published.
async fn report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    path: ReportPath,
) -> Result<Response, PageError> {
    let place = match site_of(&state, &viewer, &path).await? {
        Ok(place) => place,
        Err(response) => return Ok(response),
    };
    let missing = || PageError(Error::not_found("年度报表"));
    let year = path.year.ok_or_else(missing)?;
    if year_span(year).1 <= registered_at(&state, &place).await? {
        return Err(missing());
    }
    let profile = state.profile().await?;
    let db = &state.platform.db;
    let view = usecase::annual_report(db, &profile, place.site.id, year).await?;
    let publication = view.publication.as_ref().ok_or_else(missing)?;
    count_view(&state, place.site.id, &viewer);
    let tree = read::column_tree(db, place.site.id).await?;
    Ok(ReportPage {
        chrome: Chrome::site(&state, &csrf, &place.site, &tree, &place.base).await?,
        site_name: place.site.header.full_name.clone(),
        year,
        blocks: blocks(&view.report, &[], &[], false),
        published: date_of(publication.at.millis()),
        late: publication.late,
        due: publication.due.to_string(),
        list_href: format!("{}/annual", place.base),
    }
    .into_response())
}
