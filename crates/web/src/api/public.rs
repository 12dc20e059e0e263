//! The public paths of `/api/v1` (issue 22), without a key: the item catalogue and the
//! published guides (SVC-ITEM-LIFE: published versions only), the portal's announcements,
//! and the case status and 12345 progress by number and query code. Every lookup by number
//! and code takes a token of the one lookup bucket of the pages (issue 12 finding 3) and uses
//! the pages' own use cases, so a wrong number and a wrong code are the same `not_found` and
//! wrong codes lock the number for a while (`platform::query_code`).

use axum::Json;
use axum::extract::{Path, State};
use calendar::Instant;
use platform::Error;
use platform::db::now_ms;
use platform::workcal;
use serde::{Deserialize, Serialize};
use services::usecase::catalogue::{self, CatalogueFilter};
use utoipa::ToSchema;

use super::extract::ApiQuery;
use crate::AppState;
use crate::chrome::minute_of;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ClientIp;

/// Catalogue requests per minute of one client.
const CATALOGUE_PER_MINUTE: u32 = 120;

fn limit(state: &AppState, ip: &str) -> Result<(), ApiError> {
    if state.limiter.allow("api-public", ip, CATALOGUE_PER_MINUTE) {
        Ok(())
    } else {
        Err(ApiError(Error::TooManyRequests))
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemsQuery {
    /// 事项名称或编码的一部分。
    #[serde(default)]
    q: String,
    /// 页码，从 1 开始，每页 20 条。
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemRow {
    /// 事项编码。
    code: String,
    /// 事项名称。
    name: String,
    /// 实施主体。
    department: String,
    /// 事项类型（中文）。
    item_type: String,
    /// 办件类型（中文）。
    case_type: String,
    /// 承诺办结时限（工作日）。
    promised_days: u32,
    /// 是否受理申请（未暂停）。
    accepts_applications: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ItemList {
    total: i64,
    page: u32,
    pages: u32,
    items: Vec<ItemRow>,
}

async fn unit_name(state: &AppState, id: i64) -> String {
    platform::units::get(&state.platform.db, id)
        .await
        .map(|unit| unit.name)
        .unwrap_or_default()
}

/// The published catalogue, 20 items a page.
#[utoipa::path(
    get,
    path = "/api/v1/public/items",
    tag = "公开",
    description = "政务服务事项目录（仅已发布版本），按名称或编码筛选，每页 20 条。无需密钥，按客户端限流。",
    params(
        ("q" = Option<String>, Query, description = "事项名称或编码的一部分"),
        ("page" = Option<u32>, Query, description = "页码，从 1 开始")
    ),
    responses(
        (status = 200, description = "事项目录的一页", body = ItemList, example = json!({"total": 1, "page": 1, "pages": 1, "items": [{"code": "XK-001", "name": "个体工商户设立登记", "department": "区市场监督管理局", "item_type": "行政许可", "case_type": "承诺件", "promised_days": 3, "accepts_applications": true}]})),
        (status = 400, description = "参数有误（未知参数、类型错误）", body = ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "查询参数不正确：unknown field `x`"}})),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn items(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(query): ApiQuery<ItemsQuery>,
) -> Result<Json<ItemList>, ApiError> {
    limit(&state, &ip)?;
    let q = query.q.trim();
    let filter = CatalogueFilter {
        name: (!q.is_empty()).then(|| q.chars().take(50).collect()),
        page: query.page.unwrap_or(1).max(1),
        ..CatalogueFilter::default()
    };
    let page = catalogue::catalogue(&state.platform.db, &filter).await?;
    let mut items = Vec::with_capacity(page.entries.len());
    for entry in page.entries {
        items.push(ItemRow {
            department: unit_name(&state, entry.department.0).await,
            code: entry.code,
            name: entry.name,
            item_type: entry.item_type.label_zh().into(),
            case_type: entry.case_type.label_zh().into(),
            promised_days: entry.promised_days,
            accepts_applications: entry.accepts_applications,
        });
    }
    Ok(Json(ItemList {
        total: page.total,
        page: page.page,
        pages: page.pages,
        items,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ItemGuide {
    code: String,
    /// 已发布版本号。
    version: u32,
    /// 是否受理申请。
    accepts_applications: bool,
    /// 办事指南全部要素（SVC-ITEM-FIELDS），字段与事项记录一致。
    #[schema(value_type = Object)]
    guide: serde_json::Value,
}

/// The published guide of one item.
#[utoipa::path(
    get,
    path = "/api/v1/public/items/{code}",
    tag = "公开",
    description = "单个事项的办事指南（SVC-ITEM-LIFE：只返回已发布版本，变更待审期间仍为原发布版本）。",
    params(("code" = String, Path, description = "事项编码")),
    responses(
        (status = 200, description = "已发布的办事指南", body = ItemGuide, example = json!({"code": "XK-001", "version": 2, "accepts_applications": true, "guide": {"basic": {"main_name": "个体工商户设立登记"}}})),
        (status = 404, description = "事项不存在或未发布", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到已发布的事项 XK-404"}})),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn item(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Result<Json<ItemGuide>, ApiError> {
    limit(&state, &ip)?;
    let code: String = code.trim().chars().take(64).collect();
    // SVC-ITEM-LIFE: the public sees the published version only.
    let published = services::usecase::items::published_item(&state.platform.db, &code)
        .await?
        .ok_or_else(|| Error::not_found(format!("已发布的事项 {code}")))?;
    let guide = serde_json::to_value(&published.item)
        .map_err(|error| Error::Unexpected(anyhow::anyhow!(error)))?;
    Ok(Json(ItemGuide {
        code: published.code,
        version: published.version,
        accepts_applications: published.accepts_applications,
        guide,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AnnouncementView {
    id: i64,
    title: String,
    body: String,
    /// 发布时间（北京时间，精确到分）。
    published_at: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// 页码，从 1 开始。
    #[serde(default)]
    page: Option<u32>,
}

/// The portal's announcements, 20 a page.
#[utoipa::path(
    get,
    path = "/api/v1/public/announcements",
    tag = "公开",
    description = "门户通知公告，新的在前，每页 20 条（不填页码为最新 20 条）。",
    params(("page" = Option<u32>, Query, description = "页码，从 1 开始，最多 100 页")),
    responses(
        (status = 200, description = "通知公告", body = [AnnouncementView], example = json!([{"id": 1, "title": "春节假期办事安排", "body": "……", "published_at": "2026-01-20 09:00"}])),
        (status = 429, description = "请求过于频繁", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn announcements(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Vec<AnnouncementView>>, ApiError> {
    limit(&state, &ip)?;
    let page = i64::from(query.page.unwrap_or(1).clamp(1, 100));
    let rows = platform::announcements::latest(&state.platform.db, page * 20).await?;
    Ok(Json(
        rows.into_iter()
            .skip(usize::try_from((page - 1) * 20).unwrap_or(0))
            .map(|a| AnnouncementView {
                id: a.id,
                title: a.title,
                body: a.body,
                published_at: minute_of(a.published_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// 办件编号或诉求编号。
    number: String,
    /// 查询码（登记时告知）。
    code: String,
}

#[derive(Serialize, ToSchema)]
pub struct StepView {
    name: String,
    unit: String,
    start: String,
    end: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CaseStatusView {
    number: String,
    /// 办件状态编码。
    status: String,
    /// 办件状态（中文）。
    status_label: String,
    /// 承诺办结时间（已受理后）。
    promised_due: Option<String>,
    steps: Vec<StepView>,
}

fn lookup_refused(error: Error) -> ApiError {
    match error {
        // Neither the number nor the code can be probed: both are the same answer.
        Error::NotFound(_) => ApiError(Error::not_found("编号或查询码不正确")),
        other => ApiError(other),
    }
}

/// SVC-STATUS: a case by number and query code.
#[utoipa::path(
    get,
    path = "/api/v1/public/cases/status",
    tag = "公开",
    description = "按办件编号和查询码查询办件进度（SVC-STATUS）。编号或查询码错误一律返回 not_found，不透露编号是否存在；连续错误会暂时锁定该编号（too_many_requests）。与门户查询页共用每客户端每分钟 20 次的查询额度。",
    params(
        ("number" = String, Query, description = "办件编号"),
        ("code" = String, Query, description = "查询码")
    ),
    responses(
        (status = 200, description = "办件进度", body = CaseStatusView, example = json!({"number": "BJ20260301000001", "status": "accepted", "status_label": "已受理", "promised_due": "2026-03-06 17:00", "steps": [{"name": "受理", "unit": "区市场监督管理局", "start": "2026-03-01 09:12", "end": "2026-03-01 09:30"}]})),
        (status = 400, description = "参数缺失或有误", body = ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "查询参数不正确：missing field `code`"}})),
        (status = 404, description = "编号或查询码不正确", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到编号或查询码不正确"}})),
        (status = 429, description = "查询过于频繁或编号已暂时锁定", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn case_status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(query): ApiQuery<LookupQuery>,
) -> Result<Json<CaseStatusView>, ApiError> {
    // Issue 12 finding 3: the one lookup bucket of every page.
    if !state.limiter.allow_lookup(&ip) {
        return Err(ApiError(Error::TooManyRequests));
    }
    let calendar = workcal::load_current(&state.platform.db).await?;
    let now = Instant::from_millis(now_ms());
    let view = services::usecase::case_status(
        &state.platform.db,
        &state.platform.key,
        query.number.trim(),
        query.code.trim(),
        &calendar,
        now,
    )
    .await
    .map_err(lookup_refused)?;
    let mut steps = Vec::with_capacity(view.steps.len());
    for step in view.steps {
        let unit = match step.unit {
            Some(unit) => unit_name(&state, unit.0).await,
            None => String::new(),
        };
        steps.push(StepView {
            name: step.name,
            unit,
            start: minute_of(step.start.millis()),
            end: step.end.map(|end| minute_of(end.millis())),
        });
    }
    Ok(Json(CaseStatusView {
        number: view.number,
        status: view.status.code().into(),
        status_label: view.status.label_zh().into(),
        promised_due: view.promised_due.map(|due| minute_of(due.millis())),
        steps,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct StageView {
    at: String,
    stage: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    number: String,
    category: String,
    /// 当前阶段（群众视角）。
    stage: String,
    stages: Vec<StageView>,
    /// 已答复时的答复内容。
    reply: Option<String>,
}

/// The 12345 order's progress by number and query code.
#[utoipa::path(
    get,
    path = "/api/v1/public/hotline/progress",
    tag = "公开",
    description = "按诉求编号和查询码查询 12345 诉求进度。编号或查询码错误一律返回 not_found，不透露编号是否存在；与门户查询页共用查询额度。",
    params(
        ("number" = String, Query, description = "诉求编号"),
        ("code" = String, Query, description = "查询码")
    ),
    responses(
        (status = 200, description = "诉求进度", body = ProgressView, example = json!({"number": "12345202603010001", "category": "投诉", "stage": "办理中", "stages": [{"at": "2026-03-01 10:02", "stage": "已受理"}], "reply": null})),
        (status = 400, description = "参数缺失或有误", body = ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "查询参数不正确：missing field `number`"}})),
        (status = 404, description = "编号或查询码不正确", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到编号或查询码不正确"}})),
        (status = 429, description = "查询过于频繁或编号已暂时锁定", body = ErrorBody, example = json!({"error": {"code": "too_many_requests", "message": "请求过于频繁，请稍后再试"}}))
    )
)]
pub async fn hotline_progress(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(query): ApiQuery<LookupQuery>,
) -> Result<Json<ProgressView>, ApiError> {
    use hotline::order::{Status, citizen_stage, citizen_steps};
    if !state.limiter.allow_lookup(&ip) {
        return Err(ApiError(Error::TooManyRequests));
    }
    let view = hotline::usecase::find_by_number(
        &state.platform.db,
        &state.platform.key,
        query.number.trim(),
        query.code.trim(),
    )
    .await
    .map_err(lookup_refused)?;
    let history = hotline::usecase::history(&state.platform.db, view.appeal_id).await?;
    let changes: Vec<(i64, Status)> = history
        .iter()
        .filter(|row| matches!(row.kind.as_str(), "registered" | "transitioned"))
        .filter_map(|row| {
            let to = row.to_status.as_deref()?;
            let status = Status::ALL.into_iter().find(|s| s.code() == to)?;
            Some((row.at, status))
        })
        .collect();
    let stages = citizen_steps(&changes)
        .into_iter()
        .map(|(at, stage)| StageView {
            at: minute_of(at),
            stage: stage.label_zh().into(),
        })
        .collect();
    let replied = matches!(
        view.status,
        Status::Replied
            | Status::UnderReview
            | Status::AwaitingReviewForm
            | Status::FormUnderReview
            | Status::Closed
            | Status::Archived
    );
    // HL-REPLY: the result is the appellant's once the hotline has replied.
    let reply = view
        .order
        .results
        .last()
        .filter(|_| replied)
        .map(|r| r.result.clone());
    Ok(Json(ProgressView {
        number: view.number,
        category: hotline::appeal::Category::parse(&view.category)
            .map(|c| c.label_zh().to_owned())
            .unwrap_or(view.category),
        stage: citizen_stage(view.status).label_zh().into(),
        stages,
        reply,
    }))
}
