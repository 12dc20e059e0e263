//! `/office/inspect/findings/{id}` (WEB-INSPECT): a finding of the site inspector as the
//! responsible unit works it — what was found where (personal data masked), its status,
//! clock and history — with the commands the viewer may run: 整改完成 (the unit's editors,
//! publishers, leaders; it closes only when the next complete crawl no longer finds it) and
//! 误报 (the unit's reviewers, a word hit only: the phrase joins the whitelist). A refusal
//! shows its Chinese reason and changes nothing; another unit's finding is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sites::Acting;
use sites::inspection::finding::{Command, CommandKind, FindingId};
use sites::inspection::usecase;

use super::FindingNo;
use super::sites::kind_label;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_finding.html")]
pub struct FindingPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    kind: &'static str,
    url: String,
    detail: String,
    status: &'static str,
    first_seen: String,
    last_seen: String,
    note: String,
    due: Option<String>,
    history: Vec<crate::history::HistoryLine>,
    may_fix: bool,
    may_dismiss: bool,
    /// The whitelist phrase offered: 原 and the listed word (the reviewer edits it).
    phrase: String,
    error: Option<String>,
}

fn status_label(code: &str) -> &'static str {
    sites::inspection::Status::from_code(code).map_or("—", |status| status.label_zh())
}

async fn finding_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    error: Option<String>,
) -> Result<FindingPage, PageError> {
    let acting = Acting::from(&staff.actor);
    let judged = Judged::load(state, staff).await?;
    let office = usecase::office_finding(&state.platform.db, FindingId(id), &acting).await?;
    let finding = &office.stored.finding;
    let due = finding
        .clocks
        .iter()
        .rev()
        .find(|clock| clock.is_running())
        .map(|clock| minute_of(clock.due(&judged.calendar).millis()));
    let kind = &sites::inspection::FINDING_SUBJECT;
    let rows = platform::workflow::history::rows(&state.platform.db, kind, id).await?;
    let history = crate::history::lines(&state.platform.db, kind, &rows, status_label).await?;
    Ok(FindingPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        number: office.stored.number.clone(),
        version: office.stored.version,
        kind: kind_label(&finding.kind),
        url: finding.url.clone(),
        detail: finding.detail.clone(),
        status: finding.status.label_zh(),
        first_seen: minute_of(finding.first_seen.millis()),
        last_seen: minute_of(finding.last_seen.millis()),
        note: finding.note.clone(),
        due,
        history,
        may_fix: office.available.contains(&CommandKind::MarkFixed),
        may_dismiss: office.available.contains(&CommandKind::Dismiss),
        phrase: sites::inspection::finding::listed_word(&finding.detail)
            .map(|word| format!("原{word}"))
            .unwrap_or_default(),
        error,
    })
}

/// `GET /office/inspect/findings/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
) -> Result<FindingPage, PageError> {
    finding_page(&state, &csrf, &staff, id, None).await
}

async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    version: i64,
    command: Command,
) -> Result<Response, PageError> {
    let acting = Acting::from(&staff.actor);
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let outcome = usecase::execute(
        &state.platform.db,
        &context,
        &acting,
        FindingId(id),
        command,
        Some(version),
    )
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/office/inspect/findings/{id}")).into_response()),
        Err(error @ (platform::Error::Invalid(_) | platform::Error::Conflict(_))) => {
            let status = status_of(&error);
            let page = finding_page(state, csrf, staff, id, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixForm {
    version: i64,
    note: String,
}

/// `POST /office/inspect/findings/{id}/fix`: 整改完成.
pub async fn fix(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
    Form(form): Form<FixForm>,
) -> Result<Response, PageError> {
    let command = Command::MarkFixed { note: form.note };
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissForm {
    version: i64,
    reason: String,
    phrase: String,
}

/// `POST /office/inspect/findings/{id}/dismiss`: 误报, the phrase to the whitelist.
pub async fn dismiss(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
    Form(form): Form<DismissForm>,
) -> Result<Response, PageError> {
    let command = Command::Dismiss {
        reason: form.reason,
        phrase: form.phrase,
    };
    run(&state, &csrf, &staff, id, form.version, command).await
}
