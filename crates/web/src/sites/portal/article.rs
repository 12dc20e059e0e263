//! An article's page (WEB-ARTICLE: title, 发布日期, 信息来源, body; a policy document's
//! elements in the information table government sites use — 索引号, 主题分类, 发文机关, 成文日期,
//! 标题, 文号, 发布日期, 有效性 — with its interpretations, and an interpretation's link back),
//! an abolished or expired document's validity shown first (PUB-ABOLISH), a withdrawn article
//! kept readable under an archive banner (WEB-ARCHIVE), its print view (A4, no site frame) and
//! its files; a map's 审图号 under the body (WEB-MAP) and a repost's source (来源, WEB-REPOST).
//!
//! The body is HTML the use case cleaned with the article allow-list before storing it
//! (`sites::usecase::articles::cleaned`, WEB-REVIEW); it is cleaned again with the same
//! allow-list as it is rendered, so even a page altered behind the workflow's back (SEC-TAMPER,
//! until the tamper check restores it) runs no script. Only then is it written unescaped.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::Error;
use platform::attachments::{self, Meta};
use sites::ArticleId;
use sites::article::Validity;
use sites::usecase::ARTICLE_ATTACHMENT;
use sites::usecase::read::{self, PublishedArticle};

use super::column::{Crumb, crumbs};
use super::{Line, Place, Target, Viewer, count_view, elsewhere, place};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// A row of the policy document's information table: one element, or two side by side.
pub(super) struct PolicyRow {
    pub cells: Vec<(&'static str, String)>,
}

/// WEB-ARTICLE: the elements in the table's rows — two to a row, the title on a row of its
/// own (as government sites print it).
fn policy_rows(elements: &[(&'static str, String)]) -> Vec<PolicyRow> {
    let mut rows: Vec<PolicyRow> = Vec::new();
    for (label, value) in elements {
        let alone = *label == "标题";
        let open = rows
            .last_mut()
            .filter(|row| row.cells.len() == 1 && row.cells[0].0 != "标题" && !alone);
        match open {
            Some(row) => row.cells.push((label, value.clone())),
            None => rows.push(PolicyRow {
                cells: vec![(label, value.clone())],
            }),
        }
    }
    rows
}

/// A file of the article.
pub(super) struct FileLine {
    pub href: String,
    pub label: String,
    pub kind: &'static str,
    pub size: String,
}

/// What the page and the print view show of an article.
pub(super) struct ArticleView {
    pub title: String,
    pub published: String,
    pub source: String,
    /// Sanitised HTML (see the module's comment).
    pub body: String,
    pub policy: Option<Vec<PolicyRow>>,
    /// PUB-ABOLISH: the prominent line of a document no longer in force.
    pub abolished: Option<String>,
    /// WEB-ARCHIVE: the banner of a withdrawn article.
    pub withdrawn: Option<String>,
    /// WEB-MAP: the 审图号 of the map the article shows.
    pub map_approval: Option<String>,
    /// WEB-REPOST: the 稿源单位 of a repost (来源).
    pub repost_source: Option<String>,
    pub interpretations: Vec<Line>,
    pub interprets: Vec<Line>,
    pub files: Vec<FileLine>,
    pub page_href: String,
    pub print_href: String,
}

impl ArticleView {
    fn of(article: &PublishedArticle, base: &str) -> ArticleView {
        let element = |name: &str| {
            article
                .elements
                .iter()
                .find(|(label, _)| *label == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        let abolished = (article.validity != Validity::Valid).then(|| {
            let mut text = format!("本文件已{}", article.validity.label_zh());
            if let Some(mark) = &article.validity_mark {
                text.push_str(&format!("（自 {} 起）", mark.since));
                if !mark.note.trim().is_empty() {
                    text.push_str(&format!("：{}", mark.note.trim()));
                }
            }
            text.push_str("。本页仅供查阅，不再作为执行依据。");
            text
        });
        let withdrawn = article.withdrawn_at.map(|at| {
            format!(
                "本文已于 {} 撤稿，现存档备查，内容可能已不再适用。",
                date_of(at.millis())
            )
        });
        let page_href = format!("{base}/articles/{}", article.id);
        ArticleView {
            title: article.content.title.clone(),
            published: element("发布日期"),
            source: element("信息来源"),
            body: sites::sanitize::clean(&article.content.body),
            policy: article.policy_elements.as_deref().map(policy_rows),
            abolished,
            withdrawn,
            map_approval: article.map.as_ref().map(|map| map.approval.clone()),
            repost_source: article.repost.as_ref().map(|repost| repost.source.clone()),
            interpretations: article
                .interpretations
                .iter()
                .map(|page| Line::of(page, base))
                .collect(),
            interprets: article
                .interprets
                .iter()
                .map(|page| Line::of(page, base))
                .collect(),
            files: article
                .attachments
                .iter()
                .map(|meta: &Meta| FileLine {
                    href: format!("{page_href}/files/{}", meta.id),
                    label: meta.label.clone(),
                    kind: meta.kind.code(),
                    size: meta.size_text(),
                })
                .collect(),
            print_href: format!("{page_href}/print"),
            page_href,
        }
    }
}

/// The article of the request and its site, or the response instead (offline, another
/// site's: moved).
async fn load(
    state: &AppState,
    viewer: &Viewer,
    target: &Target,
    path: &str,
) -> Result<Result<(Place, PublishedArticle), Response>, PageError> {
    let profile = state.profile().await?;
    let place = match place(state, viewer, target.code.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(Err(offline)),
    };
    let article = read::published_article(&state.platform.db, ArticleId(target.id))
        .await?
        .ok_or_else(|| Error::not_found("文章"))?;
    if article.site != place.site.id {
        return Ok(Err(elsewhere(state, &place, article.site, path).await?));
    }
    Ok(Ok((place, article)))
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_article.html")]
struct ArticlePage {
    chrome: Chrome,
    crumbs: Vec<Crumb>,
    article: ArticleView,
    column_href: String,
    print: bool,
}

/// `GET …/articles/{id}`.
pub(super) async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    target: Target,
) -> Result<Response, PageError> {
    let path = format!("/articles/{}", target.id);
    let (place, article) = match load(&state, &viewer, &target, &path).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    count_view(&state, place.site.id, &viewer);
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    let base = &place.base;
    Ok(ArticlePage {
        chrome: Chrome::site(&state, &csrf, &place.site, &tree, base).await?,
        crumbs: crumbs(&tree, article.column, base),
        column_href: format!("{base}/columns/{}", article.column),
        article: ArticleView::of(&article, base),
        print: false,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_print.html")]
struct PrintPage {
    chrome: Chrome,
    article: ArticleView,
    printed: String,
    print: bool,
}

/// `GET …/articles/{id}/print`: the article alone on A4, with its elements and the site's
/// name (WEB-ARTICLE).
pub(super) async fn print(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    target: Target,
) -> Result<Response, PageError> {
    let path = format!("/articles/{}/print", target.id);
    let (place, article) = match load(&state, &viewer, &target, &path).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    count_view(&state, place.site.id, &viewer);
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    Ok(PrintPage {
        chrome: Chrome::site(&state, &csrf, &place.site, &tree, &place.base).await?,
        article: ArticleView::of(&article, &place.base),
        printed: minute_of(platform::db::now_ms()),
        print: true,
    }
    .into_response())
}

/// RFC 6266 / 5987: an ASCII fallback name and the UTF-8 name percent-encoded.
fn content_disposition(meta: &Meta) -> String {
    let name = meta.download_name();
    let encoded = percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "attachment; filename=\"file-{}.{}\"; filename*=UTF-8''{encoded}",
        meta.id,
        meta.kind.code()
    )
}

/// `GET …/articles/{id}/files/{file}`: a file of a published (or withdrawn, archived)
/// article; any other file id is not found.
pub(super) async fn file(
    State(state): State<AppState>,
    viewer: Viewer,
    target: Target,
) -> Result<Response, PageError> {
    let file = target.file.unwrap_or(0);
    let path = format!("/articles/{}/files/{file}", target.id);
    let (_, article) = match load(&state, &viewer, &target, &path).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let missing = || Error::not_found("附件");
    let meta = attachments::meta(&state.platform.db, file)
        .await
        .map_err(|_| missing())?;
    if meta.owner_kind != ARTICLE_ATTACHMENT || meta.owner_id != article.id.0 {
        return Err(missing().into());
    }
    let bytes = attachments::content(&state.platform.db, &state.platform.key, file).await?;
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (CONTENT_DISPOSITION, content_disposition(&meta)),
            (CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
