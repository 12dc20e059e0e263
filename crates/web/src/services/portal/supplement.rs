//! `GET/POST /services/cases/supplement` (SVC-ACCEPT, SVC-SPECIAL): the applicant answers the
//! one-time notice, or 补齐补正 asked for after acceptance, online with the case number and
//! query code, one file per material named. A refused upload re-renders the page and stores
//! nothing; an accepted one restarts the acceptance clock (notice) or ends 补齐补正 and
//! resumes the promised clock, and shows the case status again.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::Error;
use platform::attachments::Policy;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workcal;
use serde::Deserialize;
use services::usecase::online::MaterialUpload;
use services::usecase::supplement;

use super::query_string;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};
use crate::upload::Multipart;

/// Supplement submissions one client may send per minute.
const PER_MINUTE: u32 = 10;
const FILE_PREFIX: &str = "m_";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseRef {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_supplement.html")]
pub struct SupplementPage {
    chrome: Chrome,
    number: String,
    code: String,
    /// (code, material, what is wrong); an empty code is brought to the window.
    requested: Vec<(String, String, String)>,
    /// What answering does to the clocks (SVC-ACCEPT notice or SVC-SPECIAL 补齐补正).
    effect: &'static str,
    hint: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    case: &CaseRef,
    error: Option<String>,
) -> Result<SupplementPage, PageError> {
    let requested = supplement::requested_materials(
        &state.platform.db,
        &state.platform.key,
        &case.number,
        &case.code,
    )
    .await?;
    let effect = if requested.after_acceptance {
        "办件受理后审查中需要补齐补正以下材料（特别程序）：补正期间不计入承诺办结时限，提交后恢复计时。"
    } else {
        "请按一次性告知书上传补正后的材料。提交后受理时限重新计算。"
    };
    Ok(SupplementPage {
        chrome: Chrome::public(state, csrf).await?,
        number: case.number.trim().to_owned(),
        code: case.code.trim().to_owned(),
        requested: requested.materials,
        effect,
        hint: format!(
            "每项材料上传一个文件，接受 {}，单个文件不超过 {} MB",
            Policy::MATERIAL.kinds_hint(),
            Policy::MATERIAL.max_bytes / (1024 * 1024)
        ),
        error,
    })
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
    page(&state, &csrf, &case, None).await
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
    let files: Vec<MaterialUpload> = upload
        .files
        .iter()
        .filter_map(|file| {
            let code = file.field.strip_prefix(FILE_PREFIX)?;
            Some(MaterialUpload {
                code: code.to_owned(),
                upload: file.upload(code),
            })
        })
        .collect();
    let requested = supplement::requested_materials(
        &state.platform.db,
        &state.platform.key,
        &case.number,
        &case.code,
    )
    .await?;
    // Label each file with its material's name (what downloads show).
    let files = files
        .into_iter()
        .map(|mut file| {
            if let Some((_, name, _)) = requested
                .materials
                .iter()
                .find(|(code, ..)| *code == file.code)
            {
                file.upload.label = name.clone();
            }
            file
        })
        .collect();
    let calendar = workcal::load_current(&state.platform.db).await?;
    let profile = state.profile().await?;
    let outcome = supplement::resubmit_online(
        &state.platform.db,
        &platform::workflow::Context::new(
            &state.platform.key,
            &AuditActor::anonymous(&ip),
            &calendar,
            &profile,
            Instant::from_millis(now_ms()),
        ),
        &case.number,
        &case.code,
        files,
    )
    .await;
    match outcome {
        Ok(_) => {
            let query = query_string(&[("number", case.number.trim()), ("code", case.code.trim())]);
            Ok(Redirect::to(&format!("/services/cases/query?{query}")).into_response())
        }
        Err(Error::Invalid(message)) => {
            let page = page(&state, &csrf, &case, Some(message)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
