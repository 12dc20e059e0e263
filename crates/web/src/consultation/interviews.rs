//! The public pages of online interviews (MSG-INTERVIEW): `/interviews` (announced, live and
//! past), `/interviews/{id}` (topic, guests, time; the questions published with the guests'
//! answers; the question form while not ended), `/interviews/{id}/events` (server-sent
//! events: each newly published answer as it is published; `/static/interview.js` appends
//! them without a reload, and the page works without it by reloading), the SMS code and a
//! question. After the end the page is the transcript.

use std::collections::HashSet;
use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use calendar::Instant;
use consultation::InterviewId;
use consultation::interview::Status;
use consultation::store::interviews as store;
use consultation::usecase::{interviews, phone};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::PhoneNumber;

use super::{InterviewNo, SUBMISSIONS_PER_MINUTE};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Id};

/// How often the event stream looks for newly published answers.
const POLL: Duration = Duration::from_secs(2);

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/interviews", get(list))
        .route("/interviews/{id}", get(page))
        .route("/interviews/{id}/events", get(events))
        .route("/interviews/{id}/code", post(send_code))
        .route("/interviews/{id}/ask", post(ask))
}

pub struct Line {
    id: i64,
    title: String,
    guests: String,
    starts: String,
    status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/interviews.html")]
pub struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
}

/// `GET /interviews`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<ListPage, PageError> {
    let lines = store::list(&state.platform.db, 0)
        .await?
        .into_iter()
        .map(|i| Line {
            id: i.id.0,
            title: i.title,
            guests: i.guests,
            starts: minute_of(i.starts_at.millis()),
            status: i.status.label_zh(),
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::public(&state, &csrf).await?,
        lines,
    })
}

pub struct Answer {
    id: i64,
    nickname: String,
    question: String,
    guest: String,
    answer: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/interview.html")]
pub struct InterviewPage {
    chrome: Chrome,
    id: i64,
    title: String,
    summary: String,
    guests: String,
    starts: String,
    status: &'static str,
    live: bool,
    asking: bool,
    answers: Vec<Answer>,
    message: String,
    ok: bool,
}

fn answer_of(q: store::Question) -> Answer {
    Answer {
        id: q.id,
        nickname: q.nickname,
        question: q.body,
        guest: q.answered_by,
        answer: q.answer,
    }
}

async fn render(
    state: &AppState,
    csrf: &CsrfToken,
    id: InterviewId,
    message: String,
    ok: bool,
) -> Result<InterviewPage, PageError> {
    let db = &state.platform.db;
    let found = store::get(db, id).await?;
    let answers = store::published(db, id)
        .await?
        .into_iter()
        .map(answer_of)
        .collect();
    Ok(InterviewPage {
        chrome: Chrome::public(state, csrf).await?,
        id: found.id.0,
        title: found.title,
        summary: found.summary,
        guests: found.guests,
        starts: minute_of(found.starts_at.millis()),
        status: found.status.label_zh(),
        live: found.status == Status::Live,
        asking: found.status != Status::Ended,
        answers,
        message,
        ok,
    })
}

/// `GET /interviews/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(InterviewNo(id)): Id<InterviewNo>,
) -> Result<InterviewPage, PageError> {
    render(&state, &csrf, InterviewId(id), String::new(), false).await
}

/// `GET /interviews/{id}/events`: MSG-INTERVIEW, the answers published from now on, one
/// event each (`answer`, its HTML-escaped fields as JSON); `ended` when the interview ends.
pub async fn events(
    State(state): State<AppState>,
    Id(InterviewNo(id)): Id<InterviewNo>,
) -> Result<Response, PageError> {
    let id = InterviewId(id);
    let db = state.platform.db.clone();
    store::get(&db, id).await?;
    let sent: HashSet<i64> = store::published(&db, id)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    let stream =
        futures_util::stream::unfold((db, sent, false), move |(db, mut sent, done)| async move {
            if done {
                return None;
            }
            loop {
                tokio::time::sleep(POLL).await;
                let Ok(found) = store::get(&db, id).await else {
                    return None;
                };
                let fresh: Vec<store::Question> = store::published(&db, id)
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|q| !sent.contains(&q.id))
                    .collect();
                if let Some(q) = fresh.into_iter().next() {
                    sent.insert(q.id);
                    let data = serde_json::json!({
                        "id": q.id,
                        "nickname": q.nickname,
                        "question": q.body,
                        "guest": q.answered_by,
                        "answer": q.answer,
                    });
                    let event = Event::default().event("answer").data(data.to_string());
                    return Some((Ok::<Event, Infallible>(event), (db, sent, false)));
                }
                if found.status == Status::Ended {
                    let event = Event::default().event("ended").data("访谈已结束");
                    return Some((Ok(event), (db, sent, true)));
                }
            }
        });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn limited(state: &AppState, client: &str) -> platform::Result<()> {
    if state
        .limiter
        .allow("consultation", client, SUBMISSIONS_PER_MINUTE)
    {
        Ok(())
    } else {
        Err(platform::Error::invalid("提交过于频繁，请一分钟后再试"))
    }
}

async fn reply(
    state: &AppState,
    csrf: &CsrfToken,
    id: InterviewId,
    outcome: platform::Result<String>,
) -> Result<Response, PageError> {
    let (message, ok) = match outcome {
        Ok(done) => (done, true),
        Err(platform::Error::Invalid(m) | platform::Error::Refused(m)) => (m, false),
        Err(platform::Error::Conflict(m)) => (m, false),
        Err(other) => return Err(other.into()),
    };
    Ok(render(state, csrf, id, message, ok).await?.into_response())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    #[serde(default)]
    phone: String,
}

/// `POST /interviews/{id}/code`.
pub async fn send_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let phone = PhoneNumber::parse(&form.phone)?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        phone::send_code(&state.platform.db, &state.platform.key, &actor, &phone, now).await?;
        Ok(format!(
            "验证码已发送至 {}，{} 分钟内有效",
            phone.masked(),
            phone::CODE_MINUTES
        ))
    }
    .await;
    reply(&state, &csrf, InterviewId(id), outcome).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskForm {
    #[serde(default)]
    nickname: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
}

/// `POST /interviews/{id}/ask`.
pub async fn ask(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(form): Form<AskForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        interviews::ask(
            &state.platform.db,
            &state.platform.key,
            &actor,
            InterviewId(id),
            &form.nickname,
            &form.body,
            &form.phone,
            &form.code,
            now,
        )
        .await?;
        Ok("提问已提交，主持人选取后将连同嘉宾的回答发布在本页".to_owned())
    }
    .await;
    reply(&state, &csrf, InterviewId(id), outcome).await
}
