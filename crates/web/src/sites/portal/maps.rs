//! A site's sitemaps: the HTML sitemap of its column tree (`…/sitemap`; the portal's with the
//! platform's sections, see `home`) and `sitemap.xml` (the sitemaps.org protocol: the home,
//! every open column and the published articles' addresses on the site's domain, each
//! article with its date as `lastmod`; withdrawn ones are left out, their archived pages
//! stay where they were).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use platform::Error;
use sites::usecase::read::{self, FEED_MAX};

use super::home::{map_lines, site_map};
use super::{Target, Viewer, canonical, count_view, place, xml_response};
use crate::AppState;
use crate::chrome::date_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// `GET /sites/{code}/sitemap`.
pub(super) async fn html(
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
    site_map(&state, &csrf, &place).await
}

/// An address of `sitemap.xml`.
struct Url {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Template)]
#[template(path = "sites/portal_sitemap.xml")]
struct SitemapXml {
    urls: Vec<Url>,
}

/// `GET /sitemap.xml` (the host's site) and `GET /sites/{code}/sitemap.xml`.
pub(super) async fn xml(
    State(state): State<AppState>,
    viewer: Viewer,
    target: Target,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, target.code.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    let db = &state.platform.db;
    let site_url = canonical(&place.site);
    let tree = read::column_tree(db, place.site.id).await?;
    let mut urls = vec![Url {
        loc: format!("{site_url}/"),
        lastmod: None,
    }];
    urls.extend(
        map_lines(&tree, &site_url)
            .into_iter()
            .filter(|line| !line.archived)
            .map(|line| Url {
                loc: line.href,
                lastmod: None,
            }),
    );
    for page in read::site_articles(db, place.site.id, FEED_MAX).await? {
        urls.push(Url {
            loc: format!("{site_url}/articles/{}", page.article),
            lastmod: Some(date_of(page.published_at.millis())),
        });
    }
    let body = SitemapXml { urls }
        .render()
        .map_err(|error| Error::Unexpected(error.into()))?;
    Ok(xml_response("application/xml; charset=utf-8", body))
}
