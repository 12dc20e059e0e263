//! The back-office home and the in-app inbox.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::portal::minute_of;
use crate::staff::Staff;

pub struct MessageLine {
    id: i64,
    subject: String,
    body: String,
    link: String,
    time: String,
    read: bool,
}

async fn message_lines(
    state: &AppState,
    user_id: i64,
    limit: i64,
) -> platform::Result<Vec<MessageLine>> {
    Ok(platform::notify::inbox(&state.platform.db, user_id, limit)
        .await?
        .into_iter()
        .map(|m| MessageLine {
            id: m.id,
            subject: m.subject,
            body: m.body,
            link: m.link,
            time: minute_of(m.created_at),
            read: m.read,
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "office/home.html")]
pub struct HomePage {
    chrome: Chrome,
    notice: Option<&'static str>,
    display_name: String,
    username: String,
    unit_name: String,
    roles: String,
    unread: i64,
    messages: Vec<MessageLine>,
    preset_label: &'static str,
    sign_limit: String,
    complaint_limit: String,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    notice: Option<String>,
}

pub async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<HomeQuery>,
) -> Result<HomePage, PageError> {
    let chrome = Chrome::office(&state, &csrf, &staff.actor).await?;
    let jurisdiction = platform::jurisdiction::require_current(&state.platform.db).await?;
    let preset = platform::profile::preset(&jurisdiction.profile_preset)?;
    let actor = &staff.actor;
    Ok(HomePage {
        unread: chrome.staff.as_ref().map(|s| s.unread).unwrap_or_default(),
        chrome,
        notice: match query.notice.as_deref() {
            Some("password") => Some("密码已修改。"),
            _ => None,
        },
        display_name: actor.display_name.clone(),
        username: actor.username.clone(),
        unit_name: actor.unit_name.clone(),
        roles: actor.roles_label(),
        messages: message_lines(&state, actor.user_id, 5).await?,
        preset_label: preset.label,
        sign_limit: jurisdiction.profile.hotline.sign.limit().label_zh(),
        complaint_limit: jurisdiction
            .profile
            .hotline
            .complaint_report
            .limit()
            .label_zh(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inbox.html")]
pub struct InboxPage {
    chrome: Chrome,
    messages: Vec<MessageLine>,
}

pub async fn inbox(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<InboxPage, PageError> {
    Ok(InboxPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        messages: message_lines(&state, staff.actor.user_id, 200).await?,
    })
}

pub async fn mark_read(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let id: i64 = id.parse().map_err(|_| platform::Error::not_found("消息"))?;
    platform::notify::mark_read(&state.platform.db, staff.actor.user_id, id).await?;
    Ok(Redirect::to("/office/inbox"))
}
