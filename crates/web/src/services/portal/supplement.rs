//! `GET/POST /services/cases/supplement` (SVC-ACCEPT, SVC-SPECIAL): the applicant answers the
//! one-time notice, or 补齐补正 asked for after acceptance, online with the case number and
//! query code, one file per material named. An accepted upload restarts the acceptance clock
//! (notice) or ends 补齐补正 and resumes the promised clock, and shows the case status again.
//!
//! Issue 14 item 3: a refused upload stores nothing of the answer and renders the page again
//! with every problem next to its material (an attachment's problem names the file), the
//! files that passed kept sealed on the server (`platform::held`, 30 minutes, bound to the
//! visitor) and shown as already attached; the next answer takes them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::Error;
use platform::attachments::{self, Policy};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::held::{self, Held, Holder};
use platform::workcal;
use serde::Deserialize;
use services::AttachmentId;
use services::usecase::online::{HeldMaterials, MaterialUpload};
use services::usecase::supplement::{self, Requested};

use super::apply_check::{FILE_PREFIX, FieldError};
use super::query_string;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};
use crate::upload::Multipart;

/// Supplement submissions one client may send per minute.
const PER_MINUTE: u32 = 10;
/// A file's name is shown in a message up to this many characters.
const NAME_CHARS: usize = 60;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseRef {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
    /// Issue 14 item 3: the token of the files held from an earlier refusal.
    #[serde(default)]
    held: String,
}

/// One material asked for.
pub struct Row {
    /// `m_<code>`; empty for a material brought to the window.
    field: String,
    name: String,
    problem: String,
    error: Option<String>,
    /// The file held from an earlier refusal: its name and size.
    held: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_supplement.html")]
pub struct SupplementPage {
    chrome: Chrome,
    number: String,
    code: String,
    requested: Vec<Row>,
    /// What answering does to the clocks (SVC-ACCEPT notice or SVC-SPECIAL 补齐补正).
    effect: &'static str,
    hint: String,
    errors: Vec<FieldError>,
    held_token: String,
}

impl SupplementPage {
    /// ` aria-invalid` and ` aria-describedby` of a material's file input: the page's own ids.
    fn aria(&self, row: &Row) -> String {
        let held: Vec<String> = row
            .held
            .iter()
            .map(|_| format!("{}-held", row.field))
            .collect();
        crate::forgive::aria(&row.field, row.error.is_some(), &held)
    }
}

fn page(
    chrome: Chrome,
    case: &CaseRef,
    requested: Requested,
    errors: Vec<FieldError>,
    held: Option<&Held>,
) -> SupplementPage {
    let effect = if requested.after_acceptance {
        "办件受理后审查中需要补齐补正以下材料（特别程序）：补正期间不计入承诺办结时限，提交后恢复计时。"
    } else {
        "请按一次性告知书上传补正后的材料。提交后受理时限重新计算。"
    };
    let rows = requested
        .materials
        .into_iter()
        .map(|(code, name, problem)| {
            let field = if code.is_empty() {
                String::new()
            } else {
                format!("{FILE_PREFIX}{code}")
            };
            Row {
                error: errors
                    .iter()
                    .find(|error| !field.is_empty() && error.field == field)
                    .map(|error| error.message.clone()),
                held: held
                    .and_then(|held| held.file(&field))
                    .map(|file| format!("{}（{}）", file.file_name, file.size)),
                field,
                name,
                problem,
            }
        })
        .collect();
    SupplementPage {
        chrome,
        number: case.number.trim().to_owned(),
        code: case.code.trim().to_owned(),
        requested: rows,
        effect,
        hint: format!(
            "每项材料上传一个文件，接受 {}，单个文件不超过 {} MB",
            Policy::MATERIAL.kinds_hint(),
            Policy::MATERIAL.max_bytes / (1024 * 1024)
        ),
        errors,
        held_token: held.map(|held| held.token.clone()).unwrap_or_default(),
    }
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(case): Query<CaseRef>,
) -> Result<SupplementPage, PageError> {
    // Issue 12 finding 3: the page opens the case by number and code, a lookup like the
    // status page's, and shares its bucket.
    if !state.limiter.allow_lookup(&ip) {
        return Err(Error::TooManyRequests.into());
    }
    let requested = supplement::requested_materials(
        &state.platform.db,
        &state.platform.key,
        &case.number,
        &case.code,
    )
    .await?;
    let chrome = Chrome::public(&state, &csrf).await?;
    Ok(page(chrome, &case, requested, Vec::new(), None))
}

/// The files of the answer, each for a material asked for and checked by its content; a
/// refused one named by its material and file next to its row.
fn files_of(upload: &Multipart, requested: &Requested) -> (Vec<MaterialUpload>, Vec<FieldError>) {
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for (index, part) in upload.files.iter().enumerate() {
        let code = part.field.strip_prefix(FILE_PREFIX).unwrap_or_default();
        let Some((_, name, _)) = requested
            .materials
            .iter()
            .find(|(asked, ..)| !asked.is_empty() && asked == code)
        else {
            errors.push(FieldError::new("", "上传的文件不在一次性告知的补正材料中"));
            continue;
        };
        if upload.files[..index].iter().any(|o| o.field == part.field) {
            let message = format!("“{name}”只能上传一个文件，请只选择一个");
            errors.push(FieldError::new(&part.field, message));
            continue;
        }
        let shown: String = part.file_name.trim().chars().take(NAME_CHARS).collect();
        let named = if shown.is_empty() {
            name.clone()
        } else {
            format!("{name}（{shown}）")
        };
        match Policy::MATERIAL.check(&part.upload(named)) {
            Ok(_) => files.push(MaterialUpload {
                code: code.to_owned(),
                upload: part.upload(name.clone()),
            }),
            Err(error) => errors.push(FieldError::new(&part.field, error.to_string())),
        }
    }
    (files, errors)
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    upload: Multipart,
) -> Result<Response, PageError> {
    // The upload's own bucket, and the lookups' one: the code is checked again (issue 12
    // finding 3).
    if !state.limiter.allow("svc-supplement", &ip, PER_MINUTE) || !state.limiter.allow_lookup(&ip) {
        return Err(Error::TooManyRequests.into());
    }
    let case: CaseRef = upload.form()?;
    let (db, key) = (&state.platform.db, &state.platform.key);
    let requested = supplement::requested_materials(db, key, &case.number, &case.code).await?;
    let now = Instant::from_millis(now_ms());
    let form_name = format!(
        "svc-supplement:{}",
        platform::query_code::normalise_number(&case.number)
    );
    let holder = Holder {
        form: &form_name,
        anchor: &csrf.0,
    };
    let held = held::find(db, key, holder, &case.held, now.millis()).await?;
    let (files, mut errors) = files_of(&upload, &requested);
    let held_files: Vec<(String, AttachmentId)> = held
        .as_ref()
        .map(|held| held.files.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|file| {
            let code = file.slot.strip_prefix(FILE_PREFIX)?;
            Some((code.to_owned(), AttachmentId(file.attachment)))
        })
        .collect();
    if errors.is_empty() && files.is_empty() && held_files.is_empty() {
        errors.push(FieldError::new("", "请上传补正后的材料"));
    }
    if errors.is_empty() {
        let calendar = workcal::load_current(db).await?;
        let profile = state.profile().await?;
        let kept = HeldMaterials {
            form: held.as_ref().map(|held| held.id),
            files: held_files,
            chosen: Vec::new(),
        };
        let outcome = supplement::resubmit_online(
            db,
            &platform::workflow::Context::new(
                key,
                &AuditActor::anonymous(&ip),
                &calendar,
                &profile,
                now,
            ),
            (&case.number, &case.code),
            files.clone(),
            kept,
        )
        .await;
        match outcome {
            Ok(_) => {
                let query =
                    query_string(&[("number", case.number.trim()), ("code", case.code.trim())]);
                return Ok(Redirect::to(&format!("/services/cases/query?{query}")).into_response());
            }
            Err(Error::Invalid(message)) => errors.push(FieldError::new("", message)),
            Err(error) => return Err(error.into()),
        }
    }
    // Refused: the files that passed are kept for the next answer.
    let sealed = files
        .iter()
        .map(|file| {
            let sealed = attachments::seal(key, &Policy::MATERIAL, &file.upload)?;
            Ok((format!("{FILE_PREFIX}{}", file.code), sealed))
        })
        .collect::<platform::Result<Vec<_>>>()?;
    let held = held::keep(db, key, holder, held.as_ref(), &[], &sealed, now.millis()).await?;
    let chrome = Chrome::public(&state, &csrf).await?;
    let page = page(chrome, &case, requested, errors, held.as_ref());
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}
