//! CSRF protection of every state-changing request. The token a page puts in its forms (and
//! an API client sends as `X-CSRF-Token`) is an HMAC-SM3, under a key derived from the data
//! key, of the session cookie, or of the random `__Host-zw_csrf` cookie before there is a
//! session (issue 12 finding 6): a token is worth nothing with another session, and a cookie
//! planted by someone else cannot make one. The field is removed from the body before
//! handlers see it, so forms can deny unknown fields. Form bodies that are not valid UTF-8 are
//! refused here; of a multipart body only the leading `_csrf` part is read ([`crate::leading_part`]).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq as _;

use crate::AppState;
use crate::cookies;
use crate::error::{error_page, json_error};
use crate::leading_part as leading;

pub const FORM_FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
pub const MAX_FORM_BYTES: usize = 256 * 1024;
/// The most fields an urlencoded form may have; no form of ours has a tenth of it.
pub const MAX_FORM_FIELDS: usize = 1000;

/// The token a page puts into its forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn refuse(path: &str, status: StatusCode, message: &str, code: &'static str) -> Response {
    if path.starts_with("/api/") {
        json_error(status, code, message.to_owned())
    } else {
        error_page(status, message.to_owned(), code)
    }
}

fn tokens_match(given: &str, expected: &str) -> bool {
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn is_token(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token of forms sent with `binding`: the session cookie's value when there is one,
/// else the CSRF cookie's.
pub fn token_for(key: &platform::personal::DataKey, binding: &str) -> String {
    key.mac("csrf", binding.as_bytes())
}

/// Splits an urlencoded body into pairs, refusing percent-encoded bytes that are not UTF-8
/// and more than [`MAX_FORM_FIELDS`] fields; the error is the message to show.
pub fn read_form(body: &[u8]) -> Result<Vec<(String, String)>, &'static str> {
    const NOT_UTF8: &str = "表单内容不是有效的 UTF-8 编码";
    let text = std::str::from_utf8(body).map_err(|_| NOT_UTF8)?;
    if text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .nth(MAX_FORM_FIELDS)
        .is_some()
    {
        return Err("表单的字段过多");
    }
    let decode = |part: &str| -> Option<String> {
        let spaced = part.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .ok()
            .map(|cow| cow.into_owned())
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(key)?, decode(value)?))
        })
        .collect::<Option<Vec<(String, String)>>>()
        .ok_or(NOT_UTF8)
        .and_then(|pairs| {
            let nul = pairs
                .iter()
                .any(|(key, value)| key.contains('\0') || value.contains('\0'));
            if nul {
                Err(crate::extract::NUL_REFUSED)
            } else {
                Ok(pairs)
            }
        })
}

/// [`read_form`] without the reason.
pub fn decode_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    read_form(body).ok()
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let secure = state.platform.config.secure_cookies;
    let cookie = cookies::read(request.headers(), cookies::csrf_name(secure))
        .filter(|value| is_token(value));
    let anchor = cookie
        .clone()
        .unwrap_or_else(platform::auth::session::random_token);
    let session = cookies::read(request.headers(), cookies::session_name(secure))
        .filter(|value| !value.is_empty() && value.len() <= 128);
    let binding = session.as_deref().unwrap_or(&anchor);
    let token = token_for(&state.platform.key, binding);
    let path = request.uri().path().to_owned();
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // Issue 22: the integration API's writes authenticate by `Authorization: Bearer`, which a
    // browser never adds to a cross-site request; they carry no cookie to protect.
    // Issue 20: the CKAN action API is read-only; ckanapi sends its reads as POSTs.
    let exempt = path.starts_with("/open311/")
        || path.starts_with("/api/v1/intake/")
        || path.starts_with("/api/3/action/");
    let mut request = request;
    if changes_state && !exempt {
        let Some(expected) = (cookie.is_some() || session.is_some()).then_some(token.as_str())
        else {
            return refuse(
                &path,
                StatusCode::FORBIDDEN,
                "页面已过期，请刷新页面后重新提交",
                "csrf",
            );
        };
        let header_ok = request
            .headers()
            .get(HEADER)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|given| tokens_match(given, expected));
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let multipart = crate::upload::boundary(content_type.as_deref());
        if !header_ok && let Some(boundary) = multipart {
            // Issue 12 finding 1: only the leading `_csrf` part is read here; the handler of
            // an upload route parses the rest after its guard, within its limits.
            let (parts, body) = request.into_parts();
            let Ok((given, body)) = leading::split(body, &boundary).await else {
                return refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "上传的表单内容不完整，请重新提交",
                    "invalid_input",
                );
            };
            if !given.is_some_and(|given| tokens_match(&given, expected)) {
                return refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "防伪令牌无效，请刷新页面后重新提交",
                    "csrf",
                );
            }
            request = Request::from_parts(parts, body);
        } else if !header_ok {
            let is_form = content_type
                .as_deref()
                .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                return refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "缺少防伪令牌，请刷新页面后重新提交",
                    "csrf",
                );
            }
            let (parts, body) = request.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                return refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "提交的内容过大",
                    "invalid_input",
                );
            };
            let pairs = match read_form(&bytes) {
                Ok(pairs) => pairs,
                Err(message) => {
                    return refuse(&path, StatusCode::BAD_REQUEST, message, "invalid_input");
                }
            };
            let given = pairs
                .iter()
                .find(|(key, _)| key == FORM_FIELD)
                .map(|(_, value)| value.as_str());
            if !given.is_some_and(|given| tokens_match(given, expected)) {
                return refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "防伪令牌无效，请刷新页面后重新提交",
                    "csrf",
                );
            }
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            for (key, value) in pairs.iter().filter(|(key, _)| key != FORM_FIELD) {
                serializer.append_pair(key, value);
            }
            request = Request::from_parts(parts, Body::from(serializer.finish()));
        }
    }
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if cookie.as_deref() != Some(anchor.as_str()) {
        let value = cookies::build(cookies::csrf_name(secure), &anchor, secure, "Strict", None);
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
