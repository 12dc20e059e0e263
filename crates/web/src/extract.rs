//! Request extractors whose rejections are our own errors (Chinese message, stable code,
//! the one error page) instead of axum's English text: forms and query strings (400), typed
//! ids in the path (404), the client IP.

use std::net::SocketAddr;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawPathParams, Request};
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

/// The message for text holding a NUL character, which no field of ours takes and
/// PostgreSQL cannot store (issue 12, found by the battery).
pub const NUL_REFUSED: &str = "提交的内容包含无效的控制字符（NUL），请删除后重新提交";

/// Whether urlencoded text (a body or a query string) holds a NUL, raw or as `%00`.
pub fn has_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0) || encoded.windows(3).any(|w| w == b"%00")
}

/// An urlencoded form for a page handler. A body with a NUL is refused before it is read
/// into the form.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::csrf::MAX_FORM_BYTES)
            .await
            .map_err(|_| PageError(Error::invalid("提交的内容过大")))?;
        if has_nul(&bytes) {
            return Err(PageError(Error::invalid(NUL_REFUSED)));
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
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

/// What a path segment names: a type with its Chinese noun, for the not-found page. Declare
/// a numeric id with [`path_id!`], next to the routes of its domain.
pub trait PathId: Sized {
    /// The noun of the not-found message (`未找到工单`).
    const WHAT: &'static str;

    /// The value of a segment, or `None` when it cannot name one.
    fn parse(segment: &str) -> Option<Self>;
}

/// A database id as a path writes it: decimal digits only, no sign, no spaces, in range.
pub fn parse_number(segment: &str) -> Option<i64> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| segment.parse().ok()).flatten()
}

/// `path_id!(Type, "名词")`: `Type` (a newtype of `i64`) is read from a path segment by
/// [`parse_number`] and is "未找到名词" when the segment is no number.
macro_rules! path_id {
    ($type:ty, $what:literal) => {
        impl $crate::extract::PathId for $type {
            const WHAT: &'static str = $what;

            fn parse(segment: &str) -> Option<Self> {
                $crate::extract::parse_number(segment).map(Self)
            }
        }
    };
}
pub(crate) use path_id;

/// A stored file (`platform::attachments`) of any domain: an appeal's, a case's, an item's.
pub struct FileId(pub i64);
path_id!(FileId, "附件");

/// Any text segment (an item code): only a segment that is no UTF-8 is refused.
impl PathId for String {
    const WHAT: &'static str = "页面";

    fn parse(segment: &str) -> Option<Self> {
        Some(segment.to_owned())
    }
}

/// The segments of the matched route's path, or "not found" when axum cannot decode them
/// (percent-encoding that is no UTF-8).
async fn segments<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<Vec<String>, PageError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| {
            tracing::debug!(rejection = %rejection.body_text(), "path rejected");
            PageError(Error::not_found("页面"))
        })?;
    Ok(params.iter().map(|(_, value)| value.to_owned()).collect())
}

fn one<T: PathId>(segment: &str) -> Result<T, PageError> {
    T::parse(segment).ok_or_else(|| PageError(Error::not_found(T::WHAT)))
}

/// The route declares another number of segments than the handler reads: our fault.
fn mismatch(expected: usize, found: usize) -> PageError {
    PageError(Error::Unexpected(anyhow::anyhow!(
        "the route has {found} path segment(s), the handler reads {expected}"
    )))
}

/// The one id of a route's path, typed (`Id<AppealId>` for `/office/hotline/orders/{id}`).
/// A malformed id (`abc`, `-1x`, `1.5`, too large) is answered like an id that names nothing:
/// 404 with the one error page, 未找到工单 — never axum's plain-text rejection. Written once
/// for every route with an id.
pub struct Id<T>(pub T);

impl<T: PathId, S: Send + Sync> FromRequestParts<S> for Id<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match segments(parts, state).await?.as_slice() {
            [segment] => Ok(Id(one(segment)?)),
            other => Err(mismatch(1, other.len())),
        }
    }
}

/// The two ids of a route's path, in order (`/office/hotline/orders/{id}/files/{file}`),
/// each checked like [`Id`].
pub struct Ids<A, B>(pub A, pub B);

impl<A: PathId, B: PathId, S: Send + Sync> FromRequestParts<S> for Ids<A, B> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match segments(parts, state).await?.as_slice() {
            [first, second] => Ok(Ids(one(first)?, one(second)?)),
            other => Err(mismatch(2, other.len())),
        }
    }
}

/// The client's address: the peer, or behind a trusted proxy the address it forwarded
/// ([`crate::proxy`]); an empty string in tests.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}

pub fn client_ip(parts: &Parts) -> String {
    if let Some(crate::proxy::ClientAddr(addr)) = parts.extensions.get() {
        return addr.clone();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12 (the battery): a NUL, raw or percent-encoded, is found in a body or a query;
    /// `%2500` (a literal `%00`) and ordinary text are not.
    #[test]
    fn a_nul_is_found_raw_or_encoded() {
        for (text, nul) in [
            (&b"name=a%00b"[..], true),
            (b"name=a\0b", true),
            (b"q=%00", true),
            (b"name=a%2500b", false),
            (b"name=%E4%B8%AD&x=100", false),
            (b"", false),
        ] {
            assert_eq!(has_nul(text), nul, "{}", String::from_utf8_lossy(text));
        }
        assert_eq!(
            crate::csrf::read_form(b"a=1&b=x%00y"),
            Err(NUL_REFUSED),
            "the CSRF layer refuses it too"
        );
    }
}
