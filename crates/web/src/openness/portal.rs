//! The applicant's side of disclosure applications on the portal (PUB-APPLY, PUB-ANSWER,
//! PUB-FREE, HL-PRIVACY): `GET /openness/apply` and its POST — a natural person or an
//! organisation of the five kinds of table 三, every problem at once next to its field
//! (`crate::forgive`), the application committed before its number and query code are shown
//! once — and `GET /openness/query`, the progress in the applicant's words with the notices
//! and the files provided, downloaded free with the number and code, and the correction
//! when a supplement notice asks for one. The identity number and phone are never written
//! back into a page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use calendar::Instant;
use openness::application::{Applicant, ApplicantKind, Channel, Command, Filing, Form, Status};
use openness::store::notices::NoticeKind;
use openness::{Issuer, UnitId, usecase};
use platform::attachments;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::units::UnitKind;
use serde::Deserialize;

use super::prefill::{account_note, filled_from_account};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, FileId, Form as Posted, Id, Query};
use crate::forgive::{self, FieldError};

/// Applications one client may file per minute.
const APPLICATIONS_PER_MINUTE: u32 = 5;

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/openness/apply", get(super::prefill::form).post(submit))
        .route("/openness/query", get(query))
        .route("/openness/query/correct", post(correct))
        .route("/openness/query/files/{id}", get(download))
}

/// The kinds of applicant, as the form offers them (table 三's columns).
pub(super) fn kind_code(kind: ApplicantKind) -> &'static str {
    openness::store::applications::kind_code(kind)
}

fn kind_of(code: &str) -> Option<ApplicantKind> {
    ApplicantKind::ALL
        .into_iter()
        .find(|kind| kind_code(*kind) == code)
}

pub(super) fn form_code(form: Form) -> &'static str {
    openness::store::applications::form_code(form)
}

pub(super) const FORMS: [Form; 3] = [Form::Electronic, Form::Paper, Form::Inspection];

pub(super) fn form_of(code: &str) -> Option<Form> {
    FORMS.into_iter().find(|form| form_code(*form) == code)
}

/// The fields of an application, online or registered by staff.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplyForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    /// Never written back into a page.
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub contact_person: String,
    /// Never written back into a page.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub form: String,
    /// Staff registration only: 信函 or 当面.
    #[serde(default)]
    pub channel: String,
}

impl ApplyForm {
    /// The form without the identity number and phone, to write back.
    fn written_back(self) -> ApplyForm {
        ApplyForm {
            id_number: String::new(),
            phone: String::new(),
            ..self
        }
    }
}

/// PUB-APPLY: every problem of the form at once, each under its field; the filing and unit
/// when there is none.
pub(super) fn read(
    form: &ApplyForm,
    channel: Channel,
) -> (Vec<FieldError>, Option<(UnitId, Filing)>) {
    let mut errors = Vec::new();
    let unit = form.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
    if unit.is_none() {
        errors.push(FieldError::new("unit", "请选择受理申请的机关"));
    }
    let kind = kind_of(form.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "请选择申请人类型（自然人或法人、其他组织的类别）",
        ));
    }
    let organisation = kind.is_some_and(ApplicantKind::is_organisation);
    if form.name.trim().is_empty() {
        errors.push(FieldError::new("name", "请填写申请人姓名或名称"));
    }
    if form.id_number.trim().is_empty() {
        errors.push(FieldError::new(
            "id_number",
            if organisation {
                "请填写统一社会信用代码"
            } else {
                "请填写身份证件号码"
            },
        ));
    }
    if organisation && form.contact_person.trim().is_empty() {
        errors.push(FieldError::new(
            "contact_person",
            "法人或其他组织须填写联系人",
        ));
    }
    if [&form.phone, &form.address, &form.email]
        .iter()
        .all(|text| text.trim().is_empty())
    {
        errors.push(FieldError::new(
            "phone",
            "请至少填写一种联系方式（电话、通信地址或电子邮箱）",
        ));
    }
    if form.description.trim().is_empty() {
        errors.push(FieldError::new(
            "description",
            "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述",
        ));
    }
    let requested = form_of(form.form.trim());
    if requested.is_none() {
        errors.push(FieldError::new("way", "请选择获取信息的方式"));
    }
    let limited = [
        ("name", &form.name, 100),
        ("id_number", &form.id_number, 40),
        ("contact_person", &form.contact_person, 50),
        ("phone", &form.phone, 30),
        ("address", &form.address, 200),
        ("email", &form.email, 100),
        ("description", &form.description, 2000),
        ("purpose", &form.purpose, 500),
    ];
    for (field, text, most) in limited {
        if text.chars().count() > most {
            errors.push(FieldError::new(field, format!("最多填写{most}个字")));
        }
    }
    let (Some(unit), Some(kind), Some(requested), true) =
        (unit, kind, requested, errors.is_empty())
    else {
        return (errors, None);
    };
    let filing = Filing {
        applicant: Applicant {
            kind,
            name: form.name.trim().to_owned(),
            id_number: form.id_number.trim().to_owned(),
            contact_person: form.contact_person.trim().to_owned(),
            phone: form.phone.trim().to_owned(),
            address: form.address.trim().to_owned(),
            email: form.email.trim().to_owned(),
        },
        channel,
        description: form.description.trim().to_owned(),
        purpose: form.purpose.trim().to_owned(),
        form: requested,
        registered_by: None,
    };
    (errors, Some((UnitId(unit), filing)))
}

/// The units an application may be addressed to (the government, its departments, towns
/// and streets), `(id, name)`.
pub(super) async fn units(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .filter(|unit| unit.active)
        .filter(|unit| {
            matches!(
                unit.kind,
                UnitKind::Government | UnitKind::Department | UnitKind::Township | UnitKind::Street
            )
        })
        .map(|unit| (unit.id, unit.name))
        .collect())
}

/// The choices of the form's selects.
pub struct Choices {
    pub units: Vec<(i64, String)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub forms: Vec<(&'static str, &'static str)>,
}

impl Choices {
    pub(super) async fn load(state: &AppState) -> platform::Result<Choices> {
        Ok(Choices {
            units: units(state).await?,
            kinds: ApplicantKind::ALL
                .into_iter()
                .map(|kind| {
                    let label = if kind.is_organisation() {
                        match kind {
                            ApplicantKind::OtherOrganisation => "法人或其他组织：其他",
                            other => other.label_zh(),
                        }
                    } else {
                        "自然人"
                    };
                    (kind_code(kind), label)
                })
                .collect(),
            forms: FORMS
                .into_iter()
                .map(|form| (form_code(form), form.label_zh()))
                .collect(),
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/apply.html")]
pub struct ApplyPage {
    chrome: Chrome,
    choices: Choices,
    form: ApplyForm,
    errors: Vec<FieldError>,
    held_token: String,
    query_error: Option<String>,
    /// Issue 23: what the logged-in account fills in when left empty, masked.
    pub(super) account_note: String,
}

impl ApplyPage {
    fn error(&self, field: &str) -> Option<&str> {
        forgive::error_of(&self.errors, field)
    }

    fn aria(&self, field: &str) -> String {
        forgive::aria(field, self.error(field).is_some(), &[])
    }
}

pub(super) async fn apply_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: ApplyForm,
    errors: Vec<FieldError>,
) -> Result<ApplyPage, PageError> {
    Ok(ApplyPage {
        chrome: Chrome::public(state, csrf).await?,
        choices: Choices::load(state).await?,
        form: form.written_back(),
        errors,
        held_token: String::new(),
        query_error: None,
        account_note: String::new(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/applied.html")]
pub struct AppliedPage {
    chrome: Chrome,
    number: String,
    query_code: String,
    unit: String,
    at: String,
    limit: String,
}

/// `POST /openness/apply`: PUB-APPLY, the application committed before its number and query
/// code are shown once; a refused form shown again with every problem.
async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    Posted(form): Posted<ApplyForm>,
) -> Result<Response, PageError> {
    if !state
        .limiter
        .allow("public-form", &ip, APPLICATIONS_PER_MINUTE)
    {
        let errors = vec![FieldError::new("", "提交过于频繁，请一分钟后再试")];
        let page = apply_page(&state, &csrf, form, errors).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let prefill = crate::account::prefill(&state, &headers).await?;
    let form = filled_from_account(form, prefill.as_ref());
    let (mut errors, read) = read(&form, Channel::Online);
    if let Some((unit, filing)) = read {
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(&state.platform.db).await?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        let context =
            platform::workflow::Context::new(&state.platform.key, &actor, &calendar, &profile, now);
        let db = &state.platform.db;
        // Issue 23 item 3: filed while logged in, it is linked to the account.
        let filed_by = crate::account::filed_by(&state, &headers).await?;
        let filing = (unit, filing);
        match usecase::register_for(db, &context, &Issuer::Applicant, filing, filed_by).await {
            Ok(registered) => {
                let unit = platform::units::get(db, unit.0).await?.name;
                return Ok(AppliedPage {
                    chrome: Chrome::public(&state, &csrf).await?,
                    number: registered.number,
                    query_code: registered.query_code,
                    unit,
                    at: minute_of(now.millis()),
                    limit: profile.openness.application_answer.0.label_zh(),
                }
                .into_response());
            }
            Err(platform::Error::Invalid(message)) => errors.push(FieldError::new("", message)),
            Err(error) => return Err(error.into()),
        }
    }
    let mut page = apply_page(&state, &csrf, form, errors).await?;
    page.account_note = account_note(prefill.as_ref());
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct QueryForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

/// A notice as the applicant reads it.
pub struct NoticeView {
    pub title: String,
    pub opening: String,
    pub fields: Vec<(String, String)>,
    pub basis: String,
    pub remedy: String,
    pub issued_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/query.html")]
pub struct QueryPage {
    chrome: Chrome,
    number: String,
    code: String,
    unit: String,
    received: String,
    status: &'static str,
    description: String,
    notices: Vec<NoticeView>,
    files: Vec<(i64, String, String)>,
    may_correct: bool,
    error: Option<String>,
}

/// PUB-APPLY: where the application is, in the applicant's words.
fn citizen_words(status: Status) -> &'static str {
    match status {
        Status::Received => "已收到，等待办理",
        Status::Supplementing => "请按补正告知书补正申请内容",
        Status::InHandling => "办理中",
        Status::ThirdPartyConsultation | Status::AgencyConsultation => {
            "办理中（正在征求意见，所需时间不计入答复期限）"
        }
        Status::Answered => "已答复",
        Status::Concluded => "已办结",
    }
}

async fn lookup_page(
    state: &AppState,
    csrf: &CsrfToken,
    (number, code): (&str, &str),
    error: Option<String>,
) -> Result<QueryPage, PageError> {
    let db = &state.platform.db;
    let stored = usecase::lookup(db, &state.platform.key, number, code).await?;
    let application = &stored.application;
    let notices = openness::store::notices::of_application(db, application.id)
        .await?
        .into_iter()
        .filter(|kept| kept.kind != NoticeKind::Answer || application.answer.is_some())
        .map(|kept| NoticeView {
            title: kept.notice.title,
            opening: kept.notice.opening,
            fields: kept
                .notice
                .fields
                .into_iter()
                .map(|field| (field.label, field.value))
                .collect(),
            basis: kept.notice.basis,
            remedy: kept.notice.remedy,
            issued_on: kept.notice.issued_on,
        })
        .collect();
    // PUB-FREE: the files provided are downloaded free once the answer is issued.
    let files = if application.answer.is_some() {
        usecase::files(db, application.id)
            .await?
            .into_iter()
            .map(|meta| (meta.id, meta.download_name(), meta.size_text()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(QueryPage {
        chrome: Chrome::public(state, csrf).await?,
        number: stored.number.clone(),
        code: code.trim().to_owned(),
        unit: platform::units::get(db, application.unit.0).await?.name,
        received: minute_of(application.received_at.millis()),
        status: citizen_words(application.status),
        description: application.filing.description.clone(),
        notices,
        files,
        may_correct: application.status == Status::Supplementing,
        error,
    })
}

/// A refused lookup: the apply page with the message (a wrong number or code is one "not
/// found", so neither can be probed).
async fn refused_lookup(
    state: &AppState,
    csrf: &CsrfToken,
    error: platform::Error,
) -> Result<Response, PageError> {
    let status = crate::error::status_of(&error);
    let message = match &error {
        platform::Error::NotFound(_) => "申请编号或查询码不正确，请核对后重新查询".to_owned(),
        other => other.to_string(),
    };
    let mut page = apply_page(state, csrf, ApplyForm::default(), Vec::new()).await?;
    page.query_error = Some(message);
    Ok((status, page).into_response())
}

/// `GET /openness/query?number=…&code=…`.
async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<QueryForm>,
) -> Result<Response, PageError> {
    if form.number.trim().is_empty() || form.code.trim().is_empty() {
        let error = platform::Error::invalid("请填写申请编号和查询码后查询");
        return refused_lookup(&state, &csrf, error).await;
    }
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    match lookup_page(&state, &csrf, (&form.number, &form.code), None).await {
        Ok(page) => Ok(page.into_response()),
        Err(PageError(
            error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_)),
        )) => refused_lookup(&state, &csrf, error).await,
        Err(error) => Err(error),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    description: String,
}

/// `POST /openness/query/correct`: PUB-APPLY, the applicant's corrected application; the
/// answer clock restarts from it.
async fn correct(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Posted(form): Posted<CorrectForm>,
) -> Result<Response, PageError> {
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(&state.platform.db).await?;
    let actor = AuditActor::anonymous(&ip);
    let now = Instant::from_millis(now_ms());
    let context =
        platform::workflow::Context::new(&state.platform.key, &actor, &calendar, &profile, now);
    let command = Command::Supplemented {
        description: form.description.clone(),
    };
    let keys = (form.number.as_str(), form.code.as_str());
    match usecase::applicant_execute(&state.platform.db, &context, keys, command).await {
        Ok(_) => {
            let to = format!(
                "/openness/query?number={}&code={}",
                urlencoding(&form.number),
                urlencoding(&form.code)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_))) => {
            refused_lookup(&state, &csrf, error).await
        }
        Err(error @ (platform::Error::Invalid(_) | platform::Error::InvalidTransition { .. })) => {
            let status = crate::error::status_of(&error);
            let page = lookup_page(&state, &csrf, keys, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

fn urlencoding(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text.trim(), percent_encoding::NON_ALPHANUMERIC)
        .to_string()
}

/// `GET /openness/query/files/{id}?number=…&code=…`: PUB-FREE, a file provided with an
/// answered application, free; any other file is not found.
async fn download(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Id(FileId(id)): Id<FileId>,
    Query(form): Query<QueryForm>,
) -> Result<Response, PageError> {
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let missing = || platform::Error::not_found("附件");
    let db = &state.platform.db;
    let stored = usecase::lookup(db, &state.platform.key, &form.number, &form.code).await?;
    let meta = attachments::meta(db, id).await.map_err(|_| missing())?;
    if meta.owner_kind != usecase::FILE_OWNER
        || meta.owner_id != stored.application.id.0
        || stored.application.answer.is_none()
    {
        return Err(missing().into());
    }
    let bytes = attachments::content(db, &state.platform.key, id).await?;
    let name = urlencoding(&meta.download_name());
    let disposition = format!(
        "attachment; filename=\"file-{}.{}\"; filename*=UTF-8''{name}",
        meta.id,
        meta.kind.code()
    );
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
