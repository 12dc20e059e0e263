//! The public pages of consultations (MSG-CONSULT, PUB-PRECONSULT): `/consultations` (the
//! published topics of every site with their phase), `/consultations/{id}` (draft, period,
//! questions, the results so far — shown live, as of the page's load — the comments the
//! content check let through and, once published, the adoption report), the SMS code, a
//! comment and a ballot. A refusal is the message on the page, nothing changed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use calendar::Instant;
use consultation::TopicId;
use consultation::store::topics as store;
use consultation::topic::{Phase, QuestionKind, Topic};
use consultation::usecase::{self, phone};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::PhoneNumber;

use super::{SUBMISSIONS_PER_MINUTE, TopicNo};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Id};

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/consultations", get(list))
        .route("/consultations/{id}", get(page))
        .route("/consultations/{id}/code", post(send_code))
        .route("/consultations/{id}/comment", post(comment))
        .route("/consultations/{id}/vote", post(vote))
}

pub struct Line {
    id: i64,
    number: String,
    title: String,
    period: String,
    phase: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/list.html")]
pub struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
}

fn period(topic: &Topic) -> String {
    format!(
        "{} 至 {}",
        minute_of(topic.opens_at.millis()),
        minute_of(topic.closes_at.millis())
    )
}

/// `GET /consultations`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<ListPage, PageError> {
    let now = Instant::from_millis(now_ms());
    let lines = store::published(&state.platform.db, None, 200)
        .await?
        .into_iter()
        .map(|t| Line {
            id: t.id.0,
            number: t.number.clone(),
            title: t.title.clone(),
            period: period(&t),
            phase: t.phase(now).label_zh(),
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::public(&state, &csrf).await?,
        lines,
    })
}

pub struct OptionView {
    index: usize,
    text: String,
    count: u32,
    percent: u32,
}

pub struct QuestionView {
    index: usize,
    kind: &'static str,
    single: bool,
    choice: bool,
    text: String,
    options: Vec<OptionView>,
}

pub struct CommentView {
    nickname: String,
    body: String,
    at: String,
    adoption: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/topic.html")]
pub struct TopicPage {
    chrome: Chrome,
    id: i64,
    number: String,
    title: String,
    draft: String,
    period: String,
    phase: &'static str,
    open: bool,
    takes_comments: bool,
    has_choices: bool,
    questions: Vec<QuestionView>,
    voters: u32,
    comments: Vec<CommentView>,
    report: Option<(String, String)>,
    message: String,
    ok: bool,
}

async fn render(
    state: &AppState,
    csrf: &CsrfToken,
    id: TopicId,
    message: String,
    ok: bool,
) -> Result<TopicPage, PageError> {
    let db = &state.platform.db;
    let topic = store::get(db, id).await?.topic;
    let now = Instant::from_millis(now_ms());
    if topic.phase(now) == Phase::Decided {
        return Err(PageError(platform::Error::not_found("意见征集")));
    }
    // MSG-CONSULT: the results as they stand (实时反馈统计情况).
    let (counts, voters) = usecase::results(db, &topic).await?;
    let questions = topic
        .questions
        .iter()
        .enumerate()
        .map(|(index, q)| QuestionView {
            index,
            kind: q.kind.label_zh(),
            single: q.kind == QuestionKind::Single,
            choice: q.kind.is_choice(),
            text: q.text.clone(),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(o, text)| {
                    let count = counts
                        .get(index)
                        .and_then(|c| c.get(o))
                        .copied()
                        .unwrap_or(0);
                    OptionView {
                        index: o,
                        text: text.clone(),
                        count,
                        percent: (count * 200 + voters).checked_div(voters * 2).unwrap_or(0),
                    }
                })
                .collect(),
        })
        .collect();
    let comments = store::comments(db, id, true, |_| String::new())
        .await?
        .into_iter()
        .map(|c| {
            let adoption = topic
                .report
                .as_ref()
                .and_then(|r| r.entries.iter().find(|e| e.comment_id == c.id))
                .map(|e| match (e.adopted, e.reason.is_empty()) {
                    (true, true) => "已采纳".to_owned(),
                    (true, false) => format!("已采纳：{}", e.reason),
                    (false, _) => format!("未采纳，理由：{}", e.reason),
                })
                .unwrap_or_default();
            CommentView {
                nickname: c.nickname,
                body: c.body,
                at: minute_of(c.created_at),
                adoption,
            }
        })
        .collect();
    let phase = topic.phase(now);
    Ok(TopicPage {
        chrome: Chrome::public(state, csrf).await?,
        id: topic.id.0,
        number: topic.number.clone(),
        title: topic.title.clone(),
        draft: topic.draft.clone(),
        period: period(&topic),
        phase: phase.label_zh(),
        open: phase == Phase::Open,
        takes_comments: topic.takes_comments(),
        has_choices: topic.choice_questions().next().is_some(),
        questions,
        voters,
        comments,
        report: topic
            .report
            .as_ref()
            .map(|r| (r.summary.clone(), date_of(r.published_at.millis()))),
        message,
        ok,
    })
}

/// `GET /consultations/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(TopicNo(id)): Id<TopicNo>,
) -> Result<TopicPage, PageError> {
    render(&state, &csrf, TopicId(id), String::new(), false).await
}

async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    id: TopicId,
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

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    #[serde(default)]
    phone: String,
}

/// `POST /consultations/{id}/code`: an SMS code to the phone.
pub async fn send_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Id(TopicNo(id)): Id<TopicNo>,
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
    answer(&state, &csrf, TopicId(id), outcome).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentForm {
    #[serde(default)]
    nickname: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
}

/// `POST /consultations/{id}/comment`.
pub async fn comment(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Id(TopicNo(id)): Id<TopicNo>,
    Form(form): Form<CommentForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        let shown = usecase::comment(
            &state.platform.db,
            &state.platform.key,
            &actor,
            TopicId(id),
            &form.nickname,
            &form.body,
            &form.phone,
            &form.code,
            now,
        )
        .await?;
        Ok(if shown {
            "意见已提交并显示，谢谢参与".to_owned()
        } else {
            "意见已提交；因含有需核实的内容，经工作人员审核后处理".to_owned()
        })
    }
    .await;
    answer(&state, &csrf, TopicId(id), outcome).await
}

/// `POST /consultations/{id}/vote`: `q{n}=option` for each choice question (a multiple
/// choice question repeats its field), the phone and the code.
pub async fn vote(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Id(TopicNo(id)): Id<TopicNo>,
    body: String,
) -> Result<Response, PageError> {
    let outcome = async {
        limited(&state, &ip)?;
        if crate::extract::has_nul(body.as_bytes()) {
            return Err(platform::Error::invalid(crate::extract::NUL_REFUSED));
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut ballot: consultation::topic::Ballot = Vec::new();
        let (mut phone, mut code) = (String::new(), String::new());
        for (name, value) in pairs {
            match name.as_str() {
                "phone" => phone = value,
                "code" => code = value,
                crate::csrf::FORM_FIELD => {}
                other => {
                    let question = other
                        .strip_prefix('q')
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|n| *n < 64)
                        .ok_or_else(|| platform::Error::invalid("表单包含未知字段"))?;
                    let option = value
                        .parse::<usize>()
                        .map_err(|_| platform::Error::invalid("选项无效"))?;
                    match ballot.iter_mut().find(|(q, _)| *q == question) {
                        Some((_, chosen)) if chosen.len() < 64 => chosen.push(option),
                        Some(_) => return Err(platform::Error::invalid("选项无效")),
                        None => ballot.push((question, vec![option])),
                    }
                }
            }
        }
        let actor = AuditActor::anonymous(&ip);
        let now = Instant::from_millis(now_ms());
        let db = &state.platform.db;
        usecase::vote(
            db,
            &state.platform.key,
            &actor,
            TopicId(id),
            &ballot,
            &phone,
            &code,
            now,
        )
        .await?;
        Ok("投票成功，谢谢参与；下方为最新统计结果".to_owned())
    }
    .await;
    answer(&state, &csrf, TopicId(id), outcome).await
}
