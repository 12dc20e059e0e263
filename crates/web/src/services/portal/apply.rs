//! Applying online (SVC-ACCEPT, SVC-NO-RESUBMIT): the item's form with one file input per
//! material — for a legal person's item (SVC-ITEM-TYPES, issue 14 item 4) the enterprise's
//! name and 统一社会信用代码 and the agent (经办人) —, the reuse check (a code sent to the
//! phone first, issue 12 finding 13; then ID number and phone both matching an earlier case),
//! and the submission through `services::usecase::SubmissionQueue` (group commit), which
//! checks every file before storing anything.
//!
//! Issue 14 item 3, a form that forgives: every problem is shown at once, each next to its
//! field (`aria-invalid`, `aria-describedby`) and listed above the form; nothing given is
//! lost. The name and the enterprise are written back; the ID number and the phone never
//! are — what passed is kept sealed on the server with the files whose content passed
//! (`platform::held`, 30 minutes, bound to the visitor's CSRF token), the page showing them
//! masked and the files as already attached, each replaced by choosing another. The reuse
//! check keeps the form the same way.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::Error;
use platform::attachments::{self, Policy};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::held::{self, Held, Holder};
use platform::personal::{CitizenIdNo, PhoneNumber};
use serde::Deserialize;
use services::enterprise::{CreditCode, EnterpriseAsked};
use services::usecase::online::ReusableMaterial;
use services::usecase::{PublishedItem, published_item};

use super::apply_check::{self, FILE_PREFIX, FieldError, Read, Typed};
use super::apply_steps::{Outcome, Request, apply, send_code, verify_code};
use crate::AppState;
use crate::account::Prefill;
use crate::account::on_file::{self, Offer};
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::ClientIp;
use crate::upload::Multipart;

/// Applications one client may submit per minute.
const APPLICATIONS_PER_MINUTE: u32 = 10;
/// Reuse checks one client may make per minute (each one probes an identity).
const REUSE_CHECKS_PER_MINUTE: u32 = 10;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplyForm {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) id_no: String,
    #[serde(default)]
    pub(super) phone: String,
    /// SVC-STATUS: an e-mail address for the progress mails (optional).
    #[serde(default)]
    pub(super) email: String,
    /// Issue 14 item 4: the enterprise, for a legal person's item.
    #[serde(default)]
    pub(super) enterprise_name: String,
    #[serde(default)]
    pub(super) credit_code: String,
    #[serde(default)]
    pub(super) action: String,
    /// The SMS code typed for the reuse check.
    #[serde(default)]
    pub(super) code: String,
    /// The check token naming the code sent.
    #[serde(default)]
    pub(super) check: String,
    /// The grant of a verified code, carried to the submission.
    #[serde(default)]
    pub(super) grant: String,
    /// Issue 14 item 3: the token of what the server holds from an earlier render.
    #[serde(default)]
    pub(super) held: String,
}

/// Where the reuse check stands on the page.
#[derive(Default)]
pub enum ReuseStep {
    /// Not asked for.
    #[default]
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
    /// The file held from an earlier render: its name and size.
    held: Option<String>,
    error: Option<String>,
    /// Issue 23 item 3: offered from the logged-in person's space (a checkbox).
    offer: Option<Offer>,
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
    /// Issue 14 item 4 (SVC-ITEM-TYPES): whether the item asks for the enterprise
    /// (`required`, `optional`, or empty).
    enterprise: &'static str,
    echo: Echo,
    /// Every problem of the refused form, in the order of the fields.
    errors: Vec<FieldError>,
    /// The token of what the server holds (empty when nothing).
    held_token: String,
    /// The ID number and phone held, masked.
    held_id_no: Option<String>,
    held_phone: Option<String>,
    /// Issue 23: the masked ID number and phone are the logged-in account's, filled in on
    /// the server when the field is left empty.
    from_account: (bool, bool),
    /// After a verified reuse check: whether it ran, and what can be reused.
    checked: bool,
    reused: Vec<String>,
    /// A code was sent to this masked phone under this check token.
    code_sent: Option<(String, String)>,
    /// The grant of a verified code (empty when none).
    grant: String,
}

impl ApplyPage {
    /// The problem of one field, if any.
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }

    /// ` aria-invalid="true"` and ` aria-describedby="…"` of a field: its problem, its hint
    /// and what is held for it. Only the page's own ids, never a typed value.
    fn aria(&self, field: &str) -> String {
        let mut ids = Vec::new();
        let held = match field {
            "id_no" => self.held_id_no.is_some(),
            "phone" => self.held_phone.is_some(),
            _ => self
                .materials
                .iter()
                .any(|m| m.field == field && m.held.is_some()),
        };
        if field == "credit_code" {
            ids.push("credit_code-hint".into());
        }
        if held {
            ids.push(format!("{field}-held"));
        }
        crate::forgive::aria(field, self.error(field).is_some(), &ids)
    }
}

pub(super) fn item_name(published: &PublishedItem) -> String {
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

/// What the page writes back into its fields: never the ID number or the phone.
#[derive(Debug, Clone, Default)]
pub struct Echo {
    name: String,
    /// The applicant's own address, as typed (their own page).
    email: String,
    enterprise_name: String,
    credit_code: String,
}

impl Echo {
    fn of(form: &ApplyForm) -> Self {
        Self {
            name: form.name.trim().chars().take(50).collect(),
            email: form
                .email
                .trim()
                .chars()
                .take(services::email::MAX_LEN)
                .collect(),
            enterprise_name: form.enterprise_name.trim().chars().take(100).collect(),
            credit_code: form.credit_code.trim().chars().take(40).collect(),
        }
    }
}

/// One render of the form.
#[derive(Default)]
struct View {
    echo: Echo,
    errors: Vec<FieldError>,
    held: Option<Held>,
    step: ReuseStep,
    /// Issue 23: the logged-in account's details.
    prefill: Option<Prefill>,
    /// Issue 23 item 3: what the account's space offers for the item's materials.
    offers: Vec<Offer>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    published: &PublishedItem,
    view: View,
) -> Result<ApplyPage, PageError> {
    let View {
        echo,
        errors,
        held,
        step,
        prefill,
        offers,
    } = view;
    let (checked, reusable, code_sent, grant) = match step {
        ReuseStep::None => (false, Vec::new(), None, String::new()),
        ReuseStep::CodeSent { to, check } => (false, Vec::new(), Some((to, check)), String::new()),
        ReuseStep::Offered { list, grant } => (true, list, None, grant),
    };
    let kept = |name: &str| held.as_ref().and_then(|held| held.value(name));
    let held_id_no = kept("id_no")
        .and_then(|value| CitizenIdNo::parse(value).ok())
        .map(|id_no| id_no.masked());
    let held_phone = kept("phone")
        .and_then(|value| PhoneNumber::parse(value).ok())
        .map(|phone| phone.masked());
    let materials = published
        .item
        .materials
        .list()
        .iter()
        .map(|m| {
            let field = format!("{FILE_PREFIX}{}", m.code);
            MaterialInput {
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
                held: held
                    .as_ref()
                    .and_then(|held| held.file(&field))
                    .map(|file| format!("{}（{}）", file.file_name, file.size)),
                error: errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| error.message.clone()),
                offer: offers.iter().find(|o| o.code == m.code).cloned(),
                field,
            }
        })
        .collect();
    Ok(ApplyPage {
        chrome: Chrome::public(state, csrf).await?,
        code: published.code.clone(),
        item_name: item_name(published),
        materials,
        kinds_hint: Policy::MATERIAL.kinds_hint(),
        max_mb: Policy::MATERIAL.max_bytes / (1024 * 1024),
        enterprise: match EnterpriseAsked::of(&published.item.basic.targets) {
            EnterpriseAsked::Required => "required",
            EnterpriseAsked::Optional => "optional",
            EnterpriseAsked::No => "",
        },
        echo,
        held_id_no: held_id_no
            .clone()
            .or_else(|| prefill.as_ref().and_then(Prefill::masked_id_number)),
        held_phone: held_phone
            .clone()
            .or_else(|| prefill.as_ref().and_then(Prefill::masked_phone)),
        from_account: (
            held_id_no.is_none() && prefill.as_ref().is_some_and(|p| p.id_number.is_some()),
            held_phone.is_none() && prefill.as_ref().is_some_and(|p| p.phone.is_some()),
        ),
        held_token: held
            .as_ref()
            .map(|held| held.token.clone())
            .unwrap_or_default(),
        errors,
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
    headers: axum::http::HeaderMap,
) -> Result<ApplyPage, PageError> {
    let published = load(&state, &code).await?;
    // Issue 23: the logged-in person's name (and the enterprise an agent acts for) written
    // in; the ID number and phone only masked.
    let prefill = crate::account::prefill(&state, &headers).await?;
    let mut echo = Echo::default();
    if let Some(prefill) = &prefill {
        echo.name.clone_from(&prefill.name);
        if let Some((name, uscc)) = &prefill.enterprise {
            echo.enterprise_name.clone_from(name);
            echo.credit_code.clone_from(uscc);
        }
    }
    // Issue 23 item 3: the materials on file and e-licences of the person's own cases.
    let offers = match on_file::account_id(&state, &headers).await? {
        Some(account_id) => {
            let key = &state.platform.key;
            let asked = EnterpriseAsked::of(&published.item.basic.targets);
            let enterprise = prefill
                .as_ref()
                .and_then(|p| p.enterprise.as_ref())
                .filter(|_| asked != EnterpriseAsked::No)
                .and_then(|(_, code)| CreditCode::parse(code).ok());
            let id_no = prefill.as_ref().and_then(|p| p.id_number.as_ref());
            match on_file::holder(key, id_no, enterprise.as_ref()) {
                Some(holder) => {
                    let item = &published.item;
                    on_file::offers(&state, account_id, item, &holder, (None, now_ms())).await?
                }
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    let view = View {
        echo,
        prefill,
        offers,
        ..View::default()
    };
    page(&state, &csrf, &published, view).await
}

/// `POST /services/items/{code}/apply` (multipart): `action=check` sends a code to the phone,
/// `action=verify` checks it and shows what can be reused; otherwise the application is
/// submitted. Whatever does not succeed renders the form again with every problem and keeps
/// what was given; nothing of the application is stored until it is whole.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let published = load(&state, &code).await?;
    // Issue 23 item 3: the materials ticked from the person's space.
    let picks = on_file::take_picks(&mut multipart.fields);
    let form: ApplyForm = match multipart.form() {
        Ok(form) => form,
        Err(error) => {
            let view = View {
                errors: vec![FieldError::new("", error.to_string())],
                ..View::default()
            };
            let page = page(&state, &csrf, &published, view).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    let echo = Echo::of(&form);
    let checking = matches!(form.action.as_str(), "check" | "verify");
    let (purpose, per_minute) = if checking {
        ("svc-reuse", REUSE_CHECKS_PER_MINUTE)
    } else {
        ("svc-apply", APPLICATIONS_PER_MINUTE)
    };
    if !state.limiter.allow(purpose, &ip, per_minute) {
        let view = View {
            echo,
            errors: vec![FieldError::new("", "提交过于频繁，请一分钟后再试")],
            ..View::default()
        };
        let page = page(&state, &csrf, &published, view).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let now = Instant::from_millis(now_ms());
    let (db, key) = (&state.platform.db, &state.platform.key);
    let form_name = format!("svc-apply:{}", published.code);
    let holder = Holder {
        form: &form_name,
        anchor: &csrf.0,
    };
    let held = held::find(db, key, holder, &form.held, now.millis()).await?;
    // Issue 23: an ID number or phone left empty is the logged-in account's (held ones first).
    let prefill = crate::account::prefill(&state, &headers).await?;
    let from_account = |typed: &str, name: &str, value: Option<&str>| {
        let held_value = held.as_ref().and_then(|held| held.value(name));
        if held_value.is_some_and(|v| !v.is_empty()) {
            typed.to_owned()
        } else {
            Prefill::or_typed(typed, value).to_owned()
        }
    };
    let account = prefill.as_ref();
    let id_no = from_account(
        &form.id_no,
        "id_no",
        account.and_then(|p| p.id_number.as_ref().map(CitizenIdNo::as_str)),
    );
    let phone = from_account(
        &form.phone,
        "phone",
        account.and_then(|p| p.phone.as_ref().map(PhoneNumber::as_str)),
    );
    let typed = Typed {
        name: &form.name,
        id_no: &id_no,
        phone: &phone,
        email: &form.email,
        enterprise_name: &form.enterprise_name,
        credit_code: &form.credit_code,
    };
    let read = apply_check::read(&published, &typed, &multipart, held.as_ref());
    let account_id = on_file::account_id(&state, &headers).await?;
    let item = (&published.item, FILE_PREFIX);
    let chosen =
        on_file::chosen(&state, account_id.map(|id| (id, ip.as_str())), item, &picks).await?;
    let request = Request {
        state: &state,
        published: &published,
        form: &form,
        read: &read,
        held: held.as_ref(),
        actor: AuditActor::anonymous(&ip),
        filed_by: crate::account::filed_by(&state, &headers).await?,
        chosen,
        now,
    };
    let outcome = match form.action.as_str() {
        "check" => send_code(&request).await?,
        "verify" => verify_code(&request).await?,
        _ => apply(&request, &csrf).await?,
    };
    let (status, errors, step) = match outcome {
        Outcome::Done(response) => return Ok(response),
        Outcome::Again {
            status,
            errors,
            step,
        } => (status, errors, step),
    };
    let held = keep(&state, holder, held.as_ref(), &form, &read, now).await?;
    let offers = match account_id {
        Some(account_id) => {
            let code = read.enterprise.as_ref().map(|e| &e.credit_code);
            match on_file::holder(key, read.id_no.as_ref(), code) {
                Some(holder) => {
                    let picked = (Some(picks.as_slice()), now.millis());
                    on_file::offers(&state, account_id, &published.item, &holder, picked).await?
                }
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    let view = View {
        echo,
        errors,
        held,
        step,
        prefill,
        offers,
    };
    Ok((status, page(&state, &csrf, &published, view).await?).into_response())
}

/// Keeps for the next render (issue 14 item 3) the ID number and phone that passed — a
/// wrong one typed over a held one drops the held one — and the files whose content passed.
async fn keep(
    state: &AppState,
    holder: Holder<'_>,
    held: Option<&Held>,
    form: &ApplyForm,
    read: &Read,
    now: Instant,
) -> platform::Result<Option<Held>> {
    let key = &state.platform.key;
    let mut values = Vec::new();
    match &read.id_no {
        Some(id_no) => values.push(("id_no", id_no.as_str().to_owned())),
        None if !form.id_no.trim().is_empty() => values.push(("id_no", String::new())),
        None => {}
    }
    match &read.phone {
        Some(phone) => values.push(("phone", phone.as_str().to_owned())),
        None if !form.phone.trim().is_empty() => values.push(("phone", String::new())),
        None => {}
    }
    let files = read
        .files
        .iter()
        .map(|file| {
            let sealed = attachments::seal(key, &Policy::MATERIAL, &file.upload)?;
            Ok((format!("{FILE_PREFIX}{}", file.code), sealed))
        })
        .collect::<platform::Result<Vec<_>>>()?;
    held::keep(
        &state.platform.db,
        key,
        holder,
        held,
        &values,
        &files,
        now.millis(),
    )
    .await
}
