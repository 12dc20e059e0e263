//! The 19号 indicators the platform has no records for, entered by hand (WEB-INSPECT;
//! 国办秘函〔2019〕19号, reports.md §3; table `inspect_manual_points`, migration 0087): for a
//! site and a quarter, the IT office's administrator enters the points of a manual indicator
//! of the point table (the deduction part's indicators not scored from records, and the bonus
//! part) with the reason — what was checked and found — so the quarterly report is complete and
//! nothing in it is invented. Entering again replaces the entry; every entry is audited with
//! the old and new points. A bad value (an indicator scored from records, points not a whole
//! number within 0 and the indicator's cap — at most 100, the bonus at most 30 —, no reason)
//! is refused in Chinese and changes nothing.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row as _;

use super::deductions::{self, MAX_POINTS};
use super::points;
use crate::SiteId;

/// The section of the bonus part.
pub const BONUS: &str = "加分";

/// The longest reason, in characters.
pub const MAX_REASON: usize = 500;

/// One manual entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub indicator: String,
    pub points: i64,
    pub reason: String,
    pub entered_by: i64,
    pub entered_at: i64,
}

/// The entries of `site` for `quarter` (`2026Q4`).
pub async fn of_site(db: &Db, site: SiteId, quarter: &str) -> Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT indicator, points, reason, entered_by, entered_at FROM inspect_manual_points \
         WHERE site_id = $1 AND quarter = $2 ORDER BY indicator",
    )
    .bind(site.0)
    .bind(quarter)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Entry {
                indicator: row.try_get("indicator")?,
                points: row.try_get("points")?,
                reason: row.try_get("reason")?,
                entered_by: row.try_get("entered_by")?,
                entered_at: row.try_get("entered_at")?,
            })
        })
        .collect()
}

/// An entry as typed on the page.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub indicator: &'a str,
    pub points: &'a str,
    pub reason: &'a str,
}

/// Whether `quarter` is written as `2026Q4`.
fn quarter_ok(quarter: &str) -> bool {
    let Some((year, q)) = quarter.split_once('Q') else {
        return false;
    };
    year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && matches!(q, "1" | "2" | "3" | "4")
}

/// WEB-INSPECT (19号): enters (or replaces) the points of a manual indicator for `site` and
/// `quarter`, with its reason, audited. Everything is checked before anything is written.
pub async fn enter(
    db: &Db,
    context: &Context<'_>,
    site: SiteId,
    quarter: &str,
    input: &Input<'_>,
) -> Result<()> {
    if !quarter_ok(quarter) {
        return Err(Error::invalid("季度应写作如 2026Q4"));
    }
    let table = deductions::load(db).await?;
    let code = input.indicator.trim();
    let item = table
        .get(code)
        .ok_or_else(|| Error::invalid(format!("没有指标“{code}”")))?;
    if points::from_records(&item.indicator, &item.section) {
        return Err(Error::invalid(format!(
            "“{}”按平台记录计分，不能人工填报",
            item.name
        )));
    }
    let most = if item.cap > 0 { item.cap } else { MAX_POINTS };
    let most = if item.section == BONUS {
        most.min(points::MAX_BONUS)
    } else {
        most
    };
    let value: i64 = input
        .points
        .trim()
        .parse()
        .ok()
        .filter(|value| (0..=most).contains(value))
        .ok_or_else(|| Error::invalid(format!("“{}”的分值应为0至{most}的整数", item.name)))?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("请填写依据：检查了什么、发现了什么"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Error::invalid(format!("依据不超过{MAX_REASON}个字")));
    }
    let now = context.now.millis();
    let by = context.actor.user_id.unwrap_or(0);
    let mut tx = db.begin().await?;
    let before = sqlx::query(
        "SELECT points FROM inspect_manual_points WHERE site_id = $1 AND quarter = $2 \
         AND indicator = $3",
    )
    .bind(site.0)
    .bind(quarter)
    .bind(&item.indicator)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| row.try_get::<i64, _>("points"))
    .transpose()?;
    sqlx::query(
        "DELETE FROM inspect_manual_points WHERE site_id = $1 AND quarter = $2 AND indicator = $3",
    )
    .bind(site.0)
    .bind(quarter)
    .bind(&item.indicator)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO inspect_manual_points (site_id, quarter, indicator, points, reason, \
         entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(site.0)
    .bind(quarter)
    .bind(&item.indicator)
    .bind(value)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let kind = if item.section == BONUS {
        "加分"
    } else {
        "扣分"
    };
    let was = before.map_or("未填报".to_owned(), |points| format!("{points}分"));
    let event = AuditEvent::new(
        "inspect.manual.enter",
        "inspect_manual_points",
        format!("{}/{quarter}/{}", site.0, item.indicator),
    )
    .detail(format!(
        "网站{} {quarter}“{}”人工填报{kind}：{was}改为{value}分，依据：{reason}",
        site.0, item.name
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}
