//! The levels of service centres (HALL-LEVELS, 000 中心 §2, §4(七), §11–13): the district's
//! 政务服务中心, the sub-centres (分中心) a department set up with the district government's
//! approval (§11), the townships' (streets') 便民服务中心 and the villages' (communities')
//! 便民服务站, each under its parent; each publishes its list of convenience items (便民事项
//! 清单, §4(七)) chosen from the services catalogue; the sub-centres and the lower centres
//! report their item changes and case figures to the district centre (§13: 及时向区政务服务
//! 中心报送事项调整及办件等情况), one report a month.
//!
//! The pure core: the checks of a centre, its parent, its item list and a report.

use chrono::{Datelike as _, NaiveDate};
use platform::ids::UnitId;

use crate::error::HallError;

/// A centre's level (§2, §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Level {
    /// 区政务服务中心.
    District,
    /// 政务服务中心分中心, approved by the district government (§11).
    SubCentre,
    /// 乡镇（街道）便民服务中心.
    Township,
    /// 村（社区）便民服务站.
    Village,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::District,
        Level::SubCentre,
        Level::Township,
        Level::Village,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Level::District => "区政务服务中心",
            Level::SubCentre => "政务服务中心分中心",
            Level::Township => "乡镇（街道）便民服务中心",
            Level::Village => "村（社区）便民服务站",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::SubCentre => "sub_centre",
            Level::Township => "township",
            Level::Village => "village",
        }
    }

    pub fn parse(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    /// HALL-LEVELS: the level of the parent it must have (`None`: the district centre has
    /// none). A sub-centre and a township's centre are under the district centre, a
    /// village's station under its township's centre.
    pub fn parent_level(self) -> Option<Level> {
        match self {
            Level::District => None,
            Level::SubCentre | Level::Township => Some(Level::District),
            Level::Village => Some(Level::Township),
        }
    }

    /// HALL-LEVELS §13: every centre below the district's reports to it.
    pub fn reports(self) -> bool {
        self != Level::District
    }
}

/// A centre as registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Centre {
    pub name: String,
    pub level: Level,
    /// The parent's id and level.
    pub parent: Option<(i64, Level)>,
    /// The unit that runs it (the department of a sub-centre, the township, the village).
    pub unit: Option<UnitId>,
    /// §11: the district government's approval of a sub-centre (its document number).
    pub approval: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
}

/// The most items on one list.
pub const MAX_ITEMS: usize = 500;

fn length(text: &str, least: usize, most: usize, what: &str, problems: &mut Vec<String>) {
    let count = text.trim().chars().count();
    if count < least || count > most {
        if least == 0 {
            problems.push(format!("{what}不能超过 {most} 字"));
        } else {
            problems.push(format!("{what}应为 {least} 至 {most} 字"));
        }
    }
}

/// HALL-LEVELS: a centre's checks, every problem at once — the name, its parent of the right
/// level (none for the district centre), a sub-centre's approval (§11) and its running unit.
pub fn check(centre: &Centre) -> Result<(), HallError> {
    let mut problems = Vec::new();
    length(&centre.name, 2, 60, "名称", &mut problems);
    match (centre.level.parent_level(), centre.parent) {
        (None, Some(_)) => problems.push("区政务服务中心没有上级中心".to_owned()),
        (Some(want), None) => problems.push(format!(
            "{}须选择上级{}",
            centre.level.label(),
            want.label()
        )),
        (Some(want), Some((_, got))) if want != got => problems.push(format!(
            "{}的上级应为{}，不能是{}",
            centre.level.label(),
            want.label(),
            got.label()
        )),
        _ => {}
    }
    if centre.level == Level::SubCentre {
        if centre.approval.trim().is_empty() {
            problems.push("分中心须经区政府批准设立，请填写批准文件".to_owned());
        }
        if centre.unit.is_none() {
            problems.push("分中心须填写设立的业务主管单位".to_owned());
        }
    }
    length(&centre.approval, 0, 100, "批准文件", &mut problems);
    length(&centre.address, 0, 200, "地址", &mut problems);
    length(&centre.hours, 0, 100, "办公时间", &mut problems);
    length(&centre.phone, 0, 30, "联系电话", &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}

/// What the district centre may change of a registered centre (its level and running unit
/// stay as registered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub name: String,
    /// The parent's id (its level read from the register).
    pub parent: Option<i64>,
    pub approval: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
}

impl Edit {
    /// `centre` with the edit applied, its new parent of level `parent_level`.
    pub fn applied(&self, centre: &Centre, parent_level: Option<Level>) -> Centre {
        Centre {
            name: self.name.trim().to_owned(),
            parent: self.parent.zip(parent_level),
            approval: self.approval.trim().to_owned(),
            address: self.address.trim().to_owned(),
            hours: self.hours.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            ..centre.clone()
        }
    }
}

/// HALL-LEVELS: a centre may be deactivated (its reports and lists kept) only when no active
/// centre is under it; `children` are the active ones' names.
pub fn check_deactivation(children: &[String]) -> Result<(), HallError> {
    if children.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(format!(
            "该中心下仍有在用的下级中心（{}），请先停用或调整其上级后再停用",
            children.join("、")
        )))
    }
}

/// HALL-LEVELS §4(七): a convenience-item list — the chosen catalogue items, each once, at
/// most [`MAX_ITEMS`]; `published` are the catalogue's published items.
pub fn check_items(items: &[i64], published: &[i64]) -> Result<Vec<i64>, HallError> {
    let mut chosen: Vec<i64> = items.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.len() > MAX_ITEMS {
        return Err(HallError::Invalid(format!(
            "便民事项清单最多 {MAX_ITEMS} 项"
        )));
    }
    if let Some(unknown) = chosen.iter().find(|id| !published.contains(id)) {
        return Err(HallError::Invalid(format!(
            "事项 {unknown} 不是已发布的政务服务事项"
        )));
    }
    Ok(chosen)
}

/// What a centre reports for a month (§13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The month's first day.
    pub month: NaiveDate,
    /// The items added, adjusted or removed (事项调整), empty when none.
    pub item_changes: String,
    /// Cases received and completed in the month (办件情况).
    pub received: i64,
    pub completed: i64,
    pub note: String,
}

/// The first day of the month of `text` (`2026-03`).
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()
}

/// HALL-LEVELS §13: a report's checks — by a centre below the district's, for a month that
/// has begun by `today`, the figures between 0 and a million (completed may exceed received:
/// cases of earlier months complete too), the texts bounded.
pub fn check_report(level: Level, report: &Report, today: NaiveDate) -> Result<(), HallError> {
    let mut problems = Vec::new();
    if !level.reports() {
        problems.push("区政务服务中心不向自身报送".to_owned());
    }
    if report.month.day() != 1 || report.month > today {
        problems.push("报送月份应为本月或以前的月份".to_owned());
    }
    for (what, n) in [
        ("受理件数", report.received),
        ("办结件数", report.completed),
    ] {
        if !(0..=1_000_000).contains(&n) {
            problems.push(format!("{what}应为 0 至 1000000"));
        }
    }
    length(
        &report.item_changes,
        0,
        2_000,
        "事项调整情况",
        &mut problems,
    );
    length(&report.note, 0, 500, "备注", &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}
