//! The guard table of the back office at `/office` (SEC-ROLES, deny by default). Every route
//! is one row — method, path, guard, handler — declared by the folder of the domain that owns
//! it (`hotline::table()`, `services::table()`, …; the login steps and the workbench in
//! `shell::table()`), and [`table`] collects them. The guard — public (the login form), any
//! session (the login steps), or a staff policy from `platform::access` — is checked before
//! the handler runs and before the body is read. What no row grants is denied: a path no row
//! names is the 404 page, a method no row names 405.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use platform::roles::Actor;

use crate::AppState;
use crate::error::PageError;
use crate::staff::{Staff, ready, step_path};

/// Who may call a route.
#[derive(Clone, Copy)]
pub enum Guard {
    /// Anyone (the login form).
    Public,
    /// Any session, whatever its login step (second factor, password change).
    Session,
    /// A fully logged-in staff user whom the policy function allows.
    Staff(fn(&Actor) -> bool),
}

/// One back-office route: one row of the guard table.
pub struct OfficeRoute {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
    handler: MethodRouter<AppState>,
}

/// A row of a domain's table.
pub(crate) fn route(
    method: Method,
    path: &'static str,
    guard: Guard,
    handler: MethodRouter<AppState>,
) -> OfficeRoute {
    OfficeRoute {
        method,
        path,
        guard,
        handler,
    }
}

/// Every back-office route, its guard and its handler: the rows of every domain.
pub fn table() -> Vec<OfficeRoute> {
    [
        crate::shell::table(),
        crate::admin::table(),
        crate::assessment::table(),
        crate::calendar::table(),
        crate::evaluation::table(),
        crate::hotline::table(),
        crate::inspect::table(),
        crate::sites::table(),
        crate::openness::table(),
        crate::consultation::table(),
        crate::participation::table(),
        crate::hall::table(),
        crate::extranet::table(),
        crate::sharing::table(),
        crate::kb::table(),
        crate::search::table(),
        crate::services::table(),
        crate::supervision::table(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `(method, path)` of every back-office route, for the role × route test.
pub fn route_list() -> Vec<(Method, &'static str)> {
    table().into_iter().map(|r| (r.method, r.path)).collect()
}

#[derive(Clone)]
struct GuardState {
    app: AppState,
    guard: Guard,
}

async fn enforce(
    State(guard_state): State<GuardState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Guard::Staff(policy) = guard_state.guard else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let staff = match ready(&parts, &guard_state.app).await {
        Ok(Ok(staff)) => staff,
        Ok(Err(step)) => return axum::response::Redirect::to(step_path(step)).into_response(),
        Err(error) => return PageError(error).into_response(),
    };
    if !policy(&staff.actor) {
        tracing::info!(user.id = staff.actor.user_id, path = %parts.uri.path(), "access denied");
        return PageError(platform::Error::Forbidden).into_response();
    }
    parts.extensions.insert::<Staff>(staff);
    request = Request::from_parts(parts, body);
    next.run(request).await
}

/// The router of the back office: each row's handler behind its guard.
pub fn routes(state: &AppState) -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, office_route| {
            let guard_state = GuardState {
                app: state.clone(),
                guard: office_route.guard,
            };
            let handler = office_route
                .handler
                .route_layer(middleware::from_fn_with_state(guard_state, enforce));
            router.route(office_route.path, handler)
        })
}
