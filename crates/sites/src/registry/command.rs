//! The commands a site accepts: the host unit's applications and reports, the supervising
//! unit's decisions, and changes of the registration (WEB-REGISTRY).

use crate::registry::Registration;

/// A command on a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 开设申请, by the host unit (000 网站 §5).
    ApplyOpen { reason: String },
    /// 临时下线申请 for `days` natural days (000 网站 §8).
    ApplyOffline { days: u32, reason: String },
    /// 永久下线申请 (000 网站 §7); never for the portal (§9).
    ApplyClose { reason: String },
    /// The supervising unit approves the pending application.
    Approve { opinion: String },
    /// The supervising unit refuses it, with the reason.
    Reject { reason: String },
    /// 恢复上线 after a temporary offline or an emergency shutdown.
    Restore,
    /// 紧急关停报备: the site was shut by force majeure or by order; the written report.
    ReportEmergency { report: String },
    /// 变更登记: new registration data with the reason (000 网站 §9, 门户 §8).
    ChangeRegistration {
        registration: Box<Registration>,
        reason: String,
    },
}

/// The kind of a [`Command`], for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    ApplyOpen,
    ApplyOffline,
    ApplyClose,
    Approve,
    Reject,
    Restore,
    ReportEmergency,
    ChangeRegistration,
}

impl CommandKind {
    pub const ALL: [CommandKind; 8] = [
        CommandKind::ApplyOpen,
        CommandKind::ApplyOffline,
        CommandKind::ApplyClose,
        CommandKind::Approve,
        CommandKind::Reject,
        CommandKind::Restore,
        CommandKind::ReportEmergency,
        CommandKind::ChangeRegistration,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::ApplyOpen => "申请开设",
            CommandKind::ApplyOffline => "申请临时下线",
            CommandKind::ApplyClose => "申请永久下线",
            CommandKind::Approve => "批准申请",
            CommandKind::Reject => "不予批准",
            CommandKind::Restore => "恢复上线",
            CommandKind::ReportEmergency => "紧急关停报备",
            CommandKind::ChangeRegistration => "变更登记信息",
        }
    }

    /// The label of a stored command code (`apply_open` → 申请开设); `register` is 登记网站.
    pub fn label_of_code(code: &str) -> &'static str {
        if code == "register" {
            return "登记网站";
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
            Command::ApplyOpen { .. } => CommandKind::ApplyOpen,
            Command::ApplyOffline { .. } => CommandKind::ApplyOffline,
            Command::ApplyClose { .. } => CommandKind::ApplyClose,
            Command::Approve { .. } => CommandKind::Approve,
            Command::Reject { .. } => CommandKind::Reject,
            Command::Restore => CommandKind::Restore,
            Command::ReportEmergency { .. } => CommandKind::ReportEmergency,
            Command::ChangeRegistration { .. } => CommandKind::ChangeRegistration,
        }
    }
}
