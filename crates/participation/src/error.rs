//! `ParticipationError`: what a message command answers besides success, in Chinese. Every
//! variant changes nothing: the caller keeps the old state.

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParticipationError {
    /// The command is not allowed in the current status (the transition table has no row).
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition {
        from: &'static str,
        command: &'static str,
    },
    /// The actor may not run it: wrong role or unit; the message says who may.
    #[error("{0}")]
    NotPermitted(String),
    /// A limit of the rules is reached: a second extension, one longer than the profile
    /// allows, publishing what the writer refused, a second rating.
    #[error("{0}")]
    LimitReached(String),
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of a [`ParticipationError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidTransition,
    NotPermitted,
    LimitReached,
    Invalid,
}

impl ParticipationError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ParticipationError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            ParticipationError::NotPermitted(_) => ErrorKind::NotPermitted,
            ParticipationError::LimitReached(_) => ErrorKind::LimitReached,
            ParticipationError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> ParticipationError {
        ParticipationError::Invalid(message.into())
    }

    pub(crate) fn not_permitted(message: impl Into<String>) -> ParticipationError {
        ParticipationError::NotPermitted(message.into())
    }

    pub(crate) fn limit(message: impl Into<String>) -> ParticipationError {
        ParticipationError::LimitReached(message.into())
    }

    /// Every problem of `problems` at once, or `Ok` when there is none.
    pub(crate) fn check_all(problems: Vec<String>) -> Result<(), ParticipationError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ParticipationError::Invalid(problems.join("；")))
        }
    }
}

impl From<ParticipationError> for platform::Error {
    fn from(error: ParticipationError) -> platform::Error {
        match error {
            ParticipationError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            ParticipationError::NotPermitted(message) => platform::Error::Refused(message),
            ParticipationError::Invalid(message) => platform::Error::Invalid(message),
            other @ ParticipationError::LimitReached(_) => {
                platform::Error::Conflict(other.to_string())
            }
        }
    }
}
