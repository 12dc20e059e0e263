//! `ExtranetError`: what an access application or an address command answers besides
//! success, in Chinese. Every variant changes nothing: the caller keeps the old state.

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtranetError {
    /// The command is not allowed in the current status (the transition table has no row).
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition {
        /// The status label (Chinese).
        from: &'static str,
        /// The command label (Chinese).
        command: &'static str,
    },
    /// The actor may not run it: wrong role or unit; the message says who may.
    #[error("{0}")]
    NotPermitted(String),
    /// The addresses asked for are taken, outside every pool, or no block is free.
    #[error("{0}")]
    Conflict(String),
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of an [`ExtranetError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidTransition,
    NotPermitted,
    Conflict,
    Invalid,
}

impl ExtranetError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ExtranetError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            ExtranetError::NotPermitted(_) => ErrorKind::NotPermitted,
            ExtranetError::Conflict(_) => ErrorKind::Conflict,
            ExtranetError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> ExtranetError {
        ExtranetError::Invalid(message.into())
    }

    pub(crate) fn not_permitted(message: impl Into<String>) -> ExtranetError {
        ExtranetError::NotPermitted(message.into())
    }

    pub(crate) fn conflict(message: impl Into<String>) -> ExtranetError {
        ExtranetError::Conflict(message.into())
    }

    /// Every problem of `problems` at once, or `Ok` when there is none.
    pub(crate) fn check_all(problems: Vec<String>) -> Result<(), ExtranetError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ExtranetError::Invalid(problems.join("；")))
        }
    }
}

impl From<ExtranetError> for platform::Error {
    fn from(error: ExtranetError) -> platform::Error {
        match error {
            ExtranetError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            ExtranetError::NotPermitted(message) => platform::Error::Refused(message),
            ExtranetError::Invalid(message) => platform::Error::Invalid(message),
            ExtranetError::Conflict(message) => platform::Error::Conflict(message),
        }
    }
}
