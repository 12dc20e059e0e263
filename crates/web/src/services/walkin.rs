//! Walk-in registration `/office/services/walk-in` (000 §中心-20 窗口受理; SVC-ACCEPT,
//! SVC-NO-RESUBMIT): a window clerk picks the item, enters the applicant's identity and
//! uploads the materials handed in; the application enters the same flow as an online one
//! (channel: the clerk's window). The files are checked by content and size before anything
//! is stored, and stored with the case in one transaction.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use serde::Deserialize;
use services::backoffice::{self, WalkInFile};
use services::usecase::Applicant;
use services::{ApplicantId, UnitId};

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Query;
use crate::staff::Staff;
use crate::upload::Multipart;

/// One material input of the form.
pub struct MaterialInput {
    pub code: String,
    pub name: String,
    pub required: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_walkin.html")]
pub struct WalkInPage {
    chrome: Chrome,
    items: Vec<(String, String)>,
    item: Option<(String, String)>,
    materials: Vec<MaterialInput>,
    kinds_hint: String,
    error: Option<String>,
    /// (case id, number, query code) after a registration.
    registered: Option<(i64, String, String)>,
    name: String,
    id_no: String,
    phone: String,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct WalkInQuery {
    item: String,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    item_code: &str,
) -> Result<WalkInPage, PageError> {
    let db = &state.platform.db;
    let items = backoffice::published_items(db).await?;
    let chosen = items
        .iter()
        .find(|(code, _)| code == item_code.trim())
        .cloned();
    let materials = match &chosen {
        Some((code, _)) => services::usecase::published_item(db, code)
            .await?
            .map(|published| {
                published
                    .item
                    .materials
                    .list()
                    .iter()
                    .map(|m| MaterialInput {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        required: m.required,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(WalkInPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        items,
        item: chosen,
        materials,
        kinds_hint: platform::attachments::Policy::MATERIAL.kinds_hint(),
        error: None,
        registered: None,
        name: String::new(),
        id_no: String::new(),
        phone: String::new(),
    })
}

/// `GET /office/services/walk-in?item=CODE`: pick the item, then the applicant and materials.
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<WalkInQuery>,
) -> Result<WalkInPage, PageError> {
    page(&state, &csrf, &staff, &query.item).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkInForm {
    item: String,
    name: String,
    id_no: String,
    #[serde(default)]
    phone: String,
}

fn applicant_of(form: &WalkInForm) -> platform::Result<Applicant> {
    let phone = form.phone.trim();
    Ok(Applicant {
        account: ApplicantId(0),
        name: PersonName::parse(&form.name)?,
        id_no: CitizenIdNo::parse(&form.id_no)?,
        phone: (!phone.is_empty())
            .then(|| PhoneNumber::parse(phone))
            .transpose()?,
        // The clerk sees the ID card; the walk-in path plans its own reuse.
        phone_proof: None,
        // Issue 14 item 4 covers the online form; the window registers persons.
        enterprise: None,
    })
}

/// `POST /office/services/walk-in` (multipart, CSRF checked inside the body): registers the
/// application; the page then shows the number and the query code once, for the applicant.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let form: WalkInForm = multipart.form()?;
    let outcome = async {
        let applicant = applicant_of(&form)?;
        let mut files = Vec::new();
        for file in &multipart.files {
            let code = file
                .field
                .strip_prefix("file.")
                .ok_or_else(|| platform::Error::invalid("表单包含未知字段"))?;
            files.push(WalkInFile {
                code: code.to_owned(),
                upload: file.upload(code),
            });
        }
        let db = &state.platform.db;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(db).await?;
        backoffice::register_walk_in(
            db,
            &platform::workflow::Context::new(
                &state.platform.key,
                &AuditActor::staff(&staff.actor, &staff.ip),
                &calendar,
                &profile,
                calendar::Instant::from_millis(now_ms()),
            ),
            &form.item,
            applicant,
            UnitId(staff.actor.unit_id),
            files,
        )
        .await
    }
    .await;
    let mut answer = page(&state, &csrf, &staff, &form.item).await?;
    match outcome {
        Ok(submission) => {
            answer.registered = Some((
                submission.case_id.0,
                submission.number,
                submission.query_code,
            ));
            Ok(answer.into_response())
        }
        Err(error @ (platform::Error::Invalid(_) | platform::Error::NotFound(_))) => {
            let status = status_of(&error);
            answer.error = Some(error.to_string());
            answer.name = form.name;
            answer.id_no = form.id_no;
            answer.phone = form.phone;
            Ok((status, answer).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
