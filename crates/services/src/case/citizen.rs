//! What the applicant reads of a case's progress (SVC-STATUS, issue 14 item 5): the stages an
//! applicant cares about, in words, never the back office's states (待决定, 已补正待受理 …).
//! [`citizen_stage`] maps a status to its stage; [`citizen_steps`] turns the case's status
//! changes into the dated stages of its progress page.

use calendar::Instant;

use crate::case::Status;

/// A stage of a case as the applicant reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitizenStage {
    /// 已提交: waits for acceptance (submitted, pre-reviewed or resubmitted).
    Submitted,
    /// 待补齐补正: the applicant is to supply materials (SVC-ACCEPT one-time notice).
    Supplement,
    /// 不予受理. Final.
    Rejected,
    /// 已受理: the moment of acceptance (SVC-ACCEPT); no status stays here.
    Accepted,
    /// 办理中: under review by the department, a special procedure included (SVC-SPECIAL).
    Handling,
    /// 已作出决定: the result waits for delivery.
    Decided,
    /// 已办结. Final.
    Concluded,
    /// 已撤回. Final.
    Withdrawn,
}

impl CitizenStage {
    /// The words the applicant reads.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CitizenStage::Submitted => "已提交",
            CitizenStage::Supplement => "待补齐补正",
            CitizenStage::Rejected => "不予受理",
            CitizenStage::Accepted => "已受理",
            CitizenStage::Handling => "办理中",
            CitizenStage::Decided => "已作出决定",
            CitizenStage::Concluded => "已办结",
            CitizenStage::Withdrawn => "已撤回",
        }
    }

    /// Before acceptance: waiting for it, or for the applicant's materials.
    const fn before_acceptance(self) -> bool {
        matches!(self, CitizenStage::Submitted | CitizenStage::Supplement)
    }
}

/// SVC-STATUS: the stage the applicant reads for a status.
pub const fn citizen_stage(status: Status) -> CitizenStage {
    match status {
        Status::Submitted | Status::PreReviewed | Status::Resubmitted => CitizenStage::Submitted,
        Status::AwaitingSupplement => CitizenStage::Supplement,
        Status::Rejected => CitizenStage::Rejected,
        Status::InReview | Status::Special | Status::AwaitingDecision => CitizenStage::Handling,
        Status::Decided => CitizenStage::Decided,
        Status::Concluded => CitizenStage::Concluded,
        Status::Withdrawn => CitizenStage::Withdrawn,
    }
}

/// SVC-STATUS: the dated stages of a case from its status changes (oldest first, each the
/// status reached and when): a stage is listed when it is entered, not again while the case
/// stays in it; acceptance (SVC-ACCEPT) is listed as 已受理 before the 办理中 it starts.
pub fn citizen_steps(changes: &[(Instant, Status)]) -> Vec<(Instant, CitizenStage)> {
    let mut steps: Vec<(Instant, CitizenStage)> = Vec::new();
    for (at, status) in changes {
        let stage = citizen_stage(*status);
        let last = steps.last().map(|(_, last)| *last);
        if last == Some(stage) {
            continue;
        }
        if stage == CitizenStage::Handling && last.is_none_or(CitizenStage::before_acceptance) {
            steps.push((*at, CitizenStage::Accepted));
        }
        steps.push((*at, stage));
    }
    steps
}
