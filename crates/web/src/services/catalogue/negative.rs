//! `/office/services/catalogue/negative`: the negative list (SVC-NEG-LIST, SVC-ONE-DOOR) —
//! the items not handled in the hall, each with its reason and the government's approving
//! document; the publishers add, replace and remove entries (audited), everyone of the
//! catalogue sees it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access;
use serde::Deserialize;
use services::ItemId;
use services::item::ApprovingDocument;
use services::usecase::item_office::{self, DocumentIssue, NegativeListRow};

use super::unit_name;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// One entry with its department's name.
pub struct Entry {
    pub row: NegativeListRow,
    pub department: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue_negative.html")]
pub struct NegativePage {
    chrome: Chrome,
    entries: Vec<Entry>,
    can_edit: bool,
    form: EntryForm,
    error: Option<String>,
}

/// An entry as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default, deny_unknown_fields)]
pub struct EntryForm {
    code: String,
    reason: String,
    document_number: String,
    document_title: String,
    document_issuer: String,
    document_date: String,
}

async fn negative_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: EntryForm,
    error: Option<String>,
) -> Result<NegativePage, PageError> {
    let mut entries = Vec::new();
    for row in item_office::negative_list(&state.platform.db).await? {
        let department = unit_name(state, row.department).await;
        entries.push(Entry { row, department });
    }
    Ok(NegativePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        entries,
        can_edit: access::services_catalogue_publish(&staff.actor),
        form,
        error,
    })
}

/// The list.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<NegativePage, PageError> {
    negative_page(&state, &csrf, &staff, EntryForm::default(), None).await
}

async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: EntryForm,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to("/office/services/catalogue/negative").into_response()),
        Err(error @ (platform::Error::Invalid(_) | platform::Error::NotFound(_))) => {
            let status = status_of(&error);
            let page = negative_page(state, csrf, staff, form, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// SVC-NEG-LIST: adds or replaces the entry of an item.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let issue = DocumentIssue::parse(&form.document_issuer, &form.document_date);
    let outcome = match (
        ApprovingDocument::parse(&form.document_number, &form.document_title),
        issue,
    ) {
        (Ok(document), Ok(issue)) => {
            item_office::save_negative_document(
                &state.platform.db,
                &judged.actor,
                (&form.code, &form.reason),
                document,
                &issue,
                judged.now,
            )
            .await
        }
        (Err(error), _) => Err(error.into()),
        (_, Err(error)) => Err(error),
    };
    answer(&state, &csrf, &staff, form, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveForm {
    #[serde(default)]
    document_number: String,
}

/// SVC-NEG-LIST: takes an item off the list, naming the approving document.
pub async fn remove(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let outcome = item_office::remove_negative_entry(
        &state.platform.db,
        &judged.actor,
        id,
        &form.document_number,
        judged.now,
    )
    .await;
    answer(&state, &csrf, &staff, EntryForm::default(), outcome).await
}
