//! The one command path of the openness registers on the kernel (PUB-ATTR, PUB-CONFID,
//! PUB-COORD, PUB-COMPLAINT, PUB-RESPOND): a form on a subject's page becomes one command of
//! the register's machine and goes through its use case with the page's version. Outside
//! those who may see the subject the answer is not found, before anything else; a refusal (a
//! command not the actor's, a stale page, what was typed) answers with its status and the
//! page with its Chinese message, and changes nothing.

use std::future::Future;

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};

use super::subject::{CommandForm, refused};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, PathId};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// A register whose subjects take commands from their pages.
pub(super) trait Register: 'static {
    /// The subject's id as a path names it.
    type No: PathId + Send + 'static;
    /// The subject's id.
    type Id: Copy + Send + Sync + 'static;
    /// A command of the register's machine.
    type Command: Send + 'static;
    /// The subject's page.
    type Page: IntoResponse;

    /// The id a path names.
    fn id(no: Self::No) -> Self::Id;

    /// Where the subject's page is.
    fn page_path(id: Self::Id) -> String;

    /// Not found outside those who may see the subject.
    fn in_scope(
        state: &AppState,
        staff: &Staff,
        id: Self::Id,
    ) -> impl Future<Output = Result<(), PageError>> + Send;

    /// Runs `command` on the subject over the page's version through the register's use case.
    fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        subject: (Self::Id, i64),
        command: Self::Command,
    ) -> impl Future<Output = platform::Result<()>> + Send;

    /// The subject's page showing `error`.
    fn page(
        state: &AppState,
        csrf: &CsrfToken,
        staff: &Staff,
        id: Self::Id,
        error: String,
    ) -> impl Future<Output = Result<Self::Page, PageError>> + Send;
}

/// The guard-table rows of the commands of register `R`: each path with its form's handler,
/// all guarded by `guard`.
pub(super) fn command_rows<R: Register, const N: usize>(
    guard: Guard,
    handled: [(&'static str, MethodRouter<AppState>); N],
) -> Vec<OfficeRoute> {
    handled
        .into_iter()
        .map(|(path, handler)| route(Method::POST, path, guard, handler))
        .collect()
}

/// The handler of form `F` on a subject of register `R`.
pub(super) fn handler<R: Register, F: CommandForm<R::Command>>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>,
         Extension(csrf): Extension<CsrfToken>,
         staff: Staff,
         Id(no): Id<R::No>,
         Form(form): Form<F>| async move {
            let version = form.version();
            run::<R>(&state, &csrf, &staff, (R::id(no), version), form.command()).await
        },
    )
}

async fn run<R: Register>(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (R::Id, i64),
    command: platform::Result<R::Command>,
) -> Result<Response, PageError> {
    R::in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            R::execute(state, &judged, staff, (id, version), command).await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{}?done=1", R::page_path(id))).into_response()),
        Err(error) if refused(&error) => {
            let page = R::page(state, csrf, staff, id, error.to_string()).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
