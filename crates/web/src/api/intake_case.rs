//! `POST /api/v1/intake/cases` (issue 22): a walk-in case registered by another system (a
//! hall's self-service machine, a township's window system) through the same use case as
//! the clerk's walk-in registration (`services::backoffice::register_walk_in`; 000 §中心-20
//! 窗口受理, SVC-ACCEPT, SVC-NO-RESUBMIT): the key needs write scope and must reach the
//! window's unit; every problem of the body is told at once and nothing is stored; the
//! materials come in base64 and are checked by content (`Policy::MATERIAL`) as uploads are.

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine as _;
use platform::db::now_ms;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use serde::{Deserialize, Serialize};
use services::backoffice::{self, WalkInFile};
use services::email::ApplicantEmail;
use services::enterprise::{CreditCode, Enterprise, EnterpriseName};
use services::usecase::Applicant;
use services::{ApplicantId, UnitId};
use utoipa::ToSchema;

use super::intake::{CASE_BODY, bytes, idempotency_key, invalid, once, parse, refused};
use super::keys::{KeyCaller, Need};
use crate::AppState;

/// Characters of a file's name kept in its label.
const NAME_CHARS: usize = 60;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantInput {
    /// 申请人（或企业经办人）姓名。
    name: String,
    /// 公民身份号码（GB 11643，含校验位）。
    id_no: String,
    /// 手机号码，可不填。
    #[serde(default)]
    phone: Option<String>,
    /// 电子邮箱，可不填；填写后以邮件推送办理进度（SVC-STATUS），加密保存。
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseInput {
    /// 企业名称。
    name: String,
    /// 统一社会信用代码（GB 32100，含校验位）。
    credit_code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialInput {
    /// 材料编码（见办事指南 materials[].code）。
    code: String,
    /// 文件名，如 身份证.pdf。
    file_name: String,
    /// 文件内容（标准 base64）；按内容检查类型与大小。
    content_base64: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCaseInput {
    /// 已发布事项的编码。
    item_code: String,
    /// 受理窗口所在单位 id（须在密钥的单位范围内）。
    window_unit: i64,
    applicant: ApplicantInput,
    /// 企业办事时填写（事项面向法人时必填）。
    #[serde(default)]
    enterprise: Option<EnterpriseInput>,
    /// 扫描的申请材料；已在材料库或证照库中的可不传（SVC-NO-RESUBMIT）。
    #[serde(default)]
    materials: Vec<MaterialInput>,
}

/// The case registered: its number and query code, shown to the applicant once.
#[derive(Serialize, ToSchema)]
pub struct CaseCreated {
    /// 办件编号。
    number: String,
    /// 查询码：仅此一次返回，请交给申请人。
    query_code: String,
    /// 复用的材料编码（材料库或证照库中已有，未要求再交）。
    reused: Vec<String>,
}

/// The applicant read whole: every problem at once.
fn applicant_of(input: &NewCaseInput) -> Result<Applicant, Vec<String>> {
    let mut problems = Vec::new();
    let name = PersonName::parse(input.applicant.name.trim())
        .map_err(|e| problems.push(format!("applicant.name：{e}")))
        .ok();
    let id_no = CitizenIdNo::parse(input.applicant.id_no.trim())
        .map_err(|e| problems.push(format!("applicant.id_no：{e}")))
        .ok();
    let phone = match input.applicant.phone.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(text) => PhoneNumber::parse(text)
            .map(Some)
            .map_err(|e| problems.push(format!("applicant.phone：{e}")))
            .ok(),
    };
    // SVC-STATUS: the optional address for progress mails.
    let email = match input.applicant.email.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(text) => ApplicantEmail::parse(text)
            .map(Some)
            .map_err(|e| problems.push(format!("applicant.email：{e}")))
            .ok(),
    };
    let enterprise = match &input.enterprise {
        None => Some(None),
        Some(given) => {
            let name = EnterpriseName::parse(&given.name)
                .map_err(|e| problems.push(format!("enterprise.name：{e}")));
            let code = CreditCode::parse(&given.credit_code)
                .map_err(|e| problems.push(format!("enterprise.credit_code：{e}")));
            match (name, code) {
                (Ok(name), Ok(credit_code)) => Some(Some(Enterprise { name, credit_code })),
                _ => None,
            }
        }
    };
    match (name, id_no, phone, email, enterprise) {
        (Some(name), Some(id_no), Some(phone), Some(email), Some(enterprise))
            if problems.is_empty() =>
        {
            Ok(Applicant {
                account: ApplicantId(0),
                name,
                id_no,
                phone,
                // As at the window: the system saw the applicant; it plans its own reuse.
                email,
                phone_proof: None,
                enterprise,
            })
        }
        _ => Err(problems),
    }
}

/// A material as sent: its code, its file's name and its content.
type Decoded = (String, String, Vec<u8>);

/// The materials decoded; their labels are set once the item is known.
fn decoded(input: &NewCaseInput) -> Result<Vec<Decoded>, Vec<String>> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (index, material) in input.materials.iter().enumerate() {
        let code = material.code.trim();
        if input.materials[..index]
            .iter()
            .any(|other| other.code.trim() == code)
        {
            problems.push(format!("materials[{index}]：材料“{code}”只能传一个文件"));
            continue;
        }
        match base64::engine::general_purpose::STANDARD.decode(material.content_base64.trim()) {
            Ok(content) => files.push((code.to_owned(), material.file_name.clone(), content)),
            Err(_) => problems.push(format!(
                "materials[{index}].content_base64：不是有效的 base64 内容"
            )),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Registers a walk-in case.
#[utoipa::path(
    post,
    path = "/api/v1/intake/cases",
    tag = "系统对接",
    description = "登记窗口收件（需写入权限的系统密钥，且受理窗口单位在密钥范围内）：与窗口人员“窗口收件登记”同一用例——事项须已发布，申请人身份号码、手机号与企业信用代码逐项校验，材料按内容检查，必要材料未交且材料库、证照库中也没有时拒绝（SVC-NO-RESUBMIT）。请求体出现未知字段、类型不符或任何一项有误时整体拒绝，不作修改，所有问题一次说明。必须带 Idempotency-Key 请求头：同一键重试返回第一次的结果（Idempotent-Replayed: true），不会重复登记。",
    params(("Idempotency-Key" = String, Header, description = "幂等键：每次新的登记使用唯一值（建议 UUID），重试时使用同一值")),
    request_body(content = NewCaseInput, description = "窗口收件", example = json!({"item_code": "GZ-RS-0001", "window_unit": 12, "applicant": {"name": "张三", "id_no": "11010519491231002X", "phone": "13800138000", "email": "zhangsan@example.com"}, "materials": [{"code": "id_card", "file_name": "身份证.pdf", "content_base64": "JVBERi0xLjQK..."}]})),
    security(("system_key" = [])),
    responses(
        (status = 201, description = "已登记：办件编号与查询码（查询码仅此一次返回）", body = CaseCreated, example = json!({"number": "SV20260301000001", "query_code": "K7MX-3QPA", "reused": []})),
        (status = 400, description = "请求有误：未知字段、类型不符、缺少幂等键、申请人信息或材料有误（逐项说明）", body = crate::error::ErrorBody, example = json!({"error": {"code": "invalid_input", "message": "applicant.id_no：公民身份号码校验位不正确；缺少必要材料“身份证”"}})),
        (status = 401, description = "缺少、未知或已吊销的系统密钥", body = crate::error::ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "缺少或无效的系统密钥"}})),
        (status = 403, description = "密钥无写入权限，或窗口单位不在密钥范围内", body = crate::error::ErrorBody, example = json!({"error": {"code": "out_of_scope", "message": "该系统密钥无权访问此单位的数据"}})),
        (status = 404, description = "事项不存在或未发布", body = crate::error::ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到：事项 GZ-RS-9999 不存在或未发布"}})),
        (status = 409, description = "使用同一幂等键的请求尚未完成", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_in_progress", "message": "使用该幂等键的上一次请求尚未完成，请稍后重试"}})),
        (status = 422, description = "幂等键已用于另一请求", body = crate::error::ErrorBody, example = json!({"error": {"code": "idempotency_key_reused", "message": "该幂等键已用于另一请求（路径或内容不同）：新的请求请使用新的幂等键"}}))
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: KeyCaller,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match case(&state, &caller, &headers, body).await {
        Ok(response) | Err(response) => response,
    }
}

async fn case(
    state: &AppState,
    caller: &KeyCaller,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    caller.require(state, Need::Write).await?;
    let idem = idempotency_key(headers).map_err(refused)?;
    let raw = bytes(body, CASE_BODY).await.map_err(refused)?;
    let input: NewCaseInput = parse(&raw).map_err(refused)?;
    caller.require_unit(state, input.window_unit).await?;
    let db = &state.platform.db;
    match platform::units::get(db, input.window_unit).await {
        Ok(unit) if unit.active => {}
        Ok(_) | Err(platform::Error::NotFound(_)) => {
            return Err(invalid(format!(
                "window_unit：单位 {} 不存在或已停用",
                input.window_unit
            )));
        }
        Err(error) => return Err(refused(error)),
    }
    let mut problems = Vec::new();
    let applicant = applicant_of(&input).map_err(|p| problems.extend(p)).ok();
    let files = decoded(&input).map_err(|p| problems.extend(p)).ok();
    let (Some(applicant), Some(files), true) = (applicant, files, problems.is_empty()) else {
        return Err(invalid(problems.join("；")));
    };
    Ok(once(state, caller, &idem, &raw, || {
        register(state, caller, &input, applicant, files)
    })
    .await)
}

async fn register(
    state: &AppState,
    caller: &KeyCaller,
    input: &NewCaseInput,
    applicant: Applicant,
    files: Vec<Decoded>,
) -> Result<CaseCreated, Response> {
    let db = &state.platform.db;
    let code = input.item_code.trim();
    let published = services::usecase::published_item(db, code)
        .await
        .map_err(refused)?
        .ok_or_else(|| {
            refused(platform::Error::not_found(format!(
                "事项 {code} 不存在或未发布"
            )))
        })?;
    let list = published.item.materials.list();
    let mut problems = Vec::new();
    let mut uploads = Vec::new();
    for (code, file_name, bytes) in files {
        let Some(material) = list.iter().find(|m| m.code == code) else {
            problems.push(format!("本事项不需要材料“{code}”"));
            continue;
        };
        let shown: String = file_name.trim().chars().take(NAME_CHARS).collect();
        let upload = platform::attachments::Upload {
            label: if shown.is_empty() {
                material.name.clone()
            } else {
                format!("{}（{shown}）", material.name)
            },
            file_name: shown,
            bytes,
        };
        // Checked by content, as an upload at the window is.
        match platform::attachments::Policy::MATERIAL.check(&upload) {
            Ok(_) => uploads.push(WalkInFile { code, upload }),
            Err(error) => problems.push(error.to_string()),
        }
    }
    let holder = applicant.holder_lookup(&state.platform.key);
    let now = calendar::Instant::from_millis(now_ms());
    let reusable = backoffice::walk_in_reusable(db, &published.item, &holder, now)
        .await
        .map_err(refused)?;
    for material in list {
        let missing = material.required
            && !uploads.iter().any(|file| file.code == material.code)
            && !reusable.contains(&material.code)
            && !problems.iter().any(|p| p.contains(&material.name));
        if missing {
            problems.push(format!("缺少必要材料“{}”", material.name));
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems.join("；")));
    }
    let profile = state.profile().await.map_err(refused)?;
    let calendar = platform::workcal::load_current(db).await.map_err(refused)?;
    let actor = platform::syskeys::audit_actor(&caller.key, &caller.ip);
    let submission = backoffice::register_walk_in(
        db,
        &platform::workflow::Context::new(&state.platform.key, &actor, &calendar, &profile, now),
        &published.code,
        applicant,
        UnitId(input.window_unit),
        uploads,
    )
    .await
    .map_err(refused)?;
    Ok(CaseCreated {
        number: submission.number,
        query_code: submission.query_code,
        reused: submission.reused.into_iter().map(|m| m.code).collect(),
    })
}
