//! The site group's records behind two 19号 deduction indicators (WEB-INSPECT, WEB-FRESH;
//! reports.md §3), read as they stood at the instant of the check: the site's columns open
//! then, and each column's latest publication up to then (`site_pages`, withdrawn pages
//! included: they were published). 政策文件类一级栏目6个月未更新 measures the first-level
//! policy-document columns against `website.fresh_notices`; 办事统计3个月未更新 the site's
//! 办事统计 column(s) against `website.fresh_service_stats` (a site without one has no record
//! to score and is entered by hand). Columns never published in are blank columns, counted by
//! the single veto, not here. The scoring itself is [`super::points`] (pure).

use std::collections::HashMap;

use calendar::{Calendar, Instant};
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use sqlx::Row as _;

use super::points::{self, Dated, Measure};
use crate::SiteId;
use crate::column::ColumnKind;

/// The latest publication of each column of `site` up to `at`.
async fn last_publications(db: &Db, site: SiteId, at: Instant) -> Result<HashMap<i64, i64>> {
    let rows = sqlx::query(
        "SELECT column_id, MAX(published_at) AS last FROM site_pages \
         WHERE site_id = $1 AND published_at <= $2 GROUP BY column_id",
    )
    .bind(site.0)
    .bind(at.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("column_id")?, row.try_get("last")?)))
        .collect()
}

/// WEB-INSPECT, WEB-FRESH: the measures of 政策文件类一级栏目6个月未更新 and 办事统计3个月未更新
/// of `site` at `at`, in that order.
pub async fn column_measures(
    db: &Db,
    site: SiteId,
    at: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<[Measure; 2]> {
    let last = last_publications(db, site, at).await?;
    let mut policy = Vec::new();
    let mut stats = Vec::new();
    for stored in crate::store::columns::of_site(db, site).await? {
        let column = stored.column;
        let open_then =
            column.opened_at <= at && column.archived_at.is_none_or(|archived| archived > at);
        let Some(published) = last.get(&column.id.0) else {
            // Blank: the single veto's 空白栏目, not deducted again.
            continue;
        };
        if !open_then {
            continue;
        }
        let dated = Dated {
            name: column.name.clone(),
            since: column.opened_at,
            last: Some(Instant::from_millis(*published)),
        };
        if column.kind == ColumnKind::Policy && column.parent.is_none() {
            policy.push(dated);
        } else if points::is_service_stats_column(&column.name) {
            stats.push(dated);
        }
    }
    Ok([
        Measure::of(
            points::POLICY_COLUMN_STALE,
            "政策文件类一级栏目",
            &policy,
            at,
            profile.website.fresh_notices.limit(),
            calendar,
        ),
        Measure::of(
            points::SERVICE_STATS_STALE,
            "办事统计栏目",
            &stats,
            at,
            profile.website.fresh_service_stats.limit(),
            calendar,
        ),
    ])
}
