//! One incident's page (SEC-INCIDENT): what was found, its handling steps, its reports upward
//! and its closure, with the security administrator's forms for each while it is open. A
//! leak (or an incident of 较大 or above) offers closure only once it is reported upward; the
//! use case refuses it otherwise.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access::{self, Op};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::security::incidents::{self, NewReport};
use platform::security::parse_minute;
use serde::Deserialize;

use super::IncidentId;
use super::incidents::unit_names;
use super::registers::refusal;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

pub struct StepLine {
    taken_at: String,
    action: String,
    recorded_by: String,
}

pub struct ReportLine {
    reported_at: String,
    reported_to: String,
    summary: String,
    recorded_by: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/security_incident.html")]
pub struct IncidentPage {
    chrome: Chrome,
    id: i64,
    found_at: String,
    level: &'static str,
    kind: &'static str,
    title: String,
    description: String,
    units: String,
    recorded: String,
    closed: Option<String>,
    closure: String,
    awaits_report: bool,
    steps: Vec<StepLine>,
    reports: Vec<ReportLine>,
    can_edit: bool,
    /// The current minute, as the time fields' default (`2026-03-15T09:30`).
    now_minute: String,
    error: Option<String>,
}

fn by(name: Option<String>) -> String {
    name.unwrap_or_else(|| "系统".into())
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    error: Option<String>,
) -> Result<IncidentPage, PageError> {
    let db = &state.platform.db;
    let incident = incidents::get(db, id).await?;
    let steps = incidents::steps(db, id)
        .await?
        .into_iter()
        .map(|s| StepLine {
            taken_at: minute_of(s.taken_at),
            action: s.action,
            recorded_by: by(s.recorded_by),
        })
        .collect();
    let reports = incidents::reports(db, id)
        .await?
        .into_iter()
        .map(|r| ReportLine {
            reported_at: minute_of(r.reported_at),
            reported_to: r.reported_to,
            summary: r.summary,
            recorded_by: by(r.recorded_by),
        })
        .collect();
    Ok(IncidentPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        found_at: minute_of(incident.found_at),
        level: incident.level.label_zh(),
        kind: incident.kind.label_zh(),
        units: unit_names(&incident.units),
        recorded: format!(
            "{} 于 {} 登记",
            by(incident.recorded_by.clone()),
            minute_of(incident.recorded_at)
        ),
        closed: incident.closed_at.map(|at| {
            format!(
                "{} 于 {} 结案",
                by(incident.closed_by.clone()),
                minute_of(at)
            )
        }),
        closure: incident.closure.clone().unwrap_or_default(),
        awaits_report: incident.awaits_report(),
        title: incident.title,
        description: incident.description,
        steps,
        reports,
        can_edit: access::security_incidents(&staff.actor, Op::Edit),
        now_minute: minute_of(now_ms()).replace(' ', "T"),
        error,
    })
}

/// `GET /office/security/incidents/{id}`.
pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(IncidentId(id)): Id<IncidentId>,
) -> Result<IncidentPage, PageError> {
    page(&state, &csrf, &staff, id, None).await
}

/// Answers an action on the incident: its page again, or the page with the refusal.
async fn respond(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    result: platform::Result<()>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/office/security/incidents/{id}")).into_response()),
        Err(error) => {
            let (status, message) = refusal(error)?;
            Ok((status, page(state, csrf, staff, id, Some(message)).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    taken_at: String,
    action: String,
}

/// `POST /office/security/incidents/{id}/steps`: a dated handling step.
pub async fn add_step(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(IncidentId(id)): Id<IncidentId>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let result = async {
        let taken_at = parse_minute("处置时间", &form.taken_at)?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        let action = form.action;
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move {
                    incidents::add_step(tx, &actor, id, (taken_at, &action), now).await
                })
            })
            .await
    }
    .await;
    respond(&state, &csrf, &staff, id, result).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    reported_at: String,
    reported_to: String,
    #[serde(default)]
    summary: String,
}

/// `POST /office/security/incidents/{id}/reports`: SEC-INCIDENT, a report upward.
pub async fn report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(IncidentId(id)): Id<IncidentId>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let result = async {
        let new = NewReport {
            reported_at: parse_minute("上报时间", &form.reported_at)?,
            reported_to: form.reported_to,
            summary: form.summary,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move { incidents::report(tx, &actor, id, &new, now).await })
            })
            .await
    }
    .await;
    respond(&state, &csrf, &staff, id, result).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    closure: String,
}

/// `POST /office/security/incidents/{id}/close`: closes the incident (SEC-INCIDENT: a leak
/// only after a report upward).
pub async fn close(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(IncidentId(id)): Id<IncidentId>,
    Form(form): Form<CloseForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let now = now_ms();
    let closure = form.closure;
    let result = state
        .platform
        .db
        .write(move |tx| {
            Box::pin(async move { incidents::close(tx, &actor, id, &closure, now).await })
        })
        .await;
    respond(&state, &csrf, &staff, id, result).await
}
