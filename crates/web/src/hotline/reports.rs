//! The hotline's statistics in the back office (HL-RATES, HL-WARN, OPS-REPORTS): the three
//! rates per unit for a day, week, month, quarter or year with the formulas under the table
//! and a server-drawn SVG bar chart, the week's hot topics and places, the current warnings,
//! the Excel export, and the printable monthly notice (月度通报, 000 §12345-12(3)).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use hotline::reports::{
    self, Date, HotReport, Period, PeriodKind, RatesReport, UnitRates, Warning,
};
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ReportQuery {
    period: String,
    date: String,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NoticeQuery {
    month: String,
}

/// One table row, as text.
pub struct RateRow {
    rank: usize,
    unit: String,
    response: String,
    response_counts: String,
    completion: String,
    completion_counts: String,
    satisfaction: String,
    satisfaction_counts: String,
}

fn row_of(rank: usize, unit: &UnitRates) -> RateRow {
    let counts = |r: reports::Rate| format!("{}/{}", r.numerator, r.denominator);
    RateRow {
        rank,
        unit: unit.unit_name.clone(),
        response: unit.response.percent_text(),
        response_counts: counts(unit.response),
        completion: unit.completion.percent_text(),
        completion_counts: counts(unit.completion),
        satisfaction: unit.satisfaction.percent_text(),
        satisfaction_counts: counts(unit.satisfaction),
    }
}

pub struct PeriodOption {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_reports.html")]
pub struct ReportsPage {
    chrome: Chrome,
    periods: Vec<PeriodOption>,
    date: String,
    period_label: String,
    rows: Vec<RateRow>,
    overall: RateRow,
    formulas: Vec<String>,
    chart: String,
    hot: HotReport,
    hot_label: String,
    warnings: Vec<Warning>,
    export_query: String,
    notice_month: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_reports_notice.html")]
pub struct NoticePage {
    chrome: Chrome,
    title: String,
    month: String,
    rows: Vec<RateRow>,
    overall: RateRow,
    formulas: Vec<String>,
    chart: String,
    hot: HotReport,
    hot_label: String,
    issued: String,
}

fn today() -> Instant {
    Instant::from_millis(now_ms())
}

fn parse(query: &ReportQuery) -> Result<Period, PageError> {
    let kind = if query.period.trim().is_empty() {
        PeriodKind::Month
    } else {
        PeriodKind::parse(&query.period)?
    };
    let date = if query.date.trim().is_empty() {
        Date::of(today())
    } else {
        Date::parse(&query.date)?
    };
    Ok(Period::containing(kind, date))
}

/// The rows in ranking order (best first) and the total.
fn rows_of(report: &RatesReport) -> (Vec<RateRow>, RateRow) {
    let rows = report
        .ranking()
        .into_iter()
        .enumerate()
        .map(|(i, unit)| row_of(i + 1, unit))
        .collect();
    (rows, row_of(0, &report.overall))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A grouped bar chart of the three rates by unit, drawn on the server (no script).
pub fn chart_svg(report: &RatesReport) -> String {
    const COLORS: [(&str, &str); 3] = [
        ("响应率", "#2f6fb0"),
        ("办结率", "#3a9a5b"),
        ("满意率", "#d08a2c"),
    ];
    let units = report.ranking();
    let (left, top, plot_h, group_w) = (48, 40, 200, 96);
    // At least wide enough for the three-entry legend, however few units there are.
    let width = (left + group_w * units.len().max(1) + 20).max(left + 3 * 90 + 20);
    let height = top + plot_h + 70;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"rates-chart\" role=\"img\" \
         width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-size=\"12\" font-family=\"sans-serif\"><title>{}各单位“三率”</title>",
        escape(&report.period.label_zh())
    );
    for (i, (label, color)) in COLORS.iter().enumerate() {
        let x = left + i * 90;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"19\">{label}</text>",
            x + 16
        ));
    }
    for pct in [0, 50, 100] {
        let y = top + plot_h - plot_h * pct / 100;
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#ccc\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{pct}%</text>",
            width - 10,
            left - 4,
            y + 4
        ));
    }
    for (g, unit) in units.iter().enumerate() {
        let x0 = left + g * group_w + 12;
        let rates = [unit.response, unit.completion, unit.satisfaction];
        for (i, rate) in rates.iter().enumerate() {
            let bp = usize::try_from(rate.basis_points().unwrap_or(0)).unwrap_or(0);
            let h = plot_h * bp.min(10_000) / 10_000;
            svg.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"{h}\" fill=\"{}\">\
                 <title>{}{}：{}</title></rect>",
                x0 + i * 24,
                top + plot_h - h,
                COLORS[i].1,
                escape(&unit.unit_name),
                COLORS[i].0,
                rate.percent_text()
            ));
        }
        let name: String = unit.unit_name.chars().take(7).collect();
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x0 + 36,
            top + plot_h + 18,
            escape(&name)
        ));
    }
    if units.is_empty() {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">本期没有数据</text>",
            left + 10,
            top + plot_h / 2
        ));
    }
    svg.push_str("</svg>");
    svg
}

async fn hot_of(state: &AppState, date: Date) -> Result<(HotReport, String), PageError> {
    let week = Period::containing(PeriodKind::Week, date);
    let hot = reports::hot_of_week(&state.platform.db, week, 10).await?;
    Ok((hot, week.label_zh()))
}

/// `GET /office/hotline/reports?period=month&date=2026-11-23` (HL-RATES, HL-WARN).
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<ReportsPage, PageError> {
    let period = parse(&query)?;
    let profile = state.profile().await?;
    let db = &state.platform.db;
    let now = today();
    let report = reports::rates(db, &profile, period, now).await?;
    let (rows, overall) = rows_of(&report);
    let date = query_date(&query, period);
    let (hot, hot_label) = hot_of(&state, Date::parse(&date)?).await?;
    let warnings = reports::warn_scan(db, &profile, now).await?;
    Ok(ReportsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        periods: PeriodKind::ALL
            .iter()
            .map(|kind| PeriodOption {
                code: kind.code(),
                label: kind.label_zh(),
                selected: *kind == period.kind,
            })
            .collect(),
        export_query: format!("period={}&date={date}", period.kind.code()),
        notice_month: format!("{:04}-{:02}", period.first.year, period.first.month),
        date,
        period_label: period.label_zh(),
        rows,
        overall,
        formulas: report.formulas.lines(),
        chart: chart_svg(&report),
        hot,
        hot_label,
        warnings,
    })
}

fn query_date(query: &ReportQuery, period: Period) -> String {
    if query.date.trim().is_empty() {
        Date::of(today()).to_string()
    } else {
        Date::parse(&query.date).map_or_else(|_| period.first.to_string(), |d| d.to_string())
    }
}

/// `GET /office/hotline/reports.xlsx?period=month&date=…`: the rates table as Excel.
pub async fn xlsx(
    State(state): State<AppState>,
    _staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let period = parse(&query)?;
    let profile = state.profile().await?;
    let report = reports::rates(&state.platform.db, &profile, period, today()).await?;
    let headers = [
        "排名",
        "单位",
        "响应率",
        "按时响应/应响应",
        "办结率",
        "按时办结/应办结",
        "满意率",
        "满意/回访",
    ];
    let cells = |row: RateRow| {
        vec![
            Cell::Text(if row.rank == 0 {
                String::new()
            } else {
                row.rank.to_string()
            }),
            Cell::Text(row.unit),
            Cell::Text(row.response),
            Cell::Text(row.response_counts),
            Cell::Text(row.completion),
            Cell::Text(row.completion_counts),
            Cell::Text(row.satisfaction),
            Cell::Text(row.satisfaction_counts),
        ]
    };
    let (rows, overall) = rows_of(&report);
    let mut table: Vec<Vec<Cell>> = rows.into_iter().map(cells).collect();
    table.push(cells(overall));
    let title = format!("12345热线“三率”统计（{}）", period.label_zh());
    let mut notes = report.formulas.lines();
    notes.push(format!("导出时间：{}", minute_of(now_ms())));
    let bytes = xlsx::table("三率统计", &title, &headers, &table, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!("hotline-rates-{}-{}.xlsx", period.kind.code(), period.first);
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /office/hotline/notice?month=2026-11`: the monthly notice, printable on A4.
pub async fn notice(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> Result<NoticePage, PageError> {
    let first = if query.month.trim().is_empty() {
        Date::of(today())
    } else {
        Date::parse_month(&query.month)?
    };
    let month = Period::containing(PeriodKind::Month, first);
    let profile = state.profile().await?;
    let report = reports::rates(&state.platform.db, &profile, month, today()).await?;
    let (rows, overall) = rows_of(&report);
    // The hot issues of the month itself.
    let hot = reports::hot_of_week(&state.platform.db, month, 10).await?;
    let hot_label = month.label_zh();
    Ok(NoticePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        title: format!(
            "12345政务服务便民热线{}“接诉即办”工作通报",
            month.label_zh()
        ),
        month: format!("{:04}-{:02}", month.first.year, month.first.month),
        rows,
        overall,
        formulas: report.formulas.lines(),
        chart: chart_svg(&report),
        hot,
        hot_label,
        issued: minute_of(now_ms()),
    })
}
