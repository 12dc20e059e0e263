//! The yearly social evaluation stored (PUB-EVAL; 002 社会评议 §8–10,13): the openness
//! office's officers appoint evaluators (term from the profile), open a year, enter each
//! evaluator's sheet on a unit and submit it (locked from then on), record the interview of a
//! head below the pass percent, open the accountability case (PUB-ACCOUNT) after two years
//! below, and publish the year's results. Every write is audited in its transaction; the
//! results are computed from the submitted sheets, never stored.

use account::{Failure, Opening, Responsibility, Sanction};
use chrono::{Datelike, NaiveDate};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::roles::Role;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::account;
use crate::evaluation::{
    self, Consequence, Evaluation, EvaluationId, Evaluator, EvaluatorId, Rating, Sheet, SheetId,
    Tally,
};
use crate::store::evaluation::{self as store, UnitRecord};
use crate::{Acting, UnitId};

fn office_only(acting: &Acting) -> Result<()> {
    if acting.has_in(Role::OpennessOfficer, acting.unit) {
        Ok(())
    } else {
        Err(Error::Refused(
            "社会评议由政务公开工作领导小组办公室的工作人员组织".to_owned(),
        ))
    }
}

/// PUB-EVAL: appoints an evaluator in the office's register, the term from the profile
/// (`openness.evaluator_term_years`); audited.
pub async fn appoint(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    name: &str,
    origin: &str,
    term_from: NaiveDate,
) -> Result<Evaluator> {
    office_only(acting)?;
    let mut evaluator = evaluation::appoint(acting.unit, name, origin, term_from, context.profile)?;
    let mut tx = db.begin().await?;
    store::insert_evaluator(&mut tx, &mut evaluator, acting.user, context.now.millis()).await?;
    let event = AuditEvent::new(
        "openness.evaluator.appoint",
        "openness_evaluator",
        evaluator.id,
    )
    .detail(format!(
        "聘请社会评议代表（{}，聘期 {} 至 {}）",
        evaluator.origin, evaluator.term_from, evaluator.term_until
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(evaluator)
}

/// PUB-EVAL: opens the office's evaluation of `year` (once a year, not for a year to come).
pub async fn open_year(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    year: i32,
) -> Result<Evaluation> {
    office_only(acting)?;
    let this_year = context.now.local_date().year();
    if !(2000..=this_year).contains(&year) {
        return Err(Error::invalid(format!(
            "评议年度须在 2000 至 {this_year} 年之间"
        )));
    }
    let mut tx = db.begin().await?;
    if store::evaluation_in(&mut tx, acting.unit, year)
        .await?
        .is_some()
    {
        return Err(Error::invalid(format!(
            "{year}年度的社会评议已经开启（一年一次）"
        )));
    }
    let mut opened = Evaluation {
        id: EvaluationId(0),
        office: acting.unit,
        year,
        opened_by: acting.user,
        opened_at: context.now,
        published_at: None,
    };
    store::insert_evaluation(&mut tx, &mut opened).await?;
    let event = AuditEvent::new("openness.evaluation.open", "openness_evaluation", opened.id)
        .detail(format!("开启{year}年度政务公开社会评议"));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(opened)
}

async fn year_of(tx: &mut platform::db::Tx, acting: &Acting, year: i32) -> Result<Evaluation> {
    store::evaluation_in(tx, acting.unit, year)
        .await?
        .ok_or_else(|| Error::invalid(format!("{year}年度的社会评议尚未开启")))
}

/// What the office types of a sheet.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    pub year: i32,
    pub evaluator: EvaluatorId,
    pub unit: UnitId,
    pub rating: Rating,
    pub remark: String,
    /// Submit with this entry: the sheet is locked from then on.
    pub submit: bool,
}

/// PUB-EVAL: enters (or corrects, while a draft) an evaluator's sheet on a unit, submitting
/// it when asked; a submitted sheet, an evaluator out of term or another office's, or a
/// published year is refused and nothing changes. Audited.
pub async fn enter_sheet(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    entry: SheetEntry,
) -> Result<Sheet> {
    office_only(acting)?;
    platform::units::get(db, entry.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择被评议单位"))?;
    let mut tx = db.begin().await?;
    let year = year_of(&mut tx, acting, entry.year).await?;
    let evaluator = store::evaluator_in(&mut tx, entry.evaluator)
        .await?
        .ok_or_else(|| Error::invalid("请选择评议代表"))?;
    let existing = store::sheet_in(&mut tx, year.id, evaluator.id, entry.unit).await?;
    let today = context.now.local_date();
    evaluation::check_entry(&year, &evaluator, existing.as_ref(), today)?;
    let mut sheet = Sheet {
        id: existing.map_or(SheetId(0), |s| s.id),
        evaluation: year.id,
        evaluator: evaluator.id,
        unit: entry.unit,
        rating: entry.rating,
        remark: entry.remark.trim().to_owned(),
        entered_by: acting.user,
        submitted_at: entry.submit.then_some(context.now),
    };
    store::save_sheet(&mut tx, &mut sheet, context.now.millis()).await?;
    let what = if entry.submit { "提交" } else { "保存" };
    let event = AuditEvent::new("openness.evaluation.sheet", "openness_evaluation", year.id)
        .detail(format!(
            "{}年度社会评议表{what}：评议代表 {}，单位 {}，{}",
            year.year,
            evaluator.id,
            entry.unit.0,
            entry.rating.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(sheet)
}

/// One unit's line of a year's results.
#[derive(Debug, Clone)]
pub struct ResultLine {
    pub unit: UnitId,
    pub tally: Tally,
    /// Last year's tally, when the office evaluated the unit then.
    pub previous: Option<Tally>,
    pub consequence: Consequence,
    pub record: UnitRecord,
}

/// A year's evaluation with its sheets and results.
#[derive(Debug, Clone)]
pub struct Results {
    pub evaluation: Evaluation,
    pub sheets: Vec<Sheet>,
    pub lines: Vec<ResultLine>,
}

/// PUB-EVAL: the results of `evaluation` — each unit's satisfaction from the submitted
/// sheets, last year's, and the consequence (interview, accountability event).
pub async fn results_of(
    db: &Db,
    evaluation: Evaluation,
    profile: &platform::profile::RuleProfile,
) -> Result<Results> {
    let sheets = store::sheets(db, evaluation.id).await?;
    let previous = store::evaluations(db, Some(evaluation.office))
        .await?
        .into_iter()
        .find(|e| e.year == evaluation.year - 1);
    let previous = match previous {
        Some(previous) => evaluation::tally(&store::sheets(db, previous.id).await?),
        None => Default::default(),
    };
    let records: std::collections::BTreeMap<_, _> = store::unit_records(db, evaluation.id)
        .await?
        .into_iter()
        .collect();
    let lines = evaluation::tally(&sheets)
        .into_iter()
        .map(|(unit, tally)| {
            let last = previous.get(&unit).copied();
            ResultLine {
                unit,
                tally,
                previous: last,
                consequence: evaluation::consequence(&tally, last.as_ref(), profile),
                record: records.get(&unit).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Ok(Results {
        evaluation,
        sheets,
        lines,
    })
}

/// The office's evaluation of `year` with its results, for its officers and leaders.
pub async fn results(
    db: &Db,
    acting: &Acting,
    year: i32,
    profile: &platform::profile::RuleProfile,
) -> Result<Results> {
    let evaluation = store::evaluations(db, Some(acting.unit))
        .await?
        .into_iter()
        .find(|e| e.year == year)
        .ok_or_else(|| Error::not_found(format!("{year}年度社会评议")))?;
    results_of(db, evaluation, profile).await
}

async fn line_of(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    year: i32,
    unit: UnitId,
) -> Result<(Evaluation, ResultLine)> {
    let results = results(db, acting, year, context.profile)
        .await
        .map_err(|_| Error::invalid(format!("{year}年度的社会评议尚未开启")))?;
    let line = results
        .lines
        .into_iter()
        .find(|l| l.unit == unit)
        .ok_or_else(|| Error::invalid("该单位本年度没有已提交的评议表"))?;
    Ok((results.evaluation, line))
}

/// PUB-EVAL: records the interview of the head of a unit below the pass percent (约谈);
/// refused for a unit that passed. Audited.
pub async fn record_interview(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    year: i32,
    unit: UnitId,
    on: NaiveDate,
    note: &str,
) -> Result<()> {
    office_only(acting)?;
    let (evaluation, line) = line_of(db, context, acting, year, unit).await?;
    if line.consequence == Consequence::None {
        return Err(Error::invalid(
            "该单位群众满意率未低于标准，无需约谈主要领导",
        ));
    }
    if note.trim().is_empty() {
        return Err(Error::invalid("请填写约谈情况"));
    }
    let mut tx = db.begin().await?;
    store::record_interview(&mut tx, evaluation.id, unit, on, note.trim(), acting.user).await?;
    let event = AuditEvent::new(
        "openness.evaluation.interview",
        "openness_evaluation",
        evaluation.id,
    )
    .detail(format!(
        "{year}年度社会评议：约谈单位 {} 主要领导（{on}）",
        unit.0
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// PUB-EVAL, PUB-ACCOUNT: opens the accountability case of a unit below the pass percent
/// this year and the year before (连续两年), leaders' responsibility, the facts from the
/// results; refused otherwise or when a case is already open for it. Audited (the case's own
/// opening and this link).
pub async fn open_case(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    year: i32,
    unit: UnitId,
    responsible: &str,
    sanction: Sanction,
) -> Result<i64> {
    office_only(acting)?;
    let (evaluation, line) = line_of(db, context, acting, year, unit).await?;
    if line.consequence != Consequence::Accountability {
        return Err(Error::invalid(
            "只有连续两年群众满意率未达标的单位才追究有关领导责任",
        ));
    }
    if line.record.case.is_some() {
        return Err(Error::invalid("该单位本年度的责任追究案件已经立案"));
    }
    let percent = |t: Option<&Tally>| {
        t.and_then(Tally::percent)
            .map_or("—".to_owned(), |p| format!("{p:.1}%"))
    };
    let opening = Opening {
        unit,
        failure: Failure::Formality,
        link: None,
        facts: format!(
            "政务公开社会评议连续两年群众满意率未达到{}%：{}年度 {}，{}年度 {}",
            context.profile.openness.evaluation_pass_percent,
            year - 1,
            percent(line.previous.as_ref()),
            year,
            percent(Some(&line.tally)),
        ),
        responsibility: Responsibility::Leader,
        responsible: responsible.trim().to_owned(),
        sanction,
    };
    if opening.responsible.is_empty() {
        return Err(Error::invalid("请填写责任人（姓名和职务）"));
    }
    let mut tx = db.begin().await?;
    let (case, number) = super::account::open_in(&mut tx, context, acting, opening).await?;
    store::record_case(&mut tx, evaluation.id, unit, case.id.0).await?;
    let event = AuditEvent::new(
        "openness.evaluation.account",
        "openness_evaluation",
        evaluation.id,
    )
    .detail(format!(
        "{year}年度社会评议：单位 {} 连续两年未达标，责任追究立案 {number}",
        unit.0
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(case.id.0)
}

/// PUB-EVAL: publishes the year's results (向社会公开); refused without a submitted sheet or
/// when already published. Audited.
pub async fn publish(db: &Db, context: &Context<'_>, acting: &Acting, year: i32) -> Result<()> {
    office_only(acting)?;
    let Results {
        evaluation, lines, ..
    } = results(db, acting, year, context.profile)
        .await
        .map_err(|_| Error::invalid(format!("{year}年度的社会评议尚未开启")))?;
    if evaluation.published_at.is_some() {
        return Err(Error::invalid(format!("{year}年度评议结果已经公开")));
    }
    if lines.is_empty() {
        return Err(Error::invalid("还没有已提交的评议表，不能公开评议结果"));
    }
    let mut tx = db.begin().await?;
    if !store::publish(&mut tx, evaluation.id, context.now.millis()).await? {
        return Err(Error::invalid(format!("{year}年度评议结果已经公开")));
    }
    let event = AuditEvent::new(
        "openness.evaluation.publish",
        "openness_evaluation",
        evaluation.id,
    )
    .detail(format!("公开{year}年度政务公开社会评议结果"));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// PUB-EVAL: every published year's results, latest first (the public page: units and
/// satisfaction, never the evaluators).
pub async fn published(db: &Db, profile: &platform::profile::RuleProfile) -> Result<Vec<Results>> {
    let mut years = Vec::new();
    for evaluation in store::evaluations(db, None).await? {
        if evaluation.published_at.is_some() {
            let mut results = results_of(db, evaluation, profile).await?;
            results.sheets.clear();
            years.push(results);
        }
    }
    Ok(years)
}
