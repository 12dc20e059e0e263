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
//! usage statistics and their Excel export (`usage`). Every write is a `sharing::usecase`; the
//! guards are `platform::access::sharing_*`; an entry, request or grant of another unit is not
//! found. The read-only CKAN action API over the published catalogue is `ckan`.

mod ckan;
mod entries;
mod entry_form;
mod grants;
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
    ]
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
use axum::routing::get;

use crate::AppState;

/// The gateway and the CKAN action API (public: the code, or nothing, is the credential).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/share/v1/{resource}", get(call))
        .merge(ckan::routes())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, code) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| code.trim().to_owned())
}

/// DATA-CALL: one gateway call.
async fn call(
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
