//! The site group's published articles in the public paths of `/api/v1` (issue 22), without a
//! key and rate-limited like the catalogue: the sites whose pages are served, a site's (or
//! one column's) published articles newest first, 20 a page, and one article as its site
//! serves it (the approved content, sanitised HTML). Drafts, articles under review and
//! withdrawn ones are never sent (WEB-ARCHIVE: a withdrawn page stays on its site only), nor
//! anything of a site that is not open.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use sites::usecase::read::{self, SiteView};
use sites::{ArticleId, ColumnId};
use utoipa::ToSchema;

use super::extract::ApiQuery;
use crate::AppState;
use crate::chrome::minute_of;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ClientIp;

/// Articles of one page.
const PER_PAGE: i64 = 20;

/// Requests per minute of one client.
const PER_MINUTE: u32 = 120;

fn limit(state: &AppState, ip: &str) -> Result<(), ApiError> {
    if state.limiter.allow("api-public", ip, PER_MINUTE) {
        Ok(())
    } else {
        Err(ApiError(platform::Error::TooManyRequests))
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteRow {
    /// 网站标识码。
    code: String,
    /// 网站名称。
    name: String,
    /// 网站类型（中文）。
    kind: String,
    /// 主办单位。
    host_unit: String,
}

/// The sites whose pages are served.
#[utoipa::path(
    get,
    path = "/api/v1/public/sites",
    tag = "公开",
    description = "站群中正在开设的网站（网站标识码、名称、类型、主办单位）。无需密钥，按客户端限流。",
    responses(
        (status = 200, description = "网站列表", body = [SiteRow], example = json!([{"code": "6207020001", "name": "甘州区人民政府", "kind": "政府门户网站", "host_unit": "甘州区人民政府办公室"}])),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn sites(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
) -> Result<Json<Vec<SiteRow>>, ApiError> {
    limit(&state, &ip)?;
    let profile = state.profile().await?;
    let sites = read::group_sites(&state.platform.db, &profile).await?;
    Ok(Json(
        sites
            .into_iter()
            .filter(|site| site.serving)
            .map(|site| SiteRow {
                code: site.registration.site_code.clone(),
                name: site.registration.name.clone(),
                kind: site.kind.label_zh().to_owned(),
                host_unit: site.registration.host_unit_name.clone(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlesQuery {
    /// 网站标识码。
    site: String,
    /// 栏目 id；不填为全站。
    #[serde(default)]
    column: Option<i64>,
    /// 页码，从 1 开始，每页 20 条。
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleRow {
    id: i64,
    /// 栏目 id。
    column: i64,
    /// 栏目名称。
    column_name: String,
    title: String,
    /// 发布时间（北京时间，精确到分）。
    published_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleList {
    total: i64,
    page: u32,
    pages: u32,
    articles: Vec<ArticleRow>,
}

/// The open site of `code`, or `not_found`.
async fn open_site(state: &AppState, code: &str) -> Result<SiteView, ApiError> {
    let profile = state.profile().await?;
    match read::site_by_code(&state.platform.db, code, &profile).await? {
        Some(site) if site.serving => Ok(site),
        _ => Err(ApiError(platform::Error::not_found(format!(
            "网站 {}",
            code.trim()
        )))),
    }
}

/// A site's published articles, 20 a page.
#[utoipa::path(
    get,
    path = "/api/v1/public/articles",
    tag = "公开",
    description = "站群网站已发布的文章（不含草稿、审核中与已撤下的），新的在前，每页 20 条；可按栏目筛选。无需密钥，按客户端限流。",
    params(
        ("site" = String, Query, description = "网站标识码"),
        ("column" = Option<i64>, Query, description = "栏目 id，不填为全站"),
        ("page" = Option<u32>, Query, description = "页码，从 1 开始")
    ),
    responses(
        (status = 200, description = "文章的一页", body = ArticleList, example = json!({"total": 1, "page": 1, "pages": 1, "articles": [{"id": 12, "column": 3, "column_name": "通知公告", "title": "关于春节假期办事安排的通知", "published_at": "2026-01-20 09:00"}]})),
        (status = 400, description = "参数有误（未知参数、类型错误）", body = ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "查询参数不正确：unknown field `x`"}})),
        (status = 404, description = "网站不存在或未开设，或栏目不属于该网站", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到：网站 6207020009"}})),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn articles(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(query): ApiQuery<ArticlesQuery>,
) -> Result<Json<ArticleList>, ApiError> {
    limit(&state, &ip)?;
    let site = open_site(&state, &query.site).await?;
    let db = &state.platform.db;
    let tree = read::column_tree(db, site.id).await?;
    let page = i64::from(query.page.unwrap_or(1).max(1));
    let (items, total) = match query.column {
        Some(column) => {
            if tree.get(ColumnId(column)).is_none() {
                return Err(ApiError(platform::Error::not_found(format!(
                    "栏目 {column}"
                ))));
            }
            let listed = read::column_articles(db, ColumnId(column), page, PER_PAGE).await?;
            (listed.items, listed.total)
        }
        None => {
            let all = read::site_articles(db, site.id, read::FEED_MAX).await?;
            let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
            let skip = usize::try_from((page - 1).saturating_mul(PER_PAGE)).unwrap_or(usize::MAX);
            let items = all.into_iter().skip(skip).take(PER_PAGE as usize).collect();
            (items, total)
        }
    };
    let pages = u32::try_from(((total + PER_PAGE - 1) / PER_PAGE).max(1)).unwrap_or(u32::MAX);
    Ok(Json(ArticleList {
        total,
        page: u32::try_from(page).unwrap_or(1),
        pages,
        articles: items
            .into_iter()
            .map(|summary| ArticleRow {
                id: summary.article.0,
                column: summary.column.0,
                column_name: tree
                    .get(summary.column)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                title: summary.title,
                published_at: minute_of(summary.published_at.millis()),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ArticleView {
    id: i64,
    /// 网站标识码。
    site: String,
    column: i64,
    title: String,
    /// 正文（已净化的 HTML）。
    body: String,
    /// 信息来源。
    source: String,
    /// 发布时间（北京时间，精确到分）。
    published_at: String,
    /// 附件名称。
    attachments: Vec<String>,
}

/// One published article.
#[utoipa::path(
    get,
    path = "/api/v1/public/articles/{id}",
    tag = "公开",
    description = "一篇已发布文章，内容与网站页面所示一致（经审核的版本，正文为净化后的 HTML）。未发布、已撤下或所在网站未开设时为未找到。",
    params(("id" = i64, Path, description = "文章 id")),
    responses(
        (status = 200, description = "文章", body = ArticleView, example = json!({"id": 12, "site": "6207020001", "column": 3, "title": "关于春节假期办事安排的通知", "body": "<p>……</p>", "source": "区政务服务中心", "published_at": "2026-01-20 09:00", "attachments": ["办事指南.pdf"]})),
        (status = 400, description = "id 不是整数", body = ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "路径参数不正确"}})),
        (status = 404, description = "文章未发布、已撤下，或网站未开设", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到：文章 99"}})),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn article(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<Json<ArticleView>, ApiError> {
    limit(&state, &ip)?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError(platform::Error::invalid("路径参数不正确")))?;
    let missing = || ApiError(platform::Error::not_found(format!("文章 {id}")));
    let db = &state.platform.db;
    let article = read::published_article(db, ArticleId(id))
        .await?
        .filter(|article| article.withdrawn_at.is_none())
        .ok_or_else(missing)?;
    let profile = state.profile().await?;
    let site = read::site(db, article.site, &profile).await?;
    if !site.serving {
        return Err(missing());
    }
    Ok(Json(ArticleView {
        id,
        site: site.registration.site_code.clone(),
        column: article.column.0,
        title: article.content.title,
        body: article.content.body,
        source: article.content.source,
        published_at: minute_of(article.published_at.millis()),
        attachments: article.attachments.into_iter().map(|m| m.label).collect(),
    }))
}
