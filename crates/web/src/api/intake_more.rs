//! `POST /api/v1/intake/orders` and `POST /api/v1/intake/ratings` (issue 22): a 12345 order
//! registered by another system (the city's 12345 platform, a WeChat mini-program) through
//! the operator's use case (`hotline::usecase::register_appeal`, HL-REGISTER), and a rating
//! pushed by a hall's evaluation terminal through the hall terminal's use case
//! (`services::usecase::online::rate_case_stage`, EVAL-ALL, EVAL-BAD). Both need a key with
//! write scope that reaches the unit concerned (the 12345 centre; the window's unit), carry
//! an `Idempotency-Key` ([`super::intake`]) and store nothing when refused.

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use hotline::appeal::{Category, Channel, Origin};
use hotline::usecase::{Appellant, NewAppeal};
use platform::db::now_ms;
use platform::evaluation::{EvaluationStage, Level};
use platform::units::UnitKind;
use serde::{Deserialize, Serialize};
use services::usecase::online::Rater;
use utoipa::ToSchema;

use super::intake::{SMALL_BODY, bytes, idempotency_key, invalid, once, parse, refused};
use super::keys::{KeyCaller, Need};
use crate::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppellantInput {
    /// 诉求人姓名，可不填（匿名）。
    #[serde(default)]
    name: Option<String>,
    /// 联系电话，可不填。
    #[serde(default)]
    phone: Option<String>,
    /// 联系地址，可不填。
    #[serde(default)]
    address: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrderInput {
    /// 受理渠道：phone 电话、web 网站、app 移动应用、wechat 微信、letter 来信。
    channel: String,
    /// 诉求类别：consultation_help 咨询求助、suggestion 意见建议、complaint_report 投诉举报、other 其他。
    category: String,
    /// 诉求内容。
    content: String,
    /// 事发地点。
    location: String,
    /// 诉求人信息。
    #[serde(default)]
    appellant: Option<AppellantInput>,
    /// 是否涉及个人隐私（不公开）。
    #[serde(default)]
    private: bool,
    /// 诉求人同意公开诉求内容（不含个人信息）。
    #[serde(default)]
    publish_consent: bool,
    /// 诉求人要求承办单位不直接联系本人。
    #[serde(default)]
    confidential: bool,
    /// 省级派件的到期时间（RFC 3339）；本级诉求不填。
    #[serde(default)]
    province_due: Option<String>,
}

/// The order registered.
#[derive(Serialize, ToSchema)]
pub struct OrderCreated {
    /// 工单编号。
    number: String,
    /// 查询码：仅此一次返回，请交给诉求人。
    query_code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRatingInput {
    /// 办件编号。
    number: String,
    /// 评价等级：1 非常满意、2 满意、3 基本满意、4 不满意、5 非常不满意。
    level: i64,
    /// 评价的环节：consultation 咨询预约、acceptance 申请受理、decision 审查决定、delivery 结果送达；不填为整个办件（办结后）。
    #[serde(default)]
    stage: Option<String>,
    /// 评价内容，可不填。
    #[serde(default)]
    comment: String,
    /// 评价器所在窗口的单位 id（须在密钥范围内，且受理或办理了该办件）。
    window_unit: i64,
}

/// The rating recorded.
#[derive(Serialize, ToSchema)]
pub struct RatingCreated {
    /// 评价编号。
    evaluation_id: i64,
    /// 差评时为被评单位开启的整改编号（EVAL-BAD），好评为空。
    rectification_id: Option<i64>,
}

fn province_due(text: Option<&str>) -> platform::Result<Option<calendar::Instant>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map(|at| Some(calendar::Instant::from_millis(at.timestamp_millis())))
            .map_err(|_| {
                platform::Error::invalid(
                    "province_due：应为 RFC 3339 时间，如 2026-12-08T18:00:00+08:00",
                )
            }),
    }
}

fn appeal_of(input: &NewOrderInput) -> platform::Result<NewAppeal> {
    let due = province_due(input.province_due.as_deref())?;
    let given = |f: fn(&AppellantInput) -> &Option<String>| {
        input
            .appellant
            .as_ref()
            .and_then(|a| f(a).clone())
            .unwrap_or_default()
    };
    Ok(NewAppeal {
        channel: Channel::parse(&input.channel).map_err(platform::Error::from)?,
        category: Category::parse(&input.category).map_err(platform::Error::from)?,
        origin: if due.is_some() {
            Origin::Province
        } else {
            Origin::Local
        },
        content: input.content.clone(),
        location: input.location.clone(),
        is_private: input.private,
        publish_consent: input.publish_consent,
        confidential: input.confidential,
        province_due: due,
        appellant: Appellant::parse(
            &given(|a| &a.name),
            &given(|a| &a.phone),
            &given(|a| &a.address),
            "",
        )?,
        ip: None,
    })
}

/// Registers a 12345 order.
#[utoipa::path(
    post,
    path = "/api/v1/intake/orders",
    tag = "系统对接",
    description = "登记 12345 诉求（需写入权限的系统密钥；密钥限定单位时须包含 12345 热线中心）：与话务员登记同一用例（HL-REGISTER），登记后按热线规则计时、派单。未知字段、类型不符、类别或渠道未知、内容为空时整体拒绝，不作修改。必须带 Idempotency-Key 请求头：同一键重试返回第一次的结果，不会重复登记。",
    params(("Idempotency-Key" = String, Header, description = "幂等键：每次新的登记使用唯一值（建议 UUID），重试时使用同一值")),
    request_body(content = NewOrderInput, description = "12345 诉求", example = json!({"channel": "wechat", "category": "suggestion", "content": "建议在某某小区门口增设公交站", "location": "某某路 8 号", "appellant": {"name": "李四", "phone": "13900139000"}, "publish_consent": true})),
    security(("system_key" = [])),
    responses(
        (status = 201, description = "已登记：工单编号与查询码（查询码仅此一次返回）", body = OrderCreated, example = json!({"number": "GZ20260301000001", "query_code": "K7MX-3QPA"})),
        (status = 400, description = "请求有误：未知字段、类型不符、缺少幂等键、类别或渠道未知、内容为空", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "未知的诉求类别“praise”"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥"}})),
        (status = 403, description = "密钥无写入权限，或不含 12345 热线中心", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无写入权限"}})),
        (status = 409, description = "使用同一幂等键的请求尚未完成", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_in_progress", "message": "使用该幂等键的上一次请求尚未完成，请稍后重试"}})),
        (status = 422, description = "幂等键已用于另一请求", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_key_reused", "message": "该幂等键已用于另一请求（路径或内容不同）：新的请求请使用新的幂等键"}}))
    )
)]
pub async fn order(
    State(state): State<AppState>,
    caller: KeyCaller,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match register_order(&state, &caller, &headers, body).await {
        Ok(response) | Err(response) => response,
    }
}

async fn register_order(
    state: &AppState,
    caller: &KeyCaller,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    caller.require(state, Need::Write).await?;
    let idem = idempotency_key(headers).map_err(refused)?;
    let raw = bytes(body, SMALL_BODY).await.map_err(refused)?;
    let input: NewOrderInput = parse(&raw).map_err(refused)?;
    let db = &state.platform.db;
    let centre = platform::units::list(db)
        .await
        .map_err(refused)?
        .into_iter()
        .find(|unit| unit.kind == UnitKind::HotlineCentre)
        .ok_or_else(|| invalid("尚未设置12345热线中心单位，无法登记诉求"))?;
    caller.require_unit(state, centre.id).await?;
    let new = appeal_of(&input).map_err(refused)?;
    Ok(once(state, caller, &idem, &raw, || async {
        let actor = platform::syskeys::audit_actor(&caller.key, &caller.ip);
        let registration = hotline::usecase::register_appeal(
            db,
            &state.platform.key,
            &actor,
            new,
            calendar::Instant::from_millis(now_ms()),
        )
        .await
        .map_err(refused)?;
        Ok(OrderCreated {
            number: registration.number,
            query_code: registration.query_code,
        })
    })
    .await)
}

/// Records a rating from a hall terminal.
#[utoipa::path(
    post,
    path = "/api/v1/intake/ratings",
    tag = "系统对接",
    description = "推送大厅评价器的好差评（需写入权限的系统密钥，评价器窗口单位在密钥范围内）：与大厅评价页同一用例（EVAL-ALL，渠道 hall）——窗口单位须受理或办理了该办件，整个办件须办结、某一环节须完成后才能评价；差评为被评单位开启整改（EVAL-BAD）。有误时整体拒绝，不作修改。必须带 Idempotency-Key 请求头：同一键重试返回第一次的结果，不会重复评价。",
    params(("Idempotency-Key" = String, Header, description = "幂等键：每次新的评价使用唯一值（建议 UUID），重试时使用同一值")),
    request_body(content = NewRatingInput, description = "一次评价", example = json!({"number": "SV20260301000001", "level": 1, "stage": "acceptance", "comment": "窗口服务热情", "window_unit": 12})),
    security(("system_key" = [])),
    responses(
        (status = 201, description = "已记录评价", body = RatingCreated, example = json!({"evaluation_id": 31, "rectification_id": null})),
        (status = 400, description = "请求有误：未知字段、类型不符、缺少幂等键、等级或环节有误、办件尚不能评价、非本窗口受理或办理", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "该办件不是本窗口受理或办理的，不能在此评价"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥"}})),
        (status = 403, description = "密钥无写入权限，或窗口单位不在密钥范围内", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无权访问此单位的数据"}})),
        (status = 404, description = "办件编号不存在", body = crate::error::ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到：办件编号或查询码不正确"}})),
        (status = 409, description = "该环节已评价过，或使用同一幂等键的请求尚未完成", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_in_progress", "message": "使用该幂等键的上一次请求尚未完成，请稍后重试"}})),
        (status = 422, description = "幂等键已用于另一请求", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_key_reused", "message": "该幂等键已用于另一请求（路径或内容不同）：新的请求请使用新的幂等键"}}))
    )
)]
pub async fn rating(
    State(state): State<AppState>,
    caller: KeyCaller,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match push_rating(&state, &caller, &headers, body).await {
        Ok(response) | Err(response) => response,
    }
}

async fn push_rating(
    state: &AppState,
    caller: &KeyCaller,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    caller.require(state, Need::Write).await?;
    let idem = idempotency_key(headers).map_err(refused)?;
    let raw = bytes(body, SMALL_BODY).await.map_err(refused)?;
    let input: NewRatingInput = parse(&raw).map_err(refused)?;
    caller.require_unit(state, input.window_unit).await?;
    let level = Level::from_level(input.level).map_err(refused)?;
    let stage =
        EvaluationStage::parse(input.stage.as_deref().unwrap_or_default()).map_err(refused)?;
    let db = &state.platform.db;
    Ok(once(state, caller, &idem, &raw, || async {
        let actor = platform::syskeys::audit_actor(&caller.key, &caller.ip);
        let calendar = platform::workcal::load_current(db).await.map_err(refused)?;
        let profile = state.profile().await.map_err(refused)?;
        // The terminal's system names the window, not a clerk (EVAL-ALL, channel hall).
        let rater = Rater::HallTerminal {
            clerk_user_id: None,
            clerk_unit: input.window_unit,
        };
        let rated = services::usecase::online::rate_case_stage(
            db,
            &platform::workflow::Context::new(
                &state.platform.key,
                &actor,
                &calendar,
                &profile,
                calendar::Instant::from_millis(now_ms()),
            ),
            input.number.trim(),
            rater,
            stage,
            level,
            &input.comment,
        )
        .await
        .map_err(refused)?;
        Ok(RatingCreated {
            evaluation_id: rated.evaluation_id,
            rectification_id: rated.rectification_id,
        })
    })
    .await)
}
