//! `/search` (WEB-SEARCH): the results page with its filters — category (信息/政策文件/
//! 办事指南/问答/互动/图片/文件), site, unit, date range — highlighted snippets, paging,
//! 您是不是要找 when a homophone was corrected and the synonyms searched too; the suggestions
//! as the user types; and `GET /api/v1/search`. Whatever is typed answers a page (results or
//! an empty list with a hint), never an error: parameters are read as text and checked here.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use platform::db::now_ms;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use search::searching::{MAX_PAGE, PER_PAGE};
use search::{Answer, Kind, Request};

/// The most characters of a parameter read.
const PARAM_CHARS: usize = 200;

/// The query string: every parameter optional text (a bad value is ignored, never refused).
#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    page: String,
}

/// The query string read leniently: one that does not parse (a bad escape, a repeated key)
/// searches nothing instead of answering an error page.
pub struct Lenient(SearchParams);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Lenient {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let read = axum::extract::Query::<SearchParams>::from_request_parts(parts, state).await;
        Ok(Lenient(read.map(|query| query.0).unwrap_or_default()))
    }
}

fn cut(text: &str) -> String {
    text.chars().take(PARAM_CHARS).collect()
}

/// Midnight (China time) of a `YYYY-MM-DD` date, in milliseconds.
fn day_start(text: &str) -> Option<i64> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
    Some(midnight - 8 * 3600 * 1000)
}

impl SearchParams {
    fn request(&self, now: i64) -> Request {
        let site = cut(&self.site);
        Request {
            query: cut(&self.q),
            kind: Kind::from_code(self.kind.trim()),
            site: (!site.trim().is_empty()).then(|| site.trim().to_owned()),
            unit: self.unit.trim().parse().ok(),
            from: day_start(&self.from),
            until: day_start(&self.until).map(|start| start + 24 * 3600 * 1000),
            page: self.page.trim().parse().unwrap_or(1).clamp(1, MAX_PAGE),
            now,
        }
    }
}

/// Searches and counts the query for the hot keywords (WEB-SEARCH: per day, never who
/// asked; the first page only, so paging does not count twice). A failure of the index or
/// of the count answers an empty result, never an error page.
async fn answer_of(state: &AppState, request: &Request) -> Answer {
    let live = state.search.get().await;
    let answer = match live.engine.search(request) {
        Ok(answer) => answer,
        Err(error) => {
            tracing::warn!("search failed: {error:#}");
            Answer::default()
        }
    };
    if request.page == 1 && !answer.query.is_empty() {
        let day = search::stats::day_of(request.now);
        if let Err(error) =
            search::stats::count_query(live.db(), &day, &answer.query, answer.total == 0).await
        {
            tracing::warn!("search query not counted: {error:#}");
        }
    }
    answer
}

/// A link or option of the page.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub current: bool,
}

/// A result as the page shows it.
pub struct HitView {
    pub kind: &'static str,
    pub title_html: String,
    pub url: String,
    pub snippet_html: String,
    pub date: String,
    pub abolished: bool,
    /// A picture file shown small beside its result (图片).
    pub thumbnail: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/search.html")]
pub struct SearchPage {
    chrome: Chrome,
    q: String,
    kinds: Vec<Choice>,
    sites: Vec<Choice>,
    units: Vec<Choice>,
    from: String,
    until: String,
    answer: Answer,
    hits: Vec<HitView>,
    corrected_href: String,
    clear_href: String,
    pages: Vec<(usize, String, bool)>,
    prev_href: Option<String>,
    next_href: Option<String>,
    searched: bool,
}

fn href(params: &SearchParams, kind: &str, page: usize) -> String {
    let mut out = format!(
        "/search?q={}",
        search::store::url_component(&cut(&params.q))
    );
    for (name, value) in [
        ("type", kind),
        ("site", params.site.as_str()),
        ("unit", params.unit.as_str()),
        ("from", params.from.as_str()),
        ("until", params.until.as_str()),
    ] {
        if !value.trim().is_empty() {
            out.push_str(&format!(
                "&{name}={}",
                search::store::url_component(&cut(value))
            ));
        }
    }
    if page > 1 {
        out.push_str(&format!("&page={page}"));
    }
    out
}

/// `GET /search`: WEB-SEARCH — the results page.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    params: Lenient,
) -> Result<SearchPage, PageError> {
    let Lenient(params) = params;
    let request = params.request(now_ms());
    let answer = answer_of(&state, &request).await;
    let db = &state.platform.db;
    let current_kind = request.kind.map(Kind::code).unwrap_or_default();
    let mut kinds = vec![Choice {
        value: href(&params, "", 1),
        label: "全部".into(),
        current: request.kind.is_none(),
    }];
    kinds.extend(Kind::ALL.iter().map(|kind| Choice {
        value: href(&params, kind.code(), 1),
        label: kind.label().into(),
        current: request.kind == Some(*kind),
    }));
    let sites = search::stats::sites(db)
        .await?
        .into_iter()
        .map(|(code, name)| Choice {
            current: request.site.as_deref() == Some(code.as_str()),
            value: code,
            label: name,
        })
        .collect();
    let units = platform::units::list(db)
        .await?
        .into_iter()
        .map(|unit| Choice {
            current: request.unit == Some(unit.id),
            value: unit.id.to_string(),
            label: unit.name,
        })
        .collect();
    let hits = answer
        .hits
        .iter()
        .map(|hit| HitView {
            kind: hit.kind.label(),
            title_html: hit.title_html.clone(),
            url: hit.url.clone(),
            thumbnail: (hit.kind == search::Kind::Image && hit.url.contains("/files/"))
                .then(|| hit.url.clone()),
            snippet_html: hit.snippet_html.clone(),
            date: search::stats::day_of(hit.date),
            abolished: hit.abolished,
        })
        .collect();
    let last = answer.total.div_ceil(PER_PAGE).clamp(1, MAX_PAGE);
    let pages = (1..=last)
        .filter(|p| p.abs_diff(request.page) <= 4 || *p == 1 || *p == last)
        .map(|p| (p, href(&params, current_kind, p), p == request.page))
        .collect();
    let corrected_href = answer
        .corrected
        .as_deref()
        .map(|q| format!("/search?q={}", search::store::url_component(q)))
        .unwrap_or_default();
    Ok(SearchPage {
        chrome: Chrome::public(&state, &csrf).await?,
        q: cut(&params.q),
        kinds,
        sites,
        units,
        from: cut(&params.from),
        until: cut(&params.until),
        searched: !answer.query.is_empty(),
        prev_href: (request.page > 1).then(|| href(&params, current_kind, request.page - 1)),
        next_href: (request.page < last).then(|| href(&params, current_kind, request.page + 1)),
        answer,
        hits,
        corrected_href,
        clear_href: format!(
            "/search?q={}",
            search::store::url_component(&cut(&params.q))
        ),
        pages,
    })
}

/// The suggestions for what is being typed.
#[derive(Serialize, ToSchema)]
pub struct Suggestions {
    pub suggestions: Vec<String>,
}

/// `GET /search/suggest?q=`: titles to pick from as the user types (JSON).
pub async fn suggest(State(state): State<AppState>, Lenient(params): Lenient) -> Response {
    let typed = cut(&params.q);
    let suggestions = if typed.trim().is_empty() {
        Vec::new()
    } else {
        state.search.get().await.engine.suggest(&typed, now_ms())
    };
    Json(Suggestions { suggestions }).into_response()
}

/// One result of the API.
#[derive(Serialize, ToSchema)]
pub struct ApiHit {
    /// info, policy, guide, faq, interact, image or file.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    /// Where the public reads it (a path of this server).
    pub url: String,
    /// A passage with the matched words in `<b>` (escaped HTML).
    pub snippet: String,
    /// Published on (YYYY-MM-DD, China time).
    pub date: String,
    /// Abolished or expired (PUB-ABOLISH): ranked below valid documents.
    pub abolished: bool,
}

/// The API's answer.
#[derive(Serialize, ToSchema)]
pub struct ApiAnswer {
    /// How many documents match: exact when `total_exact`, else at least this many (matches
    /// are counted up to 1,000; every page there is lies within them).
    pub total: usize,
    pub total_exact: bool,
    pub took_ms: f64,
    pub hits: Vec<ApiHit>,
    /// 您是不是要找: the corrected query the results are for, when a homophone was corrected.
    pub corrected: Option<String>,
}

/// WEB-SEARCH: searches everything public. `q` is read as text (at most 100 characters; quotes
/// make a phrase, nothing else is syntax); `type` one of info, policy, guide, faq, interact,
/// image, file; `site` a site's code; `page` from 1 (10 results a page, at most 50 pages).
/// Bad values are ignored, never an error.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(
        ("q" = Option<String>, Query, description = "搜索词"),
        ("type" = Option<String>, Query, description = "info|policy|guide|faq|interact|image|file"),
        ("site" = Option<String>, Query, description = "网站标识码"),
        ("page" = Option<u32>, Query, description = "页码，从 1 开始")
    ),
    tag = "公开",
    description = "全站搜索（WEB-SEARCH）：检索所有公开内容，每页 10 条，最多 50 页。参数有误时按默认处理，不报错。",
    responses(
        (status = 200, description = "搜索结果", body = ApiAnswer, example = json!({"total": 1, "total_exact": true, "took_ms": 3, "hits": [{"kind": "guide", "title": "个体工商户设立登记", "url": "/services/items/XK-001", "snippet": "办理<em>营业执照</em>", "date": "2026-03-01", "abolished": false}]})),
        (status = 500, description = "内部错误", body = crate::error::ErrorBody, example = json!({"error": {"code": "internal", "message": "系统内部错误"}}))
    )
)]
pub async fn api(State(state): State<AppState>, Lenient(params): Lenient) -> Response {
    let request = params.request(now_ms());
    let answer = answer_of(&state, &request).await;
    let body = ApiAnswer {
        total: answer.total,
        total_exact: answer.total_exact,
        took_ms: answer.took_ms,
        hits: answer
            .hits
            .into_iter()
            .map(|hit| ApiHit {
                kind: hit.kind.code().into(),
                title: hit.title,
                url: hit.url,
                snippet: hit.snippet_html,
                date: search::stats::day_of(hit.date),
                abolished: hit.abolished,
            })
            .collect(),
        corrected: answer.corrected,
    };
    (StatusCode::OK, Json(body)).into_response()
}
