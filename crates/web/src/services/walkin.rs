//! Walk-in registration `/office/services/walk-in` (000 §中心-20 窗口受理; SVC-ACCEPT,
//! SVC-NO-RESUBMIT): a window clerk picks the item, enters the applicant's identity and
//! uploads the materials handed in; the application enters the same flow as an online one
//! (channel: the clerk's window). For an item whose targets are legal persons the form asks,
//! as the online one does, for the enterprise's name and 统一社会信用代码 (GB 32100 check
//! character) and the agent (经办人); the case, the materials reused and filed and the
//! e-licences are then the enterprise's (SVC-ITEM-TYPES, issue 14 item 4). Every problem of
//! the form is shown at once, each next to its field (issue 14 item 3), and nothing is stored
//! until all pass; the files are checked by content and size and stored with the case in one
//! transaction.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use serde::Deserialize;
use services::backoffice::{self, WalkInFile};
use services::enterprise::EnterpriseAsked;
use services::usecase::{Applicant, PublishedItem, applicant_lookup, enterprise_lookup};
use services::{ApplicantId, UnitId};

use super::portal::apply_check::{FieldError, Typed, files_of, read_email, read_enterprise};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Query;
use crate::staff::Staff;
use crate::upload::Multipart;

/// The name of a material's file input: `file.<material code>`; its id is `file-<code>`.
const FILE_FIELD: &str = "file.";

/// One material input of the form.
pub struct MaterialInput {
    pub code: String,
    pub name: String,
    pub required: bool,
    /// Its problem in the refused form.
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_walkin.html")]
pub struct WalkInPage {
    chrome: Chrome,
    items: Vec<(String, String)>,
    item: Option<(String, String)>,
    materials: Vec<MaterialInput>,
    kinds_hint: String,
    /// Issue 14 item 4 (SVC-ITEM-TYPES): whether the item asks for the enterprise
    /// (`required`, `optional`, or empty).
    enterprise: &'static str,
    /// Every problem of the refused form, in the order of the fields.
    errors: Vec<FieldError>,
    /// (case id, number, query code) after a registration.
    registered: Option<(i64, String, String)>,
    form: WalkInForm,
}

impl WalkInPage {
    /// The problem of one field, if any.
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }

    /// ` aria-invalid="true" aria-describedby="…"` of a field with a problem (the page's own
    /// ids only).
    fn aria(&self, field: &str) -> String {
        let hint: Vec<String> = (field == "credit_code")
            .then(|| "credit_code-hint".to_owned())
            .into_iter()
            .collect();
        crate::forgive::aria(field, self.error(field).is_some(), &hint)
    }
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct WalkInQuery {
    item: String,
}

/// The form's fields as typed; written back after a refusal (a staff page).
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct WalkInForm {
    item: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_no: String,
    #[serde(default)]
    phone: String,
    /// SVC-STATUS: an e-mail address for the progress mails (optional).
    #[serde(default)]
    email: String,
    /// Issue 14 item 4: the enterprise, for a legal person's item.
    #[serde(default)]
    enterprise_name: String,
    #[serde(default)]
    credit_code: String,
}

const fn asked_code(asked: EnterpriseAsked) -> &'static str {
    match asked {
        EnterpriseAsked::Required => "required",
        EnterpriseAsked::Optional => "optional",
        EnterpriseAsked::No => "",
    }
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
    let published = match &chosen {
        Some((code, _)) => services::usecase::published_item(db, code).await?,
        None => None,
    };
    let (materials, enterprise) = match &published {
        Some(published) => (
            published
                .item
                .materials
                .list()
                .iter()
                .map(|m| MaterialInput {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    required: m.required,
                    error: None,
                })
                .collect(),
            asked_code(EnterpriseAsked::of(&published.item.basic.targets)),
        ),
        None => (Vec::new(), ""),
    };
    Ok(WalkInPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        items,
        item: chosen,
        materials,
        kinds_hint: platform::attachments::Policy::MATERIAL.kinds_hint(),
        enterprise,
        errors: Vec::new(),
        registered: None,
        form: WalkInForm::default(),
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

/// The form read whole: the application when every field passed, else every problem, each
/// under its field (issue 14 item 3). A required material neither handed in nor reusable
/// (SVC-NO-RESUBMIT: on file or in the licence library of the holder — the enterprise for
/// an enterprise's application) is asked for next to its input once the holder is known.
async fn read(
    state: &AppState,
    published: &PublishedItem,
    form: &WalkInForm,
    multipart: &Multipart,
) -> platform::Result<Result<(Applicant, Vec<WalkInFile>), Vec<FieldError>>> {
    let mut errors = Vec::new();
    let fail = FieldError::new;
    let typed = Typed {
        name: &form.name,
        id_no: &form.id_no,
        phone: &form.phone,
        email: &form.email,
        enterprise_name: &form.enterprise_name,
        credit_code: &form.credit_code,
    };
    let asked = EnterpriseAsked::of(&published.item.basic.targets);
    let (enterprise, given) = read_enterprise(asked, &typed, &mut errors);
    let agent = if given { "经办人" } else { "申请人" };
    let name = match form.name.trim() {
        "" => {
            errors.push(fail("name", format!("请填写{agent}姓名")));
            None
        }
        typed => PersonName::parse(typed)
            .map_err(|e| errors.push(fail("name", e.to_string())))
            .ok(),
    };
    let id_no = match form.id_no.trim() {
        "" => {
            errors.push(fail("id_no", format!("请填写{agent}的公民身份号码")));
            None
        }
        typed => CitizenIdNo::parse(typed)
            .map_err(|e| errors.push(fail("id_no", e.to_string())))
            .ok(),
    };
    let phone = match form.phone.trim() {
        "" => Some(None),
        typed => PhoneNumber::parse(typed)
            .map(Some)
            .map_err(|e| errors.push(fail("phone", e.to_string())))
            .ok(),
    };
    let email = read_email(&form.email, &mut errors);
    let (files, file_errors) = files_of(published, multipart, FILE_FIELD);
    errors.extend(file_errors.into_iter().map(|mut error| {
        error.field = input_id(&error.field);
        error
    }));
    // The holder is known once the identity (and the enterprise, when given) passed.
    let key = &state.platform.key;
    let holder = match (&id_no, given, &enterprise) {
        (Some(_), true, Some(enterprise)) => Some(enterprise_lookup(key, &enterprise.credit_code)),
        (Some(id_no), false, _) => Some(applicant_lookup(key, id_no)),
        _ => None,
    };
    if let Some(holder) = holder {
        let now = calendar::Instant::from_millis(now_ms());
        let db = &state.platform.db;
        let reusable = backoffice::walk_in_reusable(db, &published.item, &holder, now).await?;
        for material in published.item.materials.list() {
            let field = format!("file-{}", material.code);
            let missing = material.required
                && !files.iter().any(|file| file.code == material.code)
                && !reusable.contains(&material.code)
                && !errors.iter().any(|error| error.field == field);
            if missing {
                let text = format!("缺少必要材料“{}”，请扫描上传", material.name);
                errors.push(fail(&field, text));
            }
        }
    }
    let (Some(name), Some(id_no), Some(phone), true) = (name, id_no, phone, errors.is_empty())
    else {
        return Ok(Err(errors));
    };
    let applicant = Applicant {
        account: ApplicantId(0),
        name,
        id_no,
        phone,
        email,
        // The clerk sees the ID card; the walk-in path plans its own reuse.
        phone_proof: None,
        enterprise,
    };
    let files = files
        .into_iter()
        .map(|file| WalkInFile {
            code: file.code,
            upload: file.upload,
        })
        .collect();
    Ok(Ok((applicant, files)))
}

/// The id of a material's input from its field name: `file.layout` → `file-layout`.
fn input_id(field: &str) -> String {
    field
        .strip_prefix(FILE_FIELD)
        .map_or_else(|| field.to_owned(), |code| format!("file-{code}"))
}

/// `POST /office/services/walk-in` (multipart, CSRF checked inside the body): registers the
/// application; the page then shows the number and the query code once, for the applicant.
/// A refused form shows every problem at once and stores nothing.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let form: WalkInForm = multipart.form()?;
    let db = &state.platform.db;
    let mut answer = page(&state, &csrf, &staff, &form.item).await?;
    let refused = |mut answer: WalkInPage, status: StatusCode, errors: Vec<FieldError>| {
        for material in &mut answer.materials {
            let field = format!("file-{}", material.code);
            material.error = errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| error.message.clone());
        }
        answer.errors = errors;
        answer.form = form.clone();
        (status, answer).into_response()
    };
    let Some(published) = services::usecase::published_item(db, form.item.trim()).await? else {
        let error = FieldError::new("", format!("事项 {} 不存在或未发布", form.item.trim()));
        return Ok(refused(answer, StatusCode::NOT_FOUND, vec![error]));
    };
    let (applicant, files) = match read(&state, &published, &form, &multipart).await? {
        Ok(read) => read,
        Err(errors) => return Ok(refused(answer, StatusCode::BAD_REQUEST, errors)),
    };
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let outcome = backoffice::register_walk_in(
        db,
        &platform::workflow::Context::new(
            &state.platform.key,
            &AuditActor::staff(&staff.actor, &staff.ip),
            &calendar,
            &profile,
            calendar::Instant::from_millis(now_ms()),
        ),
        &published.code,
        applicant,
        UnitId(staff.actor.unit_id),
        files,
    )
    .await;
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
            Ok(refused(
                answer,
                status,
                vec![FieldError::new("", error.to_string())],
            ))
        }
        Err(error) => Err(error.into()),
    }
}
