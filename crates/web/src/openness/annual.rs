//! The openness annual report in the back office (PUB-ANNUAL; format of 国办公开办函〔2021〕30号):
//! `/office/openness/annual?year=&scope=` shows tables 二, 三 and 四 of the viewer's unit, or
//! of the whole county (`scope=county`), every number computed from the records, with links
//! to the print view, the workbook and the Word document (`annual_export`). The unit's
//! openness officer enters what the platform does not hold — 行政许可, 行政处罚, 行政强制
//! decisions and 行政事业性收费 — and keeps the register of reviews and suits of table 四. Bad
//! input is shown again in Chinese and nothing is stored.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use openness::UnitId;
use openness::annual::four::{CaseKind, CaseResult};
use openness::annual::two::Entered;
use openness::store::annual as store;
use openness::usecase::annual::{self as usecase, AnnualReport};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;

use super::annual_view::{Tables, tables};
use super::office::acting;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::staff::Staff;

/// A case's id in a back-office path (table 四).
pub(crate) struct CaseNo(pub i64);
crate::extract::path_id!(CaseNo, "复议诉讼案件");

/// Which report: `year` (last year by default) and `scope` (`county`, or the viewer's unit).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Which {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub scope: String,
    /// A report by its id (the kernel's views link to it): its year and scope.
    #[serde(default)]
    pub report: Option<i64>,
}

/// A report chosen and checked: the year and the unit (`None`: the county).
pub struct Chosen {
    pub year: i32,
    pub unit: Option<UnitId>,
    /// 某单位 or 全县.
    pub whose: String,
}

impl Chosen {
    /// The query string that names it.
    pub fn query(&self) -> String {
        match self.unit {
            None => format!("year={}&scope=county", self.year),
            Some(_) => format!("year={}", self.year),
        }
    }
}

/// The report `which` names for `staff`: an unknown year is refused in Chinese.
pub fn chosen(staff: &Staff, which: &Which) -> Result<Chosen, PageError> {
    let year = which
        .year
        .unwrap_or_else(|| Instant::from_millis(now_ms()).local_date().year() - 1);
    if !usecase::YEARS.contains(&year) {
        return Err(platform::Error::invalid("年度须在2019年以后（PUB-ANNUAL）").into());
    }
    Ok(match which.scope.as_str() {
        "county" => Chosen {
            year,
            unit: None,
            whose: "全县".to_owned(),
        },
        _ => Chosen {
            year,
            unit: Some(UnitId(staff.actor.unit_id)),
            whose: staff.actor.unit_name.clone(),
        },
    })
}

/// A case of the register as the page lists it.
pub struct CaseLine {
    pub id: i64,
    pub kind: &'static str,
    pub subject: String,
    pub filed: String,
    /// 审结结果 and its day, or empty while pending.
    pub concluded: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/annual.html")]
pub struct AnnualPage {
    chrome: Chrome,
    year: i32,
    whose: String,
    county: bool,
    query: String,
    t: Tables,
    /// The unit's officer may enter figures and cases.
    may_enter: bool,
    /// The entered figures as the form shows them: key, label, value.
    figures: Vec<(&'static str, &'static str, String)>,
    cases: Vec<CaseLine>,
    kinds: Vec<(&'static str, &'static str)>,
    results: Vec<(&'static str, &'static str)>,
    /// Today, the date fields' default.
    today: String,
    /// Sections 一, 五 and 六 and their publication (PUB-ANNUAL).
    r: super::annual_report::Written,
    error: Option<String>,
}

pub(super) async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    chosen: &Chosen,
    error: Option<String>,
) -> Result<AnnualPage, PageError> {
    let db = &state.platform.db;
    let report: AnnualReport = usecase::report(db, chosen.unit, chosen.year).await?;
    let may_enter = chosen.unit.is_some() && staff.actor.has(Role::OpennessOfficer);
    let figures = Entered::ALL
        .into_iter()
        .map(|what| {
            (
                what.key(),
                what.label_zh(),
                what.show(report.two.entered(what)),
            )
        })
        .collect();
    let cases = store::cases(db, chosen.unit)
        .await?
        .into_iter()
        .map(|case| CaseLine {
            id: case.id,
            kind: case.record.kind.label_zh(),
            subject: case.subject,
            filed: case.record.filed_on.to_string(),
            concluded: case
                .record
                .concluded
                .map(|(result, on)| format!("{}（{on}）", result.label_zh()))
                .unwrap_or_default(),
        })
        .collect();
    Ok(AnnualPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year: chosen.year,
        whose: chosen.whose.clone(),
        county: chosen.unit.is_none(),
        query: chosen.query(),
        t: tables(&report.two, &report.three, &report.four),
        may_enter,
        figures,
        cases,
        kinds: CaseKind::ALL
            .into_iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        results: CaseResult::ALL
            .into_iter()
            .map(|r| (r.code(), r.label_zh()))
            .collect(),
        today: Instant::from_millis(now_ms()).local_date().to_string(),
        r: super::annual_report::written(state, staff, chosen).await?,
        error,
    })
}

/// `GET /office/openness/annual`: the report's tables of the viewer's unit or the county.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(which): Query<Which>,
) -> Result<AnnualPage, PageError> {
    let which = super::annual_report::by_report(&state, &staff, which).await?;
    let chosen = chosen(&staff, &which)?;
    page(&state, &csrf, &staff, &chosen, None).await
}

/// The page again with the refusal, or back to the page.
async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    year: i32,
    anchor: &str,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    let chosen = chosen(
        staff,
        &Which {
            year: Some(year),
            scope: String::new(),
            report: None,
        },
    )?;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/office/openness/annual?{}#{anchor}",
            chosen.query()
        ))
        .into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Refused(_)
            | platform::Error::Conflict(_)),
        ) => {
            let shown = page(state, csrf, staff, &chosen, Some(error.to_string())).await?;
            Ok((status_of(&error), shown).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The figures as typed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresForm {
    year: i32,
    #[serde(default)]
    licences: String,
    #[serde(default)]
    penalties: String,
    #[serde(default)]
    compulsory: String,
    #[serde(default)]
    fees: String,
}

/// `POST /office/openness/annual/figures`: the unit's figures of the year (PUB-ANNUAL).
pub async fn figures(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<FiguresForm>,
) -> Result<Response, PageError> {
    let texts = [
        (Entered::Licences, form.licences.clone()),
        (Entered::Penalties, form.penalties.clone()),
        (Entered::Compulsory, form.compulsory.clone()),
        (Entered::Fees, form.fees.clone()),
    ];
    let now = Instant::from_millis(now_ms());
    let db = &state.platform.db;
    let outcome = usecase::enter_figures(db, &acting(&staff), form.year, &texts, now).await;
    answer(&state, &csrf, &staff, form.year, "figures", outcome).await
}

fn date(text: &str, what: &str) -> platform::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid(format!("请填写{what}（年-月-日）")))
}

/// A case as typed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseForm {
    year: i32,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    filed_on: String,
}

/// `POST /office/openness/annual/cases`: registers a review or suit (table 四).
pub async fn register_case(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<CaseForm>,
) -> Result<Response, PageError> {
    let now = Instant::from_millis(now_ms());
    let db = &state.platform.db;
    let outcome = async {
        let kind = CaseKind::of_code(&form.kind)
            .ok_or_else(|| platform::Error::invalid("请选择行政复议或行政诉讼的类别"))?;
        let filed_on = date(&form.filed_on, "立案日期")?;
        usecase::register_case(db, &acting(&staff), kind, &form.subject, filed_on, now).await?;
        Ok(())
    }
    .await;
    answer(&state, &csrf, &staff, form.year, "cases", outcome).await
}

/// A case's conclusion as typed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcludeForm {
    year: i32,
    #[serde(default)]
    result: String,
    #[serde(default)]
    concluded_on: String,
}

/// `POST /office/openness/annual/cases/{id}/conclude`: how a pending case ended.
pub async fn conclude_case(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CaseNo(id)): Id<CaseNo>,
    Form(form): Form<ConcludeForm>,
) -> Result<Response, PageError> {
    let now = Instant::from_millis(now_ms());
    let db = &state.platform.db;
    let outcome = async {
        let result = CaseResult::of_code(&form.result)
            .ok_or_else(|| platform::Error::invalid("请选择审结结果"))?;
        let on = date(&form.concluded_on, "审结日期")?;
        usecase::conclude_case(db, &acting(&staff), id, result, on, now).await
    }
    .await;
    answer(&state, &csrf, &staff, form.year, "cases", outcome).await
}
