//! The citizen's side of 12345 on the portal (HL-REGISTER, HL-PRIVACY): file an appeal,
//! receive its number and query code once, and follow its progress by number and code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use hotline::appeal::{Category, Channel, Origin};
use hotline::order::{CitizenStage, Status, citizen_stage, citizen_steps};
use hotline::usecase::{self, Appellant, NewAppeal};
use platform::attachments::{Policy, Upload};
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};
use crate::upload::Multipart;

/// Appeals one client may file per minute.
const APPEALS_PER_MINUTE: u32 = 5;
/// Files one appeal may carry, each within `Policy::APPEAL`.
const MAX_ATTACHMENTS: usize = 5;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/hotline", get(form).post(submit))
        .route("/hotline/query", get(query))
}

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
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    private: Option<String>,
    /// HL-PRIVACY (issue 12 finding 12): 同意公开诉求内容（不含个人信息）, off unless ticked.
    publish: Option<String>,
    /// HL-PRIVACY: the appellant asks that the handling unit not contact them.
    confidential: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/hotline_form.html")]
pub struct FormPage {
    chrome: Chrome,
    categories: Vec<(&'static str, &'static str)>,
    form: AppealForm,
    error: Option<String>,
    /// What the attachment input accepts, e.g. "JPG、PNG、PDF，每个不超过 10 MB".
    attachment_hint: String,
    /// A refused progress query: the number typed, and why (issue 14 item 5).
    query_error: Option<(String, String)>,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: AppealForm,
    error: Option<String>,
) -> Result<FormPage, PageError> {
    Ok(FormPage {
        chrome: Chrome::public(state, csrf).await?,
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), c.label_zh()))
            .collect(),
        form,
        error,
        attachment_hint: format!(
            "{}，最多 {MAX_ATTACHMENTS} 个，每个不超过 {} MB",
            Policy::APPEAL.kinds_hint(),
            Policy::APPEAL.max_bytes / (1024 * 1024)
        ),
        query_error: None,
    })
}

async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<FormPage, PageError> {
    form_page(&state, &csrf, AppealForm::default(), None).await
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

/// `POST /hotline`: the appeal is committed before the number is shown (an acknowledged
/// submission is never lost); bad input re-renders the form with the message. The multipart
/// body is read by the extractor within the public upload limits, after a count per client
/// (issue 12 finding 1).
async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    upload: Multipart,
) -> Result<Response, PageError> {
    let form: AppealForm = upload.form()?;
    let files: Vec<Upload> = upload
        .files_named("attachments")
        .map(|file| file.upload(""))
        .collect();
    if !state.limiter.allow("public-form", &ip, APPEALS_PER_MINUTE) {
        let page = form_page(
            &state,
            &csrf,
            form,
            Some("提交过于频繁，请一分钟后再试".into()),
        )
        .await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let parsed = (|| -> platform::Result<NewAppeal> {
        Ok(NewAppeal {
            channel: Channel::Web,
            category: Category::parse(&form.category).map_err(platform::Error::from)?,
            origin: Origin::Local,
            content: form.content.clone(),
            location: form.location.clone(),
            is_private: form.private.is_some(),
            publish_consent: form.publish.is_some(),
            confidential: form.confidential.is_some(),
            province_due: None,
            appellant: Appellant::parse(&form.name, &form.phone, &form.address, "")?,
            ip: (!ip.is_empty()).then(|| ip.clone()),
        })
    })();
    let now = calendar::Instant::from_millis(now_ms());
    let result = match parsed {
        Ok(_) if files.len() > MAX_ATTACHMENTS => Err(platform::Error::invalid(format!(
            "附件最多 {MAX_ATTACHMENTS} 个"
        ))),
        Ok(new) => {
            state
                .intake
                .register(&AuditActor::anonymous(&ip), new, &files, now)
                .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(registration) => Ok(RegisteredPage {
            chrome: Chrome::public(&state, &csrf).await?,
            number: registration.number,
            query_code: registration.query_code,
            registered_at: minute_of(now.millis()),
            texted: !form.phone.trim().is_empty(),
        }
        .into_response()),
        Err(platform::Error::Invalid(message)) => {
            let message = if files.is_empty() {
                message
            } else {
                format!("{message}（请重新选择附件）")
            };
            let page = form_page(&state, &csrf, form, Some(message)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/hotline_query.html")]
pub struct QueryPage {
    chrome: Chrome,
    number: String,
    category: String,
    /// The current stage in the appellant's words, with the unit while in hand.
    status: String,
    content: String,
    /// (when, stage, unit) in the appellant's words, oldest first (issue 14 item 5).
    stages: Vec<(String, &'static str, String)>,
    reply: Option<String>,
    /// Replied, the callback to come: the hotline will ask for the rating (HL-CALLBACK).
    callback_due: bool,
}

/// `GET /hotline/query?number=…&code=…` (SVC-STATUS's twin for 12345): a wrong number or
/// code is the same "not found", so neither can be probed; wrong codes lock the number for a
/// while, and every lookup page shares one bucket per client (issue 12 finding 3).
async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<QueryForm>,
) -> Result<Response, PageError> {
    // Issue 13 item 5: the address without its fields (a bookmark, a shared link) is the
    // query form with what to fill in, not an error page.
    if form.number.trim().is_empty() || form.code.trim().is_empty() {
        let mut page = form_page(&state, &csrf, AppealForm::default(), None).await?;
        page.query_error = Some((
            form.number.trim().chars().take(32).collect(),
            "请填写诉求编号和查询码后查询（均在登记时告知，也可见登记短信）".to_owned(),
        ));
        return Ok(page.into_response());
    }
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let found = usecase::find_by_number(
        &state.platform.db,
        &state.platform.key,
        form.number.trim(),
        form.code.trim(),
    )
    .await;
    // Issue 14 item 5: a wrong number or code (or a locked number) shows the query form
    // again with the message and the number typed, with the status of the refusal.
    let view = match found {
        Ok(view) => view,
        Err(error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_))) => {
            let status = crate::error::status_of(&error);
            let message = match &error {
                platform::Error::NotFound(_) => {
                    "诉求编号或查询码不正确，请核对后重新查询".to_owned()
                }
                other => other.to_string(),
            };
            let mut page = form_page(&state, &csrf, AppealForm::default(), None).await?;
            page.query_error = Some((form.number.trim().chars().take(32).collect(), message));
            return Ok((status, page).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let history = usecase::history(&state.platform.db, view.appeal_id).await?;
    // Issue 14 item 5: the stages in the appellant's words, never a back-office state; the
    // unit in hand is the current lead (HL-DISPATCH), or the hotline between two units.
    let changes: Vec<(i64, Status)> = history
        .iter()
        .filter(|row| matches!(row.kind.as_str(), "registered" | "transitioned"))
        .filter_map(|row| {
            let to = row.to_status.as_deref()?;
            let status = Status::ALL.into_iter().find(|s| s.code() == to)?;
            Some((row.at, status))
        })
        .collect();
    let in_hand = match view.order.lead() {
        Some(lead) => platform::units::get(&state.platform.db, lead.0).await?.name,
        None => "12345热线".to_owned(),
    };
    let unit_of = |stage: CitizenStage| match stage {
        CitizenStage::Handling => in_hand.clone(),
        _ => String::new(),
    };
    let stages = citizen_steps(&changes)
        .into_iter()
        .map(|(at, stage)| (minute_of(at), stage.label_zh(), unit_of(stage)))
        .collect();
    let stage = citizen_stage(view.status);
    // The result is the appellant's once the hotline has replied (HL-REPLY).
    let replied = matches!(
        view.status,
        Status::Replied
            | Status::UnderReview
            | Status::AwaitingReviewForm
            | Status::FormUnderReview
            | Status::Closed
            | Status::Archived
    );
    let reply = view
        .order
        .results
        .last()
        .filter(|_| replied)
        .map(|r| r.result.clone());
    Ok(QueryPage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: view.number,
        category: Category::parse(&view.category)
            .map(|c| c.label_zh().to_owned())
            .unwrap_or(view.category),
        status: match stage {
            CitizenStage::Handling => format!("办理中（{in_hand}）"),
            other => other.label_zh().to_owned(),
        },
        content: view.content,
        stages,
        reply,
        callback_due: stage == CitizenStage::Replied,
    }
    .into_response())
}
