//! Which commands a member of staff may run on a case now: the transition table's rows from
//! the case's status, kept to the commands their unit and role issue on this item (the
//! accepting window or department, the stage's department, a co-approving department, the
//! deciding leader, the unit that accepted and delivers). The case page offers exactly these
//! forms; the applicant's own commands (resubmit, withdraw) and e-supervision's flag are not
//! staff buttons.

use crate::UnitId;
use crate::case::{Case, ClockKind, CommandKind, Status, prereview_applies, table};
use crate::item::{Item, WindowMode};

/// Who is looking at the case: their unit and what their roles allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acting {
    pub unit: UnitId,
    /// Handles cases (window clerk, department handler or leader).
    pub handle: bool,
    /// Decides (the department's leader).
    pub decide: bool,
}

/// Whether `acting` issues `kind` on `case` as it stands (beyond the table's row).
fn issues(case: &Case, item: &Item, acting: Acting, kind: CommandKind) -> bool {
    use CommandKind as C;
    let Acting {
        unit,
        handle,
        decide,
    } = acting;
    let department = item.basic.department;
    let window = match item.basic.window {
        WindowMode::Comprehensive { window } => Some(window),
        WindowMode::Professional => None,
    };
    let acceptor = handle && (unit == department || Some(unit) == window);
    let stage_department = item
        .process
        .stages
        .get(case.stage as usize)
        .filter(|_| case.status == Status::InReview)
        .map(|stage| stage.department);
    // SVC-PREREVIEW: only an online application to an item offering it awaits the opinion.
    let awaits_prereview =
        case.status == Status::Submitted && prereview_applies(item, case.channel);
    let accepted = case.accepted.is_some();
    match kind {
        C::PreReview => acceptor && awaits_prereview,
        C::Accept => acceptor && !awaits_prereview,
        C::Reject => acceptor,
        // SVC-SPECIAL: before acceptance the acceptor's one-time notice; after it the
        // reviewing department's 补齐补正.
        C::RequestSupplement if !accepted => acceptor,
        C::RequestSupplement => handle && (unit == department || Some(unit) == stage_department),
        // SVC-WINDOW: the department signs for what its comprehensive window accepted.
        C::Sign => {
            handle
                && unit == department
                && case
                    .clocks
                    .iter()
                    .any(|entry| entry.kind == ClockKind::Sign && entry.is_running())
        }
        C::CompleteStage => handle && stage_department == Some(unit),
        C::StartSpecial => handle && unit == department && !item.process.special.is_empty(),
        C::EndSpecial => handle && unit == department,
        C::JointOpinion => {
            handle
                && item.process.parallel.iter().any(|p| p.department == unit)
                && !case.joint_opinions.iter().any(|o| o.department == unit)
        }
        C::Decide => decide && unit == department,
        C::Deliver => handle && case.accepted.is_some_and(|(by, _)| by == unit),
        C::Resubmit | C::Withdraw | C::FlagOverdue => false,
    }
}

/// The commands `acting` may run on `case` now, in the order of the flow.
pub fn available(case: &Case, item: &Item, acting: Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| table::allows(case.status, *kind) && issues(case, item, acting, *kind))
        .collect()
}
