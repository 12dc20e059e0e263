//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json` with a vendored Swagger UI at `/api/v1/docs/`. Staff endpoints use
//! the back-office session cookie; state-changing calls need the `X-CSRF-Token` header.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use platform::access::{self, Op};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorDetail};
use crate::staff::ApiStaff;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhengwu 政务平台接口",
        version = "1",
        description = "政务平台 JSON 接口。错误统一为 {\"error\": {\"code\", \"message\"}}，code 稳定可供程序判断，message 为中文说明。"
    ),
    paths(health, jurisdiction, me, units, profile, crate::search::portal::api),
    components(schemas(
        HealthView,
        JurisdictionView,
        MeView,
        UnitView,
        ProfileView,
        crate::search::portal::ApiAnswer,
        crate::search::portal::ApiHit,
        ErrorBody,
        ErrorDetail
    ))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/jurisdiction", get(jurisdiction))
        .route("/api/v1/me", get(me))
        .route("/api/v1/units", get(units))
        .route("/api/v1/profile", get(profile))
        .merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", ApiDoc::openapi()))
}

#[derive(Serialize, ToSchema)]
pub struct HealthView {
    /// `ok` when the database answers.
    status: String,
    /// `SQLite` or `PostgreSQL`.
    backend: String,
}

/// Service and database state.
#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = HealthView), (status = 500, body = ErrorBody)))]
async fn health(State(state): State<AppState>) -> Result<Json<HealthView>, ApiError> {
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
#[utoipa::path(get, path = "/api/v1/jurisdiction", responses((status = 200, body = JurisdictionView), (status = 404, body = ErrorBody)))]
async fn jurisdiction(State(state): State<AppState>) -> Result<Json<JurisdictionView>, ApiError> {
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
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
async fn me(ApiStaff(staff): ApiStaff) -> Json<MeView> {
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
#[utoipa::path(get, path = "/api/v1/units", responses((status = 200, body = [UnitView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn units(
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
#[utoipa::path(get, path = "/api/v1/profile", responses((status = 200, body = ProfileView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn profile(
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
