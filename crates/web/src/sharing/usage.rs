//! The call log and usage statistics (DATA-CALL, DATA-MAINT: 使用情况统计; 000 共享 §12, §14):
//! for a period (default the last 30 days), the calls summed per provider, per resource and
//! per consumer — calls, answered, refused, rows, bytes — and the latest calls of the log with
//! who, what, filter, rows, status and duration; whether the chained log verifies. The
//! administrator sees every unit's calls, a unit's staff those of their unit as provider or
//! consumer. `…/export` writes the three sums as one Excel sheet (`crate::xlsx`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use chrono::NaiveDate;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::usage::{self, UsageLine};
use sharing::{calllog, split_resource_key};

use super::{name_in, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

const DAY_MS: i64 = 86_400_000;

/// The period asked for: `from` and `to` dates (`YYYY-MM-DD`, both included).
#[derive(Debug, Default, Deserialize)]
pub struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The period in words and as `[from, to)` milliseconds, or the problem.
fn period(asked: &Period) -> platform::Result<(String, String, i64, i64)> {
    let today = now_ms();
    let parse = |text: &str, what: &str, default: i64| -> platform::Result<i64> {
        match text.trim() {
            "" => Ok(default),
            text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|date| Instant::from_local(date, 0).millis())
                .map_err(|_| platform::Error::invalid(format!("{what}“{text}”应为年-月-日"))),
        }
    };
    let to = parse(&asked.to, "截止日期", today)? + DAY_MS;
    let from = parse(&asked.from, "起始日期", today - 29 * DAY_MS)?;
    if from >= to {
        return Err(platform::Error::invalid("起始日期不能晚于截止日期"));
    }
    Ok((date_of(from), date_of(to - DAY_MS), from, to))
}

/// One sum line on the page: its name and figures.
pub struct Sum {
    pub name: String,
    pub calls: i64,
    pub answered: i64,
    pub refused: i64,
    pub rows: i64,
    pub bytes: i64,
}

/// One call of the log.
pub struct Call {
    pub seq: i64,
    pub at: String,
    pub consumer: String,
    pub resource: i64,
    pub fields: String,
    pub filter: String,
    pub rows: i64,
    pub status: i64,
    pub duration_ms: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/calls.html")]
pub struct CallsPage {
    chrome: Chrome,
    from: String,
    to: String,
    /// (title, table id, sums): per provider, resource and consumer.
    tables: Vec<(&'static str, &'static str, Vec<Sum>)>,
    calls: Vec<Call>,
    verified: String,
    error: Option<String>,
}

/// The three sums of `lines`.
fn sums(lines: &[UsageLine], units: &[(i64, String, bool)]) -> [Vec<Sum>; 3] {
    let unit =
        |id: Option<i64>| id.map_or_else(|| "（无效授权码）".to_owned(), |id| name_in(units, id));
    let to_sum = |name: String, l: &UsageLine| Sum {
        name,
        calls: l.calls,
        answered: l.answered,
        refused: l.refused,
        rows: l.rows,
        bytes: l.bytes,
    };
    [
        usage::sum_by(lines, |l| l.provider)
            .into_iter()
            .map(|(k, l)| to_sum(unit(k), &l))
            .collect(),
        usage::sum_by(lines, |l| l.resource)
            .into_iter()
            .map(|(k, l)| to_sum(format!("{}（/share/v1/{k}）", l.resource_name), &l))
            .collect(),
        usage::sum_by(lines, |l| l.consumer)
            .into_iter()
            .map(|(k, l)| to_sum(unit(k), &l))
            .collect(),
    ]
}

/// The unit whose calls the viewer sees (none: every unit's).
fn scope(staff: &Staff) -> Option<i64> {
    (!platform::access::sharing_sees_all_calls(&staff.actor)).then_some(staff.actor.unit_id)
}

/// `GET /office/sharing/calls`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(asked): Query<Period>,
) -> Result<CallsPage, PageError> {
    let db = &state.platform.db;
    let (error, (from, to, start, end)) = match period(&asked) {
        Ok(p) => (None, p),
        Err(e) => (Some(e.to_string()), period(&Period::default())?),
    };
    let unit = scope(&staff);
    let units = unit_names(&state).await?;
    let lines = usage::lines(db, start, end, unit).await?;
    let [by_provider, by_resource, by_consumer] = sums(&lines, &units);
    let providers: Vec<(i64, i64)> = lines
        .iter()
        .filter_map(|l| l.provider.map(|p| (l.resource, p)))
        .collect();
    let entries = sharing::store::entries::list(db, &[], None).await?;
    let provider_of = |resource: i64| {
        providers
            .iter()
            .find(|(r, _)| *r == resource)
            .map(|(_, p)| *p)
            .or_else(|| {
                let (entry, _) = split_resource_key(resource);
                entries
                    .iter()
                    .find(|e| e.entry.id == entry)
                    .map(|e| e.entry.provider.0)
            })
    };
    let calls = calllog::recent(db, None, 500)
        .await?
        .into_iter()
        .filter(|row| {
            unit.is_none_or(|u| {
                row.call.consumer == Some(u) || provider_of(row.call.resource) == Some(u)
            })
        })
        .take(50)
        .map(|row| {
            let c = row.call;
            Call {
                seq: row.seq,
                at: minute_of(c.at),
                consumer: c
                    .consumer
                    .map_or_else(|| "—".to_owned(), |id| name_in(&units, id)),
                resource: c.resource,
                fields: c.fields,
                filter: c.filter,
                rows: c.rows,
                status: c.status,
                duration_ms: format!("{:.1}", c.duration_us as f64 / 1000.0),
                message: c.message,
            }
        })
        .collect();
    let report = calllog::verify(db).await?;
    let verified = match report.first_break {
        None => format!("调用日志完整（已校验 {} 条，SM3 链）", report.rows_checked),
        Some((seq, why)) => format!("调用日志校验失败：第 {seq} 条 — {why}"),
    };
    Ok(CallsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        from,
        to,
        tables: vec![
            ("按提供部门", "by-provider", by_provider),
            ("按资源", "by-resource", by_resource),
            ("按使用部门", "by-consumer", by_consumer),
        ],
        calls,
        verified,
        error,
    })
}

/// `GET /office/sharing/calls/export`: the three sums as an Excel sheet.
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(asked): Query<Period>,
) -> Result<Response, PageError> {
    let (from, to, start, end) = period(&asked)?;
    let units = unit_names(&state).await?;
    let lines = usage::lines(&state.platform.db, start, end, scope(&staff)).await?;
    let [by_provider, by_resource, by_consumer] = sums(&lines, &units);
    let mut cells = Vec::new();
    for (what, sums) in [
        ("提供部门", by_provider),
        ("资源", by_resource),
        ("使用部门", by_consumer),
    ] {
        for s in sums {
            cells.push(vec![
                Cell::Text(what.to_owned()),
                Cell::Text(s.name),
                Cell::Number(s.calls as f64),
                Cell::Number(s.answered as f64),
                Cell::Number(s.refused as f64),
                Cell::Number(s.rows as f64),
                Cell::Number(s.bytes as f64),
            ]);
        }
    }
    let title = format!("政务数据共享使用情况统计（{from} 至 {to}）");
    let headers = [
        "统计维度",
        "名称",
        "调用次数",
        "成功",
        "拒绝",
        "返回行数",
        "返回字节",
    ];
    let notes = vec![
        "每次调用（含被拒绝的）均记入 SM3 链式调用日志；拒绝 = 调用次数 − 成功。".to_owned(),
        format!("统计期间：{from} 至 {to}（含）。"),
    ];
    let bytes = xlsx::table("使用情况统计", &title, &headers, &cells, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!("sharing-usage-{from}-{to}.xlsx");
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
