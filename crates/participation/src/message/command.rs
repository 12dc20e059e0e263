//! The commands a message accepts (MSG-ROUTE, MSG-LIMITS, MSG-REVIEW, MSG-PUBLISH,
//! MSG-QUERY): routing by the site's editors or the petition bureau, transfer to 12345, the
//! unit's return, complex mark, extension and reply, the review, the publication decision
//! and the writer's rating.

use calendar::Limit;

use crate::UnitId;

/// Why a reply is not published (MSG-PUBLISH: a reason is recorded, never silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum WithholdReason {
    /// 留言人选择不公开.
    WriterRefused,
    /// 涉及国家秘密.
    Secret,
    /// 涉及个人隐私或商业秘密.
    Private,
    /// 其他（须写明）.
    Other,
}

impl WithholdReason {
    pub const ALL: [WithholdReason; 4] = [
        WithholdReason::WriterRefused,
        WithholdReason::Secret,
        WithholdReason::Private,
        WithholdReason::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            WithholdReason::WriterRefused => "writer_refused",
            WithholdReason::Secret => "secret",
            WithholdReason::Private => "private",
            WithholdReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<WithholdReason> {
        WithholdReason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            WithholdReason::WriterRefused => "留言人选择不公开",
            WithholdReason::Secret => "涉及国家秘密",
            WithholdReason::Private => "涉及个人隐私或商业秘密",
            WithholdReason::Other => "其他原因",
        }
    }
}

/// A command on a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 分办 to the competent unit (属地管理、归口办理).
    Route { unit: UnitId, note: String },
    /// 转12345热线: handled as a hotline order, linked both ways, on the order's clock; the
    /// order (id, number) the use case registered for it.
    TransferToHotline {
        note: String,
        order: Option<(i64, String)>,
    },
    /// 无效留言 (abuse, advertising, empty), with the reason.
    MarkInvalid { reason: String },
    /// 退回: the unit says it is not its matter; back to the routing desk.
    Return { reason: String },
    /// 复杂留言: the profile's complex-case limit applies (xingning 10 WD).
    MarkComplex { reason: String },
    /// 延期: once, by at most the profile's extension (fenggang 30 WD).
    Extend { amount: Limit, reason: String },
    /// 答复 by the competent unit.
    Reply { text: String },
    /// 审核通过 (MSG-REVIEW).
    Approve { note: String },
    /// 审核退回 for a new reply (MSG-REVIEW).
    SendBack { note: String },
    /// 公开.
    Publish,
    /// 不予公开, with the reason (MSG-PUBLISH).
    Withhold {
        reason: WithholdReason,
        note: String,
    },
    /// 评价: the writer rates timeliness and quality, 1 to 5 (MSG-QUERY).
    Rate {
        timeliness: u8,
        quality: u8,
        comment: String,
    },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Route,
    TransferToHotline,
    MarkInvalid,
    Return,
    MarkComplex,
    Extend,
    Reply,
    Approve,
    SendBack,
    Publish,
    Withhold,
    Rate,
}

impl CommandKind {
    pub const ALL: [CommandKind; 12] = [
        CommandKind::Route,
        CommandKind::TransferToHotline,
        CommandKind::MarkInvalid,
        CommandKind::Return,
        CommandKind::MarkComplex,
        CommandKind::Extend,
        CommandKind::Reply,
        CommandKind::Approve,
        CommandKind::SendBack,
        CommandKind::Publish,
        CommandKind::Withhold,
        CommandKind::Rate,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Route => "分办",
            CommandKind::TransferToHotline => "转12345热线",
            CommandKind::MarkInvalid => "认定无效留言",
            CommandKind::Return => "退回",
            CommandKind::MarkComplex => "认定复杂留言",
            CommandKind::Extend => "延期答复",
            CommandKind::Reply => "答复",
            CommandKind::Approve => "审核通过",
            CommandKind::SendBack => "审核退回",
            CommandKind::Publish => "公开",
            CommandKind::Withhold => "不予公开",
            CommandKind::Rate => "评价",
        }
    }

    /// The label of a stored command code; `submit` is 提交留言.
    pub fn label_of_code(code: &str) -> &'static str {
        if code == "submit" {
            return "提交留言";
        }
        if code == crate::message::FAQ_COMMAND {
            return crate::message::FAQ_LABEL;
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
            Command::Route { .. } => CommandKind::Route,
            Command::TransferToHotline { .. } => CommandKind::TransferToHotline,
            Command::MarkInvalid { .. } => CommandKind::MarkInvalid,
            Command::Return { .. } => CommandKind::Return,
            Command::MarkComplex { .. } => CommandKind::MarkComplex,
            Command::Extend { .. } => CommandKind::Extend,
            Command::Reply { .. } => CommandKind::Reply,
            Command::Approve { .. } => CommandKind::Approve,
            Command::SendBack { .. } => CommandKind::SendBack,
            Command::Publish => CommandKind::Publish,
            Command::Withhold { .. } => CommandKind::Withhold,
            Command::Rate { .. } => CommandKind::Rate,
        }
    }
}
