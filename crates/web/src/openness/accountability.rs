//! Accountability cases for openness failures in the back office (政务公开责任追究,
//! PUB-ACCOUNT; 002 责任追究 §6–9): the list of the viewer's unit — the cases its openness
//! office opened and those it is held to account in — with the report clock's light, the
//! opening form of the office (the failure of §6, the linked application, complaint or
//! finding, who is responsible per §7, the sanction of §8), and a case's page with its records
//! and the forms of the commands the viewer may run (`accountability_commands`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use openness::UnitId;
use openness::account::{
    AccountCase, AccountClock, CaseId, Failure, Link, Opening, Responsibility, Sanction, Source,
};
use openness::usecase::account as usecase;
use platform::db::now_ms;
use serde::Deserialize;

use super::CaseNo;
use super::office::acting;
use super::subject::{Clocks, choices, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

pub struct CaseLine {
    pub id: i64,
    pub number: String,
    pub unit: String,
    pub failure: &'static str,
    pub sanction: &'static str,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub about_us: bool,
}

/// The opening form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    failure: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    source_id: String,
    #[serde(default)]
    facts: String,
    #[serde(default)]
    responsibility: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    sanction: String,
}

impl OpenForm {
    fn opening(&self) -> Result<Opening, String> {
        let mut problems: Vec<String> = [
            ("违反规定的事实", &self.facts, 4000),
            ("责任人", &self.responsible, 100),
        ]
        .into_iter()
        .filter(|(_, text, max)| text.chars().count() > *max)
        .map(|(what, _, max)| format!("{what}不能超过{max}个字"))
        .collect();
        let unit = self.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if unit.is_none() {
            problems.push("请选择被追究责任的单位".to_owned());
        }
        let failure = Failure::from_code(&self.failure);
        if failure.is_none() {
            problems.push("请选择追究情形（制度第六条所列五种之一）".to_owned());
        }
        let responsibility = Responsibility::from_code(&self.responsibility);
        if responsibility.is_none() {
            problems.push("请选择责任类型（承办人或领导直接责任）".to_owned());
        }
        let sanction = Sanction::from_code(&self.sanction);
        if sanction.is_none() {
            problems.push("请选择追究方式（制度第八条所列之一）".to_owned());
        }
        let link = match (self.source.trim(), self.source_id.trim()) {
            ("", "") => Ok(None),
            (source, id) => match (Source::from_code(source), id.parse::<i64>()) {
                (Some(source), Ok(id)) if id > 0 => Ok(Some(Link { source, id })),
                _ => Err("关联记录须选择类型并填写编号（数字）".to_owned()),
            },
        };
        let link = link.unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        match (unit, failure, responsibility, sanction) {
            (Some(unit), Some(failure), Some(responsibility), Some(sanction))
                if problems.is_empty() =>
            {
                Ok(Opening {
                    unit: UnitId(unit),
                    failure,
                    link,
                    facts: self.facts.clone(),
                    responsibility,
                    responsible: self.responsible.clone(),
                    sanction,
                })
            }
            _ => Err(problems.join("；")),
        }
    }
}

type Choices = Vec<(&'static str, &'static str)>;

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Choices {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/accountability.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    as_office: bool,
    lines: Vec<CaseLine>,
    units: Vec<(String, String)>,
    failures: Choices,
    sources: Choices,
    responsibilities: Choices,
    sanctions: Choices,
    form: OpenForm,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: OpenForm,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let unit = UnitId(staff.actor.unit_id);
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let mut lines = Vec::new();
    for stored in openness::store::account::list(db, unit, 500).await? {
        let case = &stored.case;
        let (light, clock) = clocks.running(&case.clocks, AccountClock::label_zh);
        lines.push(CaseLine {
            id: case.id.0,
            number: stored.number.clone(),
            unit: name_in(&units, case.opening.unit.0),
            failure: case.opening.failure.label_zh(),
            sanction: case.opening.sanction.label_zh(),
            status: case.status.label_zh(),
            light,
            clock,
            about_us: case.opening.unit == unit,
        });
    }
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        as_office: platform::access::openness_complaint_register(&staff.actor),
        lines,
        units: choices(units, staff.actor.unit_id),
        failures: options(Failure::ALL, Failure::code, Failure::label_zh),
        sources: options(Source::ALL, Source::code, Source::label_zh),
        responsibilities: options(
            Responsibility::ALL,
            Responsibility::code,
            Responsibility::label_zh,
        ),
        sanctions: options(Sanction::ALL, Sanction::code, Sanction::label_zh),
        form,
        error,
    })
}

/// `GET /office/openness/accountability`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, OpenForm::default(), None).await
}

/// `POST /office/openness/accountability`: opens a case, or the page again with every problem
/// (400) and nothing stored.
pub async fn open(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<OpenForm>,
) -> Result<Response, PageError> {
    let outcome = match form.opening() {
        Ok(opening) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::open(&state.platform.db, &context, &acting(&staff), opening).await
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok((case, _)) => {
            let to = format!("/office/openness/accountability/{}", case.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = list_page(&state, &csrf, &staff, form, Some(error.to_string())).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/account_case.html")]
pub struct CasePage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    error: Option<String>,
    done: bool,
}

impl CasePage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

fn facts(case: &AccountCase, units: &[(i64, String, bool)]) -> Vec<(&'static str, String)> {
    let opening = &case.opening;
    let mut facts = vec![
        ("被追究责任的单位", name_in(units, opening.unit.0)),
        ("追究情形", opening.failure.label_zh().to_owned()),
    ];
    if let Some(link) = opening.link {
        facts.push((
            "关联记录",
            format!("{} {}", link.source.label_zh(), link.id),
        ));
    }
    facts.extend([
        ("违反规定的事实", opening.facts.clone()),
        ("责任类型", opening.responsibility.label_zh().to_owned()),
        ("责任人", opening.responsible.clone()),
        ("追究方式", opening.sanction.label_zh().to_owned()),
        ("立案单位", name_in(units, case.office.0)),
        ("立案时间", minute_of(case.opened_at.millis())),
    ]);
    let reports = case.reports.iter().map(|r| ("书面整改报告", r));
    let returns = case.returns.iter().map(|r| ("退回整改报告", r));
    let mut notes: Vec<_> = reports.chain(returns).collect();
    notes.sort_by_key(|(_, note)| note.at);
    for (label, note) in notes {
        facts.push((
            label,
            format!("{}（{}）", note.text, minute_of(note.at.millis())),
        ));
    }
    if let Some(note) = &case.closing {
        facts.push((
            "结案",
            format!("{}（{}）", note.text, minute_of(note.at.millis())),
        ));
    }
    facts
}

/// The page of case `id` for the viewer; not found outside the office and the unit.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: CaseId,
    (error, done): (Option<String>, bool),
) -> Result<CasePage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_case(db, id, &acting(staff)).await?;
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    }
    .lines(&seen.case.clocks, AccountClock::label_zh);
    Ok(CasePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.number.clone(),
        version: seen.version,
        status: seen.case.status.label_zh(),
        facts: facts(&seen.case, &units),
        clocks,
        commands: seen.available.iter().map(|k| k.path()).collect(),
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

/// `GET /office/openness/accountability/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CaseNo(id)): Id<CaseNo>,
    Query(done): Query<Done>,
) -> Result<CasePage, PageError> {
    let done = done.done.is_some();
    build(&state, &csrf, &staff, CaseId(id), (None, done)).await
}
