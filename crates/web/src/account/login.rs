//! The login choice, the unified identity login's two legs, the local login and the
//! registration (issue 23 items 1, 2). A refusal is the message on the page, nothing
//! changed, the attempt audited by `accounts`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;

use super::{cookie_name, current, flow_cookie_name};
use crate::AppState;
use crate::chrome::Chrome;
use crate::cookies;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Query};

#[derive(Template, WebTemplate)]
#[template(path = "account/login.html")]
pub struct LoginPage {
    chrome: Chrome,
    /// The provider's name when the installation has one.
    provider: String,
    message: String,
    phone: String,
}

async fn login_page(
    state: &AppState,
    csrf: &CsrfToken,
    message: String,
    phone: String,
) -> Result<LoginPage, PageError> {
    let provider = accounts::oidc::configured(&state.platform.db, &state.platform.key)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default();
    Ok(LoginPage {
        chrome: Chrome::public(state, csrf).await?,
        provider,
        message,
        phone,
    })
}

/// `GET /account/login`: the login choice.
pub async fn choice(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<LoginPage, PageError> {
    login_page(&state, &csrf, String::new(), String::new()).await
}

fn with_cookies(mut response: Response, values: &[String]) -> Response {
    for value in values {
        if let Ok(value) = axum::http::HeaderValue::from_str(value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = state.platform.config.secure_cookies;
    cookies::build(cookie_name(secure), token, secure, "Lax", None)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalLogin {
    phone: String,
    password: String,
}

/// `POST /account/login`: phone and password (SEC-ACCOUNTS delay as for staff).
pub async fn local(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<LocalLogin>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    let now = now_ms();
    let db = &state.platform.db;
    let key = &state.platform.key;
    let login = accounts::account::login(
        db,
        key,
        &profile,
        &state.login_clients,
        (&form.phone, &form.password, &ip),
        now,
    )
    .await;
    match login {
        Ok(id) => {
            let token = accounts::session::create(db, key, id, None, now).await?;
            let response = Redirect::to("/account/space").into_response();
            Ok(with_cookies(response, &[session_cookie(&state, &token)]))
        }
        Err(error) => Ok(login_page(&state, &csrf, error.to_string(), form.phone)
            .await?
            .into_response()),
    }
}

/// `GET /account/oidc/start`: to the provider, with state, nonce and PKCE; the state bound
/// to this browser by the `zw_oidc` cookie.
pub async fn oidc_start(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    let Some(config) = accounts::oidc::configured(db, key).await? else {
        let message = "本平台未接入统一身份认证，请使用本站账号登录".to_owned();
        return Ok(login_page(&state, &csrf, message, String::new())
            .await?
            .into_response());
    };
    let http = accounts::oidc::http_client()?;
    let begun = match accounts::oidc::begin(db, key, &http, &config, now_ms()).await {
        Ok(begun) => begun,
        Err(error) => {
            return Ok(login_page(&state, &csrf, error.to_string(), String::new())
                .await?
                .into_response());
        }
    };
    let secure = state.platform.config.secure_cookies;
    let cookie = cookies::build(
        flow_cookie_name(secure),
        &begun.browser_token,
        secure,
        "Lax",
        Some(accounts::oidc::FLOW_MINUTES * 60),
    );
    let response = Redirect::to(&begun.authorize_url).into_response();
    Ok(with_cookies(response, &[cookie]))
}

#[derive(Deserialize)]
pub struct Callback {
    #[serde(default)]
    state: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    error: String,
}

/// `GET /account/oidc/callback`: the state spent, the code exchanged, the ID token checked;
/// the account found or created; a session opened. Any failure is the login page with the
/// reason, nothing changed, audited.
pub async fn oidc_callback(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(callback): Query<Callback>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    let now = now_ms();
    let secure = state.platform.config.secure_cookies;
    let browser = cookies::read(&headers, flow_cookie_name(secure));
    let clear_flow = cookies::build(flow_cookie_name(secure), "", secure, "Lax", Some(0));
    let outcome = async {
        if !callback.error.is_empty() {
            return Err(platform::Error::invalid(
                "统一身份认证平台未完成登录，请重新登录",
            ));
        }
        let config = accounts::oidc::configured(db, key)
            .await?
            .ok_or_else(|| platform::Error::invalid("本平台未接入统一身份认证"))?;
        let http = accounts::oidc::http_client()?;
        let identity = accounts::oidc::finish(
            db,
            key,
            &http,
            &config,
            (&callback.state, &callback.code, browser.as_deref()),
            now,
        )
        .await?;
        let id = accounts::enterprise::account_of_identity(db, key, &identity, &ip, now).await?;
        accounts::session::create(db, key, id, Some(&identity.id_token), now).await
    }
    .await;
    match outcome {
        Ok(token) => {
            let response = Redirect::to("/account/space").into_response();
            Ok(with_cookies(
                response,
                &[session_cookie(&state, &token), clear_flow],
            ))
        }
        Err(error) => {
            let actor = platform::audit::AuditActor::anonymous(&ip);
            accounts::account::audit_refusal(db, &actor, "account.oidc", &error.to_string(), now)
                .await;
            let page = login_page(&state, &csrf, error.to_string(), String::new()).await?;
            Ok(with_cookies(page.into_response(), &[clear_flow]))
        }
    }
}

/// `POST /account/logout`: the session ended; after a unified-identity login, on to the
/// provider's end-session endpoint.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let secure = state.platform.config.secure_cookies;
    let clear = cookies::build(cookie_name(secure), "", secure, "Lax", Some(0));
    let Some((token, session)) = current(&state, &headers).await? else {
        return Ok(with_cookies(
            Redirect::to("/account/login").into_response(),
            &[clear],
        ));
    };
    accounts::session::destroy(&state.platform.db, &token).await?;
    let mut to = "/account/login".to_owned();
    if let Some(id_token) = session.id_token
        && let Some(config) =
            accounts::oidc::configured(&state.platform.db, &state.platform.key).await?
    {
        let http = accounts::oidc::http_client()?;
        if let Ok(Some(url)) = accounts::oidc::logout_url(&http, &config, &id_token).await {
            to = url;
        }
    }
    Ok(with_cookies(Redirect::to(&to).into_response(), &[clear]))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/register.html")]
pub struct RegisterPage {
    chrome: Chrome,
    message: String,
    ok: bool,
    phone: String,
    name: String,
}

async fn register_page(
    state: &AppState,
    csrf: &CsrfToken,
    (message, ok): (String, bool),
    (phone, name): (String, String),
) -> Result<RegisterPage, PageError> {
    Ok(RegisterPage {
        chrome: Chrome::public(state, csrf).await?,
        message,
        ok,
        phone,
        name,
    })
}

/// `GET /account/register`.
pub async fn register_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<RegisterPage, PageError> {
    register_page(&state, &csrf, (String::new(), false), Default::default()).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    phone: String,
}

/// `POST /account/register/code`: the SMS code through the outbox (the SMS adapter).
pub async fn send_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<CodeForm>,
) -> Result<RegisterPage, PageError> {
    let now = Instant::from_millis(now_ms());
    let sent = accounts::account::send_code(
        &state.platform.db,
        &state.platform.key,
        &form.phone,
        &ip,
        now,
    )
    .await;
    let message = match sent {
        Ok(_) => ("验证码已发送，10 分钟内有效".to_owned(), true),
        Err(error) => (error.to_string(), false),
    };
    register_page(&state, &csrf, message, (form.phone, String::new())).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterForm {
    phone: String,
    code: String,
    password: String,
    name: String,
    id_number: String,
}

/// `POST /account/register`: the account made and logged in, or the reason on the page.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    let now = now_ms();
    let registration = accounts::account::Registration {
        phone: form.phone.clone(),
        code: form.code,
        password: form.password,
        name: form.name.clone(),
        id_number: form.id_number,
    };
    match accounts::account::register(db, key, &registration, &ip, Instant::from_millis(now)).await
    {
        Ok(account) => {
            let token = accounts::session::create(db, key, account.id, None, now).await?;
            let response = Redirect::to("/account/space").into_response();
            Ok(with_cookies(response, &[session_cookie(&state, &token)]))
        }
        Err(error) => Ok(register_page(
            &state,
            &csrf,
            (error.to_string(), false),
            (form.phone, form.name),
        )
        .await?
        .into_response()),
    }
}
