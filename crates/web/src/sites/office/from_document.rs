//! A draft made from a document of the openness register (PUB-PROACTIVE, SEC-SECRET): the
//! column's editor chooses the document by its register number (登记号) on the new-draft page
//! (the documents the gate passes that no article publishes yet); the register's gate must
//! pass the document now (a secret one, or one not yet confirmed and
//! reviewed, makes no draft and the page says why), and the draft names the document, so that
//! its publication passes the gate again.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sites::ColumnId;
use sites::usecase::documents::draft_from_document;

use super::editor::{DraftForm, new_page};
use super::{ColumnNo, acting, column_in_scope, shown_on_page};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// The register number typed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FromDocumentForm {
    #[serde(default)]
    number: String,
}

/// `POST /office/sites/columns/{id}/from-document`: the draft, or the new-draft page with the
/// refusal and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    Form(form): Form<FromDocumentForm>,
) -> Result<Response, PageError> {
    column_in_scope(&state, &staff, ColumnId(id)).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let made = draft_from_document(
        &state.platform.db,
        &context,
        &acting(&staff),
        ColumnId(id),
        &form.number,
    )
    .await;
    match made {
        Ok((article, _)) => {
            let to = format!("/office/sites/articles/{}/edit", article.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let draft = DraftForm::default();
            let message = Some(error.to_string());
            let page = new_page(&state, &csrf, &staff, ColumnId(id), draft, message).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
