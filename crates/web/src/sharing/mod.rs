//! Government data sharing over HTTP (issue 20; DATA-*). The gateway `GET /share/v1/{resource}`
//! with `Authorization: Bearer <code>` (DATA-CALL, DATA-GRANT; 000 共享 §5(一), §12), answered
//! by [`sharing::call::Gateway`], which checks the code and the grant, reads only the granted
//! fields, and logs every call, allowed or refused, in the chained call log before this
//! handler sends anything. Not a back-office route: the code is the credential, so it has no
//! session guard row; a malformed resource or query is still a logged call.
//!
//! The office pages under `/office/sharing/` ([`table`]): the catalogue (`entries`,
//! `entry_form`: register, review and publish, change under its clock, resources offline,
//! withdrawal), requests (`requests`: apply for named fields; decide, refuse with reason and
//! basis, forward upward and record the upper level's decision), grants (`grants`: the
//! consumer's grants, the code shown once; suspend, revoke, terminate) and the call log with
//! usage statistics and their Excel export (`usage`), the monthly usage report per resource and
//! consumer with its Excel book (`reports`, DATA-MAINT), quality problems and misuse reports
//! (`quality`, DATA-QUALITY), and planned maintenance with its notices (`maintenance`,
//! DATA-MAINT, SEC-NOTICE; the grants page shows the service-stopping ones too), and the
//! register of platform accounts with the handovers of staff changes (`accounts`,
//! DATA-ACCOUNTS). Every write is a `sharing::usecase`; the
//! guards are `platform::access::sharing_*`; an entry, request or grant of another unit is not
//! found. The read-only CKAN action API over the published catalogue is `ckan`.

mod accounts;
mod ckan;
mod entries;
mod entry_form;
mod grants;
mod maintenance;
mod quality;
mod reports;
mod requests;
mod usage;

use axum::http::Method;
use axum::routing::post;
use platform::access;

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};
pub(super) use crate::openness::subject::{Clocks, name_in, refused, unit_names};
use crate::staff::Staff;

/// A catalogue entry's id in a path.
pub(crate) struct EntryNo(pub i64);
path_id!(EntryNo, "数据目录");

/// A request's id in a path.
pub(crate) struct RequestNo(pub i64);
path_id!(RequestNo, "共享申请");

/// A grant's id in a path.
pub(crate) struct GrantNo(pub i64);
path_id!(GrantNo, "授权");

/// A quality or misuse report's id in a path.
pub(crate) struct ReportNo(pub i64);
path_id!(ReportNo, "报告");

/// A maintenance announcement's id in a path.
pub(crate) struct MaintenanceNo(pub i64);
path_id!(MaintenanceNo, "维护通知");

/// A handover's id in a path (DATA-ACCOUNTS).
pub(crate) struct HandoverNo(pub i64);
path_id!(HandoverNo, "交接记录");

/// The back office of data sharing: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let catalogue = || S(access::sharing_catalogue);
    let requests = || S(access::sharing_requests);
    let grants = || S(access::sharing_grants);
    let usage = || S(access::sharing_statistics);
    vec![
        route(
            Method::GET,
            "/office/sharing/entries",
            catalogue(),
            axum::routing::get(entries::list),
        ),
        route(
            Method::GET,
            "/office/sharing/entries/new",
            catalogue(),
            axum::routing::get(entries::new_form),
        ),
        route(
            Method::POST,
            "/office/sharing/entries",
            catalogue(),
            post(entries::create),
        ),
        route(
            Method::GET,
            "/office/sharing/entries/{id}",
            catalogue(),
            axum::routing::get(entries::show),
        ),
        route(
            Method::GET,
            "/office/sharing/entries/{id}/edit",
            catalogue(),
            axum::routing::get(entries::edit_form),
        ),
        route(
            Method::POST,
            "/office/sharing/entries/{id}/edit",
            catalogue(),
            post(entries::edit),
        ),
        route(
            Method::POST,
            "/office/sharing/entries/{id}/command",
            catalogue(),
            post(entry_form::command),
        ),
        route(
            Method::GET,
            "/office/sharing/requests",
            requests(),
            axum::routing::get(requests::list),
        ),
        route(
            Method::GET,
            "/office/sharing/requests/new",
            requests(),
            axum::routing::get(requests::new_form),
        ),
        route(
            Method::POST,
            "/office/sharing/requests",
            requests(),
            post(requests::create),
        ),
        route(
            Method::GET,
            "/office/sharing/requests/{id}",
            requests(),
            axum::routing::get(requests::show),
        ),
        route(
            Method::POST,
            "/office/sharing/requests/{id}/command",
            requests(),
            post(requests::command),
        ),
        route(
            Method::GET,
            "/office/sharing/grants",
            grants(),
            axum::routing::get(grants::list),
        ),
        route(
            Method::POST,
            "/office/sharing/grants/{id}/code",
            grants(),
            post(grants::issue_code),
        ),
        route(
            Method::POST,
            "/office/sharing/grants/{id}/command",
            grants(),
            post(grants::command),
        ),
        route(
            Method::GET,
            "/office/sharing/quality",
            grants(),
            axum::routing::get(quality::list),
        ),
        route(
            Method::POST,
            "/office/sharing/quality",
            grants(),
            post(quality::create),
        ),
        route(
            Method::POST,
            "/office/sharing/quality/{id}/command",
            grants(),
            post(quality::command),
        ),
        route(
            Method::GET,
            "/office/sharing/maintenance",
            catalogue(),
            axum::routing::get(maintenance::list),
        ),
        route(
            Method::POST,
            "/office/sharing/maintenance",
            catalogue(),
            post(maintenance::create),
        ),
        route(
            Method::POST,
            "/office/sharing/maintenance/{id}/cancel",
            catalogue(),
            post(maintenance::cancel),
        ),
        // DATA-ACCOUNTS: the register of platform accounts and the staff changes' handovers.
        route(
            Method::GET,
            "/office/sharing/accounts",
            grants(),
            axum::routing::get(accounts::page),
        ),
        route(
            Method::POST,
            "/office/sharing/accounts",
            grants(),
            post(accounts::allocate),
        ),
        route(
            Method::GET,
            "/office/sharing/accounts/export",
            grants(),
            axum::routing::get(accounts::export),
        ),
        route(
            Method::POST,
            "/office/sharing/handovers",
            grants(),
            post(accounts::open),
        ),
        route(
            Method::POST,
            "/office/sharing/handovers/{id}/command",
            grants(),
            post(accounts::command),
        ),
        route(
            Method::GET,
            "/office/sharing/calls",
            usage(),
            axum::routing::get(usage::page),
        ),
        route(
            Method::GET,
            "/office/sharing/calls/export",
            usage(),
            axum::routing::get(usage::export),
        ),
        // DATA-MAINT: the monthly usage report (/office/sharing/reports) and its Excel book.
        route(
            Method::GET,
            "/office/sharing/reports",
            usage(),
            axum::routing::get(reports::page),
        ),
        route(
            Method::GET,
            "/office/sharing/reports/export",
            usage(),
            axum::routing::get(reports::export),
        ),
    ]
}

/// `?done=1` after a command (the pages of this office show a notice).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

impl Done {
    /// Whether the page follows a command that succeeded.
    pub(super) fn shown(&self) -> bool {
        self.done.is_some()
    }
}

/// What a command of the page at `path` answers: the page again with `?done=1`, or the page
/// `build` makes for `on` with the refusal's message (nothing changed).
pub(super) async fn answer<'a, P, Fut>(
    path: &str,
    outcome: platform::Result<()>,
    build: impl FnOnce(
        &'a crate::AppState,
        &'a crate::csrf::CsrfToken,
        &'a Staff,
        (Option<String>, bool),
    ) -> Fut,
    on: (&'a crate::AppState, &'a crate::csrf::CsrfToken, &'a Staff),
) -> Result<axum::response::Response, crate::error::PageError>
where
    Fut: std::future::Future<Output = Result<P, crate::error::PageError>>,
    P: axum::response::IntoResponse,
{
    let (state, csrf, staff) = on;
    crate::outcome::answer(outcome, format!("{path}?done=1"), |error| {
        build(state, csrf, staff, (Some(error), false))
    })
    .await
}

/// The acting user of the sharing use cases.
pub(super) fn acting(staff: &Staff) -> sharing::Acting {
    sharing::Acting::from(&staff.actor)
}

/// `text` when it is at most `max` characters, else the problem naming `what`.
pub(super) fn limited(text: &str, what: &str, max: usize) -> platform::Result<String> {
    if text.chars().count() > max {
        return Err(platform::Error::invalid(format!("{what}不能超过{max}个字")));
    }
    Ok(text.trim().to_owned())
}

/// The calendar and light rule of the clocks on a page.
pub(super) async fn clocks_of(
    state: &crate::AppState,
) -> Result<(calendar::Calendar, calendar::LightRule), crate::error::PageError> {
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(&state.platform.db).await?;
    Ok((calendar, platform::clocks::light_rule(&profile)))
}

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ErrorBody;

/// The CKAN action API (public, read-only). The gateway `GET /share/v1/{resource}` is a row
/// of the API's one route table (`crate::api::ROUTES`), so it is in the OpenAPI document.
pub fn routes() -> Router<AppState> {
    ckan::routes()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, code) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| code.trim().to_owned())
}

/// DATA-CALL: one gateway call.
#[utoipa::path(
    get,
    path = "/share/v1/{resource}",
    tag = "数据共享",
    description = "政务数据共享网关（DATA-CALL、DATA-GRANT）：使用部门以授权码（Authorization: Bearer，生成时只显示一次）读取获授权的平台托管库表。只返回授权字段（最小可用）：fields 指定授权范围内的字段（逗号分隔，缺省为全部授权字段）；其他参数为对授权字段的等值筛选（如 status=存续），筛选或读取授权范围外的字段一律拒绝并指明字段；page 从 1 开始，page_size 缺省 20、至多 100；format 为 json（缺省）或 csv。每次调用（含被拒绝的）在答复前记入 SM3 链式调用日志（使用部门、资源、字段、筛选、行数、字节、状态、耗时），日志写入失败则不答复数据（503）。按授权限制调用频率。",
    params(
        ("resource" = i64, Path, description = "资源编号：目录编号 × 100 + 资源序号（见共享目录或 CKAN 接口的资源地址）", example = 101),
        ("fields" = Option<String>, Query, description = "读取的字段代码，逗号分隔，须在授权范围内", example = "uscc,name,status"),
        ("page" = Option<u32>, Query, description = "页码，从 1 开始"),
        ("page_size" = Option<u32>, Query, description = "每页条数，缺省 20，至多 100"),
        ("format" = Option<String>, Query, description = "json（缺省）或 csv")
    ),
    responses(
        (status = 200, description = "一页数据，只含授权字段", content(
            ("application/json", example = json!({"page": 1, "page_size": 20, "count": 1, "rows": [{"uscc": "91620702MA00000001", "name": "张掖市甘州区张伟伟商贸有限公司", "status": "存续", "established": "2006-01-01"}]})),
            ("text/csv", example = "uscc,name,status\r\n91620702MA00000001,张掖市甘州区张伟伟商贸有限公司,存续\r\n")
        )),
        (status = 400, description = "查询参数有误（页码、每页条数超限、格式、筛选值过长）", body = ErrorBody, example = json!({"error": {"code": "page_too_large", "message": "每页最多 100 条，请分页读取"}})),
        (status = 401, description = "未提供授权码或授权码无效（响应带 WWW-Authenticate）", body = ErrorBody, example = json!({"error": {"code": "invalid_code", "message": "授权码无效"}})),
        (status = 403, description = "授权码不能调用此资源、授权已暂停、收回、终止或到期、生成授权码的平台账号正在办理人员交接（DATA-ACCOUNTS）、资源已下线，或读取、筛选了授权范围外的字段", body = ErrorBody, example = json!({"error": {"code": "field_not_granted", "message": "字段“legal_person”不在本授权范围内，不能读取或筛选（DATA-CALL）"}})),
        (status = 429, description = "调用过于频繁，超出本授权的频率限制", body = ErrorBody, example = json!({"error": {"code": "rate_limited", "message": "调用过于频繁，超出本授权的频率限制"}})),
        (status = 501, description = "该资源不是平台托管的库表（接口、文件资源尚不能经网关调用）", body = ErrorBody, example = json!({"error": {"code": "not_hosted", "message": "该资源不是平台托管的库表"}})),
        (status = 503, description = "资源或平台正在已通知的停机维护中（DATA-MAINT，提示维护起止时间），或调用日志暂不可写，本次调用未执行（宁可拒绝，不留无日志的调用）", body = ErrorBody, example = json!({"error": {"code": "log_unavailable", "message": "调用日志暂不可写，本次调用未执行，请稍后重试"}}))
    ),
    security(("share_code" = []))
)]
pub(crate) async fn call(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    // An unreadable resource id is resource 0: no grant names it, so the call is refused
    // (and logged) like any foreign one.
    let resource = resource.trim().parse::<i64>().unwrap_or(0);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let now = calendar::Instant::from_millis(platform::db::now_ms());
    let answer = state
        .sharing
        .call(bearer(&headers).as_deref(), resource, &pairs, now)
        .await;
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, answer.body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(answer.content_type),
    );
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"share\""),
        );
    }
    response
}
