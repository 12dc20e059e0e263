//! `ServiceError`: what an item or case transition answers besides success, in Chinese.

use calendar::Instant;

/// A refused command. Every variant changes nothing: the caller keeps the old state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    /// The command is not allowed in the current status.
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition {
        /// The status label (Chinese).
        from: &'static str,
        /// The command label (Chinese).
        command: &'static str,
    },
    /// A second one-time notice for the same submission (SVC-ACCEPT, 000 §中心-20).
    #[error("{0}")]
    NoticeAlreadyGiven(String),
    /// A clock operation the clock refuses (resume a clock that is not paused, …).
    #[error("{0}")]
    Clock(String),
    /// The command is early: e.g. flagging a case overdue before its promised due time.
    #[error("{what}的截止时间 {due} 未到")]
    NotYetDue {
        /// What is not yet due.
        what: &'static str,
        /// The due instant.
        due: Instant,
    },
    /// The acting unit may not perform this step (SVC-WINDOW, SVC-PARALLEL).
    #[error("单位 {unit} 不能{action}")]
    NotAssigned {
        /// The acting unit.
        unit: crate::UnitId,
        /// What it tried, e.g. 作出审批决定.
        action: &'static str,
    },
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of a [`ServiceError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`ServiceError::InvalidTransition`].
    InvalidTransition,
    /// [`ServiceError::NoticeAlreadyGiven`].
    NoticeAlreadyGiven,
    /// [`ServiceError::Clock`].
    Clock,
    /// [`ServiceError::NotYetDue`].
    NotYetDue,
    /// [`ServiceError::NotAssigned`].
    NotAssigned,
    /// [`ServiceError::Invalid`].
    Invalid,
}

impl ServiceError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ServiceError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            ServiceError::NoticeAlreadyGiven(_) => ErrorKind::NoticeAlreadyGiven,
            ServiceError::Clock(_) => ErrorKind::Clock,
            ServiceError::NotYetDue { .. } => ErrorKind::NotYetDue,
            ServiceError::NotAssigned { .. } => ErrorKind::NotAssigned,
            ServiceError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(message.into())
    }
}

impl From<calendar::ClockError> for ServiceError {
    fn from(error: calendar::ClockError) -> ServiceError {
        ServiceError::Clock(error.to_string())
    }
}

impl From<ServiceError> for platform::Error {
    fn from(error: ServiceError) -> platform::Error {
        match error {
            ServiceError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            ServiceError::NotAssigned { .. } => platform::Error::Refused(error.to_string()),
            ServiceError::Invalid(message) => platform::Error::Invalid(message),
            other @ (ServiceError::NoticeAlreadyGiven(_)
            | ServiceError::Clock(_)
            | ServiceError::NotYetDue { .. }) => platform::Error::Conflict(other.to_string()),
        }
    }
}
