//! The openness annual report (PUB-ANNUAL; format of 国办公开办函〔2021〕30号) of a unit or of
//! the whole county for a year: tables 二, 三 and 四 computed from the records (the register,
//! the applications, the entered figures and the register of reviews and suits), and the
//! commands that keep what the platform does not hold — the unit's openness officer enters
//! its figures and registers its cases. Bad input is refused in Chinese and changes nothing.

use calendar::Instant;
use chrono::NaiveDate;
use platform::roles::Role;
use platform::{Error, Result};

use crate::annual::four::{CaseKind, CaseResult, TableFour};
use crate::annual::two::{Entered, TableTwo};
use crate::annual::{AnnualRecord, TableThree};
use crate::store::annual as store;
use crate::{Acting, UnitId};

/// Tables 二, 三 and 四 of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualReport {
    pub year: i32,
    /// The unit, or `None` for the whole county.
    pub unit: Option<UnitId>,
    pub two: TableTwo,
    pub three: TableThree,
    pub four: TableFour,
}

/// The years a report may be of.
pub const YEARS: std::ops::RangeInclusive<i32> = 2019..=2100;

/// PUB-ANNUAL: the report of `unit` (`None`: the county, every unit summed) for `year`.
pub async fn report(
    db: &platform::db::Db,
    unit: Option<UnitId>,
    year: i32,
) -> Result<AnnualReport> {
    let documents = store::document_records(db, unit).await?;
    let figures = store::figures(db, unit, year).await?;
    let applications: Vec<AnnualRecord> = store::application_records(db, unit).await?;
    let cases: Vec<_> = store::cases(db, unit)
        .await?
        .into_iter()
        .map(|case| case.record)
        .collect();
    Ok(AnnualReport {
        year,
        unit,
        two: TableTwo::compute(year, &documents, figures),
        three: TableThree::compute(year, &applications),
        four: TableFour::compute(year, &cases),
    })
}

fn officer(acting: &Acting) -> Result<()> {
    match acting.roles.contains(&Role::OpennessOfficer) {
        true => Ok(()),
        false => Err(Error::Refused(
            "只有本单位的政务公开工作人员可以填报年度报告数据（PUB-ANNUAL）".to_owned(),
        )),
    }
}

fn year_of(year: i32) -> Result<i32> {
    match YEARS.contains(&year) {
        true => Ok(year),
        false => Err(Error::invalid("年度须在2019年以后（PUB-ANNUAL）")),
    }
}

/// PUB-ANNUAL: the acting officer's unit enters its figures of `year` (those given; the
/// others stay). Every problem is refused together and nothing is stored.
pub async fn enter_figures(
    db: &platform::db::Db,
    acting: &Acting,
    year: i32,
    texts: &[(Entered, String)],
    now: Instant,
) -> Result<()> {
    officer(acting)?;
    let year = year_of(year)?;
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (what, text) in texts {
        match what.parse(text) {
            Ok(value) => values.push((*what, value)),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems.join("；")));
    }
    for (what, value) in values {
        store::set_figure(db, acting.unit, year, what, value, acting.user, now).await?;
    }
    Ok(())
}

/// PUB-ANNUAL (table 四): the acting officer's unit registers a review or suit filed on
/// `filed_on` (not in the future); its id.
pub async fn register_case(
    db: &platform::db::Db,
    acting: &Acting,
    kind: CaseKind,
    subject: &str,
    filed_on: NaiveDate,
    now: Instant,
) -> Result<i64> {
    officer(acting)?;
    let mut problems = Vec::new();
    let subject = subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 {
        problems.push("案由须填写，不超过200个字");
    }
    if filed_on > now.local_date() {
        problems.push("立案日期不能晚于今天");
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems.join("；")));
    }
    store::insert_case(db, acting.unit, kind, subject, filed_on, acting.user, now).await
}

/// PUB-ANNUAL (table 四): how a pending case of the acting officer's unit ended, on a day
/// not before its filing and not in the future.
pub async fn conclude_case(
    db: &platform::db::Db,
    acting: &Acting,
    id: i64,
    result: CaseResult,
    on: NaiveDate,
    now: Instant,
) -> Result<()> {
    officer(acting)?;
    let case = store::cases(db, Some(acting.unit))
        .await?
        .into_iter()
        .find(|case| case.id == id)
        .ok_or_else(|| Error::not_found(format!("复议诉讼案件 {id}")))?;
    if case.record.concluded.is_some() {
        return Err(Error::conflict("该案件已记录审结结果"));
    }
    if on < case.record.filed_on || on > now.local_date() {
        return Err(Error::invalid("审结日期须在立案日期之后，且不能晚于今天"));
    }
    match store::conclude_case(db, acting.unit, id, result, on, now).await? {
        true => Ok(()),
        false => Err(Error::conflict("该案件已记录审结结果")),
    }
}
