//! The anomaly scan (HL-WARN, 000 §12345-18 对异常情况实时智能预警): appeals per category and
//! per location today against the same weekday of the previous four weeks, judged by the pure
//! [`crate::warn::is_surge`]; and units whose rates this month fell below last month's by at
//! least `hotline.rate_drop_warn_points` percentage points.

use std::collections::BTreeMap;

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;

use super::hot::{category_label, top_by};
use super::rates::{Rate, rates};
use super::{Date, Period, PeriodKind};
use crate::warn::is_surge;

/// How many earlier same weekdays the recent average spans.
pub const RECENT_WEEKS: u64 = 4;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// A surge of one category.
    TopicSurge,
    /// A surge at one location.
    PlaceSurge,
    /// A unit's rate fell against the previous period.
    RateDrop,
}

impl WarningKind {
    /// 诉求类别激增, 诉求地点激增, 单位“三率”下降.
    pub const fn label_zh(self) -> &'static str {
        match self {
            WarningKind::TopicSurge => "诉求类别激增",
            WarningKind::PlaceSurge => "诉求地点激增",
            WarningKind::RateDrop => "单位“三率”下降",
        }
    }
}

/// One warning, with its figures in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub subject: String,
    pub message: String,
}

async fn surges(
    db: &Db,
    profile: &RuleProfile,
    column: &str,
    today: Date,
    now: Instant,
) -> Result<Vec<(String, u64, u64)>> {
    // Every value seen today (bounded), and its counts on the earlier same weekdays.
    let current = top_by(db, column, today.start().millis(), now.millis(), 1_000).await?;
    let mut recent: BTreeMap<String, u64> = BTreeMap::new();
    for week in 1..=RECENT_WEEKS {
        let day = today.add_days(-7 * i64::try_from(week).unwrap_or(1));
        let end = day.add_days(1).start().millis();
        for (value, n) in top_by(db, column, day.start().millis(), end, 100_000).await? {
            *recent.entry(value).or_default() += n;
        }
    }
    Ok(current
        .into_iter()
        .filter_map(|(value, n)| {
            let total = recent.get(&value).copied().unwrap_or(0);
            is_surge(n, total, RECENT_WEEKS, &profile.hotline).then_some((value, n, total))
        })
        .collect())
}

fn points(rate: Rate) -> Option<u64> {
    rate.basis_points().map(|bp| bp / 100)
}

/// HL-WARN: the warnings at `now`.
pub async fn warn_scan(db: &Db, profile: &RuleProfile, now: Instant) -> Result<Vec<Warning>> {
    let today = Date::of(now);
    let mut warnings = Vec::new();
    let average = |total: u64| format!("{:.1}", total as f64 / RECENT_WEEKS as f64);
    for (code, n, total) in surges(db, profile, "category", today, now).await? {
        let label = category_label(&code);
        warnings.push(Warning {
            kind: WarningKind::TopicSurge,
            message: format!(
                "今日“{label}”类诉求 {n} 件，前{RECENT_WEEKS}周同日平均 {} 件",
                average(total)
            ),
            subject: label,
        });
    }
    for (place, n, total) in surges(db, profile, "location", today, now).await? {
        warnings.push(Warning {
            kind: WarningKind::PlaceSurge,
            message: format!(
                "今日“{place}”诉求 {n} 件，前{RECENT_WEEKS}周同日平均 {} 件",
                average(total)
            ),
            subject: place,
        });
    }
    let drop = u64::from(profile.hotline.rate_drop_warn_points);
    if drop > 0 {
        let month = Period::containing(PeriodKind::Month, today);
        let this = rates(db, profile, month, now).await?;
        let last = rates(db, profile, month.previous(), now).await?;
        for unit in &this.units {
            let Some(before) = last.unit(unit.unit_id) else {
                continue;
            };
            let pairs = [
                ("响应率", unit.response, before.response),
                ("办结率", unit.completion, before.completion),
                ("满意率", unit.satisfaction, before.satisfaction),
            ];
            for (name, now_rate, before_rate) in pairs {
                if let (Some(a), Some(b)) = (points(now_rate), points(before_rate))
                    && a + drop <= b
                {
                    warnings.push(Warning {
                        kind: WarningKind::RateDrop,
                        subject: unit.unit_name.clone(),
                        message: format!(
                            "{}本月{name} {}，上月 {}",
                            unit.unit_name,
                            now_rate.percent_text(),
                            before_rate.percent_text()
                        ),
                    });
                }
            }
        }
    }
    Ok(warnings)
}
