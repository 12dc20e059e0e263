//! CSRF protection of every state-changing request (double-submit token): the `zw_csrf`
//! cookie (HttpOnly, SameSite=Strict) must match the `_csrf` form field or the
//! `X-CSRF-Token` header. The field is removed from the body before handlers see it, so
//! forms can deny unknown fields. Form bodies that are not valid UTF-8 are refused here.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq as _;

use crate::AppState;
use crate::cookies::{self, CSRF_COOKIE};
use crate::error::{error_page, json_error};

pub const FORM_FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
pub const MAX_FORM_BYTES: usize = 256 * 1024;

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

/// Splits an urlencoded body into pairs, refusing percent-encoded bytes that are not UTF-8.
pub fn decode_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
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
        .collect()
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cookie = cookies::read(request.headers(), CSRF_COOKIE).filter(|value| is_token(value));
    let token = cookie
        .clone()
        .unwrap_or_else(platform::auth::session::random_token);
    let path = request.uri().path().to_owned();
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let exempt = path.starts_with("/open311/");
    let mut request = request;
    if changes_state && !exempt {
        let Some(expected) = cookie.as_deref() else {
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
            let (parts, body) = request.into_parts();
            let Ok(bytes) = to_bytes(body, crate::upload::MAX_UPLOAD_BYTES).await else {
                return refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "上传的文件总大小超过上限",
                    "invalid_input",
                );
            };
            let given = match crate::upload::parse(bytes.clone(), &boundary).await {
                Ok(form) => form.field(FORM_FIELD).map(str::to_owned),
                Err(error) => {
                    return refuse(
                        &path,
                        StatusCode::BAD_REQUEST,
                        &error.to_string(),
                        "invalid_input",
                    );
                }
            };
            if !given.is_some_and(|given| tokens_match(&given, expected)) {
                return refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "防伪令牌无效，请刷新页面后重新提交",
                    "csrf",
                );
            }
            request = Request::from_parts(parts, Body::from(bytes));
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
            let Some(pairs) = decode_form(&bytes) else {
                return refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "表单内容不是有效的 UTF-8 编码",
                    "invalid_input",
                );
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
    if cookie.as_deref() != Some(token.as_str()) {
        let value = cookies::build(
            CSRF_COOKIE,
            &token,
            state.platform.config.secure_cookies,
            "Strict",
            None,
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
