//! One error page and one JSON error shape, each with a stable code and a Chinese message.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::Error;
use serde::Serialize;

/// The HTTP status of each use-case error. Bad input is 400, 403, 404 or 409; only a fault
/// of ours is 500, and its message says nothing of the cause.
pub fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::Invalid(_) => StatusCode::BAD_REQUEST,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Forbidden | Error::Refused(_) => StatusCode::FORBIDDEN,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Conflict(_) | Error::InvalidTransition { .. } => StatusCode::CONFLICT,
        Error::TooManyRequests | Error::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
        Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Error::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_if_unexpected(error: &Error) {
    if let Error::Unexpected(cause) = error {
        tracing::error!(error = ?cause, "unexpected error");
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: String,
    code: &'static str,
}

/// An error shown as the one error page.
#[derive(Debug)]
pub struct PageError(pub Error);

impl<E: Into<Error>> From<E> for PageError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

pub fn error_page(status: StatusCode, message: String, code: &'static str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "页面不存在",
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::UNAUTHORIZED => "请先登录",
        StatusCode::CONFLICT => "操作冲突",
        StatusCode::TOO_MANY_REQUESTS => "请求过于频繁",
        StatusCode::INTERNAL_SERVER_ERROR => "系统内部错误",
        _ => "提交的内容有误",
    };
    let page = ErrorPage {
        status: status.as_u16(),
        title,
        message,
        code,
    };
    match page.render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(_) => (status, title.to_owned()).into_response(),
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_if_unexpected(&self.0);
        if matches!(self.0, Error::Unauthenticated) {
            return axum::response::Redirect::to("/office/login").into_response();
        }
        error_page(status_of(&self.0), self.0.to_string(), self.0.code())
    }
}

/// The JSON error envelope: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: invalid_input, not_found, forbidden, unauthenticated,
    /// conflict, invalid_transition, too_many_requests, internal.
    pub code: String,
    /// A message in Chinese fit to show a person.
    pub message: String,
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

pub fn json_error(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_owned(),
            message,
        },
    };
    (status, Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_if_unexpected(&self.0);
        json_error(status_of(&self.0), self.0.code(), self.0.to_string())
    }
}
