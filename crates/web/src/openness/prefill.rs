//! The public disclosure application pre-filled from the logged-in account (issue 23 item
//! 3): the note over the form says, masked, which ID number and phone are used when the
//! fields are left empty, and the server fills them in for a natural person.

use axum::Extension;
use axum::extract::State;
use openness::application::ApplicantKind;

use super::portal::{ApplyForm, ApplyPage, apply_page, kind_code};
use crate::AppState;
use crate::account::Prefill;
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// Issue 23: the note over the form of a logged-in person: what is filled in when left
/// empty, masked (never the number itself in the page).
pub(super) fn account_note(prefill: Option<&Prefill>) -> String {
    let Some(prefill) = prefill else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(id) = prefill.masked_id_number() {
        parts.push(format!("身份证件号码 {id}"));
    }
    if let Some(phone) = prefill.masked_phone() {
        parts.push(format!("联系电话 {phone}"));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "您已登录：{}留空即使用您账号中的信息（以个人名义申请时）。",
        parts.join("、")
    )
}

/// Issue 23: a natural person's ID number and phone left empty are the logged-in account's.
pub(super) fn filled_from_account(mut form: ApplyForm, prefill: Option<&Prefill>) -> ApplyForm {
    let Some(prefill) = prefill else { return form };
    if form.kind.trim() != kind_code(ApplicantKind::NaturalPerson) {
        return form;
    }
    if form.id_number.trim().is_empty()
        && let Some(id) = &prefill.id_number
    {
        form.id_number = id.as_str().to_owned();
    }
    if form.phone.trim().is_empty()
        && let Some(phone) = &prefill.phone
    {
        form.phone = phone.as_str().to_owned();
    }
    form
}

/// `GET /openness/apply`.
pub(super) async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: axum::http::HeaderMap,
) -> Result<ApplyPage, PageError> {
    let prefill = crate::account::prefill(&state, &headers).await?;
    let mut form = ApplyForm::default();
    if let Some(prefill) = &prefill {
        form.kind = kind_code(ApplicantKind::NaturalPerson).to_owned();
        form.name.clone_from(&prefill.name);
    }
    let mut page = apply_page(&state, &csrf, form, Vec::new()).await?;
    page.account_note = account_note(prefill.as_ref());
    Ok(page)
}
