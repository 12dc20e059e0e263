//! `GET /services/cases/acceptance?number=…&code=…` (SVC-ACCEPT, SVC-PROMISE, issue 14 item
//! 6): the applicant's printable 受理通知书, opened like the status page — the same lookup of
//! number and query code, the same bucket of lookups per client, the query form again on a
//! wrong code — and linked from it once the case is accepted. The applicant is masked on it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse as _, Response};
use platform::workcal;

use super::status::{StatusQuery, form_page, refused};
use super::{query_string, unit_name, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};
use crate::services::notice::{AcceptanceView, acceptance_view};

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_acceptance.html")]
pub struct AcceptancePage {
    chrome: Chrome,
    /// `None` while the case is not accepted: the page says so.
    notice: Option<AcceptanceView>,
    number: String,
    /// Back to the case's status page.
    status_href: String,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<StatusQuery>,
) -> Result<Response, PageError> {
    let chrome = Chrome::public(&state, &csrf).await?;
    let (number, code) = (form.number.trim(), form.code.trim());
    if number.is_empty() && code.is_empty() {
        return Ok(form_page(chrome));
    }
    // Issue 12 finding 3: one bucket for every lookup by number and code.
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let calendar = workcal::load_current(&state.platform.db).await?;
    let found = services::usecase::acceptance::public_notice(
        &state.platform.db,
        &state.platform.key,
        number,
        code,
        &calendar,
    )
    .await;
    let notice = match found {
        Ok(notice) => notice,
        Err(error) => return refused(chrome, number, error),
    };
    let units = unit_names(&state).await?;
    Ok(AcceptancePage {
        chrome,
        notice: notice
            .as_ref()
            .map(|notice| acceptance_view(notice, |unit| unit_name(&units, unit))),
        number: number.chars().take(32).collect(),
        status_href: format!(
            "/services/cases/query?{}",
            query_string(&[("number", number), ("code", code)])
        ),
    }
    .into_response())
}
