//! Who is asking: the back-office extractors. `Staff` is a fully logged-in user (password,
//! second factor and a current password); `LoginSession` is any session, used by the login
//! steps themselves. Both are denied by default: no session, no access.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use platform::auth::login::{self, NextStep};
use platform::auth::session::{self, Session};
use platform::db::now_ms;
use platform::roles::Actor;

use crate::AppState;
use crate::cookies;
use crate::error::{ApiError, PageError};
use crate::extract::client_ip;

/// A session and its user, whatever step of the login it is at.
pub struct LoginSession {
    pub token: String,
    pub session: Session,
    pub actor: Actor,
    pub ip: String,
}

async fn load(parts: &Parts, state: &AppState) -> platform::Result<Option<LoginSession>> {
    let Some(token) = cookies::read(
        &parts.headers,
        cookies::session_name(state.platform.config.secure_cookies),
    ) else {
        return Ok(None);
    };
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let Some(session) =
        session::lookup(db, &token, profile.security.session_idle_minutes, now_ms()).await?
    else {
        return Ok(None);
    };
    let Some(actor) = platform::users::load_actor(db, session.user_id).await? else {
        session::destroy(db, &token).await?;
        return Ok(None);
    };
    Ok(Some(LoginSession {
        token,
        session,
        actor,
        ip: client_ip(parts),
    }))
}

impl FromRequestParts<AppState> for LoginSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match load(parts, state).await {
            Ok(Some(login)) => Ok(login),
            Ok(None) => Err(Redirect::to("/office/login").into_response()),
            Err(error) => Err(PageError(error).into_response()),
        }
    }
}

/// Where a session that is not ready must go.
pub fn step_path(step: NextStep) -> &'static str {
    match step {
        NextStep::Totp => "/office/login/totp",
        NextStep::EnrolTotp => "/office/login/enrol",
        NextStep::ChangePassword => "/office/account/password",
        NextStep::Ready => "/office",
    }
}

/// A staff user who completed every login step.
#[derive(Clone)]
pub struct Staff {
    pub actor: Actor,
    pub ip: String,
}

pub(crate) async fn ready(
    parts: &Parts,
    state: &AppState,
) -> platform::Result<Result<Staff, NextStep>> {
    let Some(login) = load(parts, state).await? else {
        return Err(platform::Error::Unauthenticated);
    };
    let profile = state.profile().await?;
    let step = login::next_step(
        &state.platform.db,
        &profile,
        &login.actor,
        login.session.second_factor_done,
        now_ms(),
    )
    .await?;
    if step != NextStep::Ready {
        return Ok(Err(step));
    }
    Ok(Ok(Staff {
        actor: login.actor,
        ip: login.ip,
    }))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        match ready(parts, state).await {
            Ok(Ok(staff)) => Ok(staff),
            Ok(Err(step)) => Err(Redirect::to(step_path(step)).into_response()),
            Err(error) => Err(PageError(error).into_response()),
        }
    }
}

/// A fully logged-in staff user of the JSON API (401/403 as JSON instead of redirects).
pub struct ApiStaff(pub Staff);

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match ready(parts, state).await {
            Ok(Ok(staff)) => Ok(ApiStaff(staff)),
            Ok(Err(_)) => Err(ApiError(platform::Error::Unauthenticated).into_response()),
            Err(error) => Err(ApiError(error).into_response()),
        }
    }
}

/// What a member of staff's use case is judged by, loaded once per request: the jurisdiction's
/// rule profile and working calendar, the audit actor and the instant. `context` lends them
/// to the domain as the kernel's use-case context.
pub struct Judged {
    pub profile: platform::profile::RuleProfile,
    pub calendar: calendar::Calendar,
    pub actor: platform::audit::AuditActor,
    pub now: calendar::Instant,
}

impl Judged {
    /// Loads the rules in force for `staff` now.
    pub async fn load(state: &AppState, staff: &Staff) -> platform::Result<Judged> {
        Ok(Judged {
            profile: state.profile().await?,
            calendar: platform::workcal::load_current(&state.platform.db).await?,
            actor: platform::audit::AuditActor::staff(&staff.actor, &staff.ip),
            now: calendar::Instant::from_millis(now_ms()),
        })
    }

    /// The kernel's context of the use case.
    pub fn context<'a>(&'a self, state: &'a AppState) -> platform::workflow::Context<'a> {
        platform::workflow::Context {
            key: &state.platform.key,
            actor: &self.actor,
            calendar: &self.calendar,
            profile: &self.profile,
            now: self.now,
        }
    }
}
