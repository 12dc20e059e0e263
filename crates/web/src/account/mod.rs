//! Citizens' and enterprises' accounts on the portal (issue 23) — not the staff's account
//! page (`admin/account.rs`) nor the staff's login. `/account/login` offers the unified
//! identity login (统一身份认证, when the installation has a provider) and the local login;
//! `/account/oidc/start` and `/account/oidc/callback` are the relying party's two legs
//! (`accounts::oidc`); `/account/register` registers a person with a phone verified by an
//! SMS code; `/account/space` is 我的空间 (WEB-PERSONAL) with the claim of older business by
//! number and query code, and `/account/space/materials/{id}` and
//! `/account/space/licences/{id}` the download of a material on file or an e-licence of the
//! person's own cases (`library`; `on_file` offers them on a new application);
//! `/account/data` and `/account/data.json` the download of what the platform holds
//! (PIPL §45); `/account/delete` the deletion with its answer;
//! `/account/subscriptions` WEB-PERSONAL's subscribe and unsubscribe of a site column;
//! `/account/enterprises` (and `/act`, `/agents`, `/agents/revoke`) the enterprises, their
//! agents and acting for one; `/account/contact` (and `/code`) the phone corrected with an
//! SMS code. These are public-session routes: the account's own cookie (`zw_citizen`),
//! never a staff session; every page that needs it sends an anonymous visitor to
//! `/account/login`. `provider` is the system administrator's back-office page of the
//! unified identity provider (`/office/identity-provider`, in the admin guard table).

mod contact;
mod enterprise;
mod follow;
mod library;
mod login;
pub(crate) mod on_file;
mod prefill;
pub(crate) mod provider;
mod space;

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;

pub(crate) use prefill::{Prefill, prefill};

/// The account session cookie's name.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-zw_citizen"
    } else {
        "zw_citizen"
    }
}

/// The cookie that binds a unified-identity login under way to this browser.
pub fn flow_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-zw_oidc" } else { "zw_oidc" }
}

pub(crate) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/account/login", get(login::choice).post(login::local))
        .route("/account/oidc/start", get(login::oidc_start))
        .route("/account/oidc/callback", get(login::oidc_callback))
        .route("/account/logout", post(login::logout))
        .route(
            "/account/register",
            get(login::register_form).post(login::register),
        )
        .route("/account/register/code", post(login::send_code))
        .route("/account/space", get(space::home))
        .route("/account/space/claim", post(space::claim))
        .route("/account/space/items/{id}", get(space::item))
        .route("/account/space/materials/{id}", get(library::material))
        .route("/account/space/licences/{id}", get(library::licence))
        .route("/account/data", get(space::data_page))
        .route("/account/data.json", get(space::data_json))
        .route("/account/delete", post(space::delete))
        .route("/account/subscriptions", post(follow::change))
        .route(
            "/account/enterprises",
            get(enterprise::list).post(enterprise::register),
        )
        .route("/account/enterprises/act", post(enterprise::act))
        .route("/account/enterprises/agents", post(enterprise::authorise))
        .route(
            "/account/enterprises/agents/revoke",
            post(enterprise::revoke),
        )
        .route(
            "/account/contact",
            get(contact::form).post(contact::correct),
        )
        .route("/account/contact/code", post(contact::send_code))
}

/// The logged-in account of the request: `(session token, session)`.
pub(crate) async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> platform::Result<Option<(String, accounts::session::Session)>> {
    let secure = state.platform.config.secure_cookies;
    let Some(token) = crate::cookies::read(headers, cookie_name(secure))
        .filter(|t| !t.is_empty() && t.len() <= 128)
    else {
        return Ok(None);
    };
    let idle = state.profile().await?.security.session_idle_minutes;
    let found = accounts::session::lookup(
        &state.platform.db,
        &state.platform.key,
        &token,
        idle,
        platform::db::now_ms(),
    )
    .await?;
    Ok(found.map(|session| (token, session)))
}

/// The account a public form is filed under (issue 23 item 3): the logged-in person's, or
/// none for an anonymous visitor — anonymous filing works as before.
pub(crate) async fn filed_by(
    state: &AppState,
    headers: &HeaderMap,
) -> platform::Result<Option<platform::filed_by::FiledBy>> {
    Ok(current(state, headers)
        .await?
        .map(|(_, session)| platform::filed_by::FiledBy(session.account_id)))
}

/// To the login choice, for a page that needs an account.
pub(crate) fn to_login() -> Response {
    Redirect::to("/account/login").into_response()
}
