//! The unit tree page: every staff user reads it with each unit's 12345 contacts
//! (HL-CONTACTS); the system administrator adds units.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access::{self, Op};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::units::{NewUnit, UnitKind};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

pub struct UnitLine {
    id: i64,
    name: String,
    kind: &'static str,
    code: String,
    depth: usize,
    active: bool,
    /// HL-CONTACTS: the registration, if any; whether the unit must register; whether the
    /// viewer may edit it.
    contacts: Option<crate::hotline::contacts::ContactsLine>,
    contacts_required: bool,
    can_edit_contacts: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/units.html")]
pub struct UnitsPage {
    chrome: Chrome,
    units: Vec<UnitLine>,
    kinds: Vec<(&'static str, &'static str)>,
    can_edit: bool,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
) -> Result<UnitsPage, PageError> {
    let registrations = platform::unit_contacts::list(&state.platform.db).await?;
    let mut units = Vec::new();
    for u in platform::units::list(&state.platform.db).await? {
        let contacts = registrations
            .iter()
            .find(|r| r.unit_id == u.id)
            .map(|r| crate::hotline::contacts::line_of(&state.platform.key, r))
            .transpose()?;
        units.push(UnitLine {
            id: u.id,
            name: u.name,
            kind: u.kind.label_zh(),
            code: u.code,
            depth: u.depth,
            active: u.active,
            contacts,
            contacts_required: platform::unit_contacts::required(u.kind),
            can_edit_contacts: access::unit_contacts_edit(&staff.actor, u.id),
        });
    }
    Ok(UnitsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        units,
        kinds: UnitKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        can_edit: access::units(&staff.actor, Op::Edit),
        error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<UnitsPage, PageError> {
    page(&state, &csrf, &staff, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitForm {
    parent_id: i64,
    name: String,
    code: String,
    kind: String,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<UnitForm>,
) -> Result<Response, PageError> {
    let result = async {
        let kind = UnitKind::parse(&form.kind)?;
        let parent = platform::units::get(&state.platform.db, form.parent_id).await?;
        let new = NewUnit {
            jurisdiction_id: parent.jurisdiction_id,
            parent_id: Some(parent.id),
            code: form.code.clone(),
            name: form.name.clone(),
            kind,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move { platform::units::create(tx, &actor, new, now).await })
            })
            .await?;
        Ok::<(), platform::Error>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/office/units").into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Conflict(_)
            | platform::Error::NotFound(_)),
        ) => {
            let status = crate::error::status_of(&error);
            Ok((
                status,
                page(&state, &csrf, &staff, Some(error.to_string())).await?,
            )
                .into_response())
        }
        Err(error) => Err(error.into()),
    }
}
