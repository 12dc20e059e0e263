//! A member of the window staff and the eligibility check (HALL-STAFF, 000 中心 §27): in the
//! unit at least `hall.staff_min_unit_years` years, under `hall.staff_max_age`, on the window
//! at least `hall.staff_min_window_years` years (§27(三): 窗口工作时间应不少于 2 年), and
//! approved by both the centre and the department (§27(三): 由各单位选派，区政务服务中心及各
//! 业务部门审核确定). The check returns every unmet condition, in Chinese.

use chrono::NaiveDate;
use platform::ids::{UnitId, UserId};

use super::full_years;
use crate::HallError;

/// The values of §27 from the rule profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EligibilityRules {
    pub min_unit_years: u32,
    pub max_age: u32,
    pub min_window_years: u32,
}

impl EligibilityRules {
    /// The profile's `hall.staff_*` values.
    pub fn of(hall: &platform::profile::HallRules) -> Self {
        Self {
            min_unit_years: hall.staff_min_unit_years,
            max_age: hall.staff_max_age,
            min_window_years: hall.staff_min_window_years,
        }
    }
}

/// A person the unit posts to the hall (the person is an office account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: UserId,
    /// The unit (入驻单位) the person works for.
    pub unit: UnitId,
    /// In the unit since.
    pub joined_unit: NaiveDate,
    /// On the hall's window since.
    pub on_window_since: NaiveDate,
    /// Personal data: shown masked, read only for the age.
    pub birth_date: NaiveDate,
    /// The centre's approval (审核确定), its day.
    pub centre_approved: Option<NaiveDate>,
    /// The department's approval, its day.
    pub department_approved: Option<NaiveDate>,
}

impl Member {
    /// The dates make sense on `today`: none in the future, born before joining the unit,
    /// on the window not before joining it. Every problem at once.
    pub fn check(&self, today: NaiveDate) -> Result<(), HallError> {
        let mut problems = Vec::new();
        for (day, field) in [
            (self.birth_date, "出生日期"),
            (self.joined_unit, "进入本单位日期"),
            (self.on_window_since, "到窗口工作日期"),
        ] {
            if day > today {
                problems.push(format!("{field}不能晚于今天"));
            }
        }
        if self.birth_date >= self.joined_unit {
            problems.push("出生日期应早于进入本单位日期".to_owned());
        }
        if self.on_window_since < self.joined_unit {
            problems.push("到窗口工作日期不能早于进入本单位日期".to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(HallError::Invalid(problems.join("；")))
        }
    }

    /// The age in full years (周岁) on `today`.
    pub fn age(&self, today: NaiveDate) -> u32 {
        full_years(self.birth_date, today)
    }
}

/// HALL-STAFF (§27): the conditions `member` does not meet on `today`, each in Chinese; empty
/// when eligible.
pub fn unmet(member: &Member, rules: EligibilityRules, today: NaiveDate) -> Vec<String> {
    let mut reasons = Vec::new();
    let unit_years = full_years(member.joined_unit, today);
    if unit_years < rules.min_unit_years {
        reasons.push(format!(
            "在本单位工作未满 {} 年（现 {unit_years} 年）",
            rules.min_unit_years
        ));
    }
    let age = member.age(today);
    if age >= rules.max_age {
        reasons.push(format!("年龄已满 {} 周岁", rules.max_age));
    }
    let window_years = full_years(member.on_window_since, today);
    if window_years < rules.min_window_years {
        reasons.push(format!(
            "在窗口工作未满 {} 年（现 {window_years} 年）",
            rules.min_window_years
        ));
    }
    if member.centre_approved.is_none() {
        reasons.push("未经区政务服务中心审核确定".to_owned());
    }
    if member.department_approved.is_none() {
        reasons.push("未经所在部门审核确定".to_owned());
    }
    reasons
}

/// Who approves (§27(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// 区政务服务中心.
    Centre,
    /// The member's department (its leader).
    Department,
}

impl Approver {
    pub fn code(self) -> &'static str {
        match self {
            Approver::Centre => "centre",
            Approver::Department => "department",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Approver::Centre => "区政务服务中心",
            Approver::Department => "所在部门",
        }
    }

    pub fn parse(code: &str) -> Option<Approver> {
        [Approver::Centre, Approver::Department]
            .into_iter()
            .find(|a| a.code() == code)
    }
}

/// HALL-STAFF: `member` approved by `by` on `today`; approving twice is refused.
pub fn approve(member: &Member, by: Approver, today: NaiveDate) -> Result<Member, HallError> {
    let mut next = member.clone();
    let slot = match by {
        Approver::Centre => &mut next.centre_approved,
        Approver::Department => &mut next.department_approved,
    };
    if slot.is_some() {
        return Err(HallError::Invalid(format!("{}已审核确定", by.label())));
    }
    *slot = Some(today);
    Ok(next)
}

/// The birth date as pages show it (personal data): the year only.
pub fn masked_birth(birth: NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{}-**-**", birth.year())
}
