//! Homes and sitemaps (WEB-SITEGROUP, WEB-HEADER, WEB-FOOTER, WEB-ARCHIVE): `/` is the portal's
//! home — the portal site's news, notices and policy documents from its columns, the services
//! and 12345 entries and the announcements — or, when the `Host` names a department's or
//! township's site, that site's home from its columns; `/sites/{code}/` is a site's home under
//! the prefix. `/sitemap` likewise is the portal's HTML sitemap or the host's site's. A site
//! not yet serving and not closed is the offline page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sites::column::{ColumnKind, ColumnTree};
use sites::registry::SiteKind;
use sites::usecase::read::{self, SiteView};

use super::{Line, Place, Target, Viewer, count_view, place, site_of_host};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// The newest articles a home shows of each column.
const HOME_LINES: i64 = 6;

/// A column on a home page: its newest articles and the 更多 link.
pub(crate) struct Section {
    pub name: String,
    pub href: String,
    pub lines: Vec<Line>,
}

/// The columns a home features: open ones holding articles of these kinds — for the portal
/// its news, notices, policy documents and interpretations (its other sections are the
/// platform's), for another site every column but static pages — in the tree's order.
fn featured(tree: &ColumnTree, kind: SiteKind) -> Vec<&sites::column::Column> {
    let wanted = |column_kind: ColumnKind| match kind {
        SiteKind::Portal => matches!(
            column_kind,
            ColumnKind::News | ColumnKind::Notice | ColumnKind::Policy | ColumnKind::Interpretation
        ),
        _ => column_kind != ColumnKind::Static,
    };
    let limit = if kind == SiteKind::Portal { 4 } else { 8 };
    tree.columns()
        .iter()
        .filter(|column| wanted(column.kind) && column.check_open().is_ok())
        .take(limit)
        .collect()
}

/// The sections of `site`'s home, links under `base`.
async fn sections(
    state: &AppState,
    site: &SiteView,
    tree: &ColumnTree,
    base: &str,
) -> Result<Vec<Section>, PageError> {
    let mut sections = Vec::new();
    for column in featured(tree, site.kind) {
        let pages = read::column_feed(&state.platform.db, column.id, HOME_LINES).await?;
        sections.push(Section {
            name: column.name.clone(),
            href: format!("{base}/columns/{}", column.id),
            lines: pages.iter().map(|page| Line::of(page, base)).collect(),
        });
    }
    Ok(sections)
}

struct AnnouncementLine {
    id: i64,
    title: String,
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/home.html")]
struct PortalHome {
    chrome: Chrome,
    sections: Vec<Section>,
    announcements: Vec<AnnouncementLine>,
}

/// The portal's home: with a portal site, its columns' sections under `base`.
async fn portal_home(
    state: &AppState,
    csrf: &CsrfToken,
    portal: Option<&Place>,
) -> Result<Response, PageError> {
    let announcements = platform::announcements::latest(&state.platform.db, 8)
        .await?
        .into_iter()
        .map(|a| AnnouncementLine {
            id: a.id,
            title: a.title,
            date: date_of(a.published_at),
        })
        .collect();
    let (chrome, sections) = match portal {
        Some(place) => {
            let tree = read::column_tree(&state.platform.db, place.site.id).await?;
            let chrome = Chrome::site(state, csrf, &place.site, &tree, &place.base).await?;
            let sections = sections(state, &place.site, &tree, &place.base).await?;
            (chrome, sections)
        }
        None => (Chrome::public(state, csrf).await?, Vec::new()),
    };
    Ok(PortalHome {
        chrome,
        sections,
        announcements,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_home.html")]
struct SiteHome {
    chrome: Chrome,
    sections: Vec<Section>,
    sitemap_href: String,
}

/// The home of a department's, township's or special site.
async fn site_home(
    state: &AppState,
    csrf: &CsrfToken,
    place: &Place,
) -> Result<Response, PageError> {
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    Ok(SiteHome {
        chrome: Chrome::site(state, csrf, &place.site, &tree, &place.base).await?,
        sections: sections(state, &place.site, &tree, &place.base).await?,
        sitemap_href: format!("{}/sitemap", place.base),
    }
    .into_response())
}

/// `GET /`: the home of the site the `Host` names — the portal's, or a department's or
/// township's (WEB-SITEGROUP). The platform's home works without a portal site.
pub(crate) async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let site = site_of_host(&state, viewer.host.as_deref(), &profile).await?;
    let Some(site) = site else {
        return portal_home(&state, &csrf, None).await;
    };
    if site.kind == SiteKind::Portal {
        count_view(&state, site.id, &viewer);
        let portal = Place {
            site,
            base: String::new(),
        };
        return portal_home(&state, &csrf, Some(&portal)).await;
    }
    match place(&state, &viewer, None, &profile).await? {
        Ok(place) => {
            count_view(&state, place.site.id, &viewer);
            site_home(&state, &csrf, &place).await
        }
        Err(offline) => Ok(offline),
    }
}

/// `GET /sites/{code}/`: a site's home under the prefix (the portal's is the portal's home).
pub(super) async fn prefixed(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    target: Target,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, target.code.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    count_view(&state, place.site.id, &viewer);
    if place.site.kind == SiteKind::Portal {
        return portal_home(&state, &csrf, Some(&place)).await;
    }
    site_home(&state, &csrf, &place).await
}

/// A line of an HTML sitemap: a column at its depth in the tree.
pub(super) struct MapLine {
    pub depth: usize,
    pub name: String,
    pub href: String,
    pub archived: bool,
}

/// WEB-COLUMNS: the open columns of `tree` in tree order, each under its parent, and the
/// archived ones marked (their pages stay, WEB-ARCHIVE).
pub(super) fn map_lines(tree: &ColumnTree, base: &str) -> Vec<MapLine> {
    fn walk(
        tree: &ColumnTree,
        column: &sites::column::Column,
        depth: usize,
        base: &str,
        out: &mut Vec<MapLine>,
    ) {
        let archived = column.archived_at.is_some();
        if !archived && column.check_open().is_err() {
            return;
        }
        out.push(MapLine {
            depth,
            name: column.name.clone(),
            href: format!("{base}/columns/{}", column.id),
            archived,
        });
        for child in tree.children(column.id) {
            walk(tree, child, depth + 1, base, out);
        }
    }
    let mut lines = Vec::new();
    for root in tree.roots() {
        walk(tree, root, 1, base, &mut lines);
    }
    lines
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/sitemap.html")]
struct PortalMap {
    chrome: Chrome,
    lines: Vec<MapLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_map.html")]
struct SiteMap {
    chrome: Chrome,
    lines: Vec<MapLine>,
    home_href: String,
}

/// A site's HTML sitemap (the portal's with the platform's sections).
pub(super) async fn site_map(
    state: &AppState,
    csrf: &CsrfToken,
    place: &Place,
) -> Result<Response, PageError> {
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    let chrome = Chrome::site(state, csrf, &place.site, &tree, &place.base).await?;
    let lines = map_lines(&tree, &place.base);
    if place.site.kind == SiteKind::Portal {
        return Ok(PortalMap { chrome, lines }.into_response());
    }
    Ok(SiteMap {
        chrome,
        lines,
        home_href: format!("{}/", place.base),
    }
    .into_response())
}

/// `GET /sitemap`: the HTML sitemap of the host's site (the portal's, with the platform's
/// sections, also without a portal site).
pub(crate) async fn sitemap(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    if site_of_host(&state, viewer.host.as_deref(), &profile)
        .await?
        .is_none()
    {
        let chrome = Chrome::public(&state, &csrf).await?;
        let lines = Vec::new();
        return Ok(PortalMap { chrome, lines }.into_response());
    }
    match place(&state, &viewer, None, &profile).await? {
        Ok(place) => {
            count_view(&state, place.site.id, &viewer);
            site_map(&state, &csrf, &place).await
        }
        Err(offline) => Ok(offline),
    }
}

#[derive(Template)]
#[template(path = "sites/portal_offline.html")]
struct Offline<'a> {
    name: &'a str,
}

/// The page of a site temporarily offline (WEB-REGISTRY: an approved temporary offline or an
/// emergency shutdown): 503, the site's name and the way to the group's other sites.
pub(super) fn offline(site: &SiteView) -> Response {
    let page = Offline {
        name: &site.header.full_name,
    };
    let html = page
        .render()
        .unwrap_or_else(|_| "网站临时下线维护中".to_owned());
    (StatusCode::SERVICE_UNAVAILABLE, Html(html)).into_response()
}
