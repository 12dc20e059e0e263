//! The data-sharing gateway over HTTP (DATA-CALL, DATA-GRANT; 000 共享 §5(一), §12):
//! `GET /share/v1/{resource}` with `Authorization: Bearer <code>`, answered by
//! [`sharing::call::Gateway`], which checks the code and the grant, reads only the granted
//! fields, and logs every call, allowed or refused, in the chained call log before this
//! handler sends anything. Not a back-office route: the code is the credential, so it has no
//! session guard row; a malformed resource or query is still a logged call.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/share/v1/{resource}", get(call))
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
