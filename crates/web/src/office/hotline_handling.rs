//! The rest of a 12345 order's stages on its page: the lead unit applies for an extension
//! (HL-EXTEND) or puts the order on the hanging ledger and takes it off (HL-HANG); the
//! hotline reviews an unsatisfied callback (HL-CALLBACK) and records a withdrawal
//! (HL-WITHDRAW). Each goes through `usecase::execute` like every other action.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use hotline::UnitId;
use hotline::order::{Command, ReviewFinding};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::office::hotline_order::{parse_id, run};
use crate::staff::Staff;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendForm {
    version: i64,
    amount: String,
    reason: String,
}

/// HL-EXTEND: before the due time, with a reason; the number and length come from the profile.
pub async fn extend(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ExtendForm>,
) -> Result<Response, PageError> {
    let command = form
        .amount
        .trim()
        .parse::<calendar::Limit>()
        .map_err(|e| platform::Error::invalid(format!("延期时限不正确：{e}")))
        .map(|amount| Command::Extend {
            unit: UnitId(staff.actor.unit_id),
            amount,
            reason: form.reason,
        });
    run(&state, &csrf, &staff, parse_id(&id)?, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HangForm {
    version: i64,
    scope: String,
    standard: String,
    review_by: String,
}

/// HL-HANG: on the ledger with its scope, standard and the date of the next review.
pub async fn hang(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<HangForm>,
) -> Result<Response, PageError> {
    let command = NaiveDate::parse_from_str(form.review_by.trim(), "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("复查日期格式不正确，应为 YYYY-MM-DD"))
        .map(|date| Command::Hang {
            unit: UnitId(staff.actor.unit_id),
            scope: form.scope,
            standard: form.standard,
            review_by: calendar::Instant::from_local(date, 18 * 60),
        });
    run(&state, &csrf, &staff, parse_id(&id)?, form.version, command).await
}

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
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Unhang {
        unit: UnitId(staff.actor.unit_id),
        note: form.note,
    });
    run(&state, &csrf, &staff, parse_id(&id)?, form.version, command).await
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
    Path(id): Path<String>,
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
    run(&state, &csrf, &staff, parse_id(&id)?, form.version, command).await
}

/// HL-WITHDRAW: the appellant withdraws; the units are told and the order is cancelled.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Withdraw { note: form.note });
    run(&state, &csrf, &staff, parse_id(&id)?, form.version, command).await
}
