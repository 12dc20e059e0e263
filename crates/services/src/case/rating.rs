//! EVAL-ALL (000 §中心-38 咨询预约、申请受理、审查决定、结果送达等全流程监督评价): which stages of a
//! case can be rated now, and the unit that answers for each. A stage can be rated once it
//! is done; the whole case once it is concluded or rejected.

use platform::evaluation::EvaluationStage;

use crate::UnitId;
use crate::case::{Case, Channel, Status};

/// The unit rated for `stage` of `case` (whose implementing department is `department`), or
/// `None` while that stage is not done.
///
/// - whole case: concluded → the department; rejected → the unit that rejected it;
/// - 咨询预约: always (it precedes the application) → the window of a walk-in, else the
///   department;
/// - 申请受理: accepted → the accepting unit; rejected → the unit that rejected it;
/// - 审查决定: decided → the department;
/// - 结果送达: delivered → the accepting unit, which delivers (SVC-WINDOW).
pub fn rated_unit(case: &Case, department: UnitId, stage: EvaluationStage) -> Option<UnitId> {
    let rejecting = || {
        case.steps
            .last()
            .and_then(|step| step.unit)
            .unwrap_or(department)
    };
    let accepting = case.accepted.map(|(unit, _)| unit);
    match stage {
        EvaluationStage::Whole => match case.status {
            Status::Concluded => Some(department),
            Status::Rejected => Some(rejecting()),
            _ => None,
        },
        EvaluationStage::Consultation => Some(match case.channel {
            Channel::Window { window } => window,
            Channel::Online => department,
        }),
        EvaluationStage::Acceptance => match case.status {
            Status::Rejected => Some(rejecting()),
            _ => accepting,
        },
        EvaluationStage::Decision => case.decision.as_ref().map(|_| department),
        EvaluationStage::Delivery => case.delivery.map(|_| accepting.unwrap_or(department)),
    }
}

/// Every stage of `case` that can be rated now, in the order of [`EvaluationStage::ALL`].
pub fn rateable_stages(case: &Case, department: UnitId) -> Vec<EvaluationStage> {
    EvaluationStage::ALL
        .into_iter()
        .filter(|stage| rated_unit(case, department, *stage).is_some())
        .collect()
}
