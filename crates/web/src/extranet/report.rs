//! The annual operation report of the extranet (NET-LEDGER; 000 外网 §14 每年…通报): a page
//! for a year (units in operation, ledgers, access points, the no-wireless declarations,
//! security findings opened, fixed and overdue, cut-offs, units cut off now, each pool's
//! address utilisation) and its Excel export. The extranet administrators only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use chrono::Datelike as _;
use extranet::usecase::report::{self, AnnualReport};
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

#[derive(Template, WebTemplate)]
#[template(path = "extranet/report.html")]
pub struct ReportPage {
    chrome: Chrome,
    year: i32,
    figures: Vec<(&'static str, String)>,
    /// Pool, prefix, used, size, per cent.
    pools: Vec<(String, String, String, String, String)>,
}

/// `?year=` (this year when absent).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

fn year_of(query: &YearQuery) -> platform::Result<i32> {
    let this = Instant::from_millis(now_ms()).local_date().year();
    match query.year.as_deref().map(str::trim) {
        None | Some("") => Ok(this),
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|year| (2000..=this).contains(year))
            .ok_or_else(|| platform::Error::invalid(format!("年份应为 2000 到 {this} 之间的整数"))),
    }
}

fn figures(report: &AnnualReport) -> Vec<(&'static str, String)> {
    vec![
        ("运行中的接入单位", report.units_in_operation.to_string()),
        (
            "已明确分管领导和工作人员的单位",
            report.units_with_people.to_string(),
        ),
        ("台账登记的接入点", report.access_points.to_string()),
        (
            "本年声明未搭接无线设备的单位",
            report.units_declared.to_string(),
        ),
        ("本年下发安全检查问题", report.findings_opened.to_string()),
        ("本年整改完成", report.findings_fixed.to_string()),
        (
            "本年下发问题中逾期整改的",
            report.findings_overdue.to_string(),
        ),
        ("本年阻断接入（断开）次数", report.cut_offs.to_string()),
        ("目前处于断开状态的单位", report.cut_off_now.to_string()),
    ]
}

fn pools(report: &AnnualReport) -> Vec<(String, String, String, String, String)> {
    report
        .pools
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.prefix.to_string(),
                p.used.to_string(),
                p.prefix.size().to_string(),
                format!("{:.1}%", p.utilisation_percent()),
            )
        })
        .collect()
}

async fn load(state: &AppState, query: &YearQuery) -> Result<AnnualReport, PageError> {
    let year = year_of(query)?;
    let calendar = platform::workcal::load_current(&state.platform.db).await?;
    let now = Instant::from_millis(now_ms());
    Ok(report::annual(&state.platform.db, &calendar, year, now).await?)
}

/// `GET /office/extranet/report?year=`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<ReportPage, PageError> {
    let report = load(&state, &query).await?;
    Ok(ReportPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        year: report.year,
        figures: figures(&report),
        pools: pools(&report),
    })
}

/// `GET /office/extranet/report/export?year=`: the report as `.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    Query(query): Query<YearQuery>,
) -> Result<Response, PageError> {
    let report = load(&state, &query).await?;
    let mut rows: Vec<Vec<Cell>> = figures(&report)
        .into_iter()
        .map(|(what, n)| {
            vec![
                Cell::Text(what.to_owned()),
                Cell::Number(n.parse::<f64>().unwrap_or_default()),
            ]
        })
        .collect();
    for (name, prefix, used, size, percent) in pools(&report) {
        rows.push(vec![
            Cell::Text(format!("地址池“{name}”{prefix} 已用/总数")),
            Cell::Text(format!("{used} / {size}（{percent}）")),
        ]);
    }
    let title = format!("{} 年电子政务外网运行管理情况", report.year);
    let notes = vec![
        "依据《甘州区电子政务外网管理办法》第十四条至第十六条（NET-LEDGER）".to_owned(),
        format!("导出时间：{}", minute_of(now_ms())),
    ];
    let bytes = xlsx::table("运行情况", &title, &["项目", "数量"], &rows, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"extranet-report-{}.xlsx\"",
                    report.year
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
