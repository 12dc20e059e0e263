//! The entries of a unit's extranet ledger (台账, NET-LEDGER; 000 外网 §16): an access point
//! (where, by which mode, on which of the unit's allocated addresses), the leader in charge
//! and the staff (accounts of the unit), and the declaration that no wireless device is
//! attached. Each check lists every problem at once and changes nothing. A point is corrected
//! with the same check as a new one, and removed from service (拆除) with its reason.

use crate::application::AccessMode;
use crate::error::ExtranetError;

/// The most characters of an access point's location.
pub const LOCATION_MAX: usize = 200;
/// The most characters of a note (an access point's, a declaration's).
pub const NOTE_MAX: usize = 500;

/// A new access point of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoint {
    /// 接入位置 (building, room, cabinet).
    pub location: String,
    /// 接入方式 (the line).
    pub mode: AccessMode,
    /// The allocation of the unit's addresses it uses (NET-IPAM), if any.
    pub allocation: Option<i64>,
    pub note: String,
}

/// NET-LEDGER: an access point needs its location; lengths are limited.
pub fn check_point(point: &NewPoint) -> Result<(), ExtranetError> {
    let mut problems = Vec::new();
    let location = point.location.trim();
    if location.is_empty() {
        problems.push("请填写接入点位置（NET-LEDGER）".to_owned());
    }
    if location.chars().count() > LOCATION_MAX {
        problems.push(format!("接入点位置不能超过{LOCATION_MAX}个字"));
    }
    if point.note.chars().count() > NOTE_MAX {
        problems.push(format!("备注不能超过{NOTE_MAX}个字"));
    }
    ExtranetError::check_all(problems)
}

/// NET-LEDGER §16 (分管领导和工作人员): the leader holds the unit's leader role, the staff
/// member is the unit's leader or handler, and they are two people. `leader_is_leader` and
/// `staff_is_staff` say what the unit's accounts hold (`None`: not an account of the unit).
pub fn check_people(
    leader: i64,
    staff: i64,
    leader_is_leader: Option<bool>,
    staff_is_staff: Option<bool>,
) -> Result<(), ExtranetError> {
    let mut problems = Vec::new();
    match leader_is_leader {
        None => problems.push("分管领导须为本单位的在岗账号".to_owned()),
        Some(false) => problems.push("分管领导须具有本单位负责人角色".to_owned()),
        Some(true) => {}
    }
    if staff_is_staff != Some(true) {
        problems.push("工作人员须为本单位的负责人或经办人账号".to_owned());
    }
    if leader == staff {
        problems.push("分管领导和工作人员应为两个人（NET-LEDGER）".to_owned());
    }
    ExtranetError::check_all(problems)
}

/// NET-LEDGER §16 (不得搭接无线网络设备): the declaration is made only with its statement
/// confirmed; its note is limited.
pub fn check_declaration(confirmed: bool, note: &str) -> Result<(), ExtranetError> {
    let mut problems = Vec::new();
    if !confirmed {
        problems.push(
            "请勾选确认本单位未在电子政务外网环境中搭接无线网络设备后再提交声明（NET-LEDGER）"
                .to_owned(),
        );
    }
    if note.chars().count() > NOTE_MAX {
        problems.push(format!("说明不能超过{NOTE_MAX}个字"));
    }
    ExtranetError::check_all(problems)
}

/// NET-LEDGER §16 (台账): a point is removed from service (拆除) with its reason, kept in the
/// ledger with the date.
pub fn check_retire(reason: &str) -> Result<(), ExtranetError> {
    let reason = reason.trim();
    let mut problems = Vec::new();
    if reason.is_empty() {
        problems.push("请写明拆除原因（如线路撤销、搬迁），台账保留该接入点的记录".to_owned());
    }
    if reason.chars().count() > NOTE_MAX {
        problems.push(format!("拆除原因不能超过{NOTE_MAX}个字"));
    }
    ExtranetError::check_all(problems)
}
