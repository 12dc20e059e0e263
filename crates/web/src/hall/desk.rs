//! The clerk's calling page `/office/hall` (HALL-WINDOWS, HALL-QUEUE): the window the clerk
//! sits at today (or the choice of one), the number it serves with its waiting time, and the
//! commands — call next, recall, skip, start, finish, transfer to another window type. A
//! call is sent to the displays; a number taken for an item links the services' walk-in
//! registration with the item chosen. A refusal is the page with the Chinese message and its
//! status; nothing changed.

use ::hall::ticket::Status;
use ::hall::usecase::queue::{self, Action, Done};
use ::hall::window::ServiceType;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;

use super::CallNotice;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Form;
use crate::staff::Staff;

pub struct Current {
    id: i64,
    version: i64,
    number: String,
    status: &'static str,
    called: bool,
    handling: bool,
    service: String,
    item: String,
    walk_in: String,
    waited: String,
    priority: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/desk.html")]
pub struct DeskPage {
    chrome: Chrome,
    seat: Option<(u16, String, String)>,
    windows: Vec<(u16, String)>,
    current: Option<Current>,
    waiting: i64,
    transfer_to: Vec<(String, String)>,
    message: String,
}

fn actor(staff: &Staff) -> AuditActor {
    AuditActor::staff(&staff.actor, &staff.ip)
}

async fn render(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    message: String,
) -> Result<DeskPage, PageError> {
    let db = &state.platform.db;
    let now = now_ms();
    let all = ::hall::usecase::windows(db).await?;
    let seat = ::hall::usecase::my_window(db, &actor(staff), now).await?;
    let mut current = None;
    let mut waiting = 0;
    if let Some(seat) = &seat {
        let (today, _) = ::hall::usecase::local_day_minute(now);
        waiting = queue::day_tickets(db, today, Some(Status::Waiting))
            .await?
            .iter()
            .filter(|t| seat.window.serves(&t.ticket.service))
            .count() as i64;
        if let Some(stored) = queue::current(db, &actor(staff), now).await? {
            let t = &stored.ticket;
            current = Some(Current {
                id: stored.id,
                version: stored.version,
                number: t.number.to_string(),
                status: t.status.label(),
                called: t.status == Status::Called,
                handling: t.status == Status::Handling,
                service: t.service.label(),
                item: t.item.as_ref().map(|i| i.name.clone()).unwrap_or_default(),
                walk_in: t
                    .item
                    .as_ref()
                    .map(|i| format!("/office/services/walk-in?item={}", i.code))
                    .unwrap_or_default(),
                waited: ::hall::stats::duration_zh(t.wait_ms().map(|ms| ms / 1000)),
                priority: if t.priority.is_priority() {
                    t.priority.label().into()
                } else {
                    String::new()
                },
            });
        }
    }
    let mut transfer_to: Vec<(String, String)> = Vec::new();
    for w in all.iter().filter(|w| w.active) {
        let code = w.window.service.code();
        let own = seat
            .as_ref()
            .is_some_and(|s| s.window.service == w.window.service);
        if !own && !transfer_to.iter().any(|(c, _)| *c == code) {
            transfer_to.push((code, w.window.service.label()));
        }
    }
    Ok(DeskPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        seat: seat.map(|s| (s.window.number, s.window.name, s.window.service.label())),
        windows: all
            .into_iter()
            .filter(|w| w.active)
            .map(|w| {
                (
                    w.window.number,
                    format!(
                        "{} 号 {}（{}）",
                        w.window.number,
                        w.window.name,
                        w.window.service.label()
                    ),
                )
            })
            .collect(),
        current,
        waiting,
        transfer_to,
        message,
    })
}

/// `GET /office/hall`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<DeskPage, PageError> {
    render(&state, &csrf, &staff, String::new()).await
}

async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    result: platform::Result<()>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to("/office/hall").into_response()),
        Err(error) => {
            let status = status_of(&error);
            if status == StatusCode::INTERNAL_SERVER_ERROR {
                return Err(error.into());
            }
            let page = render(state, csrf, staff, error.to_string()).await?;
            Ok((status, page).into_response())
        }
    }
}

fn announce(state: &AppState, done: &Done) {
    if let Some(text) = done.announcement() {
        // No display connected is not an error.
        let _ = state.hall_calls.send(CallNotice {
            number: done.ticket.number.to_string(),
            window: done.window,
            text,
        });
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SitForm {
    #[serde(default)]
    window: String,
}

/// `POST /office/hall/sit`: the clerk's window today (HALL-WINDOWS).
pub async fn sit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SitForm>,
) -> Result<Response, PageError> {
    let result = match form.window.trim().parse::<u16>() {
        Ok(number) => {
            ::hall::usecase::sit(&state.platform.db, &actor(&staff), number, now_ms()).await
        }
        Err(_) => Err(platform::Error::invalid("请选择窗口")),
    };
    answer(&state, &csrf, &staff, result).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyForm {}

/// `POST /office/hall/call`: the next number for the clerk's window (HALL-QUEUE).
pub async fn call(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(_): Form<EmptyForm>,
) -> Result<Response, PageError> {
    let result = queue::call_next(&state.platform.db, &actor(&staff), now_ms())
        .await
        .map(|done| announce(&state, &done));
    answer(&state, &csrf, &staff, result).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActForm {
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    to: String,
}

/// `POST /office/hall/act`: recall, skip, start, finish or transfer the window's ticket.
pub async fn act(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let result = async {
        let id: i64 = form
            .ticket
            .trim()
            .parse()
            .map_err(|_| platform::Error::not_found("该号"))?;
        let version = form.version.trim().parse::<i64>().ok();
        let action = match form.action.trim() {
            "recall" => Action::Recall,
            "skip" => Action::Skip,
            "start" => Action::Start,
            "finish" => Action::Finish,
            "transfer" => Action::Transfer(ServiceType::parse(form.to.trim())?),
            _ => {
                return Err(platform::Error::invalid(
                    "请选择重呼、过号、开始办理、办结或转窗口",
                ));
            }
        };
        let done = queue::act(
            &state.platform.db,
            &actor(&staff),
            id,
            version,
            action,
            now_ms(),
        )
        .await?;
        announce(&state, &done);
        Ok(())
    }
    .await;
    answer(&state, &csrf, &staff, result).await
}
