//! The web shell: the public portal at `/`, the back office at `/office`, the JSON API at
//! `/api/v1` with its OpenAPI document, and static files. The only crate that knows HTTP,
//! HTML and JSON (invariant 6).

mod account;
mod admin;
pub mod api;
mod assessment;
mod assets;
mod calendar;
mod chrome;
mod consultation;
pub mod cookies;
pub mod csrf;
mod error;
mod evaluation;
mod extract;
mod extranet;
mod forgive;
pub mod guard;
pub mod hall;
mod history;
mod hotline;
mod inspect;
mod kb;
mod leading_part;
mod openness;
mod outcome;
mod participation;
pub mod proxy;
mod ratelimit;
mod search;
pub mod server;
mod services;
mod sharing;
mod shell;
mod sites;
mod staff;
mod supervision;
pub mod upload;
mod xlsx;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware;
use platform::Platform;
use platform::profile::RuleProfile;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use ratelimit::RateLimiter;
/// WEB-ARCHIVE: the static copy of a site (`zhengwu site export`).
pub use sites::export as site_export;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub platform: Platform,
    pub limiter: Arc<RateLimiter>,
    /// Each client's failed logins and the delay they earned (issue 12 finding 7).
    pub login_clients: Arc<platform::auth::backoff::ClientBackoff>,
    /// Appeals filed on the portal are stored through one writer that commits together
    /// what arrives together (HL-REGISTER).
    pub intake: ::hotline::usecase::IntakeQueue,
    /// Online applications likewise (SVC-ACCEPT).
    pub applications: ::services::usecase::SubmissionQueue,
    /// Room for the bytes of multipart bodies being read, in KiB, shared by every request
    /// (issue 12 finding 1).
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// WEB-SEARCH: the site search, opened (or rebuilt) at its first use and following the
    /// change feed.
    pub search: Arc<::search::Live>,
    /// HALL-QUEUE: the calls of the hall's windows, sent to every display by server-sent events.
    pub hall_calls: hall::Calls,
    /// DATA-CALL: the data-sharing gateway with its call log's writer and rate limiter.
    pub sharing: ::sharing::call::Gateway,
}

impl AppState {
    pub fn new(platform: Platform) -> Self {
        Self::with_limiter(platform, RateLimiter::default())
    }

    /// With a chosen rate limiter (the benchmark relaxes it).
    pub fn with_limiter(platform: Platform, limiter: RateLimiter) -> Self {
        let intake =
            ::hotline::usecase::IntakeQueue::new(platform.db.clone(), platform.key.clone());
        let applications =
            ::services::usecase::SubmissionQueue::new(platform.db.clone(), platform.key.clone());
        let sharing = ::sharing::call::Gateway::new(platform.db.clone());
        let search = Arc::new(::search::Live::new(
            platform.db.clone(),
            &platform.config.data_dir,
        ));
        Self {
            platform,
            limiter: Arc::new(limiter),
            login_clients: Arc::default(),
            intake,
            applications,
            uploads: Arc::new(tokio::sync::Semaphore::new(upload::IN_FLIGHT_KIB)),
            search,
            hall_calls: hall::calls(),
            sharing,
        }
    }

    /// The jurisdiction's rule profile (the `ganzhou` defaults before one exists).
    pub async fn profile(&self) -> platform::Result<RuleProfile> {
        Ok(platform::jurisdiction::current(&self.platform.db)
            .await?
            .map(|j| j.profile)
            .unwrap_or_default())
    }
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

fn header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// The subject kinds of this installation (the workflow kernel's registry): what electronic
/// supervision and the cross-domain lists show, in column order.
pub fn subjects() -> platform::workflow::Registry {
    platform::workflow::Registry::new([
        ::services::SUBJECT,
        ::hotline::SUBJECT,
        // Issue 15: a site (its applications wait for the supervising unit's leaders, its
        // temporary offline runs a clock) and an article (the 三审 waits).
        ::sites::SITE_SUBJECT,
        ::sites::ARTICLE_SUBJECT,
        // WEB-SUBMIT: a unit's submission (its leaders' and the editors' waits, the editors'
        // clock).
        ::sites::SUBMISSION_SUBJECT,
        // Issue 16 (PUB-APPLY): a disclosure application (its answer clock, the officer's wait).
        ::openness::usecase::APPLICATION_SUBJECT,
        // Issue 17 (PUB-PRECONSULT): a consultation topic (its 预公开 and adoption clocks).
        ::consultation::usecase::TOPIC_SUBJECT,
        // Issue 16 (PUB-COORD): a document of the register (its coordination clocks, the
        // officer's wait).
        ::openness::usecase::documents::DOCUMENT_SUBJECT,
        // Issue 16 item 4 (PUB-COMPLAINT): a complaint about disclosure (its forwarding,
        // conclusion and feedback clocks; the office's and the unit's waits).
        ::openness::usecase::complaints::COMPLAINT_SUBJECT,
        // Issue 16 (PUB-RESPOND): a public concern (its 5 h, 24 h or 48 h clocks; the
        // responding unit's and the office's waits).
        ::openness::usecase::concerns::CONCERN_SUBJECT,
        // Issue 16 (PUB-SUPERVISOR): a supervisor's finding (the unit's reply clock; the
        // office's and the unit's waits).
        ::openness::usecase::supervisors::FINDING_SUBJECT,
        // Issue 16 (PUB-ACCOUNT): an accountability case (the unit's report clock).
        ::openness::usecase::account::CASE_SUBJECT,
        // Issue 16 (PUB-ANNUAL): an annual report (its publication clock; the unit's
        // officer's and leader's waits).
        ::openness::usecase::annual_reports::REPORT_SUBJECT,
        // Issue 17 (MSG-LIMITS): a message of a site (its reply clock, the desk's, the unit's
        // and the reviewer's waits).
        ::participation::usecase::MESSAGE_SUBJECT,
        // Issue 21 (NET-ACCESS): an extranet access application (each step's clock, the
        // office's and the applying unit's waits).
        ::extranet::usecase::applications::APPLICATION_SUBJECT,
        // Issue 21 (NET-LEDGER): a security finding (its fix clock, the unit's and the
        // office's waits).
        ::extranet::usecase::findings::FINDING_SUBJECT,
        // Issue 21 (HALL-BOX): a complaint about a window (its handling clock; the centre's
        // and the accepting unit's waits).
        ::hall::usecase::complaints::COMPLAINT_SUBJECT,
        // Issue 21 (HALL-HARDCASE): a 办不成事反映 or 陇商通 case (its transfer, handling and
        // feedback clocks; the centre's and the department's waits).
        ::hall::usecase::hardcases::HARDCASE_SUBJECT,
        // Issue 20 (DATA-CATALOG, DATA-REQUEST): a catalogue entry (its change clock, the
        // administrator's review wait) and a request (its decision clock, the administrator's
        // and the providing unit's waits).
        ::sharing::usecase::entries::ENTRY_SUBJECT,
        ::sharing::usecase::requests::REQUEST_SUBJECT,
        // Issue 19 (WEB-INSPECT): a finding of the site inspector (its fix clock, the
        // responsible unit's editors', leaders' and reviewers' waits).
        ::sites::inspection::FINDING_SUBJECT,
    ])
}

/// Issue 12 (the battery): a request whose path or query string holds a NUL is refused before any
/// handler, with the one error page (400); no field of ours takes one, and PostgreSQL cannot
/// store it.
async fn refuse_nul(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let uri = request.uri();
    let query = uri.query().unwrap_or_default();
    if extract::has_nul(query.as_bytes()) || extract::has_nul(uri.path().as_bytes()) {
        let error = platform::Error::invalid(extract::NUL_REFUSED);
        return if request.uri().path().starts_with("/api/") {
            error::ApiError(error).into_response()
        } else {
            error::PageError(error).into_response()
        };
    }
    next.run(request).await
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(shell::routes())
        .merge(kb::routes())
        .merge(hotline::routes())
        .merge(services::routes())
        .merge(sites::routes())
        .merge(openness::routes())
        .merge(consultation::routes())
        .merge(participation::routes())
        .merge(hall::routes())
        .merge(account::routes())
        .merge(sharing::routes())
        .merge(guard::routes(&state))
        .merge(search::routes())
        .merge(api::routes())
        .merge(assets::routes())
        .fallback(shell::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        .layer(middleware::from_fn(refuse_nul))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            proxy::resolve_client,
        ))
        .layer(DefaultBodyLimit::max(csrf::MAX_FORM_BYTES))
        .layer(header("content-security-policy", CONTENT_SECURITY_POLICY))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "same-origin"))
        // Issue 12 finding 9: no office page, download or page showing a query code is kept
        // by a browser or proxy; the static assets and the public guide set their own.
        .layer(header("cache-control", "no-store"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
