//! Leave and replacement requests of the window staff (HALL-STAFF; 000 中心 §4(四) 请销假,
//! §30: 入驻单位对窗口工作人员如需进行调整、更换……或临时顶岗的，应事先向区政务服务中心提出
//! 调整申请，经同意后方可调换). A request is filed for a member by the member's unit (or
//! the centre) and decided by the centre only: requested → approved or refused, never back.
//! A replacement names the substitute, who must be eligible (§27) and not the member.

use chrono::NaiveDate;
use platform::ids::UserId;

use crate::HallError;

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 请假.
    Leave,
    /// 调换或临时顶岗: another person takes the post for the period.
    Replacement,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Leave => "leave",
            Kind::Replacement => "replacement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Leave => "请假",
            Kind::Replacement => "调换（顶岗）",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Leave, Kind::Replacement]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Requested,
    Approved,
    Refused,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::Approved => "approved",
            Status::Refused => "refused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Requested => "待中心审批",
            Status::Approved => "中心已同意",
            Status::Refused => "中心不同意",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        [Status::Requested, Status::Approved, Status::Refused]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A request as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    pub member: UserId,
    /// The replacement's substitute.
    pub substitute: Option<UserId>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub status: Status,
    /// The centre's note with its decision (required when refusing).
    pub decision_note: String,
}

/// HALL-STAFF: a new request, checked — the period in order and not over a year, a reason,
/// a replacement's substitute named, not the member, and eligible (`substitute_unmet`: the
/// conditions of §27 the substitute does not meet). Every problem at once.
pub fn file(
    kind: Kind,
    member: UserId,
    substitute: Option<(UserId, Vec<String>)>,
    (from, to): (NaiveDate, NaiveDate),
    reason: &str,
) -> Result<Request, HallError> {
    let mut problems = Vec::new();
    if to < from {
        problems.push("结束日期不能早于开始日期".to_owned());
    } else if (to - from).num_days() > 366 {
        problems.push("申请期间不能超过一年".to_owned());
    }
    let reason = reason.trim();
    if reason.is_empty() {
        problems.push("请填写申请事由".to_owned());
    } else if reason.chars().count() > 500 {
        problems.push("申请事由不能超过 500 字".to_owned());
    }
    let substitute = match (kind, substitute) {
        (Kind::Leave, Some(_)) => {
            problems.push("请假申请不指定顶岗人员".to_owned());
            None
        }
        (Kind::Leave, None) => None,
        (Kind::Replacement, None) => {
            problems.push("调换（顶岗）申请应指定顶岗人员".to_owned());
            None
        }
        (Kind::Replacement, Some((who, unmet))) => {
            if who == member {
                problems.push("顶岗人员不能是本人".to_owned());
            }
            if !unmet.is_empty() {
                problems.push(format!(
                    "顶岗人员不符合窗口工作人员条件：{}",
                    unmet.join("，")
                ));
            }
            Some(who)
        }
    };
    if !problems.is_empty() {
        return Err(HallError::Invalid(problems.join("；")));
    }
    Ok(Request {
        kind,
        member,
        substitute,
        from,
        to,
        reason: reason.to_owned(),
        status: Status::Requested,
        decision_note: String::new(),
    })
}

/// The centre's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve { note: String },
    Refuse { reason: String },
}

/// HALL-STAFF: the centre decides (`by_centre`: the actor decides for the centre); only a
/// requested request, refusing only with a reason. The transition table:
/// requested + approve → approved, requested + refuse → refused, nothing else.
pub fn decide(
    request: &Request,
    decision: &Decision,
    by_centre: bool,
) -> Result<Request, HallError> {
    if !by_centre {
        return Err(HallError::Forbidden(
            "请假、调换申请须经区政务服务中心同意".into(),
        ));
    }
    if request.status != Status::Requested {
        return Err(HallError::Invalid(format!(
            "该申请{}，不能再次审批",
            request.status.label()
        )));
    }
    let mut next = request.clone();
    match decision {
        Decision::Approve { note } => {
            next.status = Status::Approved;
            next.decision_note = note.trim().to_owned();
        }
        Decision::Refuse { reason } => {
            if reason.trim().is_empty() {
                return Err(HallError::Invalid("不同意时请填写理由".into()));
            }
            next.status = Status::Refused;
            next.decision_note = reason.trim().to_owned();
        }
    }
    if next.decision_note.chars().count() > 500 {
        return Err(HallError::Invalid("审批意见不能超过 500 字".into()));
    }
    Ok(next)
}

/// Whether approved leave covers `day` (attendance marks it 请假).
pub fn covers(request: &Request, day: NaiveDate) -> bool {
    request.kind == Kind::Leave
        && request.status == Status::Approved
        && request.from <= day
        && day <= request.to
}
