//! The knowledge base's state changes in the back office (KB-LIFE): a unit drafts, edits,
//! submits and revises its entries; the hotline publishes, sends back and withdraws. Each is
//! one transaction with its audit row; a refused change answers 400/403/404/409 and changes
//! nothing.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use hotline::UnitId;
use hotline::kb::EntryId;
use hotline::kb_store::{self, KbDraft, StoredEntry};
use hotline::usecase::Rules;
use platform::access;
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

use super::office::visible;

/// The fields of the draft and edit forms.
#[derive(Deserialize)]
pub struct EntryForm {
    title: String,
    #[serde(default)]
    question: String,
    answer: String,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    category: String,
}

impl EntryForm {
    fn draft(self) -> KbDraft {
        KbDraft {
            title: self.title,
            question: self.question,
            answer: self.answer,
            keywords: self.keywords,
            category: self.category,
        }
    }
}

fn now() -> Instant {
    Instant::from_millis(now_ms())
}

fn to_entry(id: EntryId) -> Response {
    Redirect::to(&format!("/office/kb/{}", id.0)).into_response()
}

/// `POST /office/kb`: the actor's unit drafts an entry it will own.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let (unit, draft, at) = (UnitId(staff.actor.unit_id), form.draft(), now());
    let id = state
        .platform
        .db
        .write(move |tx| {
            Box::pin(async move { kb_store::draft(tx, &actor, unit, draft, at).await })
        })
        .await?;
    Ok(to_entry(id))
}

/// The entry, if the actor's unit owns it and may write it (403 otherwise).
async fn owned(state: &AppState, staff: &Staff, id: EntryId) -> Result<StoredEntry, PageError> {
    let entry = visible(state, staff, id).await?;
    if !access::kb_write_entry(&staff.actor, entry.owner_unit_id.0) {
        return Err(platform::Error::Forbidden.into());
    }
    Ok(entry)
}

/// The entry, for the hotline's reviewers (the route guard checked the role).
async fn reviewed(state: &AppState, staff: &Staff, id: EntryId) -> Result<StoredEntry, PageError> {
    Ok(visible(state, staff, id).await?)
}

/// One change of an existing entry.
enum Change {
    Edit(KbDraft),
    Submit,
    Revise,
    Publish,
    SendBack(String),
    Withdraw,
}

/// Runs one change in its own transaction and returns to the entry page.
async fn commit(
    state: &AppState,
    staff: &Staff,
    id: EntryId,
    change: Change,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let (profile, calendar) = match change {
        Change::Publish => (
            state.profile().await?,
            Some(platform::workcal::load_current(&state.platform.db).await?),
        ),
        _ => (Default::default(), None),
    };
    let at = now();
    state
        .platform
        .db
        .write(move |tx| {
            Box::pin(async move {
                match change {
                    Change::Edit(draft) => kb_store::edit(tx, &actor, id, draft, at).await,
                    Change::Submit => kb_store::submit(tx, &actor, id, at).await,
                    Change::Revise => kb_store::revise(tx, &actor, id, at).await,
                    Change::Publish => {
                        let Some(calendar) = calendar.as_ref() else {
                            return Err(platform::Error::Unexpected(anyhow::anyhow!(
                                "calendar not loaded"
                            )));
                        };
                        let rules = Rules {
                            calendar,
                            profile: &profile,
                        };
                        kb_store::publish(tx, &actor, id, rules, at).await
                    }
                    Change::SendBack(reason) => {
                        kb_store::send_back(tx, &actor, id, &reason, at).await
                    }
                    Change::Withdraw => kb_store::withdraw(tx, &actor, id, at).await,
                }
            })
        })
        .await?;
    Ok(to_entry(id))
}

/// `POST /office/kb/{id}/edit`: the owner unit changes a draft.
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let entry = owned(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::Edit(form.draft())).await
}

/// `POST /office/kb/{id}/submit`: the owner unit submits a draft for review.
pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
) -> Result<Response, PageError> {
    let entry = owned(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::Submit).await
}

/// `POST /office/kb/{id}/revise`: the owner unit starts a new version of a published or
/// withdrawn entry (the published version stays searchable meanwhile).
pub async fn revise(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
) -> Result<Response, PageError> {
    let entry = owned(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::Revise).await
}

/// `POST /office/kb/{id}/publish`: the hotline publishes the entry in review.
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
) -> Result<Response, PageError> {
    let entry = reviewed(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::Publish).await
}

/// The reason field of the send-back form.
#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// `POST /office/kb/{id}/send-back`: the hotline returns the entry to its unit with a reason.
pub async fn send_back(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let entry = reviewed(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::SendBack(form.reason)).await
}

/// `POST /office/kb/{id}/withdraw`: the hotline withdraws an outdated entry.
pub async fn withdraw(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<EntryId>,
) -> Result<Response, PageError> {
    let entry = reviewed(&state, &staff, id).await?;
    commit(&state, &staff, entry.id, Change::Withdraw).await
}
