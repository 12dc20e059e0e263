//! The back-office home (工作台: what waits for the user across every registered subject
//! kind, issue 11 point 2) and the in-app inbox.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Id, Query};
use crate::staff::Staff;

use super::MessageId;

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

/// One item of a wait: its number, light, clock name and due time, and its page.
pub struct WaitLine {
    number: String,
    href: String,
    /// `red`, `yellow`, `green`, or empty without an open clock.
    light: &'static str,
    /// 签收时限 2026-12-02 09:00, or empty.
    clock: String,
}

/// One wait of the user: 12345工单 · 待签收, how many, the most urgent first.
pub struct PileLine {
    kind: &'static str,
    label: &'static str,
    count: i64,
    /// Waiting beyond the items shown.
    more: i64,
    items: Vec<WaitLine>,
}

/// How many items of each wait the home shows.
const WORKBENCH_ITEMS: i64 = 5;

/// The workbench of `actor`: every wait of their roles, one query per subject kind.
async fn piles(
    state: &AppState,
    actor: &platform::roles::Actor,
) -> platform::Result<Vec<PileLine>> {
    let now = calendar::Instant::from_millis(platform::db::now_ms());
    let piles = platform::workflow::workbench::for_viewer(
        &state.platform.db,
        &crate::subjects(),
        &actor.roles,
        actor.unit_id,
        now,
        WORKBENCH_ITEMS,
    )
    .await?;
    Ok(piles
        .iter()
        .map(|pile| PileLine {
            kind: pile.kind.label,
            label: pile.wait.label,
            count: pile.count,
            more: pile.count - i64::try_from(pile.items.len()).unwrap_or(i64::MAX),
            items: pile
                .items
                .iter()
                .map(|item| WaitLine {
                    number: item.number.clone(),
                    href: pile.link(item),
                    light: item.light.map_or("", calendar::Light::code),
                    clock: match (pile.clock_name(item), item.due_at) {
                        (Some(name), Some(due)) => format!("{name} {}", minute_of(due.millis())),
                        _ => String::new(),
                    },
                })
                .collect(),
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "office/home.html")]
pub struct HomePage {
    chrome: Chrome,
    notice: Option<&'static str>,
    /// SEC-DRILL: for the security administrator, while the current year has no drill held.
    drill_warning: Option<String>,
    display_name: String,
    username: String,
    unit_name: String,
    roles: String,
    unread: i64,
    messages: Vec<MessageLine>,
    piles: Vec<PileLine>,
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
    let drill_warning = if platform::access::security_drills(actor, platform::access::Op::Edit) {
        let year = chrono::Datelike::year(&platform::security::local_date(platform::db::now_ms()));
        let status = platform::security::drills::year_status(&state.platform.db, year).await?;
        crate::admin::drills::warning(&status)
    } else {
        None
    };
    Ok(HomePage {
        drill_warning,
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
        piles: piles(&state, actor).await?,
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
    Id(MessageId(id)): Id<MessageId>,
) -> Result<Redirect, PageError> {
    platform::notify::mark_read(&state.platform.db, staff.actor.user_id, id).await?;
    Ok(Redirect::to("/office/inbox"))
}
