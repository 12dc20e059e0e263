//! The login pages (SEC-ACCOUNTS): password, second factor (enrolment or code), forced
//! password change, logout. The session cookie gets a new id at every step.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use platform::auth::login::{self, NextStep};
use platform::auth::{session, totp};
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::cookies;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form};
use crate::staff::{LoginSession, step_path};

/// Login attempts allowed per client IP and minute.
const LOGIN_PER_MINUTE: u32 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "office/login.html")]
pub struct LoginPage {
    chrome: Chrome,
    username: String,
    error: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<LoginPage, PageError> {
    Ok(LoginPage {
        chrome: Chrome::public(&state, &csrf).await?,
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginForm {
    username: String,
    password: String,
}

fn with_session_cookie(state: &AppState, token: &str, to: &str) -> Response {
    let cookie = cookies::session(token, state.platform.config.secure_cookies);
    ([(SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

async fn refused_login(
    state: &AppState,
    csrf: &CsrfToken,
    username: &str,
    message: String,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = LoginPage {
        chrome: Chrome::public(state, csrf).await?,
        username: username.chars().take(32).collect(),
        error: Some(message),
    };
    Ok((status, page).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    if !state.limiter.allow("login", &ip, LOGIN_PER_MINUTE) {
        let message = "登录尝试过于频繁，请一分钟后再试".to_owned();
        return refused_login(
            &state,
            &csrf,
            &form.username,
            message,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let profile = state.profile().await?;
    // Issue 12 finding 7 (SEC-ACCOUNTS): every refusal from here on is one message and one
    // status, whatever the reason (the audit log keeps the reason).
    match login::password_step(
        &state.platform.db,
        &profile,
        &state.login_clients,
        (&form.username, &form.password, &ip),
        now_ms(),
    )
    .await
    {
        Ok((token, next)) => Ok(with_session_cookie(&state, &token, step_path(next))),
        Err(platform::Error::Invalid(message)) => {
            refused_login(
                &state,
                &csrf,
                &form.username,
                message,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/totp.html")]
struct TotpPage {
    chrome: Chrome,
    display_name: String,
    error: Option<String>,
}

pub async fn totp_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    login: LoginSession,
) -> Result<Response, PageError> {
    if login.session.second_factor_done {
        return Ok(Redirect::to("/office").into_response());
    }
    Ok(TotpPage {
        chrome: Chrome::public(&state, &csrf).await?,
        display_name: login.actor.display_name,
        error: None,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "office/enrol.html")]
struct EnrolPage {
    chrome: Chrome,
    display_name: String,
    roles: String,
    secret: String,
    qr_svg: String,
    error: Option<String>,
}

async fn enrol_page(
    state: &AppState,
    csrf: &CsrfToken,
    login: &LoginSession,
    error: Option<String>,
) -> Result<EnrolPage, PageError> {
    let secret =
        login::begin_enrolment(&state.platform.db, &state.platform.key, login.actor.user_id)
            .await?;
    Ok(EnrolPage {
        chrome: Chrome::public(state, csrf).await?,
        display_name: login.actor.display_name.clone(),
        roles: login.actor.roles_label(),
        secret: totp::secret_base32(&secret),
        qr_svg: totp::qr_svg(&secret, &login.actor.username)?,
        error,
    })
}

pub async fn enrol_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    login: LoginSession,
) -> Result<Response, PageError> {
    if login.session.second_factor_done {
        return Ok(Redirect::to("/office").into_response());
    }
    Ok(enrol_page(&state, &csrf, &login, None)
        .await?
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    code: String,
}

/// Checks a code for enrolment or login; on success the session is replaced.
pub async fn totp_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    login: LoginSession,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    if login.session.second_factor_done {
        return Ok(Redirect::to("/office").into_response());
    }
    let profile = state.profile().await?;
    let platform = &state.platform;
    let result = login::totp_step(
        &platform.db,
        &platform.key,
        &profile,
        (&login.token, &login.actor, &login.ip),
        &form.code,
        now_ms(),
    )
    .await;
    match result {
        Ok(token) => {
            let next =
                login::next_step(&platform.db, &profile, &login.actor, true, now_ms()).await?;
            Ok(with_session_cookie(&state, &token, step_path(next)))
        }
        Err(platform::Error::Invalid(message)) => {
            let enrolled = login::next_step(&platform.db, &profile, &login.actor, false, now_ms())
                .await?
                == NextStep::Totp;
            let page = if enrolled {
                TotpPage {
                    chrome: Chrome::public(&state, &csrf).await?,
                    display_name: login.actor.display_name.clone(),
                    error: Some(message),
                }
                .into_response()
            } else {
                enrol_page(&state, &csrf, &login, Some(message))
                    .await?
                    .into_response()
            };
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    login: LoginSession,
) -> Result<Response, PageError> {
    session::destroy(&state.platform.db, &login.token).await?;
    let cookie = cookies::clear_session(state.platform.config.secure_cookies);
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/office/login")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "office/password.html")]
struct PasswordPage {
    chrome: Chrome,
    forced: bool,
    min_length: u32,
    error: Option<String>,
}

async fn password_page(
    state: &AppState,
    csrf: &CsrfToken,
    login: &LoginSession,
    error: Option<String>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    if !login.session.second_factor_done {
        let step =
            login::next_step(&state.platform.db, &profile, &login.actor, false, now_ms()).await?;
        return Ok(Redirect::to(step_path(step)).into_response());
    }
    let step = login::next_step(&state.platform.db, &profile, &login.actor, true, now_ms()).await?;
    let mut chrome = Chrome::public(state, csrf).await?;
    if step == NextStep::Ready {
        chrome = Chrome::office(state, csrf, &login.actor).await?;
    }
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = PasswordPage {
        chrome,
        forced: step == NextStep::ChangePassword,
        min_length: profile.security.password_min_length,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn password_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    login: LoginSession,
) -> Result<Response, PageError> {
    password_page(&state, &csrf, &login, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordForm {
    old_password: String,
    new_password: String,
    new_password_again: String,
}

pub async fn password_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    login: LoginSession,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    if !login.session.second_factor_done {
        return password_page(&state, &csrf, &login, None).await;
    }
    if form.new_password != form.new_password_again {
        return password_page(&state, &csrf, &login, Some("两次输入的新密码不一致".into())).await;
    }
    let profile = state.profile().await?;
    let result = platform::users::change_own_password(
        &state.platform.db,
        &profile,
        (&login.actor, &login.ip, &login.token),
        &form.old_password,
        &form.new_password,
        now_ms(),
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/office?notice=password").into_response()),
        Err(platform::Error::Invalid(message)) => {
            password_page(&state, &csrf, &login, Some(message)).await
        }
        Err(error) => Err(error.into()),
    }
}
