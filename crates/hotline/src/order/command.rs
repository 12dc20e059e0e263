//! Commands on a work order and the structured values they carry (HL-RESULT, HL-CALLBACK).

use calendar::{Instant, Limit};

use crate::appeal::{EmergencyLine, HandlingClass};
use crate::error::HotlineError;
use crate::evaluation::Rating;
use crate::kb::EntryRef;
use crate::order::Status;
use crate::refuse::RefuseReason;
use crate::{AppealId, UnitId, required};

/// Whether the appellant is satisfied, as the unit understands it (HL-RESULT 群众是否满意).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum UnitView {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Unsatisfied,
}

/// A unit's result in the standard form of HL-RESULT (000 §12345-10(四)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingResult {
    /// 办理情况.
    pub handling: String,
    /// 办理过程.
    pub process: String,
    /// 处理意见.
    pub opinion: String,
    /// 办理结果.
    pub result: String,
    /// 群众是否满意.
    pub appellant_view: UnitView,
    /// Issue 14 item 11: the files the lead attached (photos or PDFs of the rectification),
    /// by attachment id; stored with the command (`usecase::submit_result`).
    #[serde(default)]
    pub files: Vec<i64>,
}

impl HandlingResult {
    /// HL-RESULT: one part of a result read alone, as [`HandlingResult::parse`] reads it
    /// (`label` names it in the message), so that a form shows every part's problem at once
    /// (issue 14 item 3).
    pub fn read_part(text: &str, label: &str) -> Result<String, HotlineError> {
        required(text, label)
    }

    /// HL-RESULT: every part is required.
    pub fn parse(
        handling: &str,
        process: &str,
        opinion: &str,
        result: &str,
        appellant_view: UnitView,
    ) -> Result<HandlingResult, HotlineError> {
        Ok(HandlingResult {
            handling: required(handling, "办理情况")?,
            process: required(process, "办理过程")?,
            opinion: required(opinion, "处理意见")?,
            result: required(result, "办理结果")?,
            appellant_view,
            files: Vec::new(),
        })
    }
}

/// The unit leader's decision on a submitted result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    /// 同意: the result is fed back to the hotline.
    Approve,
    /// 退回修改, with the leader's note.
    SendBack(String),
}

/// How the hotline tried to reply (HL-REPLY: 电话、短信等方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ReplyChannel {
    /// 电话.
    Phone,
    /// 短信.
    Sms,
}

/// Whether a try reached the appellant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ContactOutcome {
    /// 已联系.
    Reached,
    /// 无法联系.
    Unreachable,
}

/// The hotline's review of an unsatisfied callback (HL-CALLBACK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewFinding {
    /// 确有办理不到位: back to the unit the same day.
    Inadequate,
    /// 办理到位: concluded, the unsatisfied rating stays on record.
    Adequate,
}

/// The check of the head-signed review form (HL-CALLBACK: 核查意见).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormFinding {
    /// 办理结果符合规定、答复意见准确: concluded; the unit explains further.
    Compliant,
    /// 不符合规定或答复意见不准确: the unit redoes it within the limit.
    NotCompliant,
}

/// 群众不满意诉求审核反馈表 (HL-CALLBACK, 000 §12345-14): signed by the unit's head, sealed,
/// uploaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReviewForm {
    /// The head (主要负责同志) who signed.
    pub signed_by: String,
    /// The uploaded scan (attachment reference).
    pub document: String,
    /// The unit's explanation.
    pub explanation: String,
}

/// Whether the form bears the unit's official seal (加盖单位公章).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seal {
    /// 已加盖公章.
    Affixed,
    /// 未加盖.
    Missing,
}

impl ReviewForm {
    /// HL-CALLBACK: the head's signature, the seal and the uploaded document are required.
    pub fn parse(
        signed_by: &str,
        seal: Seal,
        document: &str,
        explanation: &str,
    ) -> Result<ReviewForm, HotlineError> {
        if seal == Seal::Missing {
            return Err(HotlineError::invalid("审核反馈表须加盖单位公章"));
        }
        Ok(ReviewForm {
            signed_by: required(signed_by, "单位主要负责同志签字")?,
            document: required(document, "审核反馈表扫描件")?,
            explanation: required(explanation, "审核说明")?,
        })
    }
}

/// What is archived with a concluded order (HL-ARCHIVE, 000 §12345-9(五)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArchiveItem {
    /// 公众递交的原始材料.
    OriginalMaterial,
    /// 电话录音.
    Recording,
    /// 领导批示.
    LeaderInstruction,
    /// 反馈信息 (the results).
    Feedback,
    /// 满意度 (the callbacks).
    Satisfaction,
}

/// The hotline's decision on a unit's application (HL-EXTEND, HL-HANG) or the bureau's on
/// a report after an urge (HL-REMIND).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// 同意.
    Approve,
    /// 不同意.
    Refuse,
}

/// What the hotline records with a dispatch besides the units (HL-LIMITS, HL-PRIVACY).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DispatchTerms {
    /// HL-LIMITS: a limit set by law or regulation, overriding the class limit.
    pub legal_limit: Option<platform::profile::LegalLimit>,
    /// HL-PRIVACY: on a complaint or report, the units the hotline found to be neither the
    /// accused nor an interested party; as lead they may contact the appellant.
    pub contact_cleared: Vec<UnitId>,
    /// HL-LIMITS: the units that serve 7×24; their clocks run in natural time.
    pub round_the_clock: Vec<UnitId>,
}

/// A command on a work order. Unit commands name the acting unit; the app layer has already
/// checked that the user may act for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// HL-INSTANT: answered at once from a published entry.
    AnswerFromKb {
        /// The entry used.
        entry: EntryRef,
    },
    /// HL-REFUSE.
    Refuse {
        /// One of the eight.
        reason: RefuseReason,
        /// The explanation given to the appellant (作详细解释).
        explanation: String,
    },
    /// HL-EMERGENCY.
    TransferEmergency {
        /// The line.
        line: EmergencyLine,
        /// What was transferred.
        note: String,
    },
    /// HL-MERGE: this new appeal joins `target`, whose status the app layer read.
    MergeInto {
        /// The open appeal.
        target: AppealId,
        /// Its status.
        target_status: Status,
    },
    /// HL-MERGE: the open appeal takes in `source`.
    AcceptMerged {
        /// The merged appeal.
        source: AppealId,
    },
    /// HL-DISPATCH: to one lead unit and any assisting units.
    Dispatch {
        /// Selects the limit (HL-LIMITS).
        class: HandlingClass,
        /// 主办.
        lead: UnitId,
        /// 协办.
        assisting: Vec<UnitId>,
        /// Limit set by law, interested units, 7×24 units.
        terms: DispatchTerms,
    },
    /// HL-SIGN.
    Sign {
        /// The signing unit.
        unit: UnitId,
    },
    /// HL-RETURN: the lead returns the order, an assisting unit its own part, with both
    /// records.
    Return {
        /// The returning unit.
        unit: UnitId,
        /// The law or policy that shows it is not competent.
        legal_basis: String,
        /// The record of the phone call with the hotline.
        call_record: String,
    },
    /// HL-MAJOR: initial opinion.
    ReportInitialOpinion {
        /// The lead unit.
        unit: UnitId,
        /// The opinion.
        text: String,
    },
    /// HL-MAJOR: progress, with the handling limit told to the appellant.
    ReportProgress {
        /// The lead unit.
        unit: UnitId,
        /// The progress.
        text: String,
        /// 办理时限 promised to the appellant; starts the handling clock.
        promised: Limit,
    },
    /// HL-EXTEND: the lead applies before the due time.
    ApplyExtension {
        /// The lead unit.
        unit: UnitId,
        /// How much to add to the due time.
        amount: Limit,
        /// Why (提前说明理由).
        reason: String,
        /// The explanation texted to the appellant when approved (向诉求人做好解释沟通).
        explanation: String,
    },
    /// HL-EXTEND: the hotline decides.
    DecideExtension {
        /// Approve or refuse.
        decision: Decision,
        /// Why.
        note: String,
    },
    /// HL-HANG: the lead applies to put the order on the hanging ledger.
    ApplyHang {
        /// The lead unit.
        unit: UnitId,
        /// 挂账事项范围: one of the profile's scopes.
        scope: String,
        /// Why it cannot be solved in a short time.
        reason: String,
        /// 挂账标准 (what solved means).
        standard: String,
        /// The planned date of solution, at the close of that working day.
        planned: Instant,
    },
    /// HL-HANG: the hotline decides.
    DecideHang {
        /// Approve or refuse.
        decision: Decision,
        /// Why.
        note: String,
    },
    /// HL-HANG: off the hanging ledger (销账).
    Unhang {
        /// The lead unit.
        unit: UnitId,
        /// What changed.
        note: String,
    },
    /// HL-DISPATCH: an assisting unit's contribution to the lead's result.
    Contribute {
        /// The assisting unit.
        unit: UnitId,
        /// Its part.
        text: String,
    },
    /// HL-RESULT: the lead submits the result for the leader's approval.
    SubmitResult {
        /// The lead unit.
        unit: UnitId,
        /// The structured result.
        result: HandlingResult,
    },
    /// HL-RESULT: the lead unit's leader approves or sends back.
    ApproveResult {
        /// The lead unit.
        unit: UnitId,
        /// The decision.
        decision: Approval,
    },
    /// HL-REMIND: urge notice to the unit leader of an order whose feedback is overdue.
    Urge,
    /// HL-REMIND: the urged lead reports to the business-environment bureau that it cannot
    /// feed back within the urge limit, with reasons.
    ReportUrgeDelay {
        /// The lead unit.
        unit: UnitId,
        /// Its reasons.
        reason: String,
    },
    /// HL-REMIND: the bureau accepts the report with a new feedback limit (no
    /// accountability) or refuses it.
    DecideUrgeReport {
        /// Accept or refuse.
        decision: Decision,
        /// The new feedback limit from now when accepted.
        new_limit: Limit,
        /// Why.
        note: String,
    },
    /// HL-REPLY: one try to reply.
    ReplyAttempt {
        /// Phone or SMS.
        channel: ReplyChannel,
        /// Reached or not.
        outcome: ContactOutcome,
        /// What was said or tried.
        note: String,
    },
    /// HL-REPLY: concluded as unreachable after the retry window and the minimum tries.
    CloseUnreachable,
    /// HL-CALLBACK: the satisfaction survey.
    Callback {
        /// EVAL-ALL level.
        rating: Rating,
        /// The appellant's words.
        comment: String,
    },
    /// HL-CALLBACK: the review of an unsatisfied callback.
    Review {
        /// Adequate or not.
        finding: ReviewFinding,
        /// The review note.
        note: String,
    },
    /// HL-CALLBACK: the head-signed review form after the last round.
    UploadReviewForm {
        /// The lead unit.
        unit: UnitId,
        /// The form.
        form: ReviewForm,
    },
    /// HL-CALLBACK: the check of the review form.
    ConcludeFormReview {
        /// Compliant or not.
        finding: FormFinding,
        /// 核查意见.
        note: String,
    },
    /// HL-ARCHIVE.
    Archive {
        /// The material the app layer files besides what the order holds.
        items: Vec<ArchiveItem>,
    },
    /// HL-WITHDRAW: the appellant withdraws.
    Withdraw {
        /// What the appellant said.
        note: String,
    },
}

/// The kind of a [`Command`] without its data, for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    AnswerFromKb,
    Refuse,
    TransferEmergency,
    MergeInto,
    AcceptMerged,
    Dispatch,
    Sign,
    Return,
    ReportInitialOpinion,
    ReportProgress,
    ApplyExtension,
    DecideExtension,
    ApplyHang,
    DecideHang,
    Unhang,
    Contribute,
    SubmitResult,
    ApproveResult,
    Urge,
    ReportUrgeDelay,
    DecideUrgeReport,
    ReplyAttempt,
    CloseUnreachable,
    Callback,
    Review,
    UploadReviewForm,
    ConcludeFormReview,
    Archive,
    Withdraw,
}

impl Command {
    /// The kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::AnswerFromKb { .. } => CommandKind::AnswerFromKb,
            Command::Refuse { .. } => CommandKind::Refuse,
            Command::TransferEmergency { .. } => CommandKind::TransferEmergency,
            Command::MergeInto { .. } => CommandKind::MergeInto,
            Command::AcceptMerged { .. } => CommandKind::AcceptMerged,
            Command::Dispatch { .. } => CommandKind::Dispatch,
            Command::Sign { .. } => CommandKind::Sign,
            Command::Return { .. } => CommandKind::Return,
            Command::ReportInitialOpinion { .. } => CommandKind::ReportInitialOpinion,
            Command::ReportProgress { .. } => CommandKind::ReportProgress,
            Command::ApplyExtension { .. } => CommandKind::ApplyExtension,
            Command::DecideExtension { .. } => CommandKind::DecideExtension,
            Command::ApplyHang { .. } => CommandKind::ApplyHang,
            Command::DecideHang { .. } => CommandKind::DecideHang,
            Command::Unhang { .. } => CommandKind::Unhang,
            Command::Contribute { .. } => CommandKind::Contribute,
            Command::SubmitResult { .. } => CommandKind::SubmitResult,
            Command::ApproveResult { .. } => CommandKind::ApproveResult,
            Command::Urge => CommandKind::Urge,
            Command::ReportUrgeDelay { .. } => CommandKind::ReportUrgeDelay,
            Command::DecideUrgeReport { .. } => CommandKind::DecideUrgeReport,
            Command::ReplyAttempt { .. } => CommandKind::ReplyAttempt,
            Command::CloseUnreachable => CommandKind::CloseUnreachable,
            Command::Callback { .. } => CommandKind::Callback,
            Command::Review { .. } => CommandKind::Review,
            Command::UploadReviewForm { .. } => CommandKind::UploadReviewForm,
            Command::ConcludeFormReview { .. } => CommandKind::ConcludeFormReview,
            Command::Archive { .. } => CommandKind::Archive,
            Command::Withdraw { .. } => CommandKind::Withdraw,
        }
    }
}

impl CommandKind {
    /// Every kind, in the order of the flow.
    pub const ALL: [CommandKind; 29] = [
        CommandKind::AnswerFromKb,
        CommandKind::Refuse,
        CommandKind::TransferEmergency,
        CommandKind::MergeInto,
        CommandKind::AcceptMerged,
        CommandKind::Dispatch,
        CommandKind::Sign,
        CommandKind::Return,
        CommandKind::ReportInitialOpinion,
        CommandKind::ReportProgress,
        CommandKind::ApplyExtension,
        CommandKind::DecideExtension,
        CommandKind::ApplyHang,
        CommandKind::DecideHang,
        CommandKind::Unhang,
        CommandKind::Contribute,
        CommandKind::SubmitResult,
        CommandKind::ApproveResult,
        CommandKind::Urge,
        CommandKind::ReportUrgeDelay,
        CommandKind::DecideUrgeReport,
        CommandKind::ReplyAttempt,
        CommandKind::CloseUnreachable,
        CommandKind::Callback,
        CommandKind::Review,
        CommandKind::UploadReviewForm,
        CommandKind::ConcludeFormReview,
        CommandKind::Archive,
        CommandKind::Withdraw,
    ];

    /// The label of a stored command code (`dispatch` → 派单); `register` is 登记.
    pub fn label_of_code(code: &str) -> &'static str {
        match code {
            "register" => return "登记",
            // Codes written before HL-EXTEND and HL-HANG became applications.
            "extend" => return "延期",
            "hang" => return "挂账",
            _ => {}
        }
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map(CommandKind::label_zh)
            .unwrap_or("其他")
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::AnswerFromKb => "知识库即办",
            CommandKind::Refuse => "不予受理",
            CommandKind::TransferEmergency => "转紧急热线",
            CommandKind::MergeInto => "并案",
            CommandKind::AcceptMerged => "接收并案",
            CommandKind::Dispatch => "派单",
            CommandKind::Sign => "签收",
            CommandKind::Return => "退回",
            CommandKind::ReportInitialOpinion => "反馈初步办理意见",
            CommandKind::ReportProgress => "反馈办理进度",
            CommandKind::ApplyExtension => "申请延期",
            CommandKind::DecideExtension => "审批延期",
            CommandKind::ApplyHang => "申请挂账",
            CommandKind::DecideHang => "审批挂账",
            CommandKind::Unhang => "销账",
            CommandKind::Contribute => "协办反馈",
            CommandKind::SubmitResult => "提交办理结果",
            CommandKind::ApproveResult => "领导审核",
            CommandKind::Urge => "催办",
            CommandKind::ReportUrgeDelay => "向营商环境建设局报告",
            CommandKind::DecideUrgeReport => "审核延迟反馈报告",
            CommandKind::ReplyAttempt => "回复诉求人",
            CommandKind::CloseUnreachable => "无法联系办结",
            CommandKind::Callback => "回访",
            CommandKind::Review => "复核",
            CommandKind::UploadReviewForm => "上传审核反馈表",
            CommandKind::ConcludeFormReview => "核查审核反馈表",
            CommandKind::Archive => "归档",
            CommandKind::Withdraw => "撤单",
        }
    }
}
