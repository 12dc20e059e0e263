//! Which commands an actor may run on an order now: the transition table's rows from the
//! order's status, kept to the commands that actor's side issues (the hotline, the lead or an
//! assisting unit, the lead's leader) and to what the order's records allow. Pages offer
//! exactly these buttons, so they never keep a second hand-written table.

use crate::UnitId;
use crate::appeal::HandlingClass;
use crate::order::{ApplicationKind, ClockKind, CommandKind, Order, Status, UnitRole, table};

/// Who is looking at the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting {
    /// The hotline's operators and supervisors.
    Hotline,
    /// Staff of a unit; `leader` when they hold the unit leader's role.
    Unit { unit: UnitId, leader: bool },
}

/// Whether `acting` issues `kind` on `order` as it stands (beyond the table's row).
fn issues(order: &Order, acting: Acting, kind: CommandKind) -> bool {
    use CommandKind as C;
    let pending = order.application.as_ref().map(|a| &a.kind);
    match acting {
        Acting::Hotline => match kind {
            C::DecideExtension => matches!(pending, Some(ApplicationKind::Extension { .. })),
            C::DecideHang => matches!(pending, Some(ApplicationKind::Hang { .. })),
            C::Withdraw => order.status != Status::Registered,
            C::AnswerFromKb
            | C::Refuse
            | C::TransferEmergency
            | C::MergeInto
            | C::Dispatch
            | C::ReplyAttempt
            | C::CloseUnreachable
            | C::Callback
            | C::Review
            | C::ConcludeFormReview
            | C::Archive => true,
            _ => false,
        },
        Acting::Unit { unit, leader } => {
            let Some(mine) = order.assignment(unit) else {
                return false;
            };
            let lead = mine.role == UnitRole::Lead;
            let major = order.class == Some(HandlingClass::MajorEvent);
            match kind {
                C::Sign => mine.signed_at.is_none(),
                C::Return => order.running_clock(ClockKind::Return, Some(unit)).is_some(),
                C::Contribute => !lead && mine.signed_at.is_some(),
                C::ReportInitialOpinion => lead && major && order.major_initial.is_none(),
                C::ReportProgress => {
                    lead && major && order.major_initial.is_some() && order.major_progress.is_none()
                }
                C::ApplyExtension | C::ApplyHang => lead && pending.is_none(),
                C::ReportUrgeDelay => {
                    lead && order.running_clock(ClockKind::Urge, Some(unit)).is_some()
                        && order.pending_urge_report().is_none()
                }
                C::Unhang | C::SubmitResult | C::UploadReviewForm => lead,
                C::ApproveResult => lead && leader,
                _ => false,
            }
        }
    }
}

/// The commands `acting` may run on `order` now, in the order of the flow.
pub fn available(order: &Order, acting: Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| table::allows(order.status, *kind) && issues(order, acting, *kind))
        .collect()
}
