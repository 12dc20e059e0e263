//! `POST /office/participation/messages/{id}/faq` (MSG-PUBLISH, issue 17 item 2: frequent
//! questions become FAQ entries): the site's editors or the replying unit draft a
//! knowledge-base entry from a published message's question and reply; the replying unit
//! owns the draft and submits it for the hotline's review. A refusal (not published, already
//! promoted, someone else's message) is shown on the message's page, nothing changed.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use participation::{MessageId, usecase};
use serde::Deserialize;

use super::MessageNo;
use super::office::{acting, build, in_scope, shown_on_page};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// The page's version of the message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromoteForm {
    #[serde(default)]
    version: String,
}

/// Drafts the FAQ entry and returns to the message's page.
pub async fn promote(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(MessageNo(id)): Id<MessageNo>,
    Form(form): Form<PromoteForm>,
) -> Result<Response, PageError> {
    let id = MessageId(id);
    let acting = acting(&state, &staff).await?;
    in_scope(&state, &acting, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = match form.version.trim().parse::<i64>() {
        Ok(version) => {
            usecase::promote_to_faq(&state.platform.db, &context, &acting, id, Some(version))
                .await
                .map(|_| ())
        }
        Err(_) => Err(platform::Error::invalid("页面已过期，请刷新后重试")),
    };
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/office/participation/messages/{}", id.0)).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let stored = in_scope(&state, &acting, id).await?;
            let page = build(
                &state,
                &csrf,
                &staff,
                (&stored, &acting),
                (None, error.to_string()),
            )
            .await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
