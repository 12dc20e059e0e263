//! Profile notes of the service hall (HALL-BOX, HALL-STAFF): file 000 中心 §35 orders the
//! box opened regularly and each complaint handled without a day count; §27 fixes the window
//! staff's eligibility.

use super::{CHOSEN, FieldNote, n};

pub(super) const HALL: &[FieldNote] = &[
    n(
        "hall.complaint_handling",
        "监督意见箱投诉办理时限",
        "HALL-BOX",
        SOURCE_HANDLING,
    ),
    n(
        "hall.box_opening_days",
        "监督意见箱开箱间隔（自然日）",
        "HALL-BOX",
        SOURCE_OPENING,
    ),
    n(
        "hall.staff_assessment_months",
        "窗口工作人员定期考核周期（月，1 为月度、3 为季度）",
        "HALL-STAFF",
        "000 中心 §4（二）（“定期考核”，未规定周期）；文件未规定，平台默认季度，可修改",
    ),
    n(
        "hall.staff_min_unit_years",
        "窗口工作人员在本单位最少工作年限",
        "HALL-STAFF",
        SOURCE_STAFF,
    ),
    n(
        "hall.staff_max_age",
        "窗口工作人员年龄上限（周岁，不含）",
        "HALL-STAFF",
        SOURCE_STAFF,
    ),
    n(
        "hall.staff_min_window_years",
        "窗口工作人员最少窗口工作年限",
        "HALL-STAFF",
        SOURCE_STAFF,
    ),
    n(
        "hall.hardcase_transfer",
        "办不成事反映、陇商通事项转办时限",
        "HALL-HARDCASE",
        SOURCE_HARDCASE,
    ),
    n(
        "hall.hardcase_handling",
        "办不成事反映、陇商通事项部门办理时限",
        "HALL-HARDCASE",
        SOURCE_HARDCASE,
    ),
    n(
        "hall.hardcase_feedback",
        "办不成事反映、陇商通事项反馈时限",
        "HALL-HARDCASE",
        SOURCE_HARDCASE,
    ),
];

/// HALL-HARDCASE: §7(四) orders 受理、转办、督办、反馈 without a day count.
const SOURCE_HARDCASE: &str =
    "000 中心 §7(四)（“有诉即办”，未规定天数）；文件未规定，平台默认值，可修改";
const SOURCE_HANDLING: &str = CHOSEN;
const SOURCE_OPENING: &str =
    "000 中心 §35（“定期开箱”，未规定间隔）；文件未规定，平台默认值，可修改";
const SOURCE_STAFF: &str = "000 中心 §27";
