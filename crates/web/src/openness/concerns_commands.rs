//! The commands on a public concern from its page (PUB-RESPOND): each form becomes one
//! `openness::concern::Command` and goes through `openness::usecase::concerns::execute` — the
//! kernel's one path — with the page's version. A release records when it took place (the
//! clock stops then, not at the click). Who may run what is the machine's; a refusal (a
//! response by the office, a conference for an ordinary concern, a stale page) answers 400
//! with the page and its Chinese message, and changes nothing.

use axum::Extension;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use calendar::Instant;
use openness::concern::{Command, ConcernId, Said};
use openness::usecase::concerns as usecase;
use platform::access;
use platform::db::now_ms;
use serde::Deserialize;

use super::ConcernNo;
use super::concerns::build;
use super::office::acting;
use super::subject::{CommandForm, limited, local_minute, refused, versioned};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// The rows of the commands on a concern.
pub(super) fn rows() -> Vec<OfficeRoute> {
    let handled: [(&'static str, MethodRouter<AppState>); 5] = [
        (
            "/office/openness/concerns/{id}/information",
            handler::<ReleaseForm<0>>(),
        ),
        (
            "/office/openness/concerns/{id}/press-conference",
            handler::<ReleaseForm<1>>(),
        ),
        (
            "/office/openness/concerns/{id}/respond",
            handler::<ReleaseForm<2>>(),
        ),
        (
            "/office/openness/concerns/{id}/escalate",
            handler::<EscalateForm>(),
        ),
        (
            "/office/openness/concerns/{id}/close",
            handler::<CloseForm>(),
        ),
    ];
    handled
        .into_iter()
        .map(|(path, handler)| {
            route(
                Method::POST,
                path,
                Guard::Staff(access::openness_concerns),
                handler,
            )
        })
        .collect()
}

fn handler<F: CommandForm<Command>>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>,
         Extension(csrf): Extension<CsrfToken>,
         staff: Staff,
         Id(ConcernNo(id)): Id<ConcernNo>,
         Form(form): Form<F>| async move {
            let version = form.version();
            run(
                &state,
                &csrf,
                &staff,
                (ConcernId(id), version),
                form.command(),
            )
            .await
        },
    )
}

async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (ConcernId, i64),
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    // Outside the office and the responding unit, not found (before anything else).
    usecase::office_concern(&state.platform.db, id, &acting(staff)).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            usecase::execute(db, &context, &acting(staff), id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/office/openness/concerns/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = build(state, csrf, staff, id, (Some(error.to_string()), false)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// A release: 0 authoritative information, 1 a press conference, 2 a response.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseForm<const KIND: u8> {
    version: i64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    at: String,
}

impl<const KIND: u8> CommandForm<Command> for ReleaseForm<KIND> {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let took_place_at = local_minute(&self.at, Instant::from_millis(now_ms()))
            .ok_or_else(|| platform::Error::invalid("发布时间格式不正确"))?;
        let said = Said {
            text: limited(self.text, "内容", 4000)?,
            place: limited(self.place, "渠道或地点", 200)?,
            took_place_at,
        };
        Ok(match KIND {
            0 => Command::ReleaseInformation(said),
            1 => Command::HoldPressConference(said),
            _ => Command::Respond(said),
        })
    }
}

/// 升级为重大舆情.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalateForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

impl CommandForm<Command> for EscalateForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Escalate {
            reason: limited(self.reason, "理由", 2000)?,
        })
    }
}

/// 办结 with the outcome.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    version: i64,
    #[serde(default)]
    outcome: String,
}

impl CommandForm<Command> for CloseForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Close {
            outcome: limited(self.outcome, "处置结果", 2000)?,
        })
    }
}
