//! The commands a disclosure application accepts (PUB-APPLY, PUB-ANSWER): the officer's
//! supplement notice, handling, consultations, the office head's extension, the answer and
//! its delivery; the applicant's correction and withdrawal.

use calendar::Limit;

use crate::application::{AnswerInput, Outcome, ThirdPartyOpinion};

/// A command on an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 一次性告知补正: every item at once, with the applicant's period (PUB-APPLY).
    RequestSupplement { items: Vec<String>, period: Limit },
    /// The corrected application; the answer clock restarts from it (PUB-APPLY).
    Supplemented { description: String },
    /// The applicant's period passed without a correction: 其他处理 1 (2019 Regulation §30).
    CloseUnsupplemented,
    /// 受理办理: the officer takes it in hand.
    StartHandling,
    /// 征求第三方意见; the answer clock pauses (CAL-PAUSE).
    ConsultThirdParty { party: String, matter: String },
    /// The third party's written opinion, or its silence after its limit.
    ThirdPartyReplied {
        opinion: ThirdPartyOpinion,
        reply: String,
    },
    /// 征求其他机关意见; the answer clock pauses (CAL-PAUSE).
    ConsultAgency { agency: String, matter: String },
    /// The agency's reply; the answer clock resumes.
    AgencyReplied { reply: String },
    /// 延期答复: once, by at most the profile's extension, approved by the office head.
    Extend { amount: Limit, reason: String },
    /// 答复: exactly one outcome of table 三, with what the notice says.
    Answer {
        outcome: Outcome,
        input: AnswerInput,
    },
    /// 送达: how the notice reached the applicant, with evidence.
    Deliver { way: String, evidence: String },
    /// 撤回申请, by the applicant (or recorded by staff for them).
    Withdraw { reason: String },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    RequestSupplement,
    Supplemented,
    CloseUnsupplemented,
    StartHandling,
    ConsultThirdParty,
    ThirdPartyReplied,
    ConsultAgency,
    AgencyReplied,
    Extend,
    Answer,
    Deliver,
    Withdraw,
}

impl CommandKind {
    pub const ALL: [CommandKind; 12] = [
        CommandKind::RequestSupplement,
        CommandKind::Supplemented,
        CommandKind::CloseUnsupplemented,
        CommandKind::StartHandling,
        CommandKind::ConsultThirdParty,
        CommandKind::ThirdPartyReplied,
        CommandKind::ConsultAgency,
        CommandKind::AgencyReplied,
        CommandKind::Extend,
        CommandKind::Answer,
        CommandKind::Deliver,
        CommandKind::Withdraw,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::RequestSupplement => "告知补正",
            CommandKind::Supplemented => "提交补正",
            CommandKind::CloseUnsupplemented => "逾期未补正终止处理",
            CommandKind::StartHandling => "受理办理",
            CommandKind::ConsultThirdParty => "征求第三方意见",
            CommandKind::ThirdPartyReplied => "登记第三方意见",
            CommandKind::ConsultAgency => "征求其他机关意见",
            CommandKind::AgencyReplied => "登记其他机关意见",
            CommandKind::Extend => "延期答复",
            CommandKind::Answer => "答复",
            CommandKind::Deliver => "送达",
            CommandKind::Withdraw => "撤回申请",
        }
    }

    /// The label of a stored command code (`request_supplement` → 告知补正); `register` is
    /// 登记申请.
    pub fn label_of_code(code: &str) -> &'static str {
        if code == "register" {
            return "登记申请";
        }
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map(CommandKind::label_zh)
            .unwrap_or("其他")
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::RequestSupplement { .. } => CommandKind::RequestSupplement,
            Command::Supplemented { .. } => CommandKind::Supplemented,
            Command::CloseUnsupplemented => CommandKind::CloseUnsupplemented,
            Command::StartHandling => CommandKind::StartHandling,
            Command::ConsultThirdParty { .. } => CommandKind::ConsultThirdParty,
            Command::ThirdPartyReplied { .. } => CommandKind::ThirdPartyReplied,
            Command::ConsultAgency { .. } => CommandKind::ConsultAgency,
            Command::AgencyReplied { .. } => CommandKind::AgencyReplied,
            Command::Extend { .. } => CommandKind::Extend,
            Command::Answer { .. } => CommandKind::Answer,
            Command::Deliver { .. } => CommandKind::Deliver,
            Command::Withdraw { .. } => CommandKind::Withdraw,
        }
    }
}
