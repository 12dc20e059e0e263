//! The commands an article accepts along the 三审三校 workflow (WEB-REVIEW), after
//! publication (withdrawal; PUB-ABOLISH marks; PUB-INTERPRET links) and from the scheduler.

use calendar::Instant;
use chrono::NaiveDate;

use crate::ArticleId;
use crate::article::{Content, Marks, Validity};

/// A command on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 修改: the column's editors change the draft (a new revision).
    Edit { content: Box<Content>, major: bool },
    /// 提交审核: to the responsible unit's reviewer.
    Submit,
    /// 审核通过 (二审), with the opinion: to a leader if major, else to the publisher.
    Review { opinion: String },
    /// 领导审批通过 of a major article.
    ApproveMajor { opinion: String },
    /// 退回修改 from any step, with the reason (required).
    SendBack { reason: String },
    /// 签发 (三审): now, or at `at` if it is later (scheduled publication).
    Publish { at: Option<Instant> },
    /// 取消定时发布: back to the publisher.
    Unschedule,
    /// The scheduler publishes a scheduled article once its instant has come.
    PublishDue,
    /// 撤稿, with the reason: off the site, kept in the archive.
    Withdraw { reason: String },
    /// 定时撤稿: the publisher plans the withdrawal for a later instant, with the reason.
    ScheduleWithdrawal { at: Instant, reason: String },
    /// 取消定时撤稿.
    CancelWithdrawal,
    /// The scheduler withdraws an article once its planned instant has come.
    WithdrawDue,
    /// PUB-ABOLISH: mark a policy document 废止 or 失效 since a date.
    MarkValidity {
        validity: Validity,
        since: NaiveDate,
        note: String,
    },
    /// PUB-INTERPRET: link a published interpretation to the policy document.
    LinkInterpretation { interpretation: ArticleId },
    /// WEB-MAP, WEB-REPOST: the column's editors mark the draft as showing a map (with its
    /// 审图号) or as a repost (source and notice).
    Annotate { marks: Box<Marks> },
    /// WEB-ACCOUNT: 纠错撤稿 — withdrawn for an error, an accountability event of the unit.
    WithdrawError { reason: String },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Edit,
    Submit,
    Review,
    ApproveMajor,
    SendBack,
    Publish,
    Unschedule,
    PublishDue,
    Withdraw,
    MarkValidity,
    LinkInterpretation,
    Annotate,
    WithdrawError,
    ScheduleWithdrawal,
    CancelWithdrawal,
    WithdrawDue,
}

impl CommandKind {
    pub const ALL: [CommandKind; 16] = [
        CommandKind::Edit,
        CommandKind::Submit,
        CommandKind::Review,
        CommandKind::ApproveMajor,
        CommandKind::Publish,
        CommandKind::Unschedule,
        CommandKind::PublishDue,
        CommandKind::SendBack,
        CommandKind::Withdraw,
        CommandKind::MarkValidity,
        CommandKind::LinkInterpretation,
        CommandKind::Annotate,
        CommandKind::WithdrawError,
        CommandKind::ScheduleWithdrawal,
        CommandKind::CancelWithdrawal,
        CommandKind::WithdrawDue,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Edit => "修改稿件",
            CommandKind::Submit => "提交审核",
            CommandKind::Review => "审核通过",
            CommandKind::ApproveMajor => "领导审批通过",
            CommandKind::SendBack => "退回修改",
            CommandKind::Publish => "签发",
            CommandKind::Unschedule => "取消定时发布",
            CommandKind::PublishDue => "定时发布",
            CommandKind::Withdraw => "撤稿",
            CommandKind::MarkValidity => "标注有效性",
            CommandKind::LinkInterpretation => "关联政策解读",
            CommandKind::Annotate => "标注地图和转载",
            CommandKind::WithdrawError => "纠错撤稿",
            CommandKind::ScheduleWithdrawal => "定时撤稿",
            CommandKind::CancelWithdrawal => "取消定时撤稿",
            CommandKind::WithdrawDue => "到期撤稿",
        }
    }

    /// The label of a stored command code (`send_back` → 退回修改); `draft` is 新建稿件.
    pub fn label_of_code(code: &str) -> &'static str {
        if code == "draft" {
            return "新建稿件";
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
            Command::Review { .. } => CommandKind::Review,
            Command::ApproveMajor { .. } => CommandKind::ApproveMajor,
            Command::SendBack { .. } => CommandKind::SendBack,
            Command::Publish { .. } => CommandKind::Publish,
            Command::Unschedule => CommandKind::Unschedule,
            Command::PublishDue => CommandKind::PublishDue,
            Command::Withdraw { .. } => CommandKind::Withdraw,
            Command::MarkValidity { .. } => CommandKind::MarkValidity,
            Command::LinkInterpretation { .. } => CommandKind::LinkInterpretation,
            Command::Annotate { .. } => CommandKind::Annotate,
            Command::WithdrawError { .. } => CommandKind::WithdrawError,
            Command::ScheduleWithdrawal { .. } => CommandKind::ScheduleWithdrawal,
            Command::CancelWithdrawal => CommandKind::CancelWithdrawal,
            Command::WithdrawDue => CommandKind::WithdrawDue,
        }
    }
}
