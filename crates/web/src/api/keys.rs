//! The callers of the keyed paths of `/api/v1` (issue 22): `Authorization: Bearer <key>`
//! names an active system key ([`platform::syskeys`]); every call is written to the audit log
//! before its answer (who: the key; what: method and path), and a call outside the key's
//! scope is refused with a stable code and audited as denied. Refusals are JSON errors:
//! `unauthenticated` (401, no key, unknown or revoked), `out_of_scope` (403).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use platform::audit::{self, AuditEvent, Outcome};
use platform::db::now_ms;
use platform::syskeys::{self, SystemKey};

use crate::AppState;
use crate::error::{ApiError, json_error};
use crate::extract::ClientIp;

/// A call made with an active system key, already audited.
pub struct KeyCaller {
    pub key: SystemKey,
    pub ip: String,
    /// `METHOD path` of the call, as audited.
    pub call: String,
}

fn unauthenticated() -> Response {
    let mut response = json_error(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        "缺少或无效的系统密钥：请在 Authorization 头中以 Bearer 方式提供有效密钥".to_owned(),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        axum::http::HeaderValue::from_static("Bearer realm=\"zhengwu\""),
    );
    response
}

impl FromRequestParts<AppState> for KeyCaller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state)
            .await
            .map_err(|never| match never {})?;
        let code = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        if code.is_empty() || code.len() > 100 {
            return Err(unauthenticated());
        }
        let now = now_ms();
        let key = match syskeys::authenticate(&state.platform.db, code, now).await {
            Ok(Some(key)) => key,
            Ok(None) => return Err(unauthenticated()),
            Err(error) => return Err(ApiError(error).into_response()),
        };
        let call = format!("{} {}", parts.method, parts.uri.path());
        let event = AuditEvent::new("api_call", "system_key", key.id).detail(call.clone());
        let actor = syskeys::audit_actor(&key, &ip);
        if let Err(error) = audit::record_alone(&state.platform.db, &actor, event, now).await {
            return Err(ApiError(error).into_response());
        }
        Ok(KeyCaller { key, ip, call })
    }
}

/// What a call needs of the key's scope.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    Read,
    Write,
}

impl KeyCaller {
    /// Refuses (and audits as denied) a call the key's scope does not allow.
    pub async fn require(&self, state: &AppState, need: Need) -> Result<(), Response> {
        let allowed = match need {
            Need::Read => self.key.scope.read,
            Need::Write => self.key.scope.write,
        };
        if allowed {
            return Ok(());
        }
        let what = match need {
            Need::Read => "读取",
            Need::Write => "写入",
        };
        Err(self.refuse(state, format!("该系统密钥无{what}权限")).await)
    }

    /// Refuses (and audits as denied) a call outside the key's units.
    pub async fn require_unit(&self, state: &AppState, unit: i64) -> Result<(), Response> {
        if self.key.scope.reaches(unit) {
            return Ok(());
        }
        Err(self
            .refuse(state, "该系统密钥无权访问此单位的数据".to_owned())
            .await)
    }

    async fn refuse(&self, state: &AppState, message: String) -> Response {
        let event = AuditEvent::new("api_call", "system_key", self.key.id)
            .detail(format!("{}：{message}", self.call))
            .outcome(Outcome::Denied);
        let actor = syskeys::audit_actor(&self.key, &self.ip);
        if let Err(error) = audit::record_alone(&state.platform.db, &actor, event, now_ms()).await {
            return ApiError(error).into_response();
        }
        json_error(StatusCode::FORBIDDEN, "out_of_scope", message)
    }
}
