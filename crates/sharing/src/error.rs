//! `SharingError`: what a catalogue, request, demand or grant command answers besides
//! success, in Chinese. Every variant changes nothing: the caller keeps the old state.

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SharingError {
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
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of a [`SharingError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidTransition,
    NotPermitted,
    Invalid,
}

impl SharingError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            SharingError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            SharingError::NotPermitted(_) => ErrorKind::NotPermitted,
            SharingError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> SharingError {
        SharingError::Invalid(message.into())
    }

    pub(crate) fn not_permitted(message: impl Into<String>) -> SharingError {
        SharingError::NotPermitted(message.into())
    }

    /// Every problem of `problems` at once, or `Ok` when there is none.
    pub(crate) fn check_all(problems: Vec<String>) -> Result<(), SharingError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SharingError::Invalid(problems.join("；")))
        }
    }

    /// The transition table has no row for `command` from `from`.
    pub(crate) fn transition(from: &'static str, command: &'static str) -> SharingError {
        SharingError::InvalidTransition { from, command }
    }
}

impl From<SharingError> for platform::Error {
    fn from(error: SharingError) -> platform::Error {
        match error {
            SharingError::NotPermitted(message) => platform::Error::Refused(message),
            SharingError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            SharingError::Invalid(message) => platform::Error::Invalid(message),
        }
    }
}
