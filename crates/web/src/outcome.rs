//! What an office page answers after a command: the page again with `?done=1`, or the same
//! page with the refusal's reason and its status, nothing changed.

use axum::response::{IntoResponse, Redirect, Response};

use crate::error::{PageError, status_of};

/// Whether a refused command is shown on its page with the message (bad input, a rule, a
/// stale page, who may act) rather than as the error page.
pub(crate) fn shown_on_page(error: &platform::Error) -> bool {
    matches!(
        error,
        platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)
    )
}

/// After a command: a redirect to `done`, or the page rendered by `page` with the refusal's
/// reason and its status (nothing changed); any other error is the error page.
pub(crate) async fn answer<F, Fut, P>(
    outcome: platform::Result<()>,
    done: String,
    page: F,
) -> Result<Response, PageError>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<P, PageError>>,
    P: IntoResponse,
{
    match outcome {
        Ok(()) => Ok(Redirect::to(&done).into_response()),
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let page = page(error.to_string()).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// `?done=1` after a command that succeeded.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct DoneQuery {
    pub done: Option<String>,
}
