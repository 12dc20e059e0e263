//! The audit administrator's search page (SEC-AUDIT), with an on-demand chain verification.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use chrono::NaiveDate;
use platform::audit::{AuditFilter, verify};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;

const LIMIT: i64 = 200;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FilterForm {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    verify: Option<String>,
}

pub struct RowLine {
    seq: i64,
    time: String,
    actor: String,
    role: String,
    ip: String,
    action: String,
    object: String,
    outcome: &'static str,
    detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/audit.html")]
pub struct AuditPage {
    chrome: Chrome,
    filter: FilterForm,
    rows: Vec<RowLine>,
    limit: i64,
    verification: Option<(bool, String)>,
}

/// Start of a `YYYY-MM-DD` day in Asia/Shanghai as epoch ms; `end` gives the next midnight.
fn day_ms(text: &str, end: bool) -> Result<Option<i64>, PageError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        platform::Error::invalid(format!("日期“{text}”格式不正确，应为 YYYY-MM-DD"))
    })?;
    let date = if end {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    Ok(Some(calendar::Instant::from_local(date, 0).millis()))
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

pub async fn search(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(filter): Query<FilterForm>,
) -> Result<AuditPage, PageError> {
    let query = AuditFilter {
        actor_name: non_empty(&filter.actor),
        action: non_empty(&filter.action),
        object_type: non_empty(&filter.object),
        from_ms: day_ms(&filter.from, false)?,
        until_ms: day_ms(&filter.until, true)?,
        limit: LIMIT,
    };
    let rows = platform::audit::search(&state.platform.db, &query)
        .await?
        .into_iter()
        .map(|r| RowLine {
            seq: r.seq,
            time: minute_of(r.at),
            actor: r.actor_name,
            role: r.actor_role,
            ip: r.ip,
            action: r.action,
            object: format!("{} {}", r.object_type, r.object_id),
            outcome: match r.outcome.as_str() {
                "success" => "成功",
                "denied" => "拒绝",
                _ => "失败",
            },
            detail: r.detail,
        })
        .collect();
    let verification = if filter.verify.is_some() {
        let report = verify(&state.platform.db).await?;
        Some(match report.first_break {
            None => (
                true,
                format!(
                    "哈希链完整：已校验 {} 条记录，未发现篡改",
                    report.rows_checked
                ),
            ),
            Some((seq, why)) => (false, format!("发现篡改：{why}（第 {seq} 条）")),
        })
    } else {
        None
    };
    Ok(AuditPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        filter,
        rows,
        limit: LIMIT,
        verification,
    })
}
