//! Openness supervisors and their findings in the back office (政务公开监督员,
//! PUB-SUPERVISOR; 002 监督员 §3,4): the page of the viewer's unit — for the openness office
//! the register of supervisors (masked) with the appointment form, and the findings it
//! registered and those about the unit, each with its reply clock's light; the registration
//! form of a finding (a supervisor in term, the unit, the link of §4, the day and the matter);
//! a finding's page with its records, clock and the forms of the commands the viewer may run
//! (`supervision_commands`). The unit the finding concerns never sees who found it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use chrono::NaiveDate;
use openness::UnitId;
use openness::supervisor::{Finding, FindingClock, FindingFiling, FindingId, Link, SupervisorId};
use openness::usecase::supervisors::{self as usecase, NewSupervisor};
use platform::db::now_ms;
use serde::Deserialize;

use super::FindingNo;
use super::office::acting;
use super::subject::{Clocks, choices, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One supervisor of the register, masked.
pub struct SupervisorLine {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub origin: String,
    pub term: String,
    pub serving: bool,
}

/// One finding of the list (never the supervisor for the unit it concerns).
pub struct FindingLine {
    pub id: i64,
    pub number: String,
    pub unit: String,
    pub link: &'static str,
    pub matter: String,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub found: String,
    pub about_us: bool,
}

/// The two forms as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisorForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    origin: String,
    #[serde(default)]
    term_from: String,
    #[serde(default)]
    term_until: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingForm {
    #[serde(default)]
    supervisor: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    found_on: String,
    #[serde(default)]
    matter: String,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn too_long(fields: &[(&str, &String, usize)]) -> Vec<String> {
    fields
        .iter()
        .filter(|(_, text, max)| text.chars().count() > *max)
        .map(|(what, _, max)| format!("{what}不能超过{max}个字"))
        .collect()
}

impl SupervisorForm {
    fn new_supervisor(&self) -> Result<NewSupervisor, String> {
        let mut problems = too_long(&[
            ("姓名", &self.name, 50),
            ("联系方式", &self.contact, 100),
            ("来源或工作单位", &self.origin, 200),
        ]);
        let (from, until) = (day(&self.term_from), day(&self.term_until));
        if from.is_none() || until.is_none() {
            problems.push("请填写聘期的开始和结束日期".to_owned());
        }
        match (from, until) {
            (Some(term_from), Some(term_until)) if problems.is_empty() => Ok(NewSupervisor {
                name: self.name.clone(),
                contact: self.contact.clone(),
                origin: self.origin.clone(),
                term_from,
                term_until,
            }),
            _ => Err(problems.join("；")),
        }
    }
}

impl FindingForm {
    fn filing(&self) -> Result<(SupervisorId, FindingFiling), String> {
        let mut problems = too_long(&[("发现的问题", &self.matter, 4000)]);
        let supervisor = self
            .supervisor
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0);
        if supervisor.is_none() {
            problems.push("请选择监督员".to_owned());
        }
        let unit = self.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if unit.is_none() {
            problems.push("请选择被监督单位".to_owned());
        }
        let link = Link::from_code(&self.link);
        if link.is_none() {
            problems.push("请选择监督环节（决策、执行、管理、服务、结果公开之一）".to_owned());
        }
        let found_on = day(&self.found_on);
        if found_on.is_none() {
            problems.push("请填写发现日期".to_owned());
        }
        match (supervisor, unit, link, found_on) {
            (Some(supervisor), Some(unit), Some(link), Some(found_on)) if problems.is_empty() => {
                Ok((
                    SupervisorId(supervisor),
                    FindingFiling {
                        supervisor: None,
                        unit: UnitId(unit),
                        link,
                        found_on,
                        matter: self.matter.clone(),
                    },
                ))
            }
            _ => Err(problems.join("；")),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/supervision.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    as_office: bool,
    supervisors: Vec<SupervisorLine>,
    findings: Vec<FindingLine>,
    units: Vec<(String, String)>,
    links: Vec<(&'static str, &'static str)>,
    supervisor_form: SupervisorForm,
    finding_form: FindingForm,
    /// The forms' default day.
    today: String,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (supervisor_form, finding_form): (SupervisorForm, FindingForm),
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(staff);
    let as_office = platform::access::openness_complaint_register(&staff.actor);
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now,
    };
    let today = now.local_date();
    let supervisors = if as_office {
        openness::store::supervisors::supervisors(db, acting.unit)
            .await?
            .into_iter()
            .map(|s| SupervisorLine {
                id: s.id.0,
                serving: s.serves_on(today),
                name: s.name,
                contact: s.contact,
                origin: s.origin,
                term: format!("{} 至 {}", s.term_from, s.term_until),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut findings = Vec::new();
    for (stored, _) in usecase::findings(db, &acting).await? {
        let finding = &stored.finding;
        let (light, clock) = clocks.running(&finding.clocks, FindingClock::label_zh);
        findings.push(FindingLine {
            id: finding.id.0,
            number: stored.number.clone(),
            unit: name_in(&units, finding.filing.unit.0),
            link: finding.filing.link.label_zh(),
            matter: finding.filing.matter.clone(),
            status: finding.status.label_zh(),
            light,
            clock,
            found: finding.filing.found_on.to_string(),
            about_us: finding.filing.unit == acting.unit,
        });
    }
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        as_office,
        supervisors,
        findings,
        units: choices(units, staff.actor.unit_id),
        links: Link::ALL.map(|l| (l.code(), l.label_zh())).to_vec(),
        supervisor_form,
        finding_form,
        today: date_of(now.millis()),
        error,
    })
}

/// `GET /office/openness/supervision`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let forms = (SupervisorForm::default(), FindingForm::default());
    list_page(&state, &csrf, &staff, forms, None).await
}

async fn answered(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    forms: (SupervisorForm, FindingForm),
    outcome: platform::Result<String>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(error) if refused(&error) => {
            let page = list_page(state, csrf, staff, forms, Some(error.to_string())).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /office/openness/supervision/supervisors`: appoints a supervisor, or the page again
/// with every problem (400) and nothing stored.
pub async fn appoint(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SupervisorForm>,
) -> Result<Response, PageError> {
    let outcome = match form.new_supervisor() {
        Ok(new) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::register_supervisor(&state.platform.db, &context, &acting(&staff), new)
                .await
                .map(|_| "/office/openness/supervision".to_owned())
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    answered(
        &state,
        &csrf,
        &staff,
        (form, FindingForm::default()),
        outcome,
    )
    .await
}

/// `POST /office/openness/supervision/findings`: registers a finding, or the page again with
/// every problem (400) and nothing stored.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<FindingForm>,
) -> Result<Response, PageError> {
    let outcome = match form.filing() {
        Ok((supervisor, filing)) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::register_finding(db, &context, &acting(&staff), supervisor, filing)
                .await
                .map(|(finding, _)| {
                    format!("/office/openness/supervision/findings/{}", finding.id.0)
                })
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    answered(
        &state,
        &csrf,
        &staff,
        (SupervisorForm::default(), form),
        outcome,
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/finding.html")]
pub struct FindingPage {
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

impl FindingPage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

fn facts(
    finding: &Finding,
    supervisor: Option<String>,
    units: &[(i64, String, bool)],
) -> Vec<(&'static str, String)> {
    let filing = &finding.filing;
    let mut facts = Vec::new();
    // PUB-SUPERVISOR: who found it, only for the office (masked).
    if let Some(supervisor) = supervisor {
        facts.push(("监督员", supervisor));
    }
    facts.extend([
        ("被监督单位", name_in(units, filing.unit.0)),
        ("监督环节", filing.link.label_zh().to_owned()),
        ("发现日期", filing.found_on.to_string()),
        ("发现的问题", filing.matter.clone()),
        ("登记单位", name_in(units, finding.office.0)),
    ]);
    if let Some(at) = finding.sent_at {
        facts.push(("交办时间", minute_of(at.millis())));
    }
    let replies = finding.replies.iter().map(|r| ("单位回复", r));
    let returns = finding.returns.iter().map(|r| ("退回重办", r));
    let mut notes: Vec<_> = replies.chain(returns).collect();
    notes.sort_by_key(|(_, note)| note.at);
    for (label, note) in notes {
        facts.push((
            label,
            format!("{}（{}）", note.text, minute_of(note.at.millis())),
        ));
    }
    if let Some(note) = &finding.acceptance {
        facts.push((
            "验收办结",
            format!("{}（{}）", note.text, minute_of(note.at.millis())),
        ));
    }
    facts
}

/// The page of finding `id` for the viewer; not found outside the office and the unit.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: FindingId,
    (error, done): (Option<String>, bool),
) -> Result<FindingPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_finding(db, id, &acting(staff)).await?;
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let finding = &seen.finding;
    let supervisor = match finding.filing.supervisor {
        Some(supervisor) if seen.as_office => {
            let list = openness::store::supervisors::supervisors(db, finding.office).await?;
            list.into_iter()
                .find(|s| s.id == supervisor)
                .map(|s| format!("{}（{}）", s.name, s.origin))
        }
        _ => None,
    };
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now,
    }
    .lines(&finding.clocks, FindingClock::label_zh);
    Ok(FindingPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.number.clone(),
        version: seen.version,
        status: finding.status.label_zh(),
        facts: facts(finding, supervisor, &units),
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

/// `GET /office/openness/supervision/findings/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
    Query(done): Query<Done>,
) -> Result<FindingPage, PageError> {
    let done = done.done.is_some();
    build(&state, &csrf, &staff, FindingId(id), (None, done)).await
}
