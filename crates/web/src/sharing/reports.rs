//! The periodic usage report (DATA-MAINT: 共享数据使用情况定期报告, 000 共享 §14; DATA-CALL):
//! `/office/sharing/reports` shows, month by month for a period of months (default the six
//! months up to this one, at most `sharing::report::MAX_MONTHS`), per provider resource and
//! per consumer unit the calls, refused calls and records returned from the call log, with
//! the period's total; `…/export` writes the same as an Excel book (`crate::xlsx`), a sheet
//! per view, a row per line and month. The administrator sees every unit's calls, a unit's
//! staff those of their unit as provider or consumer (as on the statistics page).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::report::{self, Figures, Month, Report, ReportLine};

use super::{name_in, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell, Sheet};

/// The months asked for: `from` and `to` (`YYYY-MM`, both included).
#[derive(Debug, Default, Deserialize)]
pub struct Months {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The months of the report, or the problem in Chinese.
fn months(asked: &Months) -> platform::Result<Vec<Month>> {
    let this = Month::of(Instant::from_millis(now_ms()));
    let parse = |text: &str, what: &str, default: Month| match text.trim() {
        "" => Ok(default),
        text => Month::parse(text).ok_or_else(|| {
            platform::Error::invalid(format!("{what}“{text}”应为年-月，如 2026-03"))
        }),
    };
    let to = parse(&asked.to, "截止月份", this)?;
    let from = parse(
        &asked.from,
        "起始月份",
        (0..5).fold(to, |m, _| m.previous()),
    )?;
    report::months(from, to).map_err(platform::Error::invalid)
}

/// One line of the page: its names and its figures month by month, then the total.
pub struct Line {
    pub name: String,
    pub provider: String,
    pub figures: Vec<Figures>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/reports.html")]
pub struct ReportsPage {
    chrome: Chrome,
    from: String,
    to: String,
    /// `YYYY年M月` of each month.
    months: Vec<String>,
    by_resource: Vec<Line>,
    by_consumer: Vec<Line>,
    error: Option<String>,
}

fn consumer_name(units: &[(i64, String, bool)], key: Option<i64>) -> String {
    key.map_or_else(|| "（无效授权码）".to_owned(), |id| name_in(units, id))
}

fn provider_name(units: &[(i64, String, bool)], line: &ReportLine) -> String {
    line.provider
        .map_or_else(|| "—".to_owned(), |id| name_in(units, id))
}

fn page_lines(lines: &[ReportLine], name: impl Fn(&ReportLine) -> (String, String)) -> Vec<Line> {
    lines
        .iter()
        .map(|l| {
            let (name, provider) = name(l);
            let mut figures = l.months.clone();
            figures.push(l.total);
            Line {
                name,
                provider,
                figures,
            }
        })
        .collect()
}

/// The unit whose calls the viewer sees (none: every unit's).
fn scope(staff: &Staff) -> Option<i64> {
    (!platform::access::sharing_sees_all_calls(&staff.actor)).then_some(staff.actor.unit_id)
}

async fn load(state: &AppState, staff: &Staff, months: &[Month]) -> Result<Report, PageError> {
    Ok(report::monthly(&state.platform.db, months, scope(staff)).await?)
}

/// `GET /office/sharing/reports`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(asked): Query<Months>,
) -> Result<ReportsPage, PageError> {
    let (error, months) = match months(&asked) {
        Ok(m) => (None, m),
        Err(e) => (Some(e.to_string()), months(&Months::default())?),
    };
    let units = unit_names(&state).await?;
    let report = load(&state, &staff, &months).await?;
    let (first, last) = (months.first().copied(), months.last().copied());
    Ok(ReportsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        from: first.map(Month::label).unwrap_or_default(),
        to: last.map(Month::label).unwrap_or_default(),
        months: months.iter().map(|m| m.label_zh()).collect(),
        by_resource: page_lines(&report.by_resource, |l| {
            (
                format!("{}（/share/v1/{}）", l.name, l.key.unwrap_or_default()),
                provider_name(&units, l),
            )
        }),
        by_consumer: page_lines(&report.by_consumer, |l| {
            (consumer_name(&units, l.key), String::new())
        }),
        error,
    })
}

fn figure_cells(f: Figures) -> [Cell; 3] {
    [
        Cell::Number(f.calls as f64),
        Cell::Number(f.refused as f64),
        Cell::Number(f.rows as f64),
    ]
}

/// A row per line and month, then the line's total.
fn sheet_rows(
    months: &[Month],
    lines: &[ReportLine],
    names: impl Fn(&ReportLine) -> Vec<Cell>,
) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for line in lines {
        let periods = months
            .iter()
            .map(|m| m.label_zh())
            .zip(line.months.iter().copied())
            .chain(std::iter::once(("合计".to_owned(), line.total)));
        for (period, figures) in periods {
            let mut row = vec![Cell::Text(period)];
            row.extend(names(line));
            row.extend(figure_cells(figures));
            rows.push(row);
        }
    }
    rows
}

/// `GET /office/sharing/reports/export`: the report as an Excel book.
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(asked): Query<Months>,
) -> Result<Response, PageError> {
    let months = months(&asked)?;
    let units = unit_names(&state).await?;
    let report = load(&state, &staff, &months).await?;
    let (from, to) = (
        months.first().map(|m| m.label()).unwrap_or_default(),
        months.last().map(|m| m.label()).unwrap_or_default(),
    );
    let notes = vec![
        "数据来自 SM3 链式调用日志：每次调用（含被拒绝的）均计入调用次数；返回记录数为成功调用返回的行数。".to_owned(),
        format!("统计期间：{from} 至 {to}，按自然月（北京时间）统计。"),
    ];
    let resource_headers = [
        "月份",
        "资源",
        "提供部门",
        "调用次数",
        "拒绝次数",
        "返回记录数",
    ];
    let consumer_headers = ["月份", "使用部门", "调用次数", "拒绝次数", "返回记录数"];
    let sheets = [
        Sheet {
            name: "按资源".to_owned(),
            title: format!("政务数据共享使用情况月度报告·按资源（{from} 至 {to}）"),
            headers: &resource_headers,
            rows: sheet_rows(&months, &report.by_resource, |l| {
                vec![
                    Cell::Text(format!(
                        "{}（/share/v1/{}）",
                        l.name,
                        l.key.unwrap_or_default()
                    )),
                    Cell::Text(provider_name(&units, l)),
                ]
            }),
            notes: notes.clone(),
        },
        Sheet {
            name: "按使用部门".to_owned(),
            title: format!("政务数据共享使用情况月度报告·按使用部门（{from} 至 {to}）"),
            headers: &consumer_headers,
            rows: sheet_rows(&months, &report.by_consumer, |l| {
                vec![Cell::Text(consumer_name(&units, l.key))]
            }),
            notes,
        },
    ];
    let bytes = xlsx::book(&sheets)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!("sharing-usage-report-{from}-{to}.xlsx");
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
