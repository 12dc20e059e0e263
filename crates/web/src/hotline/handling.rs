//! The rest of a 12345 order's stages on its page: the lead unit takes the order off the
//! hanging ledger (HL-HANG 销账); the hotline reviews an unsatisfied callback (HL-CALLBACK)
//! and records a withdrawal (HL-WITHDRAW). Applications are in `hotline_applications`.
//! Each goes through `usecase::execute` like every other action.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use hotline::order::{Command, ReviewFinding};
use hotline::{AppealId, UnitId};
use serde::Deserialize;

use super::order::run;
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteForm {
    version: i64,
    #[serde(default)]
    note: String,
}

/// HL-HANG: taken off the ledger when solved (销账).
pub async fn unhang(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Unhang {
        unit: UnitId(staff.actor.unit_id),
        note: form.note,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewForm {
    version: i64,
    finding: String,
    #[serde(default)]
    note: String,
}

/// HL-CALLBACK: the hotline's review of an unsatisfied callback; inadequate handling goes
/// back to the unit the same day.
pub async fn review(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let finding = match form.finding.as_str() {
        "inadequate" => Ok(ReviewFinding::Inadequate),
        "adequate" => Ok(ReviewFinding::Adequate),
        _ => Err(platform::Error::invalid("请选择复核结论")),
    };
    let command = finding.map(|finding| Command::Review {
        finding,
        note: form.note,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// HL-WITHDRAW: the appellant withdraws; the units are told and the order is cancelled.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Withdraw { note: form.note });
    run(&state, &csrf, &staff, id, form.version, command).await
}
