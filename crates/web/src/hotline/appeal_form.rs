//! The citizen's 12345 form on the portal (HL-REGISTER, HL-PRIVACY): `GET /hotline` and its
//! POST, the appeal committed before its number and query code are shown once.
//!
//! Issue 14 item 3, a form that forgives, as the online application does: every problem is
//! shown at once, each next to its field (`aria-invalid`, `aria-describedby`) and listed above
//! the form with a link to it; an attachment's problem names the file. Nothing given is lost:
//! the texts are written back, the phone never is — it is kept sealed on the server with the
//! files whose content passed (`platform::held`, 30 minutes, bound to the visitor's CSRF
//! token), shown masked and as already attached. A file chosen again under the same name
//! replaces the held one, another is added. The corrected form is sent without them: the
//! registration takes the held files in its own transaction (`usecase::HeldFiles`).
//! HL-REPLY and HL-CALLBACK need a phone to reply and call back to: the form asks for one.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use hotline::appeal::{Category, Channel, Origin, read_content, read_location};
use hotline::usecase::{Appellant, HeldFiles, NewAppeal};
use platform::attachments::{self, Policy, Upload};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::held::{self, Held, Holder};
use platform::personal::{Address, PersonName, PhoneNumber};
use serde::Deserialize;

use crate::AppState;
use crate::account::Prefill;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::ClientIp;
use crate::forgive::{self, FieldError};
use crate::upload::Multipart;

use super::held_slots::Slots;

/// Appeals one client may file per minute.
const APPEALS_PER_MINUTE: u32 = 5;
/// Files one appeal may carry, each within `Policy::APPEAL`.
const MAX_ATTACHMENTS: usize = 5;
/// The held form's name (`platform::held`).
const HELD_FORM: &str = "hotline-appeal";
/// A held file's slot: `attachment-1` … `attachment-5`; the file is labelled 附件1 … by it.
const SLOTS: Slots = Slots {
    field: "attachments",
    prefix: "attachment-",
    label: "附件",
    max: MAX_ATTACHMENTS,
};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AppealForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    name: String,
    /// Never written back into a page (issue 14 item 3): held sealed instead.
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    private: Option<String>,
    /// HL-PRIVACY (issue 12 finding 12): 同意公开诉求内容（不含个人信息）, off unless ticked.
    publish: Option<String>,
    /// HL-PRIVACY: the appellant asks that the handling unit not contact them.
    confidential: Option<String>,
    /// Issue 14 item 3: the token of what the server holds from an earlier render.
    #[serde(default)]
    held: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/hotline_form.html")]
pub struct FormPage {
    chrome: Chrome,
    categories: Vec<(&'static str, &'static str)>,
    /// What is written back: never the phone.
    form: AppealForm,
    /// Every problem of the refused form, in the order of the fields.
    errors: Vec<FieldError>,
    /// What the attachment input accepts, e.g. "JPG、PNG、PDF，最多 5 个，每个不超过 10 MB".
    attachment_hint: String,
    /// A refused progress query: the number typed, and why (issue 14 item 5).
    pub(super) query_error: Option<(String, String)>,
    /// The token of what the server holds (empty when nothing).
    held_token: String,
    /// The phone held, masked.
    held_phone: Option<String>,
    /// The files held: "name（size）".
    held_files: Vec<String>,
    /// Issue 23: the masked phone is the logged-in account's, used when left empty.
    phone_from_account: bool,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        forgive::error_of(&self.errors, field)
    }

    /// The `aria-*` attributes of a field: its problem, its hint and what is held for it.
    fn aria(&self, field: &str) -> String {
        let mut described = Vec::new();
        if field == "attachments" {
            described.push("attachments-hint".to_owned());
        }
        let held = match field {
            "phone" => self.held_phone.is_some(),
            "attachments" => !self.held_files.is_empty(),
            _ => false,
        };
        if held {
            described.push(format!("{field}-held"));
        }
        forgive::aria(field, self.error(field).is_some(), &described)
    }
}

/// One render of the form.
#[derive(Default)]
pub(super) struct View {
    form: AppealForm,
    errors: Vec<FieldError>,
    held: Option<Held>,
    /// Issue 23: the logged-in account's phone, masked.
    account_phone: Option<String>,
}

pub(super) async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    view: View,
) -> Result<FormPage, PageError> {
    let View {
        mut form,
        errors,
        held,
        account_phone,
    } = view;
    form.phone.clear();
    form.held.clear();
    let held_phone = held
        .as_ref()
        .and_then(|held| held.value("phone"))
        .and_then(|phone| PhoneNumber::parse(phone).ok())
        .map(|phone| phone.masked());
    Ok(FormPage {
        chrome: Chrome::public(state, csrf).await?,
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), c.label_zh()))
            .collect(),
        form,
        errors,
        attachment_hint: format!(
            "{}，最多 {MAX_ATTACHMENTS} 个，每个不超过 {} MB",
            Policy::APPEAL.kinds_hint(),
            Policy::APPEAL.max_bytes / (1024 * 1024)
        ),
        query_error: None,
        held_phone: held_phone.clone().or_else(|| account_phone.clone()),
        phone_from_account: held_phone.is_none() && account_phone.is_some(),
        held_files: held
            .as_ref()
            .map(|held| held.files.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|file| format!("{}（{}）", file.file_name, file.size))
            .collect(),
        held_token: held.map(|held| held.token).unwrap_or_default(),
    })
}

pub(super) async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: axum::http::HeaderMap,
) -> Result<FormPage, PageError> {
    // Issue 23: the logged-in person's name written in, the phone only masked.
    let prefill = crate::account::prefill(&state, &headers).await?;
    let view = View {
        form: AppealForm {
            name: prefill.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            ..AppealForm::default()
        },
        account_phone: prefill.as_ref().and_then(Prefill::masked_phone),
        ..View::default()
    };
    form_page(&state, &csrf, view).await
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/hotline_registered.html")]
pub struct RegisteredPage {
    chrome: Chrome,
    number: String,
    query_code: String,
    /// When it was registered (the printed confirmation carries it, issue 14 item 6).
    registered_at: String,
    /// A phone was left: the number and code went by SMS too (HL-REGISTER).
    texted: bool,
}

/// The form read field by field: every problem, the appeal when there is none, the phone
/// that passed and the files whose content passed, each with its slot.
struct Read {
    errors: Vec<FieldError>,
    appeal: Option<NewAppeal>,
    phone: Option<PhoneNumber>,
    files: Vec<(usize, Upload)>,
}

/// An optional text: absent when empty, else parsed, its problem under `field`.
fn optional<T>(
    text: &str,
    field: &str,
    parse: impl Fn(&str) -> platform::Result<T>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    parse(text)
        .map_err(|error| errors.push(FieldError::new(field, error.to_string())))
        .ok()
}

/// Reads every field (HL-REGISTER); `held` gives the phone left empty and the files kept.
fn read(form: &AppealForm, upload: &Multipart, held: Option<&Held>, ip: &str) -> Read {
    let mut errors = Vec::new();
    let category = Category::parse(&form.category)
        .map_err(|e| errors.push(FieldError::new("category", e.to_string())))
        .ok();
    let content = read_content(&form.content)
        .map_err(|e| errors.push(FieldError::new("content", e.to_string())))
        .ok();
    let location = read_location(&form.location)
        .map_err(|e| errors.push(FieldError::new("location", e.to_string())))
        .ok();
    let name = optional(&form.name, "name", PersonName::parse, &mut errors);
    // HL-REPLY, HL-CALLBACK: the hotline replies and calls back by phone.
    let typed = form.phone.trim();
    let phone = if typed.is_empty() {
        held.and_then(|held| held.value("phone"))
            .unwrap_or_default()
    } else {
        typed
    };
    let phone = if phone.is_empty() {
        errors.push(FieldError::new(
            "phone",
            "请填写联系电话：热线凭它回复办理结果和回访",
        ));
        None
    } else {
        PhoneNumber::parse(phone)
            .map_err(|e| errors.push(FieldError::new("phone", e.to_string())))
            .ok()
    };
    let address = optional(&form.address, "address", Address::parse, &mut errors);
    // HL-PRIVACY (issue 12 finding 12): "keep it private" and "publish it" cannot both hold.
    let (private, publish) = (form.private.is_some(), form.publish.is_some());
    if private && publish {
        errors.push(FieldError::new(
            "publish",
            "已选择不公开诉求，就不能同时同意公开诉求内容，请只选其一",
        ));
    }
    let (files, file_errors) = files_of(upload, held);
    errors.extend(file_errors);
    let appeal = match (category, content, location, &phone, errors.is_empty()) {
        (Some(category), Some(content), Some(location), Some(phone), true) => Some(NewAppeal {
            channel: Channel::Web,
            category,
            origin: Origin::Local,
            content,
            location,
            is_private: private,
            publish_consent: publish,
            confidential: form.confidential.is_some(),
            province_due: None,
            appellant: Appellant {
                name,
                phone: Some(phone.clone()),
                address,
                employer: None,
            },
            ip: (!ip.is_empty()).then(|| ip.to_owned()),
        }),
        _ => None,
    };
    Read {
        errors,
        appeal,
        phone,
        files,
    }
}

/// The files chosen now, checked against `Policy::APPEAL` and given their slots
/// (`HeldSlots::files_of`); their problems come as one, next to the file input.
fn files_of(upload: &Multipart, held: Option<&Held>) -> (Vec<(usize, Upload)>, Vec<FieldError>) {
    let (files, problems) = SLOTS.files_of(upload, held, &Policy::APPEAL);
    let errors = if problems.is_empty() {
        Vec::new()
    } else {
        vec![FieldError::new("attachments", problems.join("；"))]
    };
    (files, errors)
}

/// Keeps for the next render (issue 14 item 3) the phone that passed — a wrong one typed
/// over a held one drops the held one — and the files whose content passed. Nothing passed
/// and nothing held: nothing is kept.
async fn keep(
    state: &AppState,
    holder: Holder<'_>,
    held: Option<&Held>,
    (form, read): (&AppealForm, &Read),
    now: Instant,
) -> platform::Result<Option<Held>> {
    let key = &state.platform.key;
    let mut values = Vec::new();
    match &read.phone {
        Some(phone) => values.push(("phone", phone.as_str().to_owned())),
        None if held.is_some() && !form.phone.trim().is_empty() => {
            values.push(("phone", String::new()));
        }
        None => {}
    }
    let files = read
        .files
        .iter()
        .map(|(slot, upload)| {
            let sealed = attachments::seal(key, &Policy::APPEAL, upload)?;
            Ok((SLOTS.slot(*slot), sealed))
        })
        .collect::<platform::Result<Vec<_>>>()?;
    let db = &state.platform.db;
    held::keep(db, key, holder, held, &values, &files, now.millis()).await
}

/// `POST /hotline`: the appeal is committed before the number is shown (an acknowledged
/// submission is never lost); a refused form is shown again with every problem and what was
/// given kept. The multipart body is read by the extractor within the public upload limits,
/// after a count per client (issue 12 finding 1).
pub(super) async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    upload: Multipart,
) -> Result<Response, PageError> {
    let mut form: AppealForm = match upload.form() {
        Ok(form) => form,
        Err(error) => {
            let view = View {
                errors: vec![FieldError::new("", error.to_string())],
                ..View::default()
            };
            let page = form_page(&state, &csrf, view).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    let now = Instant::from_millis(now_ms());
    let (db, key) = (&state.platform.db, &state.platform.key);
    let holder = Holder {
        form: HELD_FORM,
        anchor: &csrf.0,
    };
    let held = held::find(db, key, holder, &form.held, now.millis()).await?;
    // Issue 23: a phone left empty (and none held) is the logged-in account's.
    let prefill = crate::account::prefill(&state, &headers).await?;
    let account_phone = prefill.as_ref().and_then(Prefill::masked_phone);
    let held_phone = held.as_ref().and_then(|held| held.value("phone"));
    if form.phone.trim().is_empty()
        && held_phone.is_none_or(str::is_empty)
        && let Some(phone) = prefill.as_ref().and_then(|p| p.phone.as_ref())
    {
        form.phone = phone.as_str().to_owned();
    }
    if !state.limiter.allow("public-form", &ip, APPEALS_PER_MINUTE) {
        let view = View {
            form,
            errors: vec![FieldError::new("", "提交过于频繁，请一分钟后再试")],
            held,
            account_phone,
        };
        let page = form_page(&state, &csrf, view).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let read = read(&form, &upload, held.as_ref(), &ip);
    let mut errors = read.errors.clone();
    let mut kept = None;
    if let Some(new) = read.appeal.clone() {
        let actor = AuditActor::anonymous(&ip);
        // Issue 23 item 3: filed while logged in, it is linked to the account.
        let filed_by = crate::account::filed_by(&state, &headers).await?;
        let registered = match &held {
            // Nothing held: the files chosen now are stored with the appeal.
            None => {
                let files: Vec<Upload> = read.files.iter().map(|(_, f)| f.clone()).collect();
                state
                    .intake
                    .register_for(&actor, new, (&files, None), filed_by, now)
                    .await
            }
            // Held files: the new ones join them (a file of the same name replaces its
            // namesake) and the registration takes them all in its transaction.
            Some(held) => {
                let joined = keep(&state, holder, Some(held), (&form, &read), now).await?;
                let files = joined.as_ref().map(|joined| HeldFiles {
                    form: joined.id,
                    attachments: joined.files.iter().map(|f| f.attachment).collect(),
                });
                kept = joined;
                let files = (&[][..], files);
                state
                    .intake
                    .register_for(&actor, new, files, filed_by, now)
                    .await
            }
        };
        match registered {
            Ok(registration) => {
                return Ok(RegisteredPage {
                    chrome: Chrome::public(&state, &csrf).await?,
                    number: registration.number,
                    query_code: registration.query_code,
                    registered_at: minute_of(now.millis()),
                    texted: read.phone.is_some(),
                }
                .into_response());
            }
            Err(platform::Error::Invalid(message)) => errors.push(FieldError::new("", message)),
            Err(error) => return Err(error.into()),
        }
    }
    let held = match kept {
        Some(kept) => Some(kept),
        None => keep(&state, holder, held.as_ref(), (&form, &read), now).await?,
    };
    let view = View {
        form,
        errors,
        held,
        account_phone,
    };
    let page = form_page(&state, &csrf, view).await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}
