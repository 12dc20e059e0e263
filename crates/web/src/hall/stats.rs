//! The queue figures `/office/hall/stats` (HALL-QUEUE): a period (today by default) per window,
//! item, hour or day — tickets, called, no-shows, average and p90 wait, average handling —
//! with the peak hours, and `/office/hall/stats.xlsx`, the same table in Excel.

use ::hall::stats::{By, Row, duration_zh, peaks, table};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use platform::db::now_ms;

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

/// The formula printed under the table and in the export.
const NOTE: &str = "等候时长 = 首次叫号时间 − 取号（预约时段开始）时间；办理时长 = 办结时间 − 开始办理时间；p90 为最近秩法第 90 百分位。";

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    by: String,
}

pub struct Line {
    key: String,
    tickets: usize,
    called: usize,
    no_show: usize,
    avg_wait: String,
    p90_wait: String,
    avg_handling: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/stats.html")]
pub struct StatsPage {
    chrome: Chrome,
    from: String,
    to: String,
    by: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    peaks: Vec<(String, usize)>,
    note: &'static str,
}

struct Period {
    from: NaiveDate,
    to: NaiveDate,
    by: By,
}

fn period(query: &StatsQuery) -> platform::Result<Period> {
    let (today, _) = ::hall::usecase::local_day_minute(now_ms());
    let day = |text: &str| -> platform::Result<NaiveDate> {
        match text.trim() {
            "" => Ok(today),
            t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| platform::Error::invalid(format!("日期“{t}”无效，应如 2026-03-02"))),
        }
    };
    let by = match query.by.trim() {
        "" => By::Window,
        code => By::parse(code).ok_or_else(|| platform::Error::invalid("统计方式无效"))?,
    };
    Ok(Period {
        from: day(&query.from)?,
        to: day(&query.to)?,
        by,
    })
}

async fn figures(
    state: &AppState,
    period: &Period,
) -> platform::Result<(Vec<Row>, Vec<(String, usize)>)> {
    let samples =
        ::hall::usecase::stats::samples(&state.platform.db, period.from, period.to).await?;
    let peaks = peaks(&samples, 5)
        .into_iter()
        .map(|(day, hour, n)| (format!("{day} {hour:02}:00-{:02}:00", hour + 1), n))
        .collect();
    Ok((table(&samples, period.by), peaks))
}

fn line(row: &Row) -> Line {
    Line {
        key: row.key.clone(),
        tickets: row.tickets,
        called: row.called,
        no_show: row.no_show,
        avg_wait: duration_zh(row.avg_wait_s),
        p90_wait: duration_zh(row.p90_wait_s),
        avg_handling: duration_zh(row.avg_handling_s),
    }
}

/// `GET /office/hall/stats`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<StatsQuery>,
) -> Result<StatsPage, PageError> {
    let period = period(&query)?;
    let (rows, peaks) = figures(&state, &period).await?;
    Ok(StatsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        from: period.from.to_string(),
        to: period.to.to_string(),
        by: period.by.code(),
        choices: By::ALL.iter().map(|b| (b.code(), b.label())).collect(),
        lines: rows.iter().map(line).collect(),
        peaks,
        note: NOTE,
    })
}

/// `GET /office/hall/stats.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<Response, PageError> {
    let period = period(&query)?;
    let (rows, peaks) = figures(&state, &period).await?;
    let headers = [
        "分组",
        "取号数",
        "叫号数",
        "过号数",
        "平均等候",
        "p90 等候",
        "平均办理",
    ];
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            let l = line(row);
            vec![
                Cell::Text(l.key),
                Cell::Number(row.tickets as f64),
                Cell::Number(row.called as f64),
                Cell::Number(row.no_show as f64),
                Cell::Text(l.avg_wait),
                Cell::Text(l.p90_wait),
                Cell::Text(l.avg_handling),
            ]
        })
        .collect();
    let title = format!(
        "大厅排队统计（{}，{} 至 {}）",
        period.by.label(),
        period.from,
        period.to
    );
    let mut notes = vec![NOTE.to_owned()];
    for (hour, n) in peaks {
        notes.push(format!("高峰时段：{hour}，{n} 人取号"));
    }
    notes.push(format!("导出时间：{}", minute_of(now_ms())));
    let bytes = xlsx::table("排队统计", &title, &headers, &cells, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!(
        "hall-{}-{}-{}.xlsx",
        period.by.code(),
        period.from,
        period.to
    );
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
