//! Extractors of the JSON API: a query string or a JSON body that is refused as a JSON error
//! (`invalid_input`, a Chinese message, nothing changed) when a field is unknown
//! (`deny_unknown_fields` on every input type), of the wrong type or missing.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use platform::Error;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A query string of the JSON API.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|error| ApiError(Error::invalid(format!("查询参数不正确：{error}"))))
    }
}

/// A JSON body of the JSON API (`Content-Type: application/json`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError(Error::invalid("请求体无法读取或过大")))?;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|error| ApiError(Error::invalid(format!("请求体不是所需的 JSON：{error}"))))
    }
}
