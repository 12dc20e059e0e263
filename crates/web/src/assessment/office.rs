//! `/office/assessment?year=2026` (OPS-ASSESS): per domain (subject kind) and unit, the
//! year's 按时办结率, 三率, 好差评满意率, overdue subjects, accountability events, deduction
//! and score, ranked by score, with the formula under the table; the same as Excel and as an
//! A4 print view.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use hotline::reports::{Date, Period, PeriodKind};
use platform::assessment::{self, Figures, Ratio, Row};
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    year: String,
}

/// One line of the table, as text.
pub struct Line {
    pub rank: usize,
    pub unit: String,
    pub timeliness: String,
    pub timeliness_counts: String,
    pub response: String,
    pub completion: String,
    pub satisfaction: String,
    pub evaluation: String,
    pub evaluation_counts: String,
    pub overdue: u64,
    pub accountability: u64,
    pub deduction: String,
    pub score: String,
}

/// One domain's table.
pub struct Section {
    pub label: &'static str,
    pub lines: Vec<Line>,
}

/// The year's assessment as the pages show it.
pub struct Assessment {
    pub year: i32,
    pub sections: Vec<Section>,
    pub formula: Vec<String>,
}

fn this_year() -> i32 {
    Date::of(Instant::from_millis(now_ms())).year
}

fn year_of(query: &YearQuery) -> Result<i32, PageError> {
    if query.year.trim().is_empty() {
        Ok(this_year())
    } else {
        Ok(assessment::parse_year(&query.year)?)
    }
}

fn rate_text(ratio: Option<Ratio>) -> String {
    ratio.map_or_else(|| "—".into(), Ratio::percent_text)
}

fn counts(ratio: Ratio) -> String {
    format!("{}/{}", ratio.numerator, ratio.denominator)
}

/// The rows of `year` for every registered kind, the 12345 三率 filled in for the orders,
/// scored and ranked per kind.
async fn assess(state: &AppState, year: i32) -> Result<Assessment, PageError> {
    let profile = state.profile().await?;
    let db = &state.platform.db;
    let registry = crate::subjects();
    let satisfied = if profile.evaluation.satisfaction_counts_basically_satisfied {
        3
    } else {
        2
    };
    let mut rows = assessment::figures(db, registry.kinds(), year, satisfied).await?;
    // The 三率 of the year (HL-RATES), judged now: they are the hotline's orders' measures.
    let period = Period::containing(
        PeriodKind::Year,
        Date {
            year,
            month: 1,
            day: 1,
        },
    );
    let now = Instant::from_millis(now_ms());
    let rates = hotline::reports::rates(db, &profile, period, now).await?;
    let kind = &hotline::SUBJECT;
    for unit in &rates.units {
        if !rows
            .iter()
            .any(|row| row.kind == kind.code && row.unit_id == unit.unit_id)
        {
            rows.push(Row {
                kind: kind.code,
                kind_label: kind.label,
                unit_id: unit.unit_id,
                unit_name: unit.unit_name.clone(),
                figures: Figures::default(),
            });
        }
    }
    let ratio = |r: hotline::reports::Rate| Some(Ratio::new(r.numerator, r.denominator));
    for row in rows.iter_mut().filter(|row| row.kind == kind.code) {
        let unit = rates.unit(row.unit_id);
        row.figures.response = ratio(unit.map(|u| u.response).unwrap_or_default());
        row.figures.completion = ratio(unit.map(|u| u.completion).unwrap_or_default());
        row.figures.satisfaction = ratio(unit.map(|u| u.satisfaction).unwrap_or_default());
    }
    let mut sections = Vec::new();
    for kind in registry.kinds() {
        let mut scored: Vec<(&Row, assessment::Score)> = rows
            .iter()
            .filter(|row| row.kind == kind.code)
            .map(|row| {
                (
                    row,
                    assessment::score::score(&row.figures, &profile.assessment),
                )
            })
            .collect();
        scored.sort_by(|(a, sa), (b, sb)| {
            sb.total
                .cmp(&sa.total)
                .then_with(|| a.unit_name.cmp(&b.unit_name))
        });
        let lines = scored
            .into_iter()
            .enumerate()
            .map(|(i, (row, score))| {
                let f = &row.figures;
                Line {
                    rank: i + 1,
                    unit: row.unit_name.clone(),
                    timeliness: f.timeliness.percent_text(),
                    timeliness_counts: counts(f.timeliness),
                    response: rate_text(f.response),
                    completion: rate_text(f.completion),
                    satisfaction: rate_text(f.satisfaction),
                    evaluation: f.evaluation.percent_text(),
                    evaluation_counts: counts(f.evaluation),
                    overdue: f.overdue,
                    accountability: f.accountability,
                    deduction: assessment::points_text(Some(score.deduction)),
                    score: score.text(),
                }
            })
            .collect();
        sections.push(Section {
            label: kind.label,
            lines,
        });
    }
    Ok(Assessment {
        year,
        sections,
        formula: assessment::formula_zh(&profile),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/assessment.html")]
pub struct AssessmentPage {
    chrome: Chrome,
    years: Vec<(i32, bool)>,
    assessment: Assessment,
    at: String,
}

/// `GET /office/assessment?year=2026`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<AssessmentPage, PageError> {
    let year = year_of(&query)?;
    let current = this_year();
    let years = (current - 5..=current)
        .rev()
        .map(|y| (y, y == year))
        .collect();
    Ok(AssessmentPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        years,
        assessment: assess(&state, year).await?,
        at: minute_of(now_ms()),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/assessment_print.html")]
pub struct PrintPage {
    chrome: Chrome,
    assessment: Assessment,
    at: String,
}

/// `GET /office/assessment/print?year=2026`: the table on A4, for the written result.
pub async fn print(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<PrintPage, PageError> {
    let year = year_of(&query)?;
    Ok(PrintPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        assessment: assess(&state, year).await?,
        at: minute_of(now_ms()),
    })
}

/// `GET /office/assessment.xlsx?year=2026`: every domain's table on one sheet.
pub async fn xlsx(
    State(state): State<AppState>,
    _staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, PageError> {
    let year = year_of(&query)?;
    let assessment = assess(&state, year).await?;
    let headers = [
        "类别",
        "排名",
        "单位",
        "按时办结率",
        "按时/已办结",
        "响应率",
        "办结率",
        "满意率",
        "好差评满意率",
        "满意/评价",
        "超期件数",
        "问责事件",
        "扣分",
        "得分",
    ];
    let mut rows = Vec::new();
    for section in &assessment.sections {
        for line in &section.lines {
            rows.push(vec![
                Cell::Text(section.label.into()),
                Cell::Number(line.rank as f64),
                Cell::Text(line.unit.clone()),
                Cell::Text(line.timeliness.clone()),
                Cell::Text(line.timeliness_counts.clone()),
                Cell::Text(line.response.clone()),
                Cell::Text(line.completion.clone()),
                Cell::Text(line.satisfaction.clone()),
                Cell::Text(line.evaluation.clone()),
                Cell::Text(line.evaluation_counts.clone()),
                Cell::Number(line.overdue as f64),
                Cell::Number(line.accountability as f64),
                Cell::Text(line.deduction.clone()),
                Cell::Text(line.score.clone()),
            ]);
        }
    }
    let mut notes = assessment.formula.clone();
    notes.push(format!("导出时间：{}", minute_of(now_ms())));
    let title = format!("{year}年度单位考核");
    let bytes = xlsx::table("年度考核", &title, &headers, &rows, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"assessment-{year}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
