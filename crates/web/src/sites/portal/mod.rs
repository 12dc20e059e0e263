//! The public pages of the site group (WEB-SITEGROUP, WEB-HEADER, WEB-FOOTER, WEB-ARTICLE,
//! PUB-ABOLISH, WEB-ARCHIVE, WEB-STATS). A request is routed to a site by its `Host` (a
//! registered domain; the portal's, or a host that names no site, is the portal) or under the
//! path prefix `/sites/{code}/` (the 网站标识码) for development and tests; the links of a page
//! stay under the prefix it was reached by. Each site has its home (`home`), column lists
//! with paging and an Atom feed per column (`column`), article pages with a policy document's
//! elements, a print view and the files (`article`), an HTML sitemap and `sitemap.xml`
//! (`maps`); `/sites` is the group's navigation page (`group`); a column's e-mail
//! subscriptions (`subscribe`, WEB-PERSONAL). The portal's home and
//! sitemap at `/` and `/sitemap` (the shell's routes) are built here too. Every page view of
//! a site is counted without cookies (`count_view`, WEB-STATS).

mod annual;
mod article;
mod column;
mod group;
mod home;
mod maps;
mod subscribe;

use axum::Router;
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
use axum::http::StatusCode;
use axum::http::header::{HOST, USER_AGENT};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use calendar::Instant;
use platform::Error;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use sites::SiteId;
use sites::registry::Status;
use sites::store::pages::PageSummary;
use sites::usecase::public::{self, Visitor};
use sites::usecase::read::{self, SiteView};

use crate::AppState;
use crate::chrome::date_of;
use crate::error::PageError;
use crate::extract::{client_ip, parse_number};

pub(crate) use home::{home, sitemap};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sites", get(group::page))
        .route("/sites/{code}", get(home::prefixed))
        .route("/sites/{code}/", get(home::prefixed))
        .route("/sites/{code}/columns/{id}", get(column::page))
        .route("/sites/{code}/columns/{id}/feed.xml", get(column::feed))
        .route("/sites/{code}/articles/{id}", get(article::page))
        .route("/sites/{code}/articles/{id}/print", get(article::print))
        .route(
            "/sites/{code}/articles/{id}/files/{file}",
            get(article::file),
        )
        .route("/sites/{code}/sitemap", get(maps::html))
        .route("/sites/{code}/sitemap.xml", get(maps::xml))
        .route("/columns/{id}", get(column::page))
        .route("/columns/{id}/feed.xml", get(column::feed))
        .route("/articles/{id}", get(article::page))
        .route("/articles/{id}/print", get(article::print))
        .route("/articles/{id}/files/{file}", get(article::file))
        .route("/sitemap.xml", get(maps::xml))
        // WEB-ANNUAL: the published annual reports.
        .merge(annual::routes())
        // WEB-PERSONAL: e-mail subscriptions to columns.
        .merge(subscribe::routes())
}

/// The articles a column's list page shows.
const PER_PAGE: i64 = 20;

/// Who asks and by which host: what routing and counting need of a request. Counting keeps
/// neither (WEB-STATS).
pub(crate) struct Viewer {
    address: String,
    user_agent: String,
    host: Option<String>,
    /// The static export renders the page (WEB-ARCHIVE): not a visit, not counted. Only an
    /// in-process request can carry the extension that says so.
    archiving: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header = |name| {
            parts
                .headers
                .get(name)
                .and_then(|value: &axum::http::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let host = header(HOST).or_else(|| parts.uri.authority().map(|a| a.to_string()));
        Ok(Viewer {
            address: client_ip(parts),
            user_agent: header(USER_AGENT).unwrap_or_default(),
            host,
            archiving: parts
                .extensions
                .get::<crate::sites::export::Archiving>()
                .is_some(),
        })
    }
}

/// The segments of a site page's path: the site's code under the prefix, the column's or
/// article's id, a file's id. A malformed id is the not-found page, like an id that names
/// nothing.
pub(crate) struct Target {
    code: Option<String>,
    id: i64,
    file: Option<i64>,
}

impl<S: Send + Sync> FromRequestParts<S> for Target {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let what = match parts.extensions.get::<MatchedPath>() {
            Some(path) if path.as_str().contains("/columns/") => "栏目",
            _ => "文章",
        };
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::not_found("页面"))?;
        let mut target = Target {
            code: None,
            id: 0,
            file: None,
        };
        for (name, value) in params.iter() {
            match name {
                "code" => target.code = Some(value.to_owned()),
                "id" => target.id = parse_number(value).ok_or_else(|| Error::not_found(what))?,
                "file" => {
                    target.file =
                        Some(parse_number(value).ok_or_else(|| Error::not_found("附件"))?);
                }
                _ => {}
            }
        }
        Ok(target)
    }
}

/// The site a request is for, and the prefix its links are written under.
pub(crate) struct Place {
    pub site: SiteView,
    /// `""` when the `Host` named the site (or named none: the portal), `/sites/{code}` under
    /// the prefix.
    pub base: String,
}

impl Place {
    fn by_host(&self) -> bool {
        self.base.is_empty()
    }
}

/// The site of `host`: the one registered with that domain, else the portal.
async fn site_of_host(
    state: &AppState,
    host: Option<&str>,
    profile: &RuleProfile,
) -> Result<Option<SiteView>, Error> {
    let db = &state.platform.db;
    if let Some(host) = host
        && let Some(site) = read::site_by_host(db, host, profile).await?
    {
        return Ok(Some(site));
    }
    public::portal_site(db, profile).await
}

/// WEB-SITEGROUP: the site of a request — by its code under the prefix, else by its `Host`
/// — or why none: not found (no such code, or a site not opened yet), or the page saying the
/// site is temporarily offline. A closed site is served, under its archive banner
/// (WEB-ARCHIVE).
async fn place(
    state: &AppState,
    viewer: &Viewer,
    code: Option<&str>,
    profile: &RuleProfile,
) -> Result<Result<Place, Response>, Error> {
    let db = &state.platform.db;
    let (site, base) = match code {
        Some(code) => {
            let site = read::site_by_code(db, code, profile)
                .await?
                .ok_or_else(|| Error::not_found("网站"))?;
            let base = format!("/sites/{}", site.registration.site_code);
            (site, base)
        }
        None => {
            let site = site_of_host(state, viewer.host.as_deref(), profile)
                .await?
                .ok_or_else(|| Error::not_found("网站"))?;
            (site, String::new())
        }
    };
    if site.serving || site.closed {
        return Ok(Ok(Place { site, base }));
    }
    if matches!(site.status, Status::Proposed | Status::OpeningApplied) {
        return Err(Error::not_found("网站"));
    }
    Ok(Err(home::offline(&site)))
}

/// The page of another site's column or article asked for by a host: it moves to that site's
/// address under the prefix; under a prefix it is not found.
async fn elsewhere(
    state: &AppState,
    place: &Place,
    site: SiteId,
    path: &str,
) -> Result<Response, Error> {
    if !place.by_host() {
        return Err(Error::not_found("页面"));
    }
    let profile = state.profile().await?;
    let owner = read::site(&state.platform.db, site, &profile).await?;
    let to = format!("/sites/{}{path}", owner.registration.site_code);
    Ok(Redirect::permanent(&to).into_response())
}

/// WEB-STATS: counts a page view of `site` by `viewer` (the day's keyed hash; no cookie, no
/// address kept), after the page is answered: the count is written by a task of its own, so
/// a page never waits for it, and a failure to count is logged. The static export's renders
/// are not counted.
fn count_view(state: &AppState, site: SiteId, viewer: &Viewer) {
    if viewer.archiving {
        return;
    }
    let db = state.platform.db.clone();
    let address = viewer.address.clone();
    let user_agent = viewer.user_agent.clone();
    let now = Instant::from_millis(now_ms());
    let salt: [u8; 32] = rand::random();
    tokio::spawn(async move {
        let visitor = Visitor {
            address: &address,
            user_agent: &user_agent,
        };
        if let Err(error) = public::record_view(&db, site, visitor, now, salt).await {
            tracing::warn!(site = site.0, %error, "page view not counted");
        }
    });
}

/// A line of a list of articles: its title, address, date and, for a policy document no
/// longer in force, its validity (PUB-ABOLISH).
pub(crate) struct Line {
    pub title: String,
    pub href: String,
    pub date: String,
    pub mark: Option<&'static str>,
}

impl Line {
    fn of(page: &PageSummary, base: &str) -> Line {
        Line {
            title: page.title.clone(),
            href: format!("{base}/articles/{}", page.article),
            date: date_of(page.published_at.millis()),
            mark: validity_mark(page.validity.as_deref()),
        }
    }
}

/// PUB-ABOLISH: the mark a list shows for a stored validity code.
fn validity_mark(code: Option<&str>) -> Option<&'static str> {
    match code {
        Some("abolished") => Some("已废止"),
        Some("expired") => Some("已失效"),
        _ => None,
    }
}

/// The canonical address of a site (its main domain, https) for sitemaps and feeds, which
/// name absolute addresses.
fn canonical(site: &SiteView) -> String {
    site.header
        .domain
        .as_ref()
        .map(|domain| format!("https://{domain}"))
        .unwrap_or_default()
}

/// An XML document (a feed, a sitemap) with its media type.
fn xml_response(content_type: &'static str, body: String) -> Response {
    (
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, content_type)],
        body,
    )
        .into_response()
}
