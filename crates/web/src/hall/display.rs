//! The hall's displays (HALL-QUEUE): the big screen `/hall/display` (the latest calls, the
//! number each window serves, how many wait per window type) and a window's small screen
//! `/hall/screen?window=N` (its name and the number it calls). Both follow the calls live:
//! `/hall/display/events` sends each call as a server-sent event (`call`, JSON of number,
//! window and text) the moment a clerk makes it, from the process's broadcast of calls;
//! `/static/hall.js` shows it and reads it out, and without it the pages reload each minute.

use std::convert::Infallible;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use platform::db::now_ms;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

/// How many calls the big screen lists.
const RECENT: i64 = 12;

pub struct Line {
    number: String,
    window: u16,
    at: String,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/display.html")]
pub struct BigScreen {
    chrome: Chrome,
    lines: Vec<Line>,
    waiting: Vec<(String, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/screen.html")]
pub struct WindowScreen {
    chrome: Chrome,
    window: u16,
    /// HALL-BOX: the row id in the QR code's address `/hall/windows/{id}/complaint`.
    window_id: i64,
    name: String,
    service: String,
    /// The latest call of this window today.
    current: Option<Line>,
}

async fn lines(state: &AppState) -> platform::Result<(Vec<Line>, Vec<(String, i64)>)> {
    let (today, _) = ::hall::usecase::local_day_minute(now_ms());
    let board = ::hall::usecase::board::board(&state.platform.db, today, RECENT).await?;
    let lines = board
        .recent
        .into_iter()
        .map(|a| Line {
            number: a.number,
            window: a.window,
            at: minute_of(a.at),
            text: a.text,
        })
        .collect();
    let waiting = board
        .waiting
        .into_iter()
        .map(|(s, n)| (s.label(), n))
        .collect();
    Ok((lines, waiting))
}

/// `GET /hall/display`: the hall's big screen.
pub async fn big_screen(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<BigScreen, PageError> {
    let (lines, waiting) = lines(&state).await?;
    Ok(BigScreen {
        chrome: Chrome::public(&state, &csrf).await?,
        lines,
        waiting,
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenQuery {
    #[serde(default)]
    window: String,
}

/// `GET /hall/screen?window=N`: a window's small screen.
pub async fn window_screen(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<ScreenQuery>,
) -> Result<WindowScreen, PageError> {
    let not_found = || PageError(platform::Error::not_found("该窗口"));
    let number: u16 = query.window.trim().parse().map_err(|_| not_found())?;
    let window = ::hall::usecase::windows(&state.platform.db)
        .await?
        .into_iter()
        .find(|w| w.window.number == number && w.active)
        .ok_or_else(not_found)?;
    let (lines, _) = lines(&state).await?;
    Ok(WindowScreen {
        chrome: Chrome::public(&state, &csrf).await?,
        window: number,
        window_id: window.id,
        name: window.window.name,
        service: window.window.service.label(),
        current: lines.into_iter().find(|l| l.window == number),
    })
}

/// `GET /hall/display/events`: each call from now on, as it is made.
pub async fn events(State(state): State<AppState>) -> Response {
    let receiver = state.hall_calls.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(call) => {
                    let data = serde_json::json!({
                        "number": call.number,
                        "window": call.window,
                        "text": call.text,
                    });
                    let event = Event::default().event("call").data(data.to_string());
                    return Some((Ok::<Event, Infallible>(event), receiver));
                }
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
