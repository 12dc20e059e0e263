//! Applying online (SVC-ACCEPT, SVC-NO-RESUBMIT): the item's form with one file input per
//! material — for a legal person's item (SVC-ITEM-TYPES, issue 14 item 4) the enterprise's
//! name and 统一社会信用代码 and the agent (经办人) —, the reuse check (a code sent to the phone first, issue 12 finding 13; then ID
//! number and phone both matching an earlier case), and the
//! submission through `services::usecase::SubmissionQueue` (group commit), which checks
//! every file before storing anything. The ID number and phone are never written back into a page; a
//! refused form asks for them again.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::Error;
use platform::attachments::Policy;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use serde::Deserialize;
use services::enterprise::{CreditCode, Enterprise, EnterpriseAsked, EnterpriseName};
use services::usecase::online::{self, MaterialUpload, ReusableMaterial};
use services::usecase::{Applicant, PublishedItem, phone_check, published_item};
use services::{ApplicantId, ServiceError};

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::ClientIp;
use crate::upload::Multipart;

/// Applications one client may submit per minute.
const APPLICATIONS_PER_MINUTE: u32 = 10;
/// Reuse checks one client may make per minute (each one probes an identity).
const REUSE_CHECKS_PER_MINUTE: u32 = 10;
/// The prefix of a material's file input: `m_<material code>`.
const FILE_PREFIX: &str = "m_";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplyForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_no: String,
    #[serde(default)]
    phone: String,
    /// Issue 14 item 4: the enterprise, for a legal person's item.
    #[serde(default)]
    enterprise_name: String,
    #[serde(default)]
    credit_code: String,
    #[serde(default)]
    action: String,
    /// The SMS code typed for the reuse check.
    #[serde(default)]
    code: String,
    /// The check token naming the code sent.
    #[serde(default)]
    check: String,
    /// The grant of a verified code, carried to the submission.
    #[serde(default)]
    grant: String,
}

/// Where the reuse check stands on the page.
pub enum ReuseStep {
    /// Not asked for.
    None,
    /// A code went to the phone (masked); the page asks for it under the check token.
    CodeSent { to: String, check: String },
    /// The code was right: what can be reused, and the grant the submission carries.
    Offered {
        list: Vec<ReusableMaterial>,
        grant: String,
    },
}

pub struct MaterialInput {
    field: String,
    name: String,
    required: bool,
    criteria: String,
    /// Where it would be reused from, after a successful reuse check.
    reusable: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_apply.html")]
pub struct ApplyPage {
    chrome: Chrome,
    code: String,
    item_name: String,
    materials: Vec<MaterialInput>,
    kinds_hint: String,
    max_mb: usize,
    applicant_name: String,
    /// Issue 14 item 4 (SVC-ITEM-TYPES): whether the item asks for the enterprise
    /// (`required`, `optional`, or empty), and what was typed (not personal data: echoed).
    enterprise: &'static str,
    enterprise_name: String,
    credit_code: String,
    error: Option<String>,
    /// After a verified reuse check: whether it ran, and what can be reused.
    checked: bool,
    reused: Vec<String>,
    /// A code was sent to this masked phone under this check token.
    code_sent: Option<(String, String)>,
    /// The grant of a verified code (empty when none).
    grant: String,
}

fn item_name(published: &PublishedItem) -> String {
    let basic = &published.item.basic;
    if basic.sub_name.trim().is_empty() {
        basic.main_name.clone()
    } else {
        format!("{}（{}）", basic.main_name, basic.sub_name)
    }
}

async fn load(state: &AppState, code: &str) -> Result<PublishedItem, PageError> {
    let published = published_item(&state.platform.db, code)
        .await?
        .ok_or_else(|| Error::not_found(format!("事项 {code}")))?;
    if !published.accepts_applications {
        return Err(Error::invalid("本事项暂停办理，不能在线申请").into());
    }
    Ok(published)
}

/// What the page writes back into its fields after a refusal or a reuse check: never the ID
/// number or the phone.
#[derive(Debug, Clone, Default)]
pub struct Echo {
    name: String,
    enterprise_name: String,
    credit_code: String,
}

impl Echo {
    fn of(form: &ApplyForm) -> Self {
        Self {
            name: form.name.trim().to_owned(),
            enterprise_name: form.enterprise_name.trim().to_owned(),
            credit_code: form.credit_code.trim().chars().take(40).collect(),
        }
    }
}

fn enterprise_asked(published: &PublishedItem) -> EnterpriseAsked {
    EnterpriseAsked::of(&published.item.basic.targets)
}

/// Issue 14 item 4 (SVC-ITEM-TYPES): the enterprise of the form — asked of a legal person's
/// item, optional when the item serves both and both fields are left empty.
fn enterprise_of(
    asked: EnterpriseAsked,
    form: &ApplyForm,
) -> Result<Option<Enterprise>, ServiceError> {
    let empty = form.enterprise_name.trim().is_empty() && form.credit_code.trim().is_empty();
    match asked {
        EnterpriseAsked::No => Ok(None),
        EnterpriseAsked::Optional if empty => Ok(None),
        EnterpriseAsked::Required | EnterpriseAsked::Optional => Ok(Some(Enterprise {
            name: EnterpriseName::parse(&form.enterprise_name)?,
            credit_code: CreditCode::parse(&form.credit_code)?,
        })),
    }
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    published: &PublishedItem,
    echo: Echo,
    error: Option<String>,
    step: ReuseStep,
) -> Result<ApplyPage, PageError> {
    let (checked, reusable, code_sent, grant) = match step {
        ReuseStep::None => (false, Vec::new(), None, String::new()),
        ReuseStep::CodeSent { to, check } => (false, Vec::new(), Some((to, check)), String::new()),
        ReuseStep::Offered { list, grant } => (true, list, None, grant),
    };
    let materials = published
        .item
        .materials
        .list()
        .iter()
        .map(|m| MaterialInput {
            field: format!("{FILE_PREFIX}{}", m.code),
            name: m.name.clone(),
            required: m.required,
            criteria: m.criteria.clone(),
            reusable: reusable.iter().find(|r| r.code == m.code).map(|r| {
                if r.from_licence {
                    "电子证照库已有，无需上传"
                } else {
                    "已有材料可复用，无需上传"
                }
            }),
        })
        .collect();
    Ok(ApplyPage {
        chrome: Chrome::public(state, csrf).await?,
        code: published.code.clone(),
        item_name: item_name(published),
        materials,
        kinds_hint: Policy::MATERIAL.kinds_hint(),
        max_mb: Policy::MATERIAL.max_bytes / (1024 * 1024),
        applicant_name: echo.name,
        enterprise: match enterprise_asked(published) {
            EnterpriseAsked::Required => "required",
            EnterpriseAsked::Optional => "optional",
            EnterpriseAsked::No => "",
        },
        enterprise_name: echo.enterprise_name,
        credit_code: echo.credit_code,
        error,
        checked,
        reused: reusable.into_iter().map(|r| r.name).collect(),
        code_sent,
        grant,
    })
}

/// `GET /services/items/{code}/apply`.
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
) -> Result<ApplyPage, PageError> {
    let published = load(&state, &code).await?;
    page(
        &state,
        &csrf,
        &published,
        Echo::default(),
        None,
        ReuseStep::None,
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_submitted.html")]
pub struct SubmittedPage {
    chrome: Chrome,
    item_name: String,
    number: String,
    query_code: String,
    reused: Vec<String>,
}

/// The uploads of the form, each labelled with its material's name.
fn uploads_of(
    published: &PublishedItem,
    form: &Multipart,
) -> platform::Result<Vec<MaterialUpload>> {
    form.files
        .iter()
        .map(|file| {
            let code = file.field.strip_prefix(FILE_PREFIX).unwrap_or_default();
            let material = published
                .item
                .materials
                .list()
                .iter()
                .find(|m| m.code == code)
                .ok_or_else(|| Error::invalid("上传的文件不属于本事项的申请材料"))?;
            Ok(MaterialUpload {
                code: material.code.clone(),
                upload: file.upload(material.name.clone()),
            })
        })
        .collect()
}

fn bad_request(page: ApplyPage) -> Response {
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// `POST /services/items/{code}/apply` (multipart): `action=check` shows the materials that
/// can be reused for this ID number and phone; otherwise the application is submitted. Bad
/// input re-renders the form with the message and stores nothing.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let published = load(&state, &code).await?;
    let form: ApplyForm = match multipart.form() {
        Ok(form) => form,
        Err(error) => {
            let page = page(
                &state,
                &csrf,
                &published,
                Echo::default(),
                Some(error.to_string()),
                ReuseStep::None,
            );
            return Ok(bad_request(page.await?));
        }
    };
    let echo = Echo::of(&form);
    let fail = |message: String| {
        page(
            &state,
            &csrf,
            &published,
            echo.clone(),
            Some(message),
            ReuseStep::None,
        )
    };
    let checking = matches!(form.action.as_str(), "check" | "verify");
    let (purpose, per_minute) = if checking {
        ("svc-reuse", REUSE_CHECKS_PER_MINUTE)
    } else {
        ("svc-apply", APPLICATIONS_PER_MINUTE)
    };
    if !state.limiter.allow(purpose, &ip, per_minute) {
        let page = fail("提交过于频繁，请一分钟后再试".into()).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let now = Instant::from_millis(now_ms());
    let (db, key) = (&state.platform.db, &state.platform.key);
    // Issue 14 item 4: the enterprise first, so that the reuse check offers its materials.
    let enterprise = match enterprise_of(enterprise_asked(&published), &form) {
        Ok(enterprise) => enterprise,
        Err(error) => return Ok(bad_request(fail(error.to_string()).await?)),
    };
    if form.action == "verify" {
        // Issue 12 finding 13: the offer comes only with the code sent to the phone.
        let code = enterprise
            .as_ref()
            .map(|enterprise| &enterprise.credit_code);
        let step = match phone_check::verify(db, key, &form.check, &form.code, now).await {
            Ok(verified) => ReuseStep::Offered {
                list: online::reuse_offer_verified(
                    db,
                    key,
                    &published.code,
                    &verified.proof,
                    code,
                    now,
                )
                .await?,
                grant: verified.grant,
            },
            Err(Error::Invalid(message)) => return Ok(bad_request(fail(message).await?)),
            Err(error) => return Err(error.into()),
        };
        return Ok(page(&state, &csrf, &published, echo, None, step)
            .await?
            .into_response());
    }
    let identity = (|| -> platform::Result<(CitizenIdNo, PhoneNumber)> {
        Ok((
            CitizenIdNo::parse(&form.id_no)?,
            PhoneNumber::parse(&form.phone)?,
        ))
    })();
    let (id_no, phone) = match identity {
        Ok(identity) => identity,
        Err(Error::Invalid(message)) => return Ok(bad_request(fail(message).await?)),
        Err(error) => return Err(error.into()),
    };
    if checking {
        let actor = AuditActor::anonymous(&ip);
        let step = match phone_check::send_code(db, key, &actor, &id_no, &phone, now).await {
            Ok(check) => ReuseStep::CodeSent {
                to: phone.masked(),
                check,
            },
            Err(Error::Invalid(message)) => return Ok(bad_request(fail(message).await?)),
            Err(error) => return Err(error.into()),
        };
        return Ok(page(&state, &csrf, &published, echo, None, step)
            .await?
            .into_response());
    }
    let phone_proof = phone_check::redeem(db, key, &id_no, &phone, &form.grant, now).await?;
    let result = match (
        PersonName::parse(&form.name),
        uploads_of(&published, &multipart),
    ) {
        (Ok(person), Ok(files)) => {
            let applicant = Applicant {
                account: ApplicantId(0),
                name: person,
                id_no,
                phone: Some(phone),
                phone_proof,
                enterprise,
            };
            state
                .applications
                .submit(
                    &AuditActor::anonymous(&ip),
                    published.clone(),
                    applicant,
                    files,
                    now,
                )
                .await
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    match result {
        Ok(submission) => {
            let reused = submission
                .reused
                .iter()
                .filter_map(|r| {
                    let list = published.item.materials.list();
                    list.iter()
                        .find(|m| m.code == r.code)
                        .map(|m| m.name.clone())
                })
                .collect();
            Ok(SubmittedPage {
                chrome: Chrome::public(&state, &csrf).await?,
                item_name: item_name(&published),
                number: submission.number,
                query_code: submission.query_code,
                reused,
            }
            .into_response())
        }
        Err(Error::Invalid(message)) => Ok(bad_request(fail(message).await?)),
        Err(error) => Err(error.into()),
    }
}
