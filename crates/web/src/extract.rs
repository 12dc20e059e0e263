//! Request extractors whose rejections are our own errors (Chinese message, stable code,
//! status 400) instead of axum's English text: forms, query strings, the client IP.

use std::net::SocketAddr;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use platform::Error;
use serde::de::DeserializeOwned;

use crate::error::PageError;

fn form_error(rejection: &FormRejection) -> Error {
    let text = rejection.body_text();
    if text.contains("length limit") || text.contains("too large") {
        return Error::invalid("提交的内容过大");
    }
    if text.contains("unknown field") {
        return Error::invalid("表单包含未知字段");
    }
    if text.contains("missing field") {
        return Error::invalid("表单缺少必填项");
    }
    Error::invalid("表单内容无法解析：请检查填写的内容（数字是否过大、编码是否为 UTF-8）")
}

/// An urlencoded form for a page handler.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(value)| Form(value))
            .map_err(|rejection| PageError(form_error(&rejection)))
    }
}

/// A query string for a page handler.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection: QueryRejection| {
                tracing::debug!(rejection = %rejection.body_text(), "query rejected");
                PageError(Error::invalid("查询参数不正确"))
            })
    }
}

/// The peer address (no proxy headers are trusted), or an empty string in tests.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}

pub fn client_ip(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default()
}
