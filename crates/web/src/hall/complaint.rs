//! The supervision box's public pages (HALL-BOX, 000 中心 §34): `/hall/complaint`, the hall's
//! complaint form (the window chosen from a list, or none named) with the lookup form;
//! `/hall/windows/{id}/complaint`, the address of the QR code at window `{id}` (the same
//! form, the window fixed, source 窗口二维码). Sending answers the complaint's number and
//! query code; with them `/hall/complaint/query` shows the status and the outcome of §35
//! (never the handler's name, never the contact in clear). Bad input is the form again with
//! the Chinese message (400), nothing stored.

use ::hall::supervision::Source;
use ::hall::usecase::{self as hall_usecase, complaints};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;

use super::WindowNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{ClientIp, Form, Id};

/// Complaints one client may send per minute.
const COMPLAINTS_PER_MINUTE: u32 = 5;

#[derive(Template, WebTemplate)]
#[template(path = "hall/complaint_form.html")]
pub struct FormPage {
    chrome: Chrome,
    /// (window id, 3号窗口 名称)
    windows: Vec<(i64, String)>,
    /// The window of a QR address (its id and words), fixed.
    fixed: Option<(i64, String)>,
    via: &'static str,
    content: String,
    contact: String,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/complaint_result.html")]
pub struct ResultPage {
    chrome: Chrome,
    /// Just sent: the code is shown once.
    code: Option<String>,
    number: String,
    facts: Vec<(&'static str, String)>,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    fixed: Option<i64>,
    (content, contact): (String, String),
    error: Option<String>,
) -> Result<FormPage, PageError> {
    let windows: Vec<(i64, String)> = hall_usecase::windows(&state.platform.db)
        .await?
        .into_iter()
        .filter(|w| w.active)
        .map(|w| {
            let words = format!("{} 号窗口 {}", w.window.number, w.window.name);
            (w.id, words)
        })
        .collect();
    let fixed = match fixed {
        Some(id) => Some(
            windows
                .iter()
                .find(|(w, _)| *w == id)
                .cloned()
                .ok_or_else(|| platform::Error::not_found("该窗口"))?,
        ),
        None => None,
    };
    Ok(FormPage {
        chrome: Chrome::public(state, csrf).await?,
        windows,
        via: if fixed.is_some() { "qr" } else { "page" },
        fixed,
        content,
        contact,
        error,
    })
}

/// `GET /hall/complaint`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<FormPage, PageError> {
    form_page(&state, &csrf, None, Default::default(), None).await
}

/// `GET /hall/windows/{id}/complaint`: the QR code's address at window `{id}`.
pub async fn window_page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(WindowNo(id)): Id<WindowNo>,
) -> Result<FormPage, PageError> {
    form_page(&state, &csrf, Some(id), Default::default(), None).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendForm {
    #[serde(default)]
    via: String,
    #[serde(default)]
    window: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    contact: String,
}

fn read(form: &SendForm) -> platform::Result<(Source, Option<i64>)> {
    let source = match form.via.as_str() {
        "qr" => Source::QrCode,
        "page" | "" => Source::Page,
        _ => return Err(platform::Error::invalid("投诉来源不正确")),
    };
    let window = match form.window.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| platform::Error::invalid("请选择大厅中的窗口"))?,
        ),
    };
    if form.content.chars().count() > 1_000 {
        return Err(platform::Error::invalid("投诉内容应为 5 至 1000 字"));
    }
    if form.contact.chars().count() > 50 {
        return Err(platform::Error::invalid("联系方式不能超过 50 字"));
    }
    Ok((source, window))
}

/// `POST /hall/complaint`: HALL-BOX, a complaint from the page or a window's QR code.
pub async fn send(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(client): ClientIp,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    if !state
        .limiter
        .allow("hall-box", &client, COMPLAINTS_PER_MINUTE)
    {
        return Err(platform::Error::TooManyRequests.into());
    }
    let result = async {
        let (source, window) = read(&form)?;
        let db = &state.platform.db;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(db).await?;
        let actor = AuditActor::anonymous(&client);
        let now = Instant::from_millis(now_ms());
        let context =
            platform::workflow::Context::new(&state.platform.key, &actor, &calendar, &profile, now);
        let contact = Some(form.contact.as_str()).filter(|c| !c.trim().is_empty());
        complaints::submit(db, &context, source, window, &form.content, contact).await
    }
    .await;
    match result {
        Ok((stored, code)) => Ok(ResultPage {
            chrome: Chrome::public(&state, &csrf).await?,
            code: Some(code),
            number: stored.number.clone(),
            facts: facts(&stored),
        }
        .into_response()),
        Err(error) => {
            let status = status_of(&error);
            if status == StatusCode::INTERNAL_SERVER_ERROR {
                return Err(error.into());
            }
            let fixed = (form.via == "qr")
                .then(|| form.window.trim().parse::<i64>().ok())
                .flatten();
            let typed = (form.content.clone(), form.contact.clone());
            let page = match form_page(&state, &csrf, fixed, typed.clone(), None).await {
                Ok(page) => page,
                Err(_) => form_page(&state, &csrf, None, typed, None).await?,
            };
            let page = FormPage {
                error: Some(error.to_string()),
                ..page
            };
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

/// What the complainant reads of the complaint.
fn facts(stored: &::hall::store::complaints::StoredComplaint) -> Vec<(&'static str, String)> {
    let c = &stored.complaint;
    let mut facts = vec![
        ("投诉渠道", c.source.label().to_owned()),
        (
            "被投诉窗口",
            c.window
                .map_or_else(|| "未指明".to_owned(), |(_, n)| format!("{n} 号窗口")),
        ),
        ("登记时间", minute_of(c.registered_at.millis())),
        ("办理状态", c.status.label().to_owned()),
        (
            "联系方式",
            c.contact.clone().unwrap_or_else(|| "匿名".to_owned()),
        ),
    ];
    if let Some(outcome) = c.outcome {
        facts.push(("处理结果", outcome.label().to_owned()));
        facts.push(("核查处理情况", c.finding.clone()));
    }
    if let Some(at) = c.concluded_at {
        facts.push(("办结时间", minute_of(at.millis())));
    }
    facts
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryForm {
    #[serde(default)]
    pub(super) number: String,
    #[serde(default)]
    pub(super) code: String,
}

/// The form again with a lookup's refusal.
async fn refused_lookup(
    state: &AppState,
    csrf: &CsrfToken,
    error: platform::Error,
) -> Result<Response, PageError> {
    let status = status_of(&error);
    let page = form_page(state, csrf, None, Default::default(), None).await?;
    let page = FormPage {
        error: Some(error.to_string()),
        ..page
    };
    Ok((status, page).into_response())
}

/// `POST /hall/complaint/query`: the complaint by number and query code (a wrong code counts
/// against the number).
pub async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(client): ClientIp,
    Form(form): Form<QueryForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    lookup_answer(
        &state,
        &client,
        (&form.number, &form.code, "投诉编号"),
        async || complaints::lookup(db, key, &form.number, &form.code).await,
        async |stored| {
            Ok(ResultPage {
                chrome: Chrome::public(&state, &csrf).await?,
                code: None,
                number: stored.number.clone(),
                facts: facts(&stored),
            }
            .into_response())
        },
        async |error| refused_lookup(&state, &csrf, error).await,
    )
    .await
}

/// A public lookup by number and query code (HALL-BOX, HALL-HARDCASE): both filled in and
/// short, else the form again (`refused`); then the client within the lookups' rate; a wrong
/// code or an unknown number is the form again with the message, a found case `shown`.
pub(super) async fn lookup_answer<T>(
    state: &AppState,
    client: &str,
    (number, code, what): (&str, &str, &str),
    lookup: impl AsyncFnOnce() -> platform::Result<T>,
    shown: impl AsyncFnOnce(T) -> Result<Response, PageError>,
    refused: impl AsyncFnOnce(platform::Error) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    if number.trim().is_empty()
        || code.trim().is_empty()
        || number.chars().count() > 40
        || code.chars().count() > 20
    {
        let error = platform::Error::invalid(format!("请填写{what}和查询码后查询"));
        return refused(error).await;
    }
    if !state.limiter.allow_lookup(client) {
        return Err(platform::Error::TooManyRequests.into());
    }
    match lookup().await {
        Ok(found) => shown(found).await,
        Err(error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_))) => {
            refused(error).await
        }
        Err(error) => Err(error.into()),
    }
}
