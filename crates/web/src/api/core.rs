//! The platform's own paths of `/api/v1`: health, the jurisdiction, and the staff session's
//! user, units and rule profile. Staff endpoints use the back-office session cookie;
//! state-changing calls need the `X-CSRF-Token` header.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use platform::access::{self, Op};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::staff::ApiStaff;

#[derive(Serialize, ToSchema)]
pub struct HealthView {
    /// `ok` when the database answers.
    status: String,
    /// `SQLite` or `PostgreSQL`.
    backend: String,
}

/// Service and database state.
#[utoipa::path(get, path = "/api/v1/health", tag = "平台", description = "服务与数据库状态，无需登录。", responses((status = 200, description = "服务正常", body = HealthView, example = json!({"status": "ok", "backend": "SQLite"})), (status = 500, description = "内部错误（原因不对外说明）", body = ErrorBody, example = json!({"error": {"code": "internal", "message": "系统内部错误"}}))))]
pub async fn health(State(state): State<AppState>) -> Result<Json<HealthView>, ApiError> {
    state.platform.db.ping().await?;
    Ok(Json(HealthView {
        status: "ok".into(),
        backend: state.platform.db.backend.name().into(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct JurisdictionView {
    code: String,
    name: String,
    host_unit: String,
    site_code: String,
    icp_number: String,
    police_number: String,
    contact_phone: String,
    contact_address: String,
}

/// The public identity of the jurisdiction (the WEB-FOOTER elements).
#[utoipa::path(get, path = "/api/v1/jurisdiction", tag = "平台", description = "辖区的公开标识（网站页脚要素：主办单位、网站标识码、ICP 备案号、公安备案号、联系方式），无需登录。", responses((status = 200, description = "辖区信息", body = JurisdictionView, example = json!({"code": "330106", "name": "西湖区", "host_unit": "西湖区人民政府办公室", "site_code": "3301060001", "icp_number": "浙ICP备00000000号", "police_number": "浙公网安备 33010602000000号", "contact_phone": "0571-00000000", "contact_address": "某某路 1 号"})), (status = 404, description = "尚未设置辖区", body = ErrorBody, example = json!({"error": {"code": "not_found", "message": "未找到辖区"}})), (status = 500, description = "内部错误（原因不对外说明）", body = ErrorBody, example = json!({"error": {"code": "internal", "message": "系统内部错误"}}))))]
pub async fn jurisdiction(
    State(state): State<AppState>,
) -> Result<Json<JurisdictionView>, ApiError> {
    let j = platform::jurisdiction::require_current(&state.platform.db).await?;
    Ok(Json(JurisdictionView {
        code: j.code,
        name: j.name,
        host_unit: j.host_unit,
        site_code: j.site_code,
        icp_number: j.icp_number,
        police_number: j.police_number,
        contact_phone: j.contact_phone,
        contact_address: j.contact_address,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    user_id: i64,
    username: String,
    display_name: String,
    unit_id: i64,
    unit_name: String,
    /// Role codes, e.g. `hotline_operator`.
    roles: Vec<String>,
}

/// The logged-in staff user.
#[utoipa::path(get, path = "/api/v1/me", tag = "平台", description = "当前登录的工作人员（后台会话 Cookie）。", responses((status = 200, description = "当前用户", body = MeView, example = json!({"user_id": 7, "username": "hl_op", "display_name": "话务员甲", "unit_id": 3, "unit_name": "12345热线", "roles": ["hotline_operator"]})), (status = 401, description = "未登录：需工作人员会话", body = ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "请先登录"}}))))]
pub async fn me(ApiStaff(staff): ApiStaff) -> Json<MeView> {
    let actor = staff.actor;
    Json(MeView {
        user_id: actor.user_id,
        username: actor.username,
        display_name: actor.display_name,
        unit_id: actor.unit_id,
        unit_name: actor.unit_name,
        roles: actor.roles.iter().map(|r| r.code().to_owned()).collect(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    id: i64,
    parent_id: Option<i64>,
    code: String,
    name: String,
    /// `department`, `township`, `street`, `village`, `hotline_centre`, …
    kind: String,
    active: bool,
}

/// The unit tree, depth-first.
#[utoipa::path(get, path = "/api/v1/units", tag = "平台", description = "单位树，深度优先；需工作人员会话。", responses((status = 200, description = "单位列表", body = [UnitView], example = json!([{"id": 1, "parent_id": null, "code": "GOV", "name": "区人民政府", "kind": "department", "active": true}])), (status = 401, description = "未登录：需工作人员会话", body = ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "请先登录"}})), (status = 403, description = "无权访问", body = ErrorBody, example = json!({"error": {"code": "forbidden", "message": "无权进行此操作"}}))))]
pub async fn units(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<Vec<UnitView>>, ApiError> {
    if !access::units(&staff.actor, Op::View) {
        return Err(ApiError(platform::Error::Forbidden));
    }
    let units = platform::units::list(&state.platform.db).await?;
    Ok(Json(
        units
            .into_iter()
            .map(|u| UnitView {
                id: u.id,
                parent_id: u.parent_id,
                code: u.code,
                name: u.name,
                kind: u.kind.code().into(),
                active: u.active,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ProfileView {
    preset: String,
    /// Every field of the rule profile by dotted key, e.g. `"hotline.sign": "1wh"`.
    #[schema(value_type = Object)]
    values: BTreeMap<String, serde_json::Value>,
}

/// The jurisdiction's rule profile.
#[utoipa::path(get, path = "/api/v1/profile", tag = "平台", description = "辖区规则配置（按点分键列出全部取值）；系统管理员与安全管理员可读。", responses((status = 200, description = "规则配置", body = ProfileView, example = json!({"preset": "national", "values": {"hotline.sign": "1wh"}})), (status = 401, description = "未登录：需工作人员会话", body = ErrorBody, example = json!({"error": {"code": "unauthenticated", "message": "请先登录"}})), (status = 403, description = "无权访问", body = ErrorBody, example = json!({"error": {"code": "forbidden", "message": "无权进行此操作"}}))))]
pub async fn profile(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<ProfileView>, ApiError> {
    if !access::profile(&staff.actor, Op::View) {
        return Err(ApiError(platform::Error::Forbidden));
    }
    let j = platform::jurisdiction::require_current(&state.platform.db).await?;
    Ok(Json(ProfileView {
        preset: j.profile_preset,
        values: j.profile.leaves()?.into_iter().collect(),
    }))
}
