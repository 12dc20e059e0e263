//! The social evaluation in the back office (政务公开社会评议, PUB-EVAL; 002 社会评议 §8–10,13):
//! `GET /office/openness/evaluation` is the page of the viewer's openness office — the
//! register of evaluators (社会评议代表) with their term, those whose term ended marked; the
//! years opened; for the chosen year (`?year=`) the sheets (a submitted one locked), the
//! results with the satisfaction per unit, last year's, the 约谈 marks and records and the
//! accountability case (PUB-ACCOUNT) after two years below, the export and the publication.
//! The forms post to the routes below; the officers write, the leaders read; a refusal
//! shows the page again with its message (400) and nothing changed. `evaluation_export`
//! holds the workbook and the public page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use chrono::NaiveDate;
use openness::account::Sanction;
use openness::evaluation::{Consequence, EvaluatorId, Rating};
use openness::usecase::evaluation::{self as usecase, Results, SheetEntry};
use openness::{Acting, UnitId};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;

use super::office::acting;
use super::subject::{name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::staff::{Judged, Staff};

/// One evaluator of the register.
pub struct EvaluatorLine {
    pub id: i64,
    pub name: String,
    pub origin: String,
    pub term: String,
    pub serving: bool,
}

/// One sheet of the chosen year.
pub struct SheetLine {
    pub evaluator: String,
    pub unit: String,
    pub rating: &'static str,
    pub remark: String,
    pub submitted: bool,
}

/// One unit's result.
pub struct ResultLine {
    pub unit_id: i64,
    pub unit: String,
    pub sheets: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    pub percent: String,
    pub previous: String,
    pub below: bool,
    pub consequence: &'static str,
    pub interview: String,
    pub case: Option<i64>,
    /// Two years below and no case yet: the form offers it.
    pub case_due: bool,
}

/// Every form of the page as typed (`deny_unknown_fields` per form below).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluatorForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    origin: String,
    #[serde(default)]
    term_from: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearForm {
    #[serde(default)]
    year: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    evaluator: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    remark: String,
    #[serde(default)]
    action: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    sanction: String,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn year_of(text: &str) -> Result<i32, String> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| "请填写评议年度（四位数字）".to_owned())
}

fn id_of(text: &str, problem: &str, problems: &mut Vec<String>) -> i64 {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => id,
        _ => {
            problems.push(problem.to_owned());
            0
        }
    }
}

fn too_long(problems: &mut Vec<String>, what: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        problems.push(format!("{what}不能超过{max}个字"));
    }
}

fn done(problems: Vec<String>) -> Result<(), platform::Error> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(platform::Error::invalid(problems.join("；")))
    }
}

/// What a percentage reads as: one decimal, or a dash without a sheet.
pub(super) fn percent(tally: Option<&openness::evaluation::Tally>) -> String {
    tally
        .and_then(|t| t.percent())
        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/evaluation.html")]
pub struct EvaluationPage {
    chrome: Chrome,
    unit: String,
    as_office: bool,
    pass_percent: u32,
    term_years: u32,
    evaluators: Vec<EvaluatorLine>,
    years: Vec<(i32, bool)>,
    year: Option<i32>,
    published: bool,
    sheets: Vec<SheetLine>,
    results: Vec<ResultLine>,
    units: Vec<(String, String)>,
    ratings: Vec<(&'static str, &'static str)>,
    sanctions: Vec<(&'static str, &'static str)>,
    today: String,
    this_year: i32,
    error: Option<String>,
}

impl EvaluationPage {
    fn below_units(&self) -> Vec<&ResultLine> {
        self.results.iter().filter(|r| r.below).collect()
    }

    fn case_units(&self) -> Vec<&ResultLine> {
        self.results.iter().filter(|r| r.case_due).collect()
    }
}

/// The viewer may read the office's evaluation (its officers and leaders).
fn reader(acting: &Acting) -> bool {
    acting.has_in(Role::OpennessOfficer, acting.unit)
        || acting.has_in(Role::UnitLeader, acting.unit)
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    year: Option<i32>,
    error: Option<String>,
) -> Result<EvaluationPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(staff);
    if !reader(&acting) {
        return Err(platform::Error::Forbidden.into());
    }
    let as_office = acting.has_in(Role::OpennessOfficer, acting.unit);
    let profile = state.profile().await?;
    let units = unit_names(state).await?;
    let today = Instant::from_millis(now_ms()).local_date();
    let register = openness::store::evaluation::evaluators(db, acting.unit).await?;
    let evaluators = register
        .iter()
        .map(|e| EvaluatorLine {
            id: e.id.0,
            name: e.name.clone(),
            origin: e.origin.clone(),
            term: format!("{} 至 {}", e.term_from, e.term_until),
            serving: e.serves_on(today),
        })
        .collect();
    let opened = openness::store::evaluation::evaluations(db, Some(acting.unit)).await?;
    let years = opened
        .iter()
        .map(|e| (e.year, e.published_at.is_some()))
        .collect();
    let year = year.or_else(|| opened.first().map(|e| e.year));
    let results = match year {
        Some(year) => Some(usecase::results(db, &acting, year, &profile).await?),
        None => None,
    };
    let evaluator_name = |id: EvaluatorId| {
        register
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let (sheets, lines, published) = match &results {
        Some(Results {
            evaluation,
            sheets,
            lines,
        }) => (
            sheets
                .iter()
                .map(|s| SheetLine {
                    evaluator: evaluator_name(s.evaluator),
                    unit: name_in(&units, s.unit.0),
                    rating: s.rating.label_zh(),
                    remark: s.remark.clone(),
                    submitted: s.submitted_at.is_some(),
                })
                .collect(),
            lines
                .iter()
                .map(|l| ResultLine {
                    unit_id: l.unit.0,
                    unit: name_in(&units, l.unit.0),
                    sheets: l.tally.total(),
                    satisfied: l.tally.satisfied,
                    basic: l.tally.basic,
                    unsatisfied: l.tally.unsatisfied,
                    percent: percent(Some(&l.tally)),
                    previous: percent(l.previous.as_ref()),
                    below: l.consequence != Consequence::None,
                    consequence: l.consequence.label_zh(),
                    interview: l.record.interviewed_on.map_or_else(String::new, |on| {
                        format!("{on} {}", l.record.interview_note)
                    }),
                    case: l.record.case,
                    case_due: l.consequence == Consequence::Accountability
                        && l.record.case.is_none(),
                })
                .collect(),
            evaluation.published_at.is_some(),
        ),
        None => (Vec::new(), Vec::new(), false),
    };
    Ok(EvaluationPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        as_office,
        pass_percent: profile.openness.evaluation_pass_percent,
        term_years: profile.openness.evaluator_term_years,
        evaluators,
        years,
        year,
        published,
        sheets,
        results: lines,
        units: units
            .iter()
            .map(|(id, name, _)| (id.to_string(), name.clone()))
            .collect(),
        ratings: Rating::ALL.map(|r| (r.code(), r.label_zh())).to_vec(),
        sanctions: Sanction::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        today: today.to_string(),
        this_year: chrono::Datelike::year(&today),
        error,
    })
}

/// `?year=` of the page.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    pub year: String,
}

/// `GET /office/openness/evaluation`: a year that is not a year is not found.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<EvaluationPage, PageError> {
    let year = match query.year.trim() {
        "" => None,
        text => Some(year_of(text).map_err(|_| platform::Error::not_found("评议年度"))?),
    };
    page(&state, &csrf, &staff, year, None).await
}

/// The answer after a form: to the year's page, or the page again with the refusal (400).
async fn answered(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    year: Option<i32>,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => {
            let to = year.map_or_else(
                || "/office/openness/evaluation".to_owned(),
                |y| format!("/office/openness/evaluation?year={y}"),
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = page(state, csrf, staff, year, Some(error.to_string())).await;
            let page = match page {
                Ok(page) => page,
                Err(_) => self::page(state, csrf, staff, None, Some(error.to_string())).await?,
            };
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// Runs `f` with the judged context when the form is valid.
macro_rules! with_context {
    ($state:expr, $staff:expr, |$context:ident, $acting:ident| $body:expr) => {{
        let judged = Judged::load(&$state, &$staff).await?;
        let $context = judged.context(&$state);
        let $acting = acting(&$staff);
        $body
    }};
}

/// `POST /office/openness/evaluation/evaluators`: appoints an evaluator (PUB-EVAL, the term
/// from the profile).
pub async fn appoint(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<EvaluatorForm>,
) -> Result<Response, PageError> {
    let mut problems = Vec::new();
    too_long(&mut problems, "姓名", &form.name, 50);
    too_long(&mut problems, "来源", &form.origin, 200);
    let from = day(&form.term_from);
    if from.is_none() {
        problems.push("请填写聘期开始日期".to_owned());
    }
    let outcome = match (done(problems), from) {
        (Ok(()), Some(from)) => with_context!(state, staff, |context, acting| {
            let db = &state.platform.db;
            usecase::appoint(db, &context, &acting, &form.name, &form.origin, from)
                .await
                .map(|_| ())
        }),
        (Err(error), _) => Err(error),
        (Ok(()), None) => Err(platform::Error::invalid("请填写聘期开始日期")),
    };
    answered(&state, &csrf, &staff, None, outcome).await
}

/// `POST /office/openness/evaluation/years`: opens a year's evaluation.
pub async fn open_year(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<YearForm>,
) -> Result<Response, PageError> {
    let (year, outcome) = match year_of(&form.year) {
        Ok(year) => (
            Some(year),
            with_context!(state, staff, |context, acting| {
                usecase::open_year(&state.platform.db, &context, &acting, year)
                    .await
                    .map(|_| ())
            }),
        ),
        Err(problem) => (None, Err(platform::Error::invalid(problem))),
    };
    let shown = year.filter(|_| outcome.is_ok());
    answered(&state, &csrf, &staff, shown, outcome).await
}

/// `POST /office/openness/evaluation/sheets`: saves a sheet as a draft, or submits it
/// (`action=submit`; PUB-EVAL: locked from then on).
pub async fn sheet(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SheetForm>,
) -> Result<Response, PageError> {
    let mut problems = Vec::new();
    let year = year_of(&form.year).map_err(|p| problems.push(p)).ok();
    let evaluator = id_of(&form.evaluator, "请选择评议代表", &mut problems);
    let unit = id_of(&form.unit, "请选择被评议单位", &mut problems);
    let rating = Rating::from_code(&form.rating);
    if rating.is_none() {
        problems.push("请选择评议结果（满意、基本满意或不满意）".to_owned());
    }
    too_long(&mut problems, "评议意见", &form.remark, 2000);
    let submit = match form.action.as_str() {
        "submit" => true,
        "save" => false,
        _ => {
            problems.push("请选择保存草稿或提交".to_owned());
            false
        }
    };
    let outcome = match (done(problems), year, rating) {
        (Ok(()), Some(year), Some(rating)) => with_context!(state, staff, |context, acting| {
            let entry = SheetEntry {
                year,
                evaluator: EvaluatorId(evaluator),
                unit: UnitId(unit),
                rating,
                remark: form.remark.clone(),
                submit,
            };
            usecase::enter_sheet(&state.platform.db, &context, &acting, entry)
                .await
                .map(|_| ())
        }),
        (Err(error), ..) => Err(error),
        _ => Err(platform::Error::invalid("请完整填写评议表")),
    };
    answered(&state, &csrf, &staff, year, outcome).await
}

/// `POST /office/openness/evaluation/interviews`: records the interview of a head (约谈).
pub async fn interview(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<InterviewForm>,
) -> Result<Response, PageError> {
    let mut problems = Vec::new();
    let year = year_of(&form.year).map_err(|p| problems.push(p)).ok();
    let unit = id_of(&form.unit, "请选择约谈的单位", &mut problems);
    let on = day(&form.on);
    if on.is_none() {
        problems.push("请填写约谈日期".to_owned());
    }
    too_long(&mut problems, "约谈情况", &form.note, 2000);
    let outcome = match (done(problems), year, on) {
        (Ok(()), Some(year), Some(on)) => with_context!(state, staff, |context, acting| {
            let db = &state.platform.db;
            usecase::record_interview(db, &context, &acting, year, UnitId(unit), on, &form.note)
                .await
        }),
        (Err(error), ..) => Err(error),
        _ => Err(platform::Error::invalid("请完整填写约谈记录")),
    };
    answered(&state, &csrf, &staff, year, outcome).await
}

/// `POST /office/openness/evaluation/cases`: opens the accountability case of a unit two
/// years below (PUB-EVAL, PUB-ACCOUNT).
pub async fn open_case(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<CaseForm>,
) -> Result<Response, PageError> {
    let mut problems = Vec::new();
    let year = year_of(&form.year).map_err(|p| problems.push(p)).ok();
    let unit = id_of(&form.unit, "请选择被追究责任的单位", &mut problems);
    too_long(&mut problems, "责任人", &form.responsible, 100);
    let sanction = Sanction::from_code(&form.sanction);
    if sanction.is_none() {
        problems.push("请选择追究方式".to_owned());
    }
    let outcome = match (done(problems), year, sanction) {
        (Ok(()), Some(year), Some(sanction)) => with_context!(state, staff, |context, acting| {
            let db = &state.platform.db;
            let unit = UnitId(unit);
            usecase::open_case(
                db,
                &context,
                &acting,
                year,
                unit,
                &form.responsible,
                sanction,
            )
            .await
            .map(|_| ())
        }),
        (Err(error), ..) => Err(error),
        _ => Err(platform::Error::invalid("请完整填写立案信息")),
    };
    answered(&state, &csrf, &staff, year, outcome).await
}

/// `POST /office/openness/evaluation/publish`: publishes the year's results on the portal.
pub async fn publish(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<YearForm>,
) -> Result<Response, PageError> {
    let (year, outcome) = match year_of(&form.year) {
        Ok(year) => (
            Some(year),
            with_context!(state, staff, |context, acting| {
                usecase::publish(&state.platform.db, &context, &acting, year).await
            }),
        ),
        Err(problem) => (None, Err(platform::Error::invalid(problem))),
    };
    answered(&state, &csrf, &staff, year, outcome).await
}
