//! Consultations in the back office (MSG-CONSULT, PUB-PRECONSULT): the unit's topics with
//! their clocks' lights and each site's count for the year against the profile's minimum;
//! the decision to consult (draft, site, period, questions: one per line, `单选：问题｜选项1｜选项2`
//! or `多选：…`, otherwise a comment question); a topic's page with its 预公开 and adoption
//! clocks, every comment (held ones with what the content check found, phones masked), the
//! commands the machine allows and the adoption report form (adopted or not, with a reason
//! for each). Outside the unit a topic is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use chrono::Datelike as _;
use consultation::store::topics as store;
use consultation::topic::{
    self, Adoption, ClockKind, Command, CommandKind, Draft, Question, QuestionKind, Topic,
};
use consultation::usecase;
use consultation::{TopicId, UnitId};

use super::TopicNo;
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

pub struct SiteLine {
    name: String,
    count: u32,
    minimum: u32,
    met: bool,
    working: bool,
}

pub struct TopicLine {
    id: i64,
    number: String,
    title: String,
    phase: &'static str,
    due: String,
    light: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/office_list.html")]
pub struct ListPage {
    chrome: Chrome,
    year: i32,
    sites: Vec<SiteLine>,
    topics: Vec<TopicLine>,
    site_options: Vec<(i64, String)>,
    message: String,
}

async fn site_options(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(sites::store::sites::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|s| (s.site.id.0, s.site.registration().name.clone()))
        .collect())
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    message: String,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let now = judged.now;
    let year = now.local_date().year();
    let rule = platform::clocks::light_rule(&judged.profile);
    let options = site_options(state).await?;
    let mut sites = Vec::new();
    for (id, name) in &options {
        // MSG-CONSULT: the year's count against the profile's minimum; the channel's status.
        let count = usecase::year_count(db, &judged.profile, *id, year).await?;
        let channel = usecase::channel_working(db, *id, now).await?;
        sites.push(SiteLine {
            name: name.clone(),
            count: count.count,
            minimum: count.minimum,
            met: count.met(),
            working: channel.working,
        });
    }
    let topics = store::of_unit(db, staff.actor.unit_id)
        .await?
        .into_iter()
        .map(|t| {
            let running = t.clocks.iter().find(|c| c.is_running());
            TopicLine {
                id: t.id.0,
                number: t.number.clone(),
                title: t.title.clone(),
                phase: t.phase(now).label_zh(),
                due: running
                    .map(|c| date_of(c.due(&judged.calendar).millis()))
                    .unwrap_or_default(),
                light: running
                    .map(|c| c.light(&judged.calendar, now, &rule).label_zh())
                    .unwrap_or(""),
            }
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year,
        sites,
        topics,
        site_options: options,
        message,
    })
}

/// `GET /office/consultations`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, String::new()).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    draft: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    questions: String,
    #[serde(default)]
    no_secrets: String,
}

/// The questions as typed, one per line.
fn questions_of(text: &str) -> Vec<Question> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(topic::QUESTIONS_MAX + 1)
        .map(|line| {
            let (kind, rest) = if let Some(rest) = line
                .strip_prefix("单选：")
                .or_else(|| line.strip_prefix("单选:"))
            {
                (QuestionKind::Single, rest)
            } else if let Some(rest) = line
                .strip_prefix("多选：")
                .or_else(|| line.strip_prefix("多选:"))
            {
                (QuestionKind::Multiple, rest)
            } else {
                (QuestionKind::Comment, line)
            };
            let mut parts = rest.split(['｜', '|']).map(str::trim);
            let text = parts.next().unwrap_or_default().to_owned();
            let options = if kind.is_choice() {
                parts
                    .take(topic::OPTIONS_MAX + 1)
                    .map(str::to_owned)
                    .collect()
            } else {
                Vec::new()
            };
            Question {
                kind,
                text,
                options,
            }
        })
        .collect()
}

/// `POST /office/consultations`: PUB-PRECONSULT, the decision to consult (the 预公开 clock
/// starts); the period runs from now for the days given.
pub async fn decide(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let now = judged.now;
    let days = form
        .days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=90).contains(d));
    let outcome = match (form.site.trim().parse::<i64>(), days) {
        (Ok(site), Some(days)) => {
            let draft = Draft {
                site_id: site,
                title: form.title,
                draft: form.draft,
                opens_at: now,
                closes_at: Instant::from_millis(now.millis() + days * 86_400_000),
                questions: questions_of(&form.questions),
                no_secrets: !form.no_secrets.is_empty(),
            };
            usecase::decide(
                &state.platform.db,
                &judged.context(&state),
                UnitId(staff.actor.unit_id),
                &draft,
            )
            .await
        }
        (Err(_), _) => Err(platform::Error::invalid("请选择发布征集的网站")),
        (_, None) => Err(platform::Error::invalid("征集天数须为1至90天")),
    };
    match outcome {
        Ok(topic) => {
            Ok(Redirect::to(&format!("/office/consultations/{}", topic.id.0)).into_response())
        }
        Err(
            platform::Error::Invalid(m)
            | platform::Error::Refused(m)
            | platform::Error::Conflict(m),
        ) => Ok(list_page(&state, &csrf, &staff, m).await?.into_response()),
        Err(other) => Err(other.into()),
    }
}

pub struct CommentLine {
    id: i64,
    nickname: String,
    body: String,
    at: String,
    held: bool,
    note: String,
    phone: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultation/office_topic.html")]
pub struct TopicPage {
    chrome: Chrome,
    id: i64,
    version: i64,
    number: String,
    title: String,
    draft: String,
    phase: &'static str,
    clocks: Vec<(&'static str, String, &'static str, String)>,
    may_publish: bool,
    may_report: bool,
    comments: Vec<CommentLine>,
    report: Option<String>,
    voters: u32,
    message: String,
}

/// The topic `id` of the viewer's unit, or 404.
async fn in_scope(state: &AppState, staff: &Staff, id: TopicId) -> Result<(Topic, i64), PageError> {
    match store::get(&state.platform.db, id).await {
        Ok(found) if found.topic.unit.0 == staff.actor.unit_id => Ok((found.topic, found.version)),
        Ok(_) | Err(platform::Error::NotFound(_)) => {
            Err(PageError(platform::Error::not_found("意见征集")))
        }
        Err(other) => Err(other.into()),
    }
}

async fn topic_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: TopicId,
    message: String,
) -> Result<TopicPage, PageError> {
    let (topic, version) = in_scope(state, staff, id).await?;
    let judged = Judged::load(state, staff).await?;
    let now = judged.now;
    let rule = platform::clocks::light_rule(&judged.profile);
    let clocks = topic
        .clocks
        .iter()
        .map(|c| {
            let name = match c.kind {
                ClockKind::Prepublish => "预公开期限（PUB-PRECONSULT）",
                ClockKind::Adoption => "采纳情况公布期限（PUB-PRECONSULT）",
            };
            let state = match c.stopped_at {
                Some(at) => format!("已于 {} 完成", minute_of(at.millis())),
                None => "进行中".to_owned(),
            };
            (
                name,
                date_of(c.due(&judged.calendar).millis()),
                c.light(&judged.calendar, now, &rule).label_zh(),
                state,
            )
        })
        .collect();
    let available = topic::available(&topic, UnitId(staff.actor.unit_id), now);
    let key = state.platform.key.clone();
    let comments = store::comments(&state.platform.db, id, false, |sealed| {
        key.open(sealed)
            .ok()
            .and_then(|p| platform::personal::PhoneNumber::parse(&p).ok())
            .map(|p| p.masked())
            .unwrap_or_default()
    })
    .await?
    .into_iter()
    .map(|c| CommentLine {
        id: c.id,
        nickname: c.nickname,
        body: c.body,
        at: minute_of(c.created_at),
        held: c.status == "held",
        note: c.check_note,
        phone: c.phone_masked,
    })
    .collect();
    let (_, voters) = usecase::results(&state.platform.db, &topic).await?;
    Ok(TopicPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: topic.id.0,
        version,
        number: topic.number.clone(),
        title: topic.title.clone(),
        draft: topic.draft.clone(),
        phase: topic.phase(now).label_zh(),
        clocks,
        may_publish: available.contains(&CommandKind::Publish),
        may_report: available.contains(&CommandKind::Report),
        comments,
        report: topic.report.as_ref().map(|r| r.summary.clone()),
        voters,
        message,
    })
}

/// `GET /office/consultations/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TopicNo(id)): Id<TopicNo>,
) -> Result<TopicPage, PageError> {
    topic_page(&state, &csrf, &staff, TopicId(id), String::new()).await
}

async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: TopicId,
    command: Command,
    version: &str,
) -> Result<Response, PageError> {
    in_scope(state, staff, id).await?;
    let judged = Judged::load(state, staff).await?;
    let version = version.trim().parse::<i64>().ok();
    let unit = UnitId(staff.actor.unit_id);
    match usecase::execute(
        &state.platform.db,
        &judged.context(state),
        unit,
        id,
        command,
        version,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/office/consultations/{}", id.0)).into_response()),
        Err(
            platform::Error::Invalid(m)
            | platform::Error::Refused(m)
            | platform::Error::Conflict(m),
        ) => Ok(topic_page(state, csrf, staff, id, m).await?.into_response()),
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    #[serde(default)]
    version: String,
}

/// `POST /office/consultations/{id}/publish`: PUB-PRECONSULT, the draft goes public.
pub async fn publish(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TopicNo(id)): Id<TopicNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    run(
        &state,
        &csrf,
        &staff,
        TopicId(id),
        Command::Publish,
        &form.version,
    )
    .await
}

/// `POST /office/consultations/{id}/report`: PUB-PRECONSULT, the adoption report — for each
/// comment `adopt_{id}` (`yes`/`no`) and `reason_{id}`.
pub async fn report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TopicNo(id)): Id<TopicNo>,
    body: String,
) -> Result<Response, PageError> {
    if crate::extract::has_nul(body.as_bytes()) {
        return Err(PageError(platform::Error::invalid(
            crate::extract::NUL_REFUSED,
        )));
    }
    let mut summary = String::new();
    let mut version = String::new();
    let mut entries: Vec<Adoption> = Vec::new();
    for (name, value) in form_urlencoded::parse(body.as_bytes()) {
        let value = value.into_owned();
        let entry = |entries: &mut Vec<Adoption>, comment: i64| -> usize {
            match entries.iter().position(|e| e.comment_id == comment) {
                Some(at) => at,
                None => {
                    entries.push(Adoption {
                        comment_id: comment,
                        adopted: false,
                        reason: String::new(),
                    });
                    entries.len() - 1
                }
            }
        };
        if let Some(n) = name
            .strip_prefix("adopt_")
            .and_then(|n| n.parse::<i64>().ok())
        {
            let at = entry(&mut entries, n);
            entries[at].adopted = value == "yes";
        } else if let Some(n) = name
            .strip_prefix("reason_")
            .and_then(|n| n.parse::<i64>().ok())
        {
            let at = entry(&mut entries, n);
            entries[at].reason = value;
        } else if name == "summary" {
            summary = value;
        } else if name == "version" {
            version = value;
        } else if name != crate::csrf::FORM_FIELD || entries.len() > 10_000 {
            return Err(PageError(platform::Error::invalid("表单包含未知字段")));
        }
    }
    let command = Command::Report {
        summary,
        entries,
        shown: Vec::new(),
    };
    run(&state, &csrf, &staff, TopicId(id), command, &version).await
}
