//! The JSON API under `/api/v1`, described by the OpenAPI 3.1 document at
//! `/api/v1/openapi.json` with a vendored Swagger UI at `/api/v1/docs/` (issue 22).
//!
//! Every route is declared once in [`ROUTES`] through the `table!` macro, which builds both
//! the router and the list the tests compare with the document, so no route can be served
//! without being documented. Groups: the platform's own paths ([`core`], staff session),
//! the public paths without a key ([`public`], rate-limited), and the paths of other systems
//! with a system key ([`keys`]; the exports [`export`], [`export_more`]; the writes
//! [`intake_case`], [`intake_more`] with their idempotency keys, [`intake`]).
//! The data-sharing gateway `GET /share/v1/{resource}` (issue 20, DATA-CALL; handler in
//! `crate::sharing`) is a row of the same table, so it is documented here too.

use axum::Router;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::error::{ErrorBody, ErrorDetail};

pub mod core;
pub mod export;
pub mod export_more;
pub mod extract;
pub mod intake;
pub mod intake_case;
pub mod intake_more;
pub mod keys;
pub mod public;
pub mod public_sites;

/// Declares the routes of `/api/v1` once: `ROUTES` (method, path) and `table()` the router.
macro_rules! table {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route of `/api/v1` (and the data-sharing gateway) but the document and its
        /// viewer: (method, path).
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
    get "/api/v1/public/sites" => public_sites::sites,
    get "/api/v1/public/articles" => public_sites::articles,
    get "/api/v1/public/articles/{id}" => public_sites::article,
    get "/api/v1/export/cases" => export::cases,
    get "/api/v1/export/orders" => export_more::orders,
    get "/api/v1/export/ratings" => export_more::ratings,
    post "/api/v1/intake/cases" => intake_case::create,
    post "/api/v1/intake/orders" => intake_more::order,
    post "/api/v1/intake/ratings" => intake_more::rating,
    // Issue 20 (DATA-CALL): the data-sharing gateway, documented with the API.
    get "/share/v1/{resource}" => crate::sharing::call,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhengwu 政务平台接口",
        version = "1",
        description = "政务平台 JSON 接口（第 1 版）。错误统一为 {\"error\": {\"code\", \"message\"}}：code 稳定可供程序判断（invalid_input 输入有误、not_found 未找到、forbidden 无权、unauthenticated 未认证、conflict 冲突、too_many_requests 过于频繁、out_of_scope 超出密钥范围、invalid_cursor 游标无效、idempotency_in_progress 同一幂等键的请求尚未完成、idempotency_key_reused 幂等键已用于另一请求、internal 内部错误），message 为中文说明。出错时不作任何修改。公开接口无需密钥，按客户端限流。"
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
        public_sites::sites,
        public_sites::articles,
        public_sites::article,
        export::cases,
        export_more::orders,
        export_more::ratings,
        intake_case::create,
        intake_more::order,
        intake_more::rating,
        crate::sharing::call,
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
        public_sites::SiteRow,
        public_sites::ArticleRow,
        public_sites::ArticleList,
        public_sites::ArticleView,
        export::CaseRecord,
        export_more::OrderRecord,
        export_more::RatingRecord,
        intake_case::NewCaseInput,
        intake_case::ApplicantInput,
        intake_case::EnterpriseInput,
        intake_case::MaterialInput,
        intake_case::CaseCreated,
        intake_more::NewOrderInput,
        intake_more::AppellantInput,
        intake_more::OrderCreated,
        intake_more::NewRatingInput,
        intake_more::RatingCreated,
        ErrorBody,
        ErrorDetail
    )),
    modifiers(&SystemKeyScheme),
    tags(
        (name = "平台", description = "平台状态、辖区信息与工作人员会话接口"),
        (name = "公开", description = "无需密钥的公开接口：事项目录与办事指南、通知公告、站群网站已发布的文章（分页）、办件与 12345 诉求进度查询（按客户端限流）"),
        (name = "数据共享", description = "政务数据共享网关：使用部门凭授权码（Authorization: Bearer）读取获授权的字段，每次调用记入 SM3 链式调用日志；授权码由使用部门在“共享授权”页面生成，只显示一次。已发布的共享目录另以 CKAN 接口（/api/3/action/package_list、package_show、package_search、organization_list）只读公开。"),
        (name = "系统对接", description = "其他系统以系统密钥（Authorization: Bearer）调用：办件、12345 工单与好差评的增量导出（读取权限）；登记窗口收件、登记 12345 诉求、推送大厅评价器的评价（写入权限，须带 Idempotency-Key，重试不会重复创建）。密钥由系统管理员签发，限定读取/写入、单位范围与个人信息是否明文，每次调用均记入审计日志。")
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
        // DATA-CALL: the data-sharing gateway's authorization code of a grant.
        let mut share = Http::new(HttpAuthScheme::Bearer);
        share.description =
            Some("使用部门为共享授权生成的授权码（仅显示一次，平台只存摘要）".to_owned());
        components.add_security_scheme("share_code", SecurityScheme::Http(share));
    }
}

/// The OpenAPI document as served at `/api/v1/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn routes() -> Router<AppState> {
    table().merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", document()))
}
