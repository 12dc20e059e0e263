//! Correcting one's contact phone (issue 23 item 4, PIPL §46): `/account/contact` shows the
//! phone masked; `POST /account/contact/code` sends an SMS code to the new phone (through the
//! SMS adapter); `POST /account/contact` sets it once the code is right — a wrong code, a
//! malformed phone: refused on the page, nothing changed, the attempt audited
//! (`accounts::rights::correct_phone`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;

use super::{current, to_login};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form};

#[derive(Template, WebTemplate)]
#[template(path = "account/contact.html")]
pub struct ContactPage {
    chrome: Chrome,
    phone: String,
    /// The new phone typed (a phone the person gave, written back to them).
    new_phone: String,
    message: String,
    ok: bool,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    account_id: i64,
    new_phone: String,
    (message, ok): (String, bool),
) -> Result<Response, PageError> {
    let account =
        accounts::account::get(&state.platform.db, &state.platform.key, account_id).await?;
    Ok(ContactPage {
        chrome: Chrome::public(state, csrf).await?,
        phone: account.map(|a| a.masked_phone()).unwrap_or_default(),
        new_phone,
        message,
        ok,
    }
    .into_response())
}

/// `GET /account/contact`.
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    page(
        &state,
        &csrf,
        session.account_id,
        String::new(),
        Default::default(),
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactForm {
    phone: String,
    #[serde(default)]
    code: String,
}

/// `POST /account/contact/code`: a code to the new phone.
pub async fn send_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let now = Instant::from_millis(now_ms());
    let (db, key) = (&state.platform.db, &state.platform.key);
    let message = match accounts::account::send_code(db, key, &form.phone, &ip, now).await {
        Ok(_) => ("验证码已发送至新手机号，10 分钟内有效".to_owned(), true),
        Err(error) => (error.to_string(), false),
    };
    let typed = form.phone.trim().chars().take(20).collect();
    page(&state, &csrf, session.account_id, typed, message).await
}

/// `POST /account/contact`: the new phone set once its code is right.
pub async fn correct(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let now = Instant::from_millis(now_ms());
    let pair = (form.phone.as_str(), form.code.as_str());
    let corrected =
        accounts::rights::correct_phone(db, key, session.account_id, pair, &ip, now).await;
    let (typed, message) = match corrected {
        Ok(()) => (String::new(), ("手机号码已更正".to_owned(), true)),
        Err(error) => (
            form.phone.trim().chars().take(20).collect(),
            (error.to_string(), false),
        ),
    };
    page(&state, &csrf, session.account_id, typed, message).await
}
