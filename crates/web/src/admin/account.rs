//! One account's page (SEC-ACCOUNTS as amended): who it is, its training records and its
//! confidentiality agreements (保密协议), with the system administrator's forms to record
//! more; the security administrator reads it before granting a hotline role, which the use
//! case refuses without an agreement.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access::{self, AccountOp};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::users::records::{self, Agreement, Training};
use serde::Deserialize;

use super::AccountId;
use super::registers::refusal;
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

pub struct TrainingLine {
    trained_on: String,
    course: String,
    trainer: String,
    recorded: String,
}

pub struct AgreementLine {
    signed_on: String,
    document_ref: String,
    recorded: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/account.html")]
pub struct AccountPage {
    chrome: Chrome,
    id: i64,
    username: String,
    display_name: String,
    unit_name: String,
    roles: String,
    active: bool,
    /// A hotline role is held, or may be granted: the agreement matters.
    hotline: bool,
    trainings: Vec<TrainingLine>,
    agreements: Vec<AgreementLine>,
    can_manage: bool,
    error: Option<String>,
}

fn recorded(by: Option<String>, at: i64) -> String {
    format!("{} {}", by.unwrap_or_else(|| "系统".into()), date_of(at))
}

async fn page(
    state: &AppState,
    (csrf, staff): (&CsrfToken, &Staff),
    id: i64,
    error: Option<String>,
) -> Result<AccountPage, PageError> {
    let db = &state.platform.db;
    let account = platform::users::get(db, id).await?;
    let trainings = records::trainings(db, id)
        .await?
        .into_iter()
        .map(|t| TrainingLine {
            recorded: recorded(t.recorded_by, t.recorded_at),
            trained_on: t.trained_on,
            course: t.course,
            trainer: t.trainer,
        })
        .collect();
    let agreements = records::agreements(db, id)
        .await?
        .into_iter()
        .map(|a| AgreementLine {
            recorded: recorded(a.recorded_by, a.recorded_at),
            signed_on: a.signed_on,
            document_ref: a.document_ref,
        })
        .collect();
    Ok(AccountPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        hotline: account
            .roles
            .iter()
            .any(|role| role.requires_confidentiality_agreement()),
        roles: account
            .roles
            .iter()
            .map(|r| r.label_zh())
            .collect::<Vec<_>>()
            .join("、"),
        username: account.username,
        display_name: account.display_name,
        unit_name: account.unit_name,
        active: account.active,
        trainings,
        agreements,
        can_manage: access::accounts(&staff.actor, AccountOp::Manage),
        error,
    })
}

/// `GET /office/accounts/{id}`.
pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
) -> Result<AccountPage, PageError> {
    page(&state, (&csrf, &staff), id, None).await
}

async fn respond(
    state: &AppState,
    (csrf, staff): (&CsrfToken, &Staff),
    id: i64,
    result: platform::Result<()>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/office/accounts/{id}")).into_response()),
        Err(error) => {
            let (status, message) = refusal(error)?;
            Ok((status, page(state, (csrf, staff), id, Some(message)).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingForm {
    course: String,
    trained_on: String,
    trainer: String,
}

/// `POST /office/accounts/{id}/trainings`: SEC-ACCOUNTS, a training of the account.
pub async fn add_training(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
    Form(form): Form<TrainingForm>,
) -> Result<Response, PageError> {
    let result = async {
        let training = Training::parse(&form.course, &form.trained_on, &form.trainer)?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(
                    async move { records::record_training(tx, &actor, id, &training, now).await },
                )
            })
            .await
    }
    .await;
    respond(&state, (&csrf, &staff), id, result).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementForm {
    signed_on: String,
    document_ref: String,
}

/// `POST /office/accounts/{id}/agreements`: SEC-ACCOUNTS, the signed 保密协议.
pub async fn add_agreement(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
    Form(form): Form<AgreementForm>,
) -> Result<Response, PageError> {
    let result = async {
        let agreement = Agreement::parse(&form.signed_on, &form.document_ref)?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(
                    async move { records::record_agreement(tx, &actor, id, &agreement, now).await },
                )
            })
            .await
    }
    .await;
    respond(&state, (&csrf, &staff), id, result).await
}
