//! Incremental exports of the keyed API (issue 22): cases, 12345 orders and ratings since a
//! cursor, as NDJSON (one JSON object a line) in the field names of the national 办件 and
//! 好差评 data exchange (documented on each record type). Rows come in (change time, id)
//! order; `X-Next-Cursor` is the opaque, key-bound cursor past the last row read and
//! `X-More: true` says another page waits, so an interrupted export resumes from its last
//! cursor. A cursor of another key or export, a changed one or one from the future is
//! refused (`invalid_cursor`). Rows outside the key's units are skipped, never sent.
//! Personal data is masked unless the key's scope is unmasked, and then each field sent in
//! clear writes its `unmask` audit row (the services' `reveal_applicant`).

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use calendar::Instant;
use chrono::Offset as _;
use platform::db::now_ms;
use platform::syskeys::{self, Cursor};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::ApiQuery;
use super::keys::{KeyCaller, Need};
use crate::AppState;
use crate::error::{ApiError, json_error};

/// Rows of one page unless the caller asks for fewer.
const PAGE: i64 = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// 上次导出返回的 X-Next-Cursor；首次导出不填。
    #[serde(default)]
    cursor: Option<String>,
    /// 每页条数，1–500，默认 500。
    #[serde(default)]
    limit: Option<i64>,
}

/// One case in the fields of the national 办件 data exchange.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseRecord {
    /// 办件编号 (projectNo).
    project_no: String,
    /// 事项编码 (taskCode).
    task_code: String,
    /// 实施机构 id (deptCode).
    dept_code: String,
    /// 实施机构名称 (deptName).
    dept_name: String,
    /// 申请人姓名 (applyerName)，默认脱敏。
    applyer_name: String,
    /// 申请人证件号码 (applyerPageCode)，默认脱敏。
    applyer_page_code: String,
    /// 申请人手机 (applyerMobile)，默认脱敏。
    applyer_mobile: Option<String>,
    /// 办件状态编码 (handleState).
    handle_state: String,
    /// 办件状态名称 (handleStateName).
    handle_state_name: String,
    /// 申请时间 (applyDate)，RFC 3339，北京时间。
    apply_date: String,
    /// 最近变更时间 (updateDate).
    update_date: String,
}

pub(super) fn rfc3339(ms: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Utc.fix());
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&offset).to_rfc3339())
        .unwrap_or_default()
}

fn invalid_cursor(error: platform::Error) -> Response {
    json_error(StatusCode::BAD_REQUEST, "invalid_cursor", error.to_string())
}

/// The page: NDJSON lines and the cursor headers.
pub(super) fn ndjson(lines: Vec<String>, next: Option<String>, more: bool) -> Response {
    let mut body = lines.join("\n");
    if !body.is_empty() {
        body.push('\n');
    }
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson; charset=utf-8"),
    );
    if let Some(next) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
        headers.insert("x-next-cursor", next);
    }
    headers.insert(
        "x-more",
        HeaderValue::from_static(if more { "true" } else { "false" }),
    );
    response
}

/// The start of a page: the key's cursor or the beginning, and the page size.
pub(super) fn start(
    caller: &KeyCaller,
    query: &ExportQuery,
    export: &str,
    now: i64,
) -> Result<(Cursor, i64), Box<Response>> {
    let cursor = match query.cursor.as_deref().map(str::trim) {
        None | Some("") => Cursor {
            at: i64::MIN,
            id: 0,
        },
        Some(text) => Cursor::decode(text, &caller.key, export, now)
            .map_err(|error| Box::new(invalid_cursor(error)))?,
    };
    let limit = query.limit.unwrap_or(PAGE);
    if !(1..=PAGE).contains(&limit) {
        return Err(Box::new(json_error(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            format!("limit 须为 1 到 {PAGE} 之间的整数"),
        )));
    }
    Ok((cursor, limit))
}

pub(super) async fn unit_names(
    state: &AppState,
) -> Result<std::collections::HashMap<i64, String>, ApiError> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Cases changed since the cursor.
#[utoipa::path(
    get,
    path = "/api/v1/export/cases",
    tag = "系统对接",
    description = "办件增量导出（需读取权限的系统密钥）：按变更时间与 id 顺序返回游标之后变更的办件，每行一个 JSON 对象（NDJSON），字段名采用全国一体化政务服务平台办件数据交换的命名。响应头 X-Next-Cursor 为下次导出的游标（与本密钥绑定，不透明），X-More 为 true 时还有下一页；中断后用最后一次的游标续传。密钥单位范围以外的办件不导出。申请人信息默认脱敏，密钥允许明文时逐字段记录审计。",
    params(
        ("cursor" = Option<String>, Query, description = "上次返回的 X-Next-Cursor，首次不填"),
        ("limit" = Option<i64>, Query, description = "每页条数 1–500，默认 500")
    ),
    security(("system_key" = [])),
    responses(
        (status = 200, description = "一页办件（NDJSON）", content_type = "application/x-ndjson", body = CaseRecord,
         headers(("X-Next-Cursor" = String, description = "下一页游标"), ("X-More" = String, description = "是否还有下一页：true/false")),
         example = json!({"projectNo": "SV20260301000001", "taskCode": "GZ-RS-0001", "deptCode": "12", "deptName": "区人力资源和社会保障局", "applyerName": "张*", "applyerPageCode": "110105********002X", "applyerMobile": "138****5678", "handleState": "accepted", "handleStateName": "已受理", "applyDate": "2026-03-01T09:12:00+08:00", "updateDate": "2026-03-01T09:30:00+08:00"})),
        (status = 400, description = "游标无效、属于其他密钥或晚于当前时间；参数有误", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_cursor", "message": "游标不属于本密钥或本导出，已拒绝"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥：请在 Authorization 头中以 Bearer 方式提供有效密钥"}})),
        (status = 403, description = "密钥无读取权限", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无读取权限"}}))
    )
)]
pub async fn cases(
    State(state): State<AppState>,
    caller: KeyCaller,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, Response> {
    caller.require(&state, Need::Read).await?;
    let now = now_ms();
    let (cursor, limit) = start(&caller, &query, "cases", now).map_err(|e| *e)?;
    let fault = |error: platform::Error| ApiError(error).into_response();
    let rows =
        services::export::cases_since(&state.platform.db, cursor.at, cursor.id, now, limit + 1)
            .await
            .map_err(fault)?;
    let more = rows.len() as i64 > limit;
    let units = unit_names(&state).await.map_err(|e| e.into_response())?;
    let mut lines = Vec::new();
    let mut last = None;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(0)) {
        last = Some(Cursor {
            at: row.updated_at,
            id: row.id,
        });
        // Rows outside the key's units are read past, never sent.
        if !caller.key.scope.reaches(row.department) {
            continue;
        }
        let status = services::case::Status::ALL
            .into_iter()
            .find(|s| s.code() == row.status);
        let applicant = applicant(&state, &caller, row.id).await.map_err(fault)?;
        let record = CaseRecord {
            project_no: row.number,
            task_code: row.item_code,
            dept_code: row.department.to_string(),
            dept_name: units.get(&row.department).cloned().unwrap_or_default(),
            applyer_name: applicant.name,
            applyer_page_code: applicant.id_no,
            applyer_mobile: applicant.phone,
            handle_state_name: status.map(|s| s.label_zh().to_owned()).unwrap_or_default(),
            handle_state: row.status,
            apply_date: rfc3339(row.created_at),
            update_date: rfc3339(row.updated_at),
        };
        lines.push(
            serde_json::to_string(&record)
                .map_err(|e| fault(platform::Error::Unexpected(e.into())))?,
        );
    }
    let next = last.unwrap_or(cursor).encode(&caller.key, "cases");
    Ok(ndjson(lines, Some(next), more))
}

/// The applicant masked, or in clear with one `unmask` audit row per field sent.
async fn applicant(
    state: &AppState,
    caller: &KeyCaller,
    id: i64,
) -> platform::Result<services::backoffice::MaskedApplicant> {
    let db = &state.platform.db;
    let case = services::CaseId(id);
    if !caller.key.scope.unmasked {
        return services::backoffice::masked_applicant(db, &state.platform.key, case).await;
    }
    let actor = syskeys::audit_actor(&caller.key, &caller.ip);
    let key = state.platform.key.clone();
    let now = Instant::from_millis(now_ms());
    let clear = db
        .write(move |tx| {
            Box::pin(async move {
                services::backoffice::reveal_applicant(tx, &key, &actor, case, now).await
            })
        })
        .await?;
    Ok(clear)
}
