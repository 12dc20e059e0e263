//! A unit's 12345 contacts in the back office (HL-CONTACTS; 000 §12345-5(一)): the form where
//! the unit's own leader, or the system administrator for any unit, registers the leader in
//! charge, the A/B staff and the 24 h duty phone (deny by default: a leader of another unit
//! gets 403 and nothing changes), and the hotline's list of every registration with the units
//! whose registration is missing or out of date on top.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::{DataKey, PhoneNumber};
use platform::unit_contacts::{self, NewContacts, Registration};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Query};
use crate::staff::Staff;

/// A registration as a line of a page.
pub struct ContactsLine {
    pub leader: String,
    pub staff_a: String,
    pub staff_b: String,
    pub duty_phone: String,
    pub updated: String,
    pub gaps: Vec<&'static str>,
}

fn person_label(person: &unit_contacts::ContactPerson) -> String {
    if person.current {
        person.display_name.clone()
    } else {
        format!("{}（已失效）", person.display_name)
    }
}

/// How pages show a registration: names, the duty phone (an office line whole, a mobile
/// masked) and what keeps it from being current.
pub fn line_of(key: &DataKey, registration: &Registration) -> platform::Result<ContactsLine> {
    Ok(ContactsLine {
        leader: person_label(&registration.leader),
        staff_a: person_label(&registration.staff_a),
        staff_b: person_label(&registration.staff_b),
        duty_phone: registration.duty_phone_shown(key)?,
        updated: minute_of(registration.updated_at),
        gaps: registration.gaps(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/unit_contacts.html")]
pub struct ContactsForm {
    chrome: Chrome,
    unit_id: i64,
    unit_name: String,
    current: Option<ContactsLine>,
    /// (id, label, selected) per post.
    leaders: Vec<(i64, String, bool)>,
    handlers_a: Vec<(i64, String, bool)>,
    handlers_b: Vec<(i64, String, bool)>,
    /// The units the viewer may edit (a chooser when there is more than one).
    units: Vec<(i64, String, bool)>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FormQuery {
    unit: Option<i64>,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    unit_id: i64,
    error: Option<String>,
) -> Result<ContactsForm, PageError> {
    let db = &state.platform.db;
    let unit = platform::units::get(db, unit_id).await?;
    let registration = unit_contacts::get(db, unit_id).await?;
    let candidates = unit_contacts::candidates(db, unit_id).await?;
    let chosen = |pick: fn(&Registration) -> i64, id: i64| {
        registration.as_ref().is_some_and(|r| pick(r) == id)
    };
    let label = |c: &unit_contacts::Candidate| format!("{}（{}）", c.display_name, c.username);
    let leaders = candidates
        .iter()
        .filter(|c| c.is_leader)
        .map(|c| (c.user_id, label(c), chosen(|r| r.leader.user_id, c.user_id)))
        .collect();
    let handlers = |pick: fn(&Registration) -> i64| {
        candidates
            .iter()
            .filter(|c| c.is_handler)
            .map(|c| (c.user_id, label(c), chosen(pick, c.user_id)))
            .collect()
    };
    let units: Vec<(i64, String, bool)> = platform::units::list(db)
        .await?
        .into_iter()
        .filter(|u| u.active && access::unit_contacts_edit(&staff.actor, u.id))
        .map(|u| (u.id, u.name, u.id == unit_id))
        .collect();
    Ok(ContactsForm {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        unit_id,
        unit_name: unit.name,
        current: registration
            .as_ref()
            .map(|r| line_of(&state.platform.key, r))
            .transpose()?,
        leaders,
        handlers_a: handlers(|r| r.staff_a.user_id),
        handlers_b: handlers(|r| r.staff_b.user_id),
        units,
        error,
    })
}

/// `GET /office/units/contacts?unit=`: the form of the own unit, or (system administrator)
/// of the chosen unit. Another unit's form is refused to a unit leader.
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<FormQuery>,
) -> Result<ContactsForm, PageError> {
    let unit_id = query.unit.unwrap_or(staff.actor.unit_id);
    if !access::unit_contacts_edit(&staff.actor, unit_id) {
        return Err(PageError(platform::Error::Forbidden));
    }
    form_page(&state, &csrf, &staff, unit_id, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactsSubmit {
    unit_id: i64,
    leader: i64,
    staff_a: i64,
    staff_b: i64,
    duty_phone: String,
}

/// `POST /office/units/contacts`: HL-CONTACTS, the unit's own leader or the system
/// administrator; audited by `unit_contacts::register`.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ContactsSubmit>,
) -> Result<Response, PageError> {
    if !access::unit_contacts_edit(&staff.actor, form.unit_id) {
        return Err(PageError(platform::Error::Forbidden));
    }
    let outcome = async {
        let new = NewContacts {
            leader: form.leader,
            staff_a: form.staff_a,
            staff_b: form.staff_b,
            duty_phone: PhoneNumber::parse(&form.duty_phone)?,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let db = &state.platform.db;
        unit_contacts::register(
            db,
            &state.platform.key,
            &actor,
            form.unit_id,
            &new,
            now_ms(),
        )
        .await
    }
    .await;
    match outcome {
        Ok(()) => Ok(
            Redirect::to(&format!("/office/units/contacts?unit={}", form.unit_id)).into_response(),
        ),
        Err(error @ platform::Error::Invalid(_)) => {
            let page = form_page(&state, &csrf, &staff, form.unit_id, Some(error.to_string()));
            Ok((status_of(&error), page.await?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub struct UnitContactsLine {
    unit_name: String,
    depth: usize,
    contacts: Option<ContactsLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_contacts.html")]
pub struct HotlineContactsPage {
    chrome: Chrome,
    gaps: Vec<(String, Vec<&'static str>)>,
    units: Vec<UnitContactsLine>,
}

/// `GET /office/hotline/contacts`: every handling unit's contacts for the hotline, the units
/// out of date first (HL-CONTACTS, kept current).
pub async fn hotline_list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<HotlineContactsPage, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    let registrations = unit_contacts::list(db).await?;
    let mut units = Vec::new();
    for unit in platform::units::list(db).await? {
        if !unit.active || !unit_contacts::required(unit.kind) {
            continue;
        }
        let registration = registrations.iter().find(|r| r.unit_id == unit.id);
        units.push(UnitContactsLine {
            unit_name: unit.name,
            depth: unit.depth,
            contacts: registration.map(|r| line_of(key, r)).transpose()?,
        });
    }
    let gaps = unit_contacts::gaps(db)
        .await?
        .into_iter()
        .map(|gap| (gap.unit.name, gap.gaps))
        .collect();
    Ok(HotlineContactsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        gaps,
        units,
    })
}
