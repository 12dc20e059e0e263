//! The JSON API under `/api/v1`, described by the OpenAPI 3.1 document at
//! `/api/v1/openapi.json` with a vendored Swagger UI at `/api/v1/docs/` (issue 22).
//!
//! Every route is declared once in [`ROUTES`] through the `table!` macro, which builds both
//! the router and the list the tests compare with the document, so no route can be served
//! without being documented. Groups: the platform's own paths ([`core`], staff session),
//! the public paths without a key ([`public`], rate-limited), and the paths of other systems
//! with a system key ([`keys`]; the exports [`export`], [`export_more`]).

use axum::Router;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::error::{ErrorBody, ErrorDetail};

pub mod core;
pub mod export;
pub mod export_more;
pub mod extract;
pub mod keys;
pub mod public;

/// Declares the routes of `/api/v1` once: `ROUTES` (method, path) and `table()` the router.
macro_rules! table {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route of `/api/v1` but the document and its viewer: (method, path).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn table() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

table! {
    get "/api/v1/health" => core::health,
    get "/api/v1/jurisdiction" => core::jurisdiction,
    get "/api/v1/me" => core::me,
    get "/api/v1/units" => core::units,
    get "/api/v1/profile" => core::profile,
    get "/api/v1/search" => crate::search::portal::api,
    get "/api/v1/public/items" => public::items,
    get "/api/v1/public/items/{code}" => public::item,
    get "/api/v1/public/announcements" => public::announcements,
    get "/api/v1/public/cases/status" => public::case_status,
    get "/api/v1/public/hotline/progress" => public::hotline_progress,
    get "/api/v1/export/cases" => export::cases,
    get "/api/v1/export/orders" => export_more::orders,
    get "/api/v1/export/ratings" => export_more::ratings,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhengwu 政务平台接口",
        version = "1",
        description = "政务平台 JSON 接口（第 1 版）。错误统一为 {\"error\": {\"code\", \"message\"}}：code 稳定可供程序判断（invalid_input 输入有误、not_found 未找到、forbidden 无权、unauthenticated 未认证、conflict 冲突、too_many_requests 过于频繁、internal 内部错误），message 为中文说明。出错时不作任何修改。公开接口无需密钥，按客户端限流。"
    ),
    paths(
        core::health,
        core::jurisdiction,
        core::me,
        core::units,
        core::profile,
        crate::search::portal::api,
        public::items,
        public::item,
        public::announcements,
        public::case_status,
        public::hotline_progress,
        export::cases,
        export_more::orders,
        export_more::ratings,
    ),
    components(schemas(
        core::HealthView,
        core::JurisdictionView,
        core::MeView,
        core::UnitView,
        core::ProfileView,
        crate::search::portal::ApiAnswer,
        crate::search::portal::ApiHit,
        public::ItemRow,
        public::ItemList,
        public::ItemGuide,
        public::AnnouncementView,
        public::CaseStatusView,
        public::StepView,
        public::ProgressView,
        public::StageView,
        export::CaseRecord,
        export_more::OrderRecord,
        export_more::RatingRecord,
        ErrorBody,
        ErrorDetail
    )),
    modifiers(&SystemKeyScheme),
    tags(
        (name = "平台", description = "平台状态、辖区信息与工作人员会话接口"),
        (name = "公开", description = "无需密钥的公开接口：事项目录与办事指南、通知公告、办件与 12345 诉求进度查询（按客户端限流）"),
        (name = "系统对接", description = "其他系统以系统密钥（Authorization: Bearer）调用：办件、12345 工单与好差评的增量导出。密钥由系统管理员签发，限定读取/写入、单位范围与个人信息是否明文，每次调用均记入审计日志。")
    )
)]
pub struct ApiDoc;

/// The `system_key` security scheme: `Authorization: Bearer <key>`.
struct SystemKeyScheme;

impl utoipa::Modify for SystemKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description = Some("系统管理员签发的系统密钥（仅显示一次）".to_owned());
        components.add_security_scheme("system_key", SecurityScheme::Http(http));
    }
}

/// The OpenAPI document as served at `/api/v1/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn routes() -> Router<AppState> {
    table().merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", document()))
}
