//! `HotlineError`: what a hotline transition answers besides success, with Chinese messages.

use calendar::Instant;

/// A refused command. Every variant changes nothing: the caller keeps the old state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HotlineError {
    /// The command is not allowed in the order's current status.
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition {
        /// The status label (Chinese).
        from: &'static str,
        /// The command label (Chinese).
        command: &'static str,
    },
    /// The command came after the deadline that governs it (HL-RETURN, HL-EXTEND).
    #[error("{what}的截止时间 {due} 已过")]
    DeadlinePassed {
        /// What was late, e.g. 退回, 申请延期.
        what: &'static str,
        /// The deadline.
        due: Instant,
    },
    /// A count or an amount is above the profile's bound (HL-EXTEND).
    #[error("{0}")]
    LimitExceeded(String),
    /// The unit is not (or not in this role) a handling unit of the order.
    #[error("单位 {unit} 不是本工单的{role}")]
    NotAssigned {
        /// The acting unit.
        unit: crate::UnitId,
        /// 承办单位, 主办单位, 协办单位.
        role: &'static str,
    },
    /// Missing or malformed input.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of a [`HotlineError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`HotlineError::InvalidTransition`].
    InvalidTransition,
    /// [`HotlineError::DeadlinePassed`].
    DeadlinePassed,
    /// [`HotlineError::LimitExceeded`].
    LimitExceeded,
    /// [`HotlineError::NotAssigned`].
    NotAssigned,
    /// [`HotlineError::Invalid`].
    Invalid,
}

impl HotlineError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            HotlineError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            HotlineError::DeadlinePassed { .. } => ErrorKind::DeadlinePassed,
            HotlineError::LimitExceeded(_) => ErrorKind::LimitExceeded,
            HotlineError::NotAssigned { .. } => ErrorKind::NotAssigned,
            HotlineError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> HotlineError {
        HotlineError::Invalid(message.into())
    }
}

impl From<HotlineError> for platform::Error {
    fn from(error: HotlineError) -> platform::Error {
        match error {
            HotlineError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            HotlineError::NotAssigned { .. } => platform::Error::Refused(error.to_string()),
            HotlineError::Invalid(message) => platform::Error::Invalid(message),
            other @ (HotlineError::DeadlinePassed { .. } | HotlineError::LimitExceeded(_)) => {
                platform::Error::Conflict(other.to_string())
            }
        }
    }
}
