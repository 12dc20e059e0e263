//! E-mail subscriptions to a column from its page (WEB-PERSONAL): `POST …/columns/{id}/subscribe`
//! (CSRF-protected by the shell, rate-limited per client like the other public forms) sends
//! the confirmation mail only; `GET …/subscriptions/confirm?token=` confirms and
//! `GET …/subscriptions/unsubscribe?s=&k=` ends a subscription, both without login. The links
//! of the mails start with the site's https domain (its prefix when it has none).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use calendar::Instant;
use platform::Error;
use platform::db::now_ms;
use serde::Deserialize;
use sites::ColumnId;
use sites::usecase::{read, subscriptions};

use super::{Place, Target, Viewer, canonical, place};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};

/// Subscriptions one client may ask for per minute.
const SUBSCRIBES_PER_MINUTE: u32 = 5;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/columns/{id}/subscribe", post(subscribe))
        .route("/sites/{code}/columns/{id}/subscribe", post(subscribe))
        .route("/subscriptions/confirm", get(confirm))
        .route("/sites/{code}/subscriptions/confirm", get(confirm))
        .route("/subscriptions/unsubscribe", get(unsubscribe))
        .route("/sites/{code}/subscriptions/unsubscribe", get(unsubscribe))
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_subscribe.html")]
struct Outcome {
    chrome: Chrome,
    title: &'static str,
    message: String,
    back: Option<String>,
}

async fn outcome(
    state: &AppState,
    csrf: &CsrfToken,
    place: &Place,
    (status, title, message): (StatusCode, &'static str, String),
    back: Option<String>,
) -> Result<Response, PageError> {
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    let chrome = Chrome::site(state, csrf, &place.site, &tree, &place.base).await?;
    let page = Outcome {
        chrome,
        title,
        message,
        back,
    };
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
pub(super) struct SubscribeForm {
    #[serde(default)]
    email: String,
}

/// `POST …/columns/{id}/subscribe`: WEB-PERSONAL, the confirmation mail only.
async fn subscribe(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    target: Target,
    Form(form): Form<SubscribeForm>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, target.code.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    let tree = read::column_tree(&state.platform.db, place.site.id).await?;
    let column = tree
        .get(ColumnId(target.id))
        .filter(|column| column.archived_at.is_none() && column.check_open().is_ok())
        .ok_or_else(|| Error::not_found("栏目"))?;
    let back = Some(format!("{}/columns/{}", place.base, column.id));
    if !state
        .limiter
        .allow("public-form", &viewer.address, SUBSCRIBES_PER_MINUTE)
    {
        let said = "提交过于频繁，请一分钟后再试".to_owned();
        let status = (StatusCode::TOO_MANY_REQUESTS, "订阅未提交", said);
        return outcome(&state, &csrf, &place, status, back).await;
    }
    let base = match canonical(&place.site) {
        domain if !domain.is_empty() => domain,
        _ => place.base.clone(),
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let now = Instant::from_millis(now_ms());
    let done = subscriptions::subscribe(db, key, column.id, &form.email, &base, now).await;
    let said = match done {
        Ok(()) => (
            StatusCode::OK,
            "请查收确认邮件",
            format!(
                "如果地址正确，确认邮件已发往该邮箱。打开邮件中的链接确认后，栏目“{}”的新文章才会发送给您。",
                column.name
            ),
        ),
        Err(Error::Invalid(message)) => (StatusCode::BAD_REQUEST, "订阅未提交", message),
        Err(error) => return Err(error.into()),
    };
    outcome(&state, &csrf, &place, said, back).await
}

#[derive(Deserialize)]
pub(super) struct ConfirmQuery {
    #[serde(default)]
    token: String,
}

/// `GET …/subscriptions/confirm?token=`: WEB-PERSONAL, the opt-in.
async fn confirm(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    code: Code,
    Query(query): Query<ConfirmQuery>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, code.0.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let now = Instant::from_millis(now_ms());
    let said = if subscriptions::confirm(db, key, &query.token, now).await? {
        (
            StatusCode::OK,
            "订阅已确认",
            "订阅已确认，栏目有新文章时将发送到您的邮箱。每封邮件都有退订链接。".to_owned(),
        )
    } else {
        (
            StatusCode::NOT_FOUND,
            "链接无效",
            "确认链接无效或已被更新的订阅取代，请重新订阅。".to_owned(),
        )
    };
    outcome(&state, &csrf, &place, said, None).await
}

#[derive(Deserialize)]
pub(super) struct UnsubscribeQuery {
    #[serde(default)]
    s: String,
    #[serde(default)]
    k: String,
}

/// `GET …/subscriptions/unsubscribe?s=&k=`: WEB-PERSONAL, ends a subscription without login.
async fn unsubscribe(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    viewer: Viewer,
    code: Code,
    Query(query): Query<UnsubscribeQuery>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let place = match place(&state, &viewer, code.0.as_deref(), &profile).await? {
        Ok(place) => place,
        Err(offline) => return Ok(offline),
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let now = Instant::from_millis(now_ms());
    let id = crate::extract::parse_number(&query.s);
    let done = match id {
        Some(id) => subscriptions::unsubscribe(db, key, id, &query.k, now).await?,
        None => false,
    };
    let said = if done {
        (
            StatusCode::OK,
            "已退订",
            "已退订，您的邮箱地址已删除，不会再收到本栏目的邮件。".to_owned(),
        )
    } else {
        (
            StatusCode::NOT_FOUND,
            "链接无效",
            "退订链接无效，或该订阅已经退订。".to_owned(),
        )
    };
    outcome(&state, &csrf, &place, said, None).await
}

/// The site's code of a prefixed path, if any.
pub(super) struct Code(Option<String>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Code {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let params = axum::extract::RawPathParams::from_request_parts(parts, state).await;
        let code = params.ok().and_then(|params| {
            params
                .iter()
                .find(|(name, _)| *name == "code")
                .map(|(_, value)| value.to_owned())
        });
        Ok(Code(code))
    }
}
