//! What the appellant reads of an order's progress (issue 14 item 5): the stages a citizen
//! cares about, in words — 已受理, 办理中 (by which unit), 已答复, 已办结 — never the back
//! office's states (待签收, 待领导审核, 待回访 …). [`citizen_stage`] maps a status to its stage;
//! [`citizen_steps`] turns the order's status changes into the dated stages of its query page.

use crate::order::Status;

/// A stage of an appeal as the appellant reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitizenStage {
    /// 已受理: registered, the hotline decides where it goes (HL-REGISTER).
    Received,
    /// 办理中: with a unit, or back with the hotline for another unit or a review.
    Handling,
    /// 已答复: the hotline gave the result to the appellant (HL-REPLY); the callback follows.
    Replied,
    /// 已办结 (HL-CALLBACK, HL-INSTANT, HL-ARCHIVE).
    Concluded,
    /// 不予受理 with the explanation given (HL-REFUSE). Final.
    Refused,
    /// 已转紧急热线 (HL-EMERGENCY). Final.
    Emergency,
    /// 已并案办理 (HL-MERGE). Final.
    Merged,
    /// 已撤销 at the appellant's request (HL-WITHDRAW). Final.
    Withdrawn,
}

impl CitizenStage {
    /// The words the appellant reads.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CitizenStage::Received => "已受理",
            CitizenStage::Handling => "办理中",
            CitizenStage::Replied => "已答复",
            CitizenStage::Concluded => "已办结",
            CitizenStage::Refused => "不予受理",
            CitizenStage::Emergency => "已转紧急热线",
            CitizenStage::Merged => "已并案办理",
            CitizenStage::Withdrawn => "已撤销",
        }
    }

    /// Decided at intake instead of being received for handling: it replaces 已受理.
    const fn intake_outcome(self) -> bool {
        matches!(
            self,
            CitizenStage::Refused | CitizenStage::Emergency | CitizenStage::Merged
        )
    }
}

/// The stage the appellant reads for a status.
pub const fn citizen_stage(status: Status) -> CitizenStage {
    match status {
        Status::Registered => CitizenStage::Received,
        Status::Dispatched
        | Status::Returned
        | Status::Handling
        | Status::Hung
        | Status::ResultSubmitted
        | Status::ResultApproved
        | Status::UnderReview
        | Status::AwaitingReviewForm
        | Status::FormUnderReview => CitizenStage::Handling,
        Status::Replied => CitizenStage::Replied,
        Status::AnsweredFromKb | Status::Closed | Status::Archived => CitizenStage::Concluded,
        Status::Refused => CitizenStage::Refused,
        Status::TransferredToEmergency => CitizenStage::Emergency,
        Status::Merged => CitizenStage::Merged,
        Status::Withdrawn => CitizenStage::Withdrawn,
    }
}

/// The dated stages of an order from its status changes (oldest first: when, the status
/// reached): a stage is listed when it is entered, not again while the order stays in it; an
/// intake outcome (不予受理, 转紧急热线, 并案) replaces the 已受理 it follows.
pub fn citizen_steps<T: Copy>(changes: &[(T, Status)]) -> Vec<(T, CitizenStage)> {
    let mut steps: Vec<(T, CitizenStage)> = Vec::new();
    for (at, status) in changes {
        let stage = citizen_stage(*status);
        match steps.last() {
            Some((_, last)) if *last == stage => continue,
            Some((_, CitizenStage::Received)) if stage.intake_outcome() => {
                steps.pop();
            }
            _ => {}
        }
        steps.push((*at, stage));
    }
    steps
}
