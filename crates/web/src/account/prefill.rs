//! Forms pre-filled from the account (issue 23 item 3): a logged-in person's name is written
//! into the form; the phone and the ID number are never put into a page — it shows them
//! masked and the server fills them in when the field is left empty; an agent acting for an
//! enterprise (only while authorised, `accounts::enterprise::enterprises_of`) gets the
//! enterprise's name and 统一社会信用代码.

use axum::http::HeaderMap;
use platform::personal::{CitizenIdNo, PhoneNumber};

use crate::AppState;

/// What the account gives a form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prefill {
    pub name: String,
    pub phone: Option<PhoneNumber>,
    pub id_number: Option<CitizenIdNo>,
    /// The enterprise the session acts for: (name, 统一社会信用代码).
    pub enterprise: Option<(String, String)>,
}

impl Prefill {
    pub fn masked_phone(&self) -> Option<String> {
        self.phone.as_ref().map(PhoneNumber::masked)
    }

    pub fn masked_id_number(&self) -> Option<String> {
        self.id_number.as_ref().map(CitizenIdNo::masked)
    }

    /// `typed`, or the account's value when nothing was typed.
    pub fn or_typed<'a>(typed: &'a str, account: Option<&'a str>) -> &'a str {
        if typed.trim().is_empty() {
            account.unwrap_or(typed)
        } else {
            typed
        }
    }
}

/// The logged-in person's details for a form, or `None` for an anonymous visitor.
pub(crate) async fn prefill(
    state: &AppState,
    headers: &HeaderMap,
) -> platform::Result<Option<Prefill>> {
    let Some((_, session)) = super::current(state, headers).await? else {
        return Ok(None);
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let Some(account) = accounts::account::get(db, key, session.account_id).await? else {
        return Ok(None);
    };
    let enterprise = match session.acting_for {
        Some(enterprise) => accounts::enterprise::enterprises_of(db, key, account.id)
            .await?
            .into_iter()
            .find(|e| e.id == enterprise)
            .map(|e| {
                (
                    e.enterprise_name.unwrap_or_default(),
                    e.uscc.unwrap_or_default(),
                )
            }),
        None => None,
    };
    Ok(Some(Prefill {
        name: account.name.clone().unwrap_or_default(),
        phone: account
            .phone
            .as_deref()
            .and_then(|p| PhoneNumber::parse(p).ok()),
        id_number: account
            .id_number
            .as_deref()
            .and_then(|n| CitizenIdNo::parse(n).ok()),
        enterprise,
    }))
}
