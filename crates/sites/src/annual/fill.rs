//! What the platform's records put into the annual report (WEB-ANNUAL, WEB-STATS; pure): the
//! site's identity from its registration, the visits, the information published per column
//! type, the special columns maintained and opened, the interpretations, the services block
//! for the portal, the drill held and the security officer named. Every other field is the
//! host unit's input.

use calendar::Instant;
use chrono::NaiveDate;

use super::{AnnualReport, Value};
use crate::column::{Column, ColumnKind};
use crate::registry::{Duty, Registration};

/// The 信息发布 line a column type's pages count in besides 总数: 概况类 (概况), 政务动态 (动态要闻
/// and 通知公告, as the national guideline's 政务动态 has them), 信息公开目录 (政策文件, 政策解读,
/// 人事, 规划计划, 工作计划总结: the openness catalogue's categories); special, static and
/// other columns count in 总数 only.
pub fn info_line(kind: ColumnKind) -> Option<&'static str> {
    match kind {
        ColumnKind::Overview => Some("info_overview"),
        ColumnKind::News | ColumnKind::Notice => Some("info_news"),
        ColumnKind::Policy
        | ColumnKind::Interpretation
        | ColumnKind::Personnel
        | ColumnKind::Plans
        | ColumnKind::WorkPlans => Some("info_catalogue"),
        ColumnKind::Special | ColumnKind::Static | ColumnKind::Other => None,
    }
}

/// The services' figures (the portal's 办事服务 block).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceCounts {
    pub items: i64,
    pub fully_online: i64,
    pub cases: i64,
    pub natural_person_cases: i64,
    pub legal_person_cases: i64,
    /// 注册用户数: the citizens' and enterprises' accounts at the end of the year (issue 23).
    pub registered_users: i64,
}

/// What the records say of one site and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Records {
    /// The registration in force at the end of the year.
    pub registration: Registration,
    /// (独立用户访问总量, 网站总访问量), where visits are counted.
    pub visits: Option<(i64, i64)>,
    /// Pages published in the year per column type.
    pub pages: Vec<(ColumnKind, i64)>,
    /// The site's columns (the special ones are counted).
    pub columns: Vec<Column>,
    /// Interpretations published in the year.
    pub interpretations: i64,
    /// The services' figures, for the portal.
    pub services: Option<ServiceCounts>,
    /// SEC-DRILL: a drill was held in the year.
    pub drill_held: bool,
}

/// The first instant of `year` and of the next (Asia/Shanghai).
pub fn year_span(year: i32) -> (Instant, Instant) {
    let first = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .map(|date| Instant::from_local(date, 0))
            .unwrap_or(Instant::from_millis(i64::MAX))
    };
    (first(year), first(year + 1))
}

fn count(n: i64) -> Option<Value> {
    Some(Value::Count(n))
}

fn text(text: &str) -> Option<Value> {
    Some(Value::Text(text.to_owned()))
}

/// Fills every field the records can fill (the keys of [`super::FIELDS`] whose origin is not
/// an input for the site).
pub fn fill(report: &mut AnnualReport, records: &Records) -> Result<(), crate::SiteError> {
    let r = &records.registration;
    let home = r
        .domains
        .first()
        .map(|domain| format!("https://{domain}"))
        .unwrap_or_default();
    report.set("site_name", text(&r.name))?;
    report.set("home_url", text(&home))?;
    report.set("host_unit", text(&r.host_unit_name))?;
    report.set("site_kind", text(r.kind.label_zh()))?;
    report.set("site_code", text(&r.site_code))?;
    report.set("icp_number", text(&r.icp_number))?;
    report.set("police_number", text(&r.police_number))?;
    if let Some((visitors, views)) = records.visits {
        report.set("unique_visitors", count(visitors))?;
        report.set("page_views", count(views))?;
    }
    let mut lines = [
        ("info_overview", 0),
        ("info_news", 0),
        ("info_catalogue", 0),
    ];
    let mut total = 0;
    for (kind, n) in &records.pages {
        total += n;
        if let Some(key) = info_line(*kind)
            && let Some(line) = lines.iter_mut().find(|(k, _)| *k == key)
        {
            line.1 += n;
        }
    }
    report.set("info_total", count(total))?;
    for (key, n) in lines {
        report.set(key, count(n))?;
    }
    let (from, until) = year_span(report.year);
    let approved = |column: &Column| {
        column
            .special
            .as_ref()
            .and_then(|special| special.approved.as_ref())
            .map(|approval| approval.at)
    };
    let specials = records
        .columns
        .iter()
        .filter(|column| column.kind == ColumnKind::Special)
        .filter_map(|column| approved(column).map(|at| (column, at)));
    let (mut maintained, mut opened) = (0, 0);
    for (column, at) in specials {
        let live = at < until && column.archived_at.is_none_or(|archived| archived >= from);
        if live {
            maintained += 1;
            if at >= from {
                opened += 1;
            }
        }
    }
    report.set("special_maintained", count(maintained))?;
    report.set("special_opened", count(opened))?;
    report.set("interpret_total", count(records.interpretations))?;
    if report.portal
        && let Some(services) = records.services
    {
        report.set("service_catalogue", Some(Value::YesNo(services.items > 0)))?;
        report.set("service_items", count(services.items))?;
        report.set("service_users", count(services.registered_users))?;
        report.set("service_online_items", count(services.fully_online))?;
        report.set("cases_total", count(services.cases))?;
        report.set("cases_natural", count(services.natural_person_cases))?;
        report.set("cases_legal", count(services.legal_person_cases))?;
    }
    report.set("security_drill", Some(Value::YesNo(records.drill_held)))?;
    let officer = r
        .responsible
        .iter()
        .any(|person| person.duty == Duty::Security && !person.name.trim().is_empty());
    report.set("security_responsible", Some(Value::YesNo(officer)))?;
    Ok(())
}
