//! What the public pages of the site group read (WEB-SITEGROUP, WEB-HEADER, WEB-FOOTER,
//! WEB-ARTICLE, WEB-ARCHIVE): a site by its code or its host name with the header and footer
//! its registration gives, the group's sites, a site's column tree, a column's published
//! articles a page at a time (newest first, with the total), an article as served with its
//! policy elements and its interpretations, and a site's or a column's newest articles for the
//! sitemap and the feeds. Reads only; pages are the `web` crate's.

use calendar::Instant;
use platform::Result;
use platform::attachments::{self, Meta, Owner};
use platform::db::Db;
use platform::profile::RuleProfile;

use super::articles::ARTICLE_ATTACHMENT;
use crate::article::{Content, MapMark, Repost, Validity, ValidityMark};
use crate::column::ColumnTree;
use crate::registry::{Footer, Header, Registration, Site, SiteKind, Status};
use crate::store::pages::{self, PageSummary};
use crate::store::{articles, columns, sites};
use crate::{ArticleId, ColumnId, SiteId};

/// A site as its pages show it.
#[derive(Debug, Clone)]
pub struct SiteView {
    pub id: SiteId,
    pub status: Status,
    pub kind: SiteKind,
    /// The registration in force (WEB-REGISTRY).
    pub registration: Registration,
    /// WEB-HEADER: the site's full name.
    pub header: Header,
    /// WEB-FOOTER: host unit, 网站标识码, ICP and 公安 numbers, contact, the party mark per
    /// the profile, the sitemap and the 我为政府网站找错 entry.
    pub footer: Footer,
    /// Its pages are served now (open, or awaiting a decision while open).
    pub serving: bool,
    /// Permanently closed: its pages stay readable in the archive with a banner (WEB-ARCHIVE).
    pub closed: bool,
}

impl SiteView {
    fn of(site: &Site, profile: &RuleProfile) -> SiteView {
        let registration = site.registration();
        SiteView {
            id: site.id,
            status: site.status,
            kind: registration.kind,
            registration: registration.clone(),
            header: Header::of(registration),
            footer: Footer::of(registration, profile),
            serving: site.is_serving(),
            closed: site.status == Status::Closed,
        }
    }
}

/// The site whose 网站标识码 is `code` (the `/sites/{code}/` prefix).
pub async fn site_by_code(db: &Db, code: &str, profile: &RuleProfile) -> Result<Option<SiteView>> {
    let stored = sites::by_number(db, code.trim()).await?;
    Ok(stored.map(|stored| SiteView::of(&stored.site, profile)))
}

/// WEB-SITEGROUP: the site a request's `Host` header names (case and port ignored).
pub async fn site_by_host(db: &Db, host: &str, profile: &RuleProfile) -> Result<Option<SiteView>> {
    let host = host.trim().trim_end_matches('.');
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    let stored = sites::by_domain(db, &name.to_ascii_lowercase()).await?;
    Ok(stored.map(|stored| SiteView::of(&stored.site, profile)))
}

/// The site `id`.
pub async fn site(db: &Db, id: SiteId, profile: &RuleProfile) -> Result<SiteView> {
    Ok(SiteView::of(&sites::get(db, id).await?.site, profile))
}

/// Every site of the group, portal first (站群导航 lists those `serving`; closed ones are in
/// the archive).
pub async fn group_sites(db: &Db, profile: &RuleProfile) -> Result<Vec<SiteView>> {
    Ok(sites::list(db)
        .await?
        .iter()
        .map(|stored| SiteView::of(&stored.site, profile))
        .collect())
}

/// WEB-COLUMNS: the column tree of `site` (archived columns included: their pages stay; a
/// page's navigation leaves out those with `archived_at`).
pub async fn column_tree(db: &Db, site: SiteId) -> Result<ColumnTree> {
    let stored = columns::of_site(db, site).await?;
    Ok(ColumnTree::new(
        stored.into_iter().map(|stored| stored.column).collect(),
    )?)
}

/// One page of a list of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePage {
    pub items: Vec<PageSummary>,
    /// Articles in the whole list.
    pub total: i64,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

impl ArticlePage {
    /// How many pages the list has (at least one).
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// The most articles on one list page.
pub const PER_PAGE_MAX: i64 = 100;

/// The published articles of `column`, newest first: page `page` (from 1) of `per_page`
/// (1 to [`PER_PAGE_MAX`]), with the total; withdrawn ones are left out.
pub async fn column_articles(
    db: &Db,
    column: ColumnId,
    page: i64,
    per_page: i64,
) -> Result<ArticlePage> {
    let per_page = per_page.clamp(1, PER_PAGE_MAX);
    let page = page.max(1);
    let offset = (page - 1).saturating_mul(per_page);
    Ok(ArticlePage {
        items: pages::of_column(db, column, offset, per_page).await?,
        total: pages::count_of_column(db, column).await?,
        page,
        per_page,
    })
}

/// An article as its site serves it.
#[derive(Debug, Clone)]
pub struct PublishedArticle {
    pub id: ArticleId,
    pub site: SiteId,
    pub column: ColumnId,
    /// The content as served (title, body — sanitised HTML —, source, a policy document's
    /// elements).
    pub content: Content,
    /// 发布日期.
    pub published_at: Instant,
    /// WEB-ARTICLE: 标题, 发布日期, 信息来源.
    pub elements: Vec<(&'static str, String)>,
    /// WEB-ARTICLE: a policy document's 索引号 … 有效性 in the information table's order.
    pub policy_elements: Option<Vec<(&'static str, String)>>,
    /// PUB-ABOLISH: 有效, 废止 or 失效, and the mark with its date and basis.
    pub validity: Validity,
    pub validity_mark: Option<ValidityMark>,
    /// PUB-INTERPRET: its published interpretations, and the documents it interprets.
    pub interpretations: Vec<PageSummary>,
    pub interprets: Vec<PageSummary>,
    pub attachments: Vec<Meta>,
    /// WEB-ARCHIVE: withdrawn, still readable with an archive banner.
    pub withdrawn_at: Option<Instant>,
    /// WEB-MAP: the page shows a map, with its 审图号.
    pub map: Option<MapMark>,
    /// WEB-REPOST: a repost, with its 稿源单位 (来源).
    pub repost: Option<Repost>,
}

/// The article `id` as served, or `None` when it was never published.
pub async fn published_article(db: &Db, id: ArticleId) -> Result<Option<PublishedArticle>> {
    let Some(page) = pages::get(db, id).await? else {
        return Ok(None);
    };
    let mut shown = articles::get(db, id).await?.article;
    // The page shows what is served; the tamper check keeps it the approved content.
    shown.content = page.content.clone();
    shown.published_at = Some(page.published_at);
    let owner = Owner {
        kind: ARTICLE_ATTACHMENT,
        id: id.0,
    };
    Ok(Some(PublishedArticle {
        id,
        site: page.site,
        column: page.column,
        elements: shown.page_elements(),
        policy_elements: shown.policy_elements(),
        validity: shown.validity(),
        validity_mark: shown.validity.clone(),
        interpretations: pages::linked(db, id, true).await?,
        interprets: pages::linked(db, id, false).await?,
        attachments: attachments::list(db, owner).await?,
        content: page.content,
        published_at: page.published_at,
        withdrawn_at: page.withdrawn_at,
        map: shown.map,
        repost: shown.repost,
    }))
}

/// The most articles of a feed or sitemap read.
pub const FEED_MAX: i64 = 5_000;

/// The newest published articles of `site` (at most `limit`, up to [`FEED_MAX`]): its
/// sitemap and its feed.
pub async fn site_articles(db: &Db, site: SiteId, limit: i64) -> Result<Vec<PageSummary>> {
    pages::of_site(db, site, limit.clamp(1, FEED_MAX)).await
}

/// The newest published articles of `column` (at most `limit`, up to [`PER_PAGE_MAX`]): its
/// Atom feed.
pub async fn column_feed(db: &Db, column: ColumnId, limit: i64) -> Result<Vec<PageSummary>> {
    pages::of_column(db, column, 0, limit.clamp(1, PER_PAGE_MAX)).await
}

/// WEB-ARCHIVE: the withdrawn articles of `site`, newest first; their pages stay served under
/// the archive banner though no list links them (the static export copies them).
pub async fn withdrawn_articles(db: &Db, site: SiteId) -> Result<Vec<PageSummary>> {
    pages::withdrawn_of_site(db, site).await
}
