//! The 12345 orders' and the ratings' incremental exports (issue 22), on the same cursor and
//! NDJSON page as the cases' ([`super::export`]). Neither carries personal data: an order is
//! exported without the appellant and the content, a rating without the rater's contact.

use axum::extract::State;
use axum::response::{IntoResponse as _, Response};
use platform::db::now_ms;
use serde::Serialize;
use utoipa::ToSchema;

use super::export::{ExportQuery, ndjson, rfc3339, start, unit_names};
use super::extract::ApiQuery;
use super::keys::{KeyCaller, Need};
use crate::AppState;
use crate::error::ApiError;

/// One 12345 order in the fields of the 12345 data exchange.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderRecord {
    /// 工单编号 (caseNo).
    case_no: String,
    /// 诉求类型 (caseType).
    case_type: String,
    /// 来源渠道 (caseSource).
    case_source: String,
    /// 工单状态 (caseStatus).
    case_status: String,
    /// 主办单位 (handleDeptName)，未派单时为空。
    handle_dept_name: String,
    /// 登记时间 (createTime).
    create_time: String,
    /// 最近变更时间 (updateTime).
    update_time: String,
}

/// One rating in the fields of the national 好差评 data exchange.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingRecord {
    /// 评价编号 (evaluateNo).
    evaluate_no: String,
    /// 被评对象类型 (subjectType)：svc_case 办件、hotline_order 工单等。
    subject_type: String,
    /// 被评对象编号 (projectNo).
    project_no: String,
    /// 事项编码 (taskCode).
    task_code: Option<String>,
    /// 被评单位 (deptName).
    dept_name: String,
    /// 评价渠道 (pf)：web、mobile、hall、phone、sms。
    pf: String,
    /// 评价等级 (alternate)：1 非常不满意 … 5 非常满意。
    alternate: i64,
    /// 评价内容 (writingEvaluation)，已去除其中的个人信息。
    writing_evaluation: String,
    /// 评价时间 (assessTime).
    assess_time: String,
}

fn fault(error: impl Into<platform::Error>) -> Response {
    ApiError(error.into()).into_response()
}

/// 12345 orders changed since the cursor.
#[utoipa::path(
    get,
    path = "/api/v1/export/orders",
    tag = "系统对接",
    description = "12345 工单增量导出（需读取权限的系统密钥）：游标、分页与续传同办件导出。不含诉求人信息与诉求内容；密钥单位范围以外的工单（按主办单位）不导出。",
    params(
        ("cursor" = Option<String>, Query, description = "上次返回的 X-Next-Cursor，首次不填"),
        ("limit" = Option<i64>, Query, description = "每页条数 1–500，默认 500")
    ),
    security(("system_key" = [])),
    responses(
        (status = 200, description = "一页工单（NDJSON）", content_type = "application/x-ndjson", body = OrderRecord,
         headers(("X-Next-Cursor" = String, description = "下一页游标"), ("X-More" = String, description = "是否还有下一页：true/false")),
         example = json!({"caseNo": "GZ20260301000001", "caseType": "suggestion", "caseSource": "web", "caseStatus": "dispatched", "handleDeptName": "区住房和城乡建设局", "createTime": "2026-03-01T10:02:00+08:00", "updateTime": "2026-03-01T10:30:00+08:00"})),
        (status = 400, description = "游标无效或参数有误", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_cursor", "message": "游标无效：请使用本密钥上次导出返回的游标"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥"}})),
        (status = 403, description = "密钥无读取权限", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无读取权限"}}))
    )
)]
pub async fn orders(
    State(state): State<AppState>,
    caller: KeyCaller,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, Response> {
    caller.require(&state, Need::Read).await?;
    let now = now_ms();
    let (cursor, limit) = start(&caller, &query, "orders", now).map_err(|e| *e)?;
    let rows =
        hotline::export::orders_since(&state.platform.db, cursor.at, cursor.id, now, limit + 1)
            .await
            .map_err(fault)?;
    let more = rows.len() as i64 > limit;
    let units = unit_names(&state).await.map_err(|e| e.into_response())?;
    let mut lines = Vec::new();
    let mut last = None;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(0)) {
        last = Some(platform::syskeys::Cursor {
            at: row.updated_at,
            id: row.id,
        });
        // A key limited to units sees the orders those units lead.
        let lead = row.lead_unit;
        if !caller.key.scope.units.is_empty() && !lead.is_some_and(|u| caller.key.scope.reaches(u))
        {
            continue;
        }
        let record = OrderRecord {
            case_no: row.number,
            case_type: row.category,
            case_source: row.channel,
            case_status: row.status,
            handle_dept_name: lead
                .and_then(|u| units.get(&u).cloned())
                .unwrap_or_default(),
            create_time: rfc3339(row.created_at),
            update_time: rfc3339(row.updated_at),
        };
        lines.push(
            serde_json::to_string(&record)
                .map_err(|e| fault(platform::Error::Unexpected(e.into())))?,
        );
    }
    let next = last.unwrap_or(cursor).encode(&caller.key, "orders");
    Ok(ndjson(lines, Some(next), more))
}

/// Ratings given since the cursor.
#[utoipa::path(
    get,
    path = "/api/v1/export/ratings",
    tag = "系统对接",
    description = "好差评评价增量导出（需读取权限的系统密钥）：按评价时间与 id 顺序，游标、分页与续传同办件导出；字段名采用全国政务服务“好差评”数据交换的命名。不含评价人联系方式，评价内容中的个人信息已去除；密钥单位范围以外的评价不导出。",
    params(
        ("cursor" = Option<String>, Query, description = "上次返回的 X-Next-Cursor，首次不填"),
        ("limit" = Option<i64>, Query, description = "每页条数 1–500，默认 500")
    ),
    security(("system_key" = [])),
    responses(
        (status = 200, description = "一页评价（NDJSON）", content_type = "application/x-ndjson", body = RatingRecord,
         headers(("X-Next-Cursor" = String, description = "下一页游标"), ("X-More" = String, description = "是否还有下一页：true/false")),
         example = json!({"evaluateNo": "31", "subjectType": "svc_case", "projectNo": "SV20260301000001", "taskCode": "GZ-RS-0001", "deptName": "区人力资源和社会保障局", "pf": "hall", "alternate": 5, "writingEvaluation": "办事很快", "assessTime": "2026-03-02T15:00:00+08:00"})),
        (status = 400, description = "游标无效或参数有误", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_cursor", "message": "游标时间晚于当前时间，已拒绝"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥"}})),
        (status = 403, description = "密钥无读取权限", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无读取权限"}}))
    )
)]
pub async fn ratings(
    State(state): State<AppState>,
    caller: KeyCaller,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, Response> {
    caller.require(&state, Need::Read).await?;
    let now = now_ms();
    let (cursor, limit) = start(&caller, &query, "ratings", now).map_err(|e| *e)?;
    let rows = platform::evaluation::export::ratings_since(
        &state.platform.db,
        cursor.at,
        cursor.id,
        now,
        limit + 1,
    )
    .await
    .map_err(fault)?;
    let more = rows.len() as i64 > limit;
    let units = unit_names(&state).await.map_err(|e| e.into_response())?;
    let mut lines = Vec::new();
    let mut last = None;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(0)) {
        last = Some(platform::syskeys::Cursor {
            at: row.created_at,
            id: row.id,
        });
        if !caller.key.scope.reaches(row.unit) {
            continue;
        }
        let record = RatingRecord {
            evaluate_no: row.id.to_string(),
            subject_type: row.subject_type,
            project_no: row.subject_id,
            task_code: row.item_code,
            dept_name: units.get(&row.unit).cloned().unwrap_or_default(),
            pf: row.channel,
            alternate: row.level,
            writing_evaluation: platform::privacy::redact(&row.comment, None),
            assess_time: rfc3339(row.created_at),
        };
        lines.push(
            serde_json::to_string(&record)
                .map_err(|e| fault(platform::Error::Unexpected(e.into())))?,
        );
    }
    let next = last.unwrap_or(cursor).encode(&caller.key, "ratings");
    Ok(ndjson(lines, Some(next), more))
}
