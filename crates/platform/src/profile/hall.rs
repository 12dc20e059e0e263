//! HALL-*: the values of the service hall (政务服务中心, 000 中心 §4, §27, §30–35). The
//! supervision box's handling limit and opening interval are not in the text ("定期开箱"), so
//! they are platform defaults; the window staff's eligibility (§27: 在本单位工作 2 年以上、
//! 年龄 50 周岁以下、在窗口工作满 2 年) is the article's.

use serde::{Deserialize, Serialize};

use super::TimeLimit;

/// HALL-BOX, HALL-STAFF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HallRules {
    /// HALL-BOX §35: registration to conclusion of a complaint about a window.
    pub complaint_handling: TimeLimit,
    /// HALL-BOX §35 (定期开箱): the box is due to be opened when last opened this many
    /// natural days ago.
    pub box_opening_days: u32,
    /// HALL-STAFF §4(二) (定期考核, no period in the text): the periodic assessment every
    /// this many months — 1 monthly, 3 quarterly.
    pub staff_assessment_months: u32,
    /// HALL-STAFF §27: at least this many years in the unit.
    pub staff_min_unit_years: u32,
    /// HALL-STAFF §27: under this age.
    pub staff_max_age: u32,
    /// HALL-STAFF §27: at least this many years on the window.
    pub staff_min_window_years: u32,
    /// HALL-HARDCASE §7(四): a hard case's acceptance to its transfer to a department.
    pub hardcase_transfer: TimeLimit,
    /// HALL-HARDCASE §7(四): the department's handling of a transferred hard case.
    pub hardcase_handling: TimeLimit,
    /// HALL-HARDCASE §7(四): the department's result to the feedback to the person.
    pub hardcase_feedback: TimeLimit,
}

impl Default for HallRules {
    fn default() -> Self {
        Self {
            complaint_handling: TimeLimit::of("10wd"),
            box_opening_days: 7,
            staff_assessment_months: 3,
            staff_min_unit_years: 2,
            staff_max_age: 50,
            staff_min_window_years: 2,
            hardcase_transfer: TimeLimit::of("1wd"),
            hardcase_handling: TimeLimit::of("5wd"),
            hardcase_feedback: TimeLimit::of("2wd"),
        }
    }
}
