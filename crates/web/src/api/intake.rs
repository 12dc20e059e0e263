//! The machinery of the keyed write paths of `/api/v1/intake/` (issue 22): the JSON body read
//! within its limit and refused whole on an unknown field or a wrong type (`invalid_input`),
//! and the `Idempotency-Key` every write carries ([`platform::idempotency`]): the key is
//! reserved before the use case runs, the answer kept and replayed to a retry of the same
//! request (`Idempotent-Replayed: true`), the key released when the call is refused (nothing
//! changed). The key with another request is `idempotency_key_reused` (422), a retry while
//! the first call runs `idempotency_in_progress` (409).

use std::future::Future;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use platform::db::now_ms;
use platform::idempotency::{self, Reservation};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::keys::KeyCaller;
use crate::AppState;
use crate::error::{ApiError, json_error};

/// The header of the idempotency key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The body of a write of 12345 or a rating: small.
pub const SMALL_BODY: usize = 64 * 1024;

/// The body of a walk-in case: its materials in base64 (several files of the 10 MB policy).
pub const CASE_BODY: usize = 24 * 1024 * 1024;

pub fn invalid(message: impl Into<String>) -> Response {
    json_error(StatusCode::BAD_REQUEST, "invalid_input", message.into())
}

/// Reads the body within `limit` bytes.
pub async fn bytes(body: Body, limit: usize) -> platform::Result<axum::body::Bytes> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| platform::Error::invalid(format!("请求体无法读取或超过 {} KB", limit / 1024)))
}

/// Parses the JSON body; an unknown field, a wrong type or a missing field is refused whole.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> platform::Result<T> {
    serde_json::from_slice(bytes)
        .map_err(|error| platform::Error::invalid(format!("请求体不是所需的 JSON：{error}")))
}

/// The idempotency key of the call: required on every write.
pub fn idempotency_key(headers: &HeaderMap) -> platform::Result<String> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Err(platform::Error::invalid(
            "缺少 Idempotency-Key 请求头：每次写入请附带唯一的幂等键（建议使用 UUID），重试时使用同一个",
        ));
    };
    let text = value
        .to_str()
        .map_err(|_| platform::Error::invalid("Idempotency-Key 应为可见 ASCII 字符"))?;
    idempotency::check_key(text).map(str::to_owned)
}

fn json_answer(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// Runs `write` once per idempotency key: the first call runs it and keeps a success's
/// answer; a retry of the same request gets that answer again without running it.
pub async fn once<T, F, Fut>(
    state: &AppState,
    caller: &KeyCaller,
    idem_key: &str,
    body: &[u8],
    write: F,
) -> Response
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, Response>>,
{
    let db = &state.platform.db;
    let (method, path) = caller
        .call
        .split_once(' ')
        .unwrap_or(("POST", &caller.call));
    let hash = idempotency::request_hash(method, path, body);
    let reserved = idempotency::reserve(
        db,
        &state.platform.key,
        caller.key.id,
        idem_key,
        &hash,
        now_ms(),
    )
    .await;
    let id = match reserved {
        Ok(Reservation::Fresh(id)) => id,
        Ok(Reservation::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            return json_answer(status, body, true);
        }
        Ok(Reservation::InProgress) => {
            return json_error(
                StatusCode::CONFLICT,
                "idempotency_in_progress",
                "使用该幂等键的上一次请求尚未完成，请稍后重试".to_owned(),
            );
        }
        Ok(Reservation::Mismatch) => {
            return json_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "该幂等键已用于另一请求（路径或内容不同）：新的请求请使用新的幂等键".to_owned(),
            );
        }
        Err(error) => return ApiError(error).into_response(),
    };
    match write().await {
        Ok(value) => {
            let text = match serde_json::to_string(&value) {
                Ok(text) => text,
                Err(error) => {
                    return ApiError(platform::Error::Unexpected(error.into())).into_response();
                }
            };
            let status = StatusCode::CREATED;
            if let Err(error) =
                idempotency::complete(db, &state.platform.key, id, status.as_u16(), &text).await
            {
                return ApiError(error).into_response();
            }
            json_answer(status, text, false)
        }
        Err(refused) => {
            if let Err(error) = idempotency::release(db, id).await {
                return ApiError(error).into_response();
            }
            refused
        }
    }
}

/// A use case's refusal as the API answers it.
pub fn refused(error: platform::Error) -> Response {
    ApiError(error).into_response()
}
