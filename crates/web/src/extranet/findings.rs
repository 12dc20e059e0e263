//! Security findings in the back office (NET-LEDGER; 000 外网 §15). The list of the viewer's
//! unit (the findings the office sent, or those sent to the unit) with each fix clock's light,
//! and for the extranet administrators the form that sends one to a unit; a finding's page
//! with what was found, its fix clock, the steps taken and the one form of the commands the
//! viewer may run now — the unit reports its fix, the office confirms or rejects it, cuts off
//! a unit past its deadline (its addresses marked) and restores it. Every command goes
//! through `extranet::usecase::findings::execute` (the kernel's one path) with the page's
//! version; a refusal answers 400 with the page and its Chinese message, changing nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use extranet::UnitId;
use extranet::ledger::finding::{TEXT_MAX, TITLE_MAX};
use extranet::ledger::{FindingClock, FindingCommand, FindingCommandKind, FindingId};
use extranet::usecase::applications as applications_usecase;
use extranet::usecase::findings as usecase;
use platform::db::now_ms;
use serde::Deserialize;

use super::{Clocks, FindingNo, acting, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of the list.
pub struct Line {
    pub id: i64,
    pub number: String,
    pub unit: String,
    pub title: String,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub sent: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/findings.html")]
pub struct ListPage {
    chrome: Chrome,
    is_office: bool,
    lines: Vec<Line>,
    units: Vec<(i64, String)>,
    form: SendForm,
    title_max: usize,
    text_max: usize,
    error: Option<String>,
}

/// The form that sends a finding.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
}

async fn clocks_of(
    state: &AppState,
) -> Result<(calendar::Calendar, calendar::LightRule), PageError> {
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(&state.platform.db).await?;
    Ok((calendar, platform::clocks::light_rule(&profile)))
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (form, error): (SendForm, Option<String>),
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let names = unit_names(state).await?;
    let (calendar, rule) = clocks_of(state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let lines = usecase::list(db, &acting(staff), 500)
        .await?
        .into_iter()
        .map(|stored| {
            let f = &stored.finding;
            let (light, clock) = clocks.running(&f.clocks, FindingClock::label_zh);
            Line {
                id: f.id.0,
                number: stored.number.clone(),
                unit: name_in(&names, f.unit.0),
                title: f.title.clone(),
                status: f.status.label_zh(),
                light,
                clock,
                sent: minute_of(f.sent_at.millis()),
            }
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        is_office: platform::access::extranet_ipam(&staff.actor),
        lines,
        units: names
            .iter()
            .filter(|u| u.2 && u.0 != staff.actor.unit_id)
            .map(|u| (u.0, u.1.clone()))
            .collect(),
        form,
        title_max: TITLE_MAX,
        text_max: TEXT_MAX,
        error,
    })
}

/// `GET /office/extranet/findings`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, (SendForm::default(), None)).await
}

/// `POST /office/extranet/findings`: the office sends a finding to a unit.
pub async fn send(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let outcome = async {
        let title = limited(&form.title, "问题名称", TITLE_MAX)?;
        let detail = limited(&form.detail, "问题说明", TEXT_MAX)?;
        let unit = crate::extract::parse_number(form.unit.trim())
            .filter(|id| *id > 0)
            .ok_or_else(|| platform::Error::invalid("请选择被检查的接入单位"))?;
        let office = applications_usecase::office(db).await?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let acting = acting(&staff);
        usecase::send(db, &context, &acting, office, UnitId(unit), &title, &detail).await
    }
    .await;
    match outcome {
        Ok(stored) => {
            let to = format!("/office/extranet/findings/{}", stored.finding.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = list_page(&state, &csrf, &staff, (form, Some(error.to_string()))).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/finding.html")]
pub struct FindingPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    /// The unit stands cut off by this finding (the notice's title says so).
    cut_off: bool,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    steps: Vec<(&'static str, String, String)>,
    /// The commands the viewer may run now (code, label).
    commands: Vec<(String, &'static str)>,
    text_max: usize,
    error: Option<String>,
    done: bool,
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: FindingId,
    (error, done): (Option<String>, bool),
) -> Result<FindingPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_finding(db, id, &acting(staff)).await?;
    let f = &seen.stored.finding;
    let names = unit_names(state).await?;
    let (calendar, rule) = clocks_of(state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    }
    .lines(&f.clocks, FindingClock::label_zh);
    let mut facts = vec![
        ("被检查单位", name_in(&names, f.unit.0)),
        ("问题", f.title.clone()),
        ("问题说明和整改要求", f.detail.clone()),
        ("下发机构", name_in(&names, f.office.0)),
        ("下发时间", minute_of(f.sent_at.millis())),
    ];
    if let Some(at) = f.cut_off_at {
        facts.push(("阻断接入时间", minute_of(at.millis())));
    }
    if let Some(at) = f.fixed_at {
        facts.push(("整改完成时间", minute_of(at.millis())));
    }
    Ok(FindingPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.stored.number.clone(),
        version: seen.stored.version,
        status: f.status.label_zh(),
        cut_off: f.cut_off_at.is_some(),
        facts,
        clocks,
        steps: f
            .steps
            .iter()
            .map(|s| {
                (
                    FindingCommandKind::label_of_code(&s.command),
                    s.text.clone(),
                    minute_of(s.at.millis()),
                )
            })
            .collect(),
        commands: seen
            .available
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        text_max: TEXT_MAX,
        error,
        done,
    })
}

/// `?done=1` after a command.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /office/extranet/findings/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
    Query(done): Query<Done>,
) -> Result<FindingPage, PageError> {
    let seen = (None, done.done.is_some());
    build(&state, &csrf, &staff, FindingId(id), seen).await
}

/// A command's form: the page's version, which command, what is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    version: i64,
    #[serde(default)]
    command: String,
    #[serde(default)]
    text: String,
}

/// `POST /office/extranet/findings/{id}/step`: one command of the finding's machine.
pub async fn step(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let id = FindingId(id);
    let db = &state.platform.db;
    // Outside the office and the unit, not found (before anything else).
    usecase::office_finding(db, id, &acting(&staff)).await?;
    let outcome = async {
        let text = limited(&form.text, "填写的内容", TEXT_MAX)?;
        let kind = FindingCommandKind::from_code(&form.command)
            .ok_or_else(|| platform::Error::invalid("请选择要办理的事项"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let command = FindingCommand::of(kind, text);
        usecase::execute(
            db,
            &context,
            &acting(&staff),
            id,
            command,
            Some(form.version),
        )
        .await
        .map(|_| ())
    }
    .await;
    match outcome {
        Ok(()) => {
            let to = format!("/office/extranet/findings/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = build(&state, &csrf, &staff, id, (Some(error.to_string()), false)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
