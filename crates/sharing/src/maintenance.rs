//! Planned maintenance (DATA-MAINT, SEC-NOTICE; 000 共享 §14, 001 §15): maintenance or an
//! upgrade that stops a service is announced at least the profile's
//! `datashare.maintenance_notice` (2 WD) before it starts, and is in principle scheduled on a
//! statutory holiday or rest day — one that starts on a working day must say why. A change of
//! the data's structure (表结构) is announced the same way, in advance. The announcement
//! names one resource (its provider's staff or the administrator announce it) or the whole
//! platform (the administrator only); every consumer with a grant on it is told. Pure: "now"
//! and the rules are parameters.

use calendar::{Clock, Instant};

use crate::error::SharingError;
use crate::{Acting, Rules, UnitId};

/// What is announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// The entry and resource number, or `None` for the whole platform.
    pub resource: Option<(i64, i64)>,
    pub starts_at: Instant,
    pub ends_at: Instant,
    /// The service stops meanwhile (SEC-NOTICE: a notice on the affected pages).
    pub stops_service: bool,
    /// The data's structure changes (announced in advance, 001 §15).
    pub schema_change: bool,
    pub description: String,
    /// Why it is not on a holiday or rest day (required when it starts on a working day).
    pub workday_reason: String,
}

/// DATA-MAINT: the earliest start of maintenance announced at `announced_at`.
pub fn earliest_start(announced_at: Instant, rules: Rules<'_>) -> Instant {
    let limit = rules.profile.datashare.maintenance_notice.limit();
    Clock::new(announced_at, limit).due(rules.calendar).at
}

/// DATA-MAINT, SEC-NOTICE: judges an announcement by `acting` at `now`; `provider` is the
/// resource's provider unit (`None` for the platform). Every problem at once.
pub fn check(
    announcement: &Announcement,
    provider: Option<UnitId>,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(), SharingError> {
    match (announcement.resource, provider) {
        (None, _) if !acting.is_administrator() => {
            return Err(SharingError::not_permitted(
                "平台的停机维护由平台管理部门发布（DATA-MAINT）",
            ));
        }
        (Some(_), Some(unit)) if !(acting.acts_for(unit) || acting.is_administrator()) => {
            return Err(SharingError::not_permitted(
                "资源的维护通知由提供部门的工作人员或平台管理部门发布（DATA-MAINT）",
            ));
        }
        (Some(_), None) => return Err(SharingError::invalid("该资源不存在")),
        _ => {}
    }
    let mut problems = Vec::new();
    if announcement.description.trim().is_empty() {
        problems.push("请写明维护内容和影响范围".to_owned());
    }
    if announcement.description.chars().count() > 2000 {
        problems.push("维护内容至多 2000 字".to_owned());
    }
    if announcement.ends_at <= announcement.starts_at {
        problems.push("结束时间须晚于开始时间".to_owned());
    }
    let earliest = earliest_start(now, rules);
    if announcement.starts_at < earliest {
        problems.push(format!(
            "维护须至少提前 {} 发布通知：现在发布，最早可于 {} 开始（DATA-MAINT）",
            rules
                .profile
                .datashare
                .maintenance_notice
                .limit()
                .label_zh(),
            local_minute(earliest)
        ));
    }
    let start_day = announcement.starts_at.local_date();
    if rules.calendar.is_working_day(start_day) && announcement.workday_reason.trim().is_empty() {
        problems.push(format!(
            "{start_day} 是工作日：维护原则上安排在法定节假日或公休日，确需在工作日进行的请说明理由（DATA-MAINT）"
        ));
    }
    SharingError::check_all(problems)
}

/// `2026-03-06 17:30` in Beijing time.
pub fn local_minute(at: Instant) -> String {
    at.to_datetime().format("%Y-%m-%d %H:%M").to_string()
}

/// SEC-NOTICE: the service is stopped at `now`.
pub fn is_under_way(starts_at: Instant, ends_at: Instant, now: Instant) -> bool {
    starts_at <= now && now < ends_at
}
