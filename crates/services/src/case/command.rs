//! The commands a case accepts, from the applicant, the window and the departments.

use crate::UnitId;
use crate::case::state::{Decision, MaterialDefect, SubmittedMaterial};
use crate::item::{DeliveryMethod, SpecialProcedure};

/// A command on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// SVC-PREREVIEW: the pre-review opinion with the next steps.
    PreReview {
        /// The reviewing department.
        by: UnitId,
        /// Opinion and next steps told to the applicant.
        opinion: String,
    },
    /// SVC-ACCEPT: accept (受理); by the department or its comprehensive window (SVC-WINDOW).
    Accept {
        /// The accepting unit.
        by: UnitId,
    },
    /// SVC-ACCEPT: reject (不予受理) with the reason.
    Reject {
        /// The unit.
        by: UnitId,
        /// The reason told to the applicant.
        reason: String,
    },
    /// Every missing or defective material, each with what is wrong. Before acceptance the
    /// one-time notice (SVC-ACCEPT); after acceptance the 补齐补正 special procedure, which
    /// pauses the promised clock (SVC-SPECIAL, CAL-PAUSE).
    RequestSupplement {
        /// The unit.
        by: UnitId,
        /// Every defect.
        defects: Vec<MaterialDefect>,
    },
    /// The applicant hands in the materials asked for: after a one-time notice a new
    /// submission (the acceptance clock restarts); during 补齐补正 the end of the procedure
    /// (the paused clocks resume).
    Resubmit {
        /// The materials of the new submission.
        materials: Vec<SubmittedMaterial>,
    },
    /// SVC-WINDOW: the department signs (签收) for a case its comprehensive window accepted
    /// (事进人不进); stops the signing clock.
    Sign {
        /// The implementing department.
        by: UnitId,
    },
    /// The current stage's department completes it with its opinion.
    CompleteStage {
        /// The stage's department.
        by: UnitId,
        /// The opinion.
        opinion: String,
    },
    /// SVC-SPECIAL: start a special procedure; pauses the promised clock.
    StartSpecial {
        /// Which.
        procedure: SpecialProcedure,
        /// The reason told to the applicant.
        reason: String,
    },
    /// SVC-SPECIAL: the procedure ends; the paused clocks resume.
    EndSpecial {
        /// The outcome told to the applicant.
        outcome: String,
    },
    /// SVC-PARALLEL: a co-approving department's opinion.
    JointOpinion {
        /// The department.
        department: UnitId,
        /// Agrees.
        approve: bool,
        /// The opinion.
        opinion: String,
    },
    /// The decision, by the implementing department (never the window, SVC-WINDOW).
    Decide {
        /// The deciding unit.
        by: UnitId,
        /// Approve or deny.
        decision: Decision,
    },
    /// Delivery of the result, by the accepting unit (SVC-WINDOW); concludes the case.
    Deliver {
        /// The delivering unit.
        by: UnitId,
        /// How.
        method: DeliveryMethod,
    },
    /// SVC-PROMISE: e-supervision flags the case 超期办件 once its promised time has passed.
    FlagOverdue,
    /// The applicant withdraws before the decision.
    Withdraw {
        /// Why.
        reason: String,
    },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// [`Command::PreReview`].
    PreReview,
    /// [`Command::Accept`].
    Accept,
    /// [`Command::Reject`].
    Reject,
    /// [`Command::RequestSupplement`].
    RequestSupplement,
    /// [`Command::Resubmit`].
    Resubmit,
    /// [`Command::Sign`].
    Sign,
    /// [`Command::CompleteStage`].
    CompleteStage,
    /// [`Command::StartSpecial`].
    StartSpecial,
    /// [`Command::EndSpecial`].
    EndSpecial,
    /// [`Command::JointOpinion`].
    JointOpinion,
    /// [`Command::Decide`].
    Decide,
    /// [`Command::Deliver`].
    Deliver,
    /// [`Command::FlagOverdue`].
    FlagOverdue,
    /// [`Command::Withdraw`].
    Withdraw,
}

impl CommandKind {
    /// Every kind.
    pub const ALL: [CommandKind; 14] = [
        CommandKind::PreReview,
        CommandKind::Accept,
        CommandKind::Reject,
        CommandKind::RequestSupplement,
        CommandKind::Resubmit,
        CommandKind::Sign,
        CommandKind::CompleteStage,
        CommandKind::StartSpecial,
        CommandKind::EndSpecial,
        CommandKind::JointOpinion,
        CommandKind::Decide,
        CommandKind::Deliver,
        CommandKind::FlagOverdue,
        CommandKind::Withdraw,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::PreReview => "出具预审意见",
            CommandKind::Accept => "受理",
            CommandKind::Reject => "不予受理",
            CommandKind::RequestSupplement => "告知补齐补正",
            CommandKind::Resubmit => "提交补正材料",
            CommandKind::Sign => "签收",
            CommandKind::CompleteStage => "完成办理环节",
            CommandKind::StartSpecial => "启动特别程序",
            CommandKind::EndSpecial => "结束特别程序并恢复计时",
            CommandKind::JointOpinion => "出具联办意见",
            CommandKind::Decide => "作出审批决定",
            CommandKind::Deliver => "送达结果",
            CommandKind::FlagOverdue => "标记超期办件",
            CommandKind::Withdraw => "撤回申请",
        }
    }

    /// The label of a stored command code (`accept` → 受理); `submit` is 提交申请 and the
    /// sweep's `remind` 催办提醒.
    pub fn label_of_code(code: &str) -> &'static str {
        match code {
            "submit" => return "提交申请",
            "remind" => return "催办提醒",
            _ => {}
        }
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map(CommandKind::label_zh)
            .unwrap_or("其他")
    }
}

impl Command {
    /// The kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::PreReview { .. } => CommandKind::PreReview,
            Command::Accept { .. } => CommandKind::Accept,
            Command::Reject { .. } => CommandKind::Reject,
            Command::RequestSupplement { .. } => CommandKind::RequestSupplement,
            Command::Resubmit { .. } => CommandKind::Resubmit,
            Command::Sign { .. } => CommandKind::Sign,
            Command::CompleteStage { .. } => CommandKind::CompleteStage,
            Command::StartSpecial { .. } => CommandKind::StartSpecial,
            Command::EndSpecial { .. } => CommandKind::EndSpecial,
            Command::JointOpinion { .. } => CommandKind::JointOpinion,
            Command::Decide { .. } => CommandKind::Decide,
            Command::Deliver { .. } => CommandKind::Deliver,
            Command::FlagOverdue => CommandKind::FlagOverdue,
            Command::Withdraw { .. } => CommandKind::Withdraw,
        }
    }
}
