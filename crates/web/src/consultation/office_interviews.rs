//! Interviews in the back office (MSG-INTERVIEW): the unit's interviews and the announcement
//! form (site, topic, guests, start — in advance); an interview's moderation page: start and
//! end, every question that came in (held ones with the check's verdict), each pending one
//! published with the guest's answer — live on the public page — or set aside. Outside the
//! unit an interview is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use consultation::interview::{Announcement, Command, Interview, Status};
use consultation::store::interviews as store;
use consultation::usecase::interviews;
use consultation::{InterviewId, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;

use super::InterviewNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

pub struct Line {
    id: i64,
    title: String,
    starts: String,
    status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/office_interviews.html")]
pub struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
    site_options: Vec<(i64, String)>,
    message: String,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    message: String,
) -> Result<ListPage, PageError> {
    let lines = store::list(&state.platform.db, staff.actor.unit_id)
        .await?
        .into_iter()
        .map(|i| Line {
            id: i.id.0,
            title: i.title,
            starts: minute_of(i.starts_at.millis()),
            status: i.status.label_zh(),
        })
        .collect();
    let site_options = sites::store::sites::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|s| (s.site.id.0, s.site.registration().name.clone()))
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        lines,
        site_options,
        message,
    })
}

/// `GET /office/interviews`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, String::new()).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnounceForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    guests: String,
    /// `YYYY-MM-DDTHH:MM`, Beijing time.
    #[serde(default)]
    starts: String,
}

fn local_minute(text: &str) -> Option<Instant> {
    let at = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    let minute = chrono::Timelike::hour(&at) * 60 + chrono::Timelike::minute(&at);
    Some(Instant::from_local(at.date(), minute))
}

fn actor(staff: &Staff) -> AuditActor {
    AuditActor::staff(&staff.actor, &staff.ip)
}

/// `POST /office/interviews`: MSG-INTERVIEW, the announcement.
pub async fn announce(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AnnounceForm>,
) -> Result<Response, PageError> {
    let now = Instant::from_millis(now_ms());
    let outcome = match (form.site.trim().parse::<i64>(), local_minute(&form.starts)) {
        (Ok(site), Some(starts_at)) => {
            let announcement = Announcement {
                site_id: site,
                title: form.title,
                summary: form.summary,
                guests: form.guests,
                starts_at,
            };
            interviews::announce(
                &state.platform.db,
                &actor(&staff),
                UnitId(staff.actor.unit_id),
                &announcement,
                now,
            )
            .await
        }
        (Err(_), _) => Err(platform::Error::invalid("请选择举办访谈的网站")),
        (_, None) => Err(platform::Error::invalid("请填写访谈开始时间")),
    };
    match outcome {
        Ok(found) => {
            Ok(Redirect::to(&format!("/office/interviews/{}", found.id.0)).into_response())
        }
        Err(
            platform::Error::Invalid(m)
            | platform::Error::Refused(m)
            | platform::Error::Conflict(m),
        ) => Ok(list_page(&state, &csrf, &staff, m).await?.into_response()),
        Err(other) => Err(other.into()),
    }
}

pub struct QuestionLine {
    id: i64,
    nickname: String,
    body: String,
    at: String,
    status: &'static str,
    pending: bool,
    answer: String,
    guest: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/office_interview.html")]
pub struct InterviewPage {
    chrome: Chrome,
    id: i64,
    title: String,
    guests: String,
    starts: String,
    status: &'static str,
    may_start: bool,
    may_end: bool,
    live: bool,
    questions: Vec<QuestionLine>,
    message: String,
}

async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: InterviewId,
) -> Result<Interview, PageError> {
    match store::get(&state.platform.db, id).await {
        Ok(found) if found.unit.0 == staff.actor.unit_id => Ok(found),
        Ok(_) | Err(platform::Error::NotFound(_)) => {
            Err(PageError(platform::Error::not_found("在线访谈")))
        }
        Err(other) => Err(other.into()),
    }
}

async fn page_of(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: InterviewId,
    message: String,
) -> Result<InterviewPage, PageError> {
    let found = in_scope(state, staff, id).await?;
    let questions = store::all(&state.platform.db, id)
        .await?
        .into_iter()
        .map(|q| QuestionLine {
            id: q.id,
            pending: q.status == "pending" || q.status == "held",
            status: match q.status.as_str() {
                "published" => "已发布",
                "set_aside" => "不予发布",
                "held" => "内容检查未通过",
                _ => "待选取",
            },
            nickname: q.nickname,
            body: q.body,
            at: minute_of(q.created_at),
            answer: q.answer,
            guest: q.answered_by,
        })
        .collect();
    Ok(InterviewPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: found.id.0,
        title: found.title,
        guests: found.guests,
        starts: minute_of(found.starts_at.millis()),
        status: found.status.label_zh(),
        may_start: found.status == Status::Announced,
        may_end: found.status == Status::Live,
        live: found.status == Status::Live,
        questions,
        message,
    })
}

/// `GET /office/interviews/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(InterviewNo(id)): Id<InterviewNo>,
) -> Result<InterviewPage, PageError> {
    page_of(&state, &csrf, &staff, InterviewId(id), String::new()).await
}

async fn done(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: InterviewId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/office/interviews/{}", id.0)).into_response()),
        Err(
            platform::Error::Invalid(m)
            | platform::Error::Refused(m)
            | platform::Error::Conflict(m),
        ) => Ok(page_of(state, csrf, staff, id, m).await?.into_response()),
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyForm {}

async fn command(
    state: AppState,
    csrf: CsrfToken,
    staff: Staff,
    id: i64,
    command: Command,
) -> Result<Response, PageError> {
    let id = InterviewId(id);
    in_scope(&state, &staff, id).await?;
    let now = Instant::from_millis(now_ms());
    let outcome = interviews::command(
        &state.platform.db,
        &actor(&staff),
        UnitId(staff.actor.unit_id),
        id,
        command,
        now,
    )
    .await
    .map(|_| ());
    done(&state, &csrf, &staff, id, outcome).await
}

/// `POST /office/interviews/{id}/start`.
pub async fn start(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(_): Form<EmptyForm>,
) -> Result<Response, PageError> {
    command(state, csrf, staff, id, Command::Start).await
}

/// `POST /office/interviews/{id}/end`.
pub async fn end(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(_): Form<EmptyForm>,
) -> Result<Response, PageError> {
    command(state, csrf, staff, id, Command::End).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerForm {
    #[serde(default)]
    question: String,
    #[serde(default)]
    guest: String,
    #[serde(default)]
    answer: String,
}

/// `POST /office/interviews/{id}/answer`: a question published with the guest's answer.
pub async fn answer(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let id = InterviewId(id);
    in_scope(&state, &staff, id).await?;
    let Ok(question) = form.question.trim().parse::<i64>() else {
        return Err(PageError(platform::Error::not_found("访谈提问")));
    };
    let now = Instant::from_millis(now_ms());
    let unit = UnitId(staff.actor.unit_id);
    let outcome = interviews::answer(
        &state.platform.db,
        &actor(&staff),
        unit,
        id,
        question,
        Some((&form.guest, &form.answer)),
        now,
    )
    .await;
    done(&state, &csrf, &staff, id, outcome).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAsideForm {
    #[serde(default)]
    question: String,
}

/// `POST /office/interviews/{id}/set-aside`: a question not published.
pub async fn set_aside(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(InterviewNo(id)): Id<InterviewNo>,
    Form(form): Form<SetAsideForm>,
) -> Result<Response, PageError> {
    let id = InterviewId(id);
    in_scope(&state, &staff, id).await?;
    let Ok(question) = form.question.trim().parse::<i64>() else {
        return Err(PageError(platform::Error::not_found("访谈提问")));
    };
    let now = Instant::from_millis(now_ms());
    let unit = UnitId(staff.actor.unit_id);
    let outcome = interviews::answer(
        &state.platform.db,
        &actor(&staff),
        unit,
        id,
        question,
        None,
        now,
    )
    .await;
    done(&state, &csrf, &staff, id, outcome).await
}
