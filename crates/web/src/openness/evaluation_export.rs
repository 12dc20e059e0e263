//! The social evaluation's results outside the office page (PUB-EVAL; 002 社会评议 §9: 向本级
//! 党委政府和上级主管部门报告…并向社会公开): `GET /office/openness/evaluation/results.xlsx`
//! is the workbook reported upward (each unit's sheets, satisfaction, last year's, 约谈 and
//! accountability), and `GET /openness/evaluation` the public page of the published years —
//! units and their satisfaction, never an evaluator.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use openness::evaluation::Consequence;
use openness::usecase::evaluation as usecase;
use platform::db::now_ms;

use super::evaluation::{YearQuery, percent};
use super::office::acting;
use super::subject::{name_in, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

/// `GET /office/openness/evaluation/results.xlsx?year=`: the year's results as reported
/// upward; the office's officers and leaders, a year not opened is not found.
pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, PageError> {
    let year = query
        .year
        .trim()
        .parse::<i32>()
        .map_err(|_| platform::Error::not_found("评议年度"))?;
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let acting = acting(&staff);
    let results = usecase::results(db, &acting, year, &profile).await?;
    let units = unit_names(&state).await?;
    let headers = [
        "被评议单位",
        "评议表数",
        "满意",
        "基本满意",
        "不满意",
        "群众满意率",
        "上年度满意率",
        "处理",
        "约谈记录",
        "责任追究案件",
    ];
    let rows: Vec<Vec<Cell>> = results
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::Text(name_in(&units, l.unit.0)),
                Cell::Number(f64::from(l.tally.total())),
                Cell::Number(f64::from(l.tally.satisfied)),
                Cell::Number(f64::from(l.tally.basic)),
                Cell::Number(f64::from(l.tally.unsatisfied)),
                Cell::Text(percent(Some(&l.tally))),
                Cell::Text(percent(l.previous.as_ref())),
                Cell::Text(l.consequence.label_zh().to_owned()),
                Cell::Text(l.record.interviewed_on.map_or_else(String::new, |on| {
                    format!("{on} {}", l.record.interview_note)
                })),
                Cell::Text(l.record.case.map_or_else(String::new, |c| c.to_string())),
            ]
        })
        .collect();
    let pass = profile.openness.evaluation_pass_percent;
    let notes = vec![
        "群众满意率 =（满意 + 基本满意）÷ 已提交评议表数；草稿不计入。".to_owned(),
        format!("满意率低于{pass}%的单位约谈主要领导；连续两年低于{pass}%的单位追究有关领导责任。"),
        format!(
            "状态：{}；导出时间：{}",
            if results.evaluation.published_at.is_some() {
                "已向社会公开"
            } else {
                "未公开"
            },
            minute_of(now_ms())
        ),
    ];
    let title = format!("{}{year}年度政务公开社会评议结果", staff.actor.unit_name);
    let bytes = xlsx::table("社会评议结果", &title, &headers, &rows, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"social-evaluation-{year}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One published year on the portal.
pub struct PublicYear {
    pub year: i32,
    pub office: String,
    pub published: String,
    /// (unit, sheets, satisfaction, below)
    pub lines: Vec<(String, u32, String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/evaluation_public.html")]
pub struct PublicPage {
    chrome: Chrome,
    pass_percent: u32,
    years: Vec<PublicYear>,
}

/// `GET /openness/evaluation`: the published results (no evaluator's name).
pub async fn public(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<PublicPage, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let units = unit_names(&state).await?;
    let years = usecase::published(db, &profile)
        .await?
        .into_iter()
        .map(|results| PublicYear {
            year: results.evaluation.year,
            office: name_in(&units, results.evaluation.office.0),
            published: results
                .evaluation
                .published_at
                .map_or_else(String::new, |at| date_of(at.millis())),
            lines: results
                .lines
                .iter()
                .map(|l| {
                    (
                        name_in(&units, l.unit.0),
                        l.tally.total(),
                        percent(Some(&l.tally)),
                        l.consequence != Consequence::None,
                    )
                })
                .collect(),
        })
        .collect();
    Ok(PublicPage {
        chrome: Chrome::public(&state, &csrf).await?,
        pass_percent: profile.openness.evaluation_pass_percent,
        years,
    })
}
