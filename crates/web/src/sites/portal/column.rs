//! A column's list page (WEB-COLUMNS, WEB-ARCHIVE): its breadcrumb, sub-columns and published
//! articles newest first, 20 a page (`?page=N`) with 上一页 / 下一页 and the page count — a
//! page out of range says so (404) — and its Atom feed (`…/columns/{id}/feed.xml`, the 20
//! newest, XML-escaped).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::Error;
use serde::Deserialize;
use sites::ColumnId;
use sites::column::{Column, ColumnTree};
use sites::usecase::read;

use super::{
    Line, PER_PAGE, Place, Target, Viewer, canonical, count_view, elsewhere, place, xml_response,
};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

/// A link of a breadcrumb or a list of sub-columns.
pub(super) struct Crumb {
    pub name: String,
    pub href: String,
}

/// The breadcrumb of `column`: the site's home, then each column down to it.
pub(super) fn crumbs(tree: &ColumnTree, column: ColumnId, base: &str) -> Vec<Crumb> {
    let mut crumbs = vec![Crumb {
        name: "首页".into(),
        href: format!("{base}/"),
    }];
    crumbs.extend(tree.path(column).into_iter().map(|c| Crumb {
        name: c.name.clone(),
        href: format!("{base}/columns/{}", c.id),
    }));
    crumbs
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_column.html")]
struct ColumnPage {
    chrome: Chrome,
    name: String,
    kind: &'static str,
    archived: bool,
    crumbs: Vec<Crumb>,
    children: Vec<Crumb>,
    lines: Vec<Line>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    /// A page out of range (or no page number): what the page says instead of a list.
    missing: Option<String>,
    href: String,
    feed: String,
    /// WEB-PERSONAL (issue 23): a logged-in person's subscription to the column (`None`
    /// for an anonymous visitor).
    follow: Option<bool>,
    column_id: i64,
}

/// The column `id` of the place's site, shown publicly: archived ones too (WEB-ARCHIVE), a
/// special column only once approved. `Err` with the response when it is another site's.
async fn column_of<'t>(
    state: &AppState,
    place: &Place,
    tree: &'t ColumnTree,
    id: i64,
    path: &str,
) -> Result<Result<&'t Column, Response>, PageError> {
    let Some(column) = tree.get(ColumnId(id)) else {
        let owner = sites::store::columns::get(&state.platform.db, ColumnId(id))
            .await
            .map_err(|_| Error::not_found("栏目"))?;
        return Ok(Err(elsewhere(state, place, owner.column.site, path).await?));
    };
    if column.archived_at.is_none() && column.check_open().is_err() {
        return Err(Error::not_found("栏目").into());
    }
    Ok(Ok(column))
}

/// The 1-based page asked for, or `None` when the text names none.
fn page_number(text: Option<&str>) -> Option<i64> {
    match text.map(str::trim) {
        None | Some("") => Some(1),
        Some(text) => text.parse::<i64>().ok().filter(|page| *page >= 1),
    }
}

/// `GET …/columns/{id}?page=N`.
pub(super) async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    target: Target,
    headers: axum::http::HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, target.code.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    let db = &state.platform.db;
    let tree = read::column_tree(db, place.site.id).await?;
    let path = format!("/columns/{}", target.id);
    let column = match column_of(&state, &place, &tree, target.id, &path).await? {
        Ok(column) => column,
        Err(moved) => return Ok(moved),
    };
    count_view(&state, place.site.id, &viewer);
    let base = &place.base;
    let href = format!("{base}/columns/{}", column.id);
    let asked = page_number(query.page.as_deref());
    let list = read::column_articles(db, column.id, asked.unwrap_or(1), PER_PAGE).await?;
    let pages = list.pages();
    let missing = match asked {
        None => Some(format!(
            "页码不正确。本栏目共 {pages} 页，请从第 1 页开始浏览。"
        )),
        Some(page) if page > pages => Some(format!(
            "没有第 {page} 页。本栏目共 {} 条信息、{pages} 页。",
            list.total
        )),
        Some(_) => None,
    };
    let page = if missing.is_some() { 1 } else { list.page };
    let link = |n: i64| format!("{href}?page={n}");
    let children = tree
        .children(column.id)
        .into_iter()
        .filter(|child| child.check_open().is_ok())
        .map(|child| Crumb {
            name: child.name.clone(),
            href: format!("{base}/columns/{}", child.id),
        })
        .collect();
    let follow = match crate::account::current(&state, &headers).await? {
        Some((_, session)) => {
            Some(accounts::subscriptions::subscribes(db, session.account_id, column.id.0).await?)
        }
        None => None,
    };
    let view = ColumnPage {
        follow,
        column_id: column.id.0,
        chrome: Chrome::site(&state, &csrf, &place.site, &tree, base).await?,
        name: column.name.clone(),
        kind: column.kind.label_zh(),
        archived: column.archived_at.is_some(),
        crumbs: crumbs(&tree, column.id, base),
        children,
        lines: if missing.is_some() {
            Vec::new()
        } else {
            list.items.iter().map(|item| Line::of(item, base)).collect()
        },
        total: list.total,
        page,
        pages,
        prev: (missing.is_none() && page > 1).then(|| link(page - 1)),
        next: (missing.is_none() && page < pages).then(|| link(page + 1)),
        feed: format!("{href}/feed.xml"),
        missing,
        href,
    };
    let status = if view.missing.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((status, view).into_response())
}

/// An entry of a feed.
struct Entry {
    title: String,
    url: String,
    published: String,
    validity: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "sites/portal_feed.xml")]
struct Feed {
    title: String,
    url: String,
    author: String,
    updated: String,
    entries: Vec<Entry>,
}

/// The entries of a column's feed.
const FEED_ENTRIES: i64 = 20;

/// `GET …/columns/{id}/feed.xml`: the column's Atom feed (RFC 4287), absolute addresses on the
/// site's domain, every text XML-escaped by the template.
pub(super) async fn feed(
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
    let tree = read::column_tree(db, place.site.id).await?;
    let path = format!("/columns/{}/feed.xml", target.id);
    let column = match column_of(&state, &place, &tree, target.id, &path).await? {
        Ok(column) => column,
        Err(moved) => return Ok(moved),
    };
    let pages = read::column_feed(db, column.id, FEED_ENTRIES).await?;
    let site_url = canonical(&place.site);
    let updated = pages
        .first()
        .map_or(column.opened_at, |page| page.published_at)
        .to_rfc3339();
    let feed = Feed {
        title: format!("{} - {}", place.site.header.full_name, column.name),
        url: format!("{site_url}/columns/{}", column.id),
        author: place.site.footer.host_unit.clone(),
        updated,
        entries: pages
            .iter()
            .map(|page| Entry {
                title: page.title.clone(),
                url: format!("{site_url}/articles/{}", page.article),
                published: page.published_at.to_rfc3339(),
                validity: super::validity_mark(page.validity.as_deref()),
            })
            .collect(),
    };
    let body = feed
        .render()
        .map_err(|error| Error::Unexpected(error.into()))?;
    Ok(xml_response("application/atom+xml; charset=utf-8", body))
}
