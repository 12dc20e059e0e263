//! The commands a submission accepts (WEB-SUBMIT): its writer edits, submits to the unit's
//! leader and withdraws; the leader approves or sends back; the column's editors adopt it as a
//! draft article or return it with a reason.

use crate::submission::SubmissionInput;
use crate::{ArticleId, ColumnId};

/// A command on a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 修改: the writer changes the draft (the proposed column stays).
    Edit { input: Box<SubmissionInput> },
    /// 提交领导审核.
    Submit,
    /// 审核同意报送: a leader of the unit (a major item: as its principal) sends it to the
    /// site's editors, whose clock starts.
    Approve { opinion: String },
    /// 退回修改: the leader sends it back to the writer, with the reason.
    SendBack { reason: String },
    /// 撤回: the writer takes it back before it reaches the editors.
    Withdraw,
    /// 采用: an A/B editor of the proposed column adopts it; `article` is the draft made of it
    /// in `column` in the same transaction (set by `usecase::adopt_submission`, never by a page).
    Adopt {
        column: Option<ColumnId>,
        article: Option<ArticleId>,
    },
    /// 退回: an A/B editor of the proposed column returns it with the reason.
    Return { reason: String },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Edit,
    Submit,
    Approve,
    SendBack,
    Withdraw,
    Adopt,
    Return,
}

impl CommandKind {
    pub const ALL: [CommandKind; 7] = [
        CommandKind::Edit,
        CommandKind::Submit,
        CommandKind::Approve,
        CommandKind::SendBack,
        CommandKind::Withdraw,
        CommandKind::Adopt,
        CommandKind::Return,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Edit => "修改报送信息",
            CommandKind::Submit => "提交领导审核",
            CommandKind::Approve => "审核同意报送",
            CommandKind::SendBack => "退回修改",
            CommandKind::Withdraw => "撤回",
            CommandKind::Adopt => "采用",
            CommandKind::Return => "退回报送单位",
        }
    }

    /// The label of a stored command code (`send_back` → 退回修改); `create` is 填写报送信息.
    pub fn label_of_code(code: &str) -> &'static str {
        if code == "create" {
            return "填写报送信息";
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
            Command::Edit { .. } => CommandKind::Edit,
            Command::Submit => CommandKind::Submit,
            Command::Approve { .. } => CommandKind::Approve,
            Command::SendBack { .. } => CommandKind::SendBack,
            Command::Withdraw => CommandKind::Withdraw,
            Command::Adopt { .. } => CommandKind::Adopt,
            Command::Return { .. } => CommandKind::Return,
        }
    }
}
