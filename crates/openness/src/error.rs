//! `OpennessError`: what an application or register command answers besides success, in
//! Chinese. Every variant changes nothing: the caller keeps the old state.

use calendar::Instant;

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpennessError {
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
    /// A limit of the rules is reached: a second supplement notice or extension, an
    /// extension longer than the profile allows, a notice past its limit (PUB-APPLY).
    #[error("{0}")]
    LimitReached(String),
    /// The command is early: closing an application whose supplement period still runs.
    #[error("{what}的期限 {due} 未到")]
    NotYetDue {
        /// What is not yet due.
        what: &'static str,
        /// The instant.
        due: Instant,
    },
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
}

/// The variant of an [`OpennessError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidTransition,
    NotPermitted,
    LimitReached,
    NotYetDue,
    Invalid,
}

impl OpennessError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            OpennessError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            OpennessError::NotPermitted(_) => ErrorKind::NotPermitted,
            OpennessError::LimitReached(_) => ErrorKind::LimitReached,
            OpennessError::NotYetDue { .. } => ErrorKind::NotYetDue,
            OpennessError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> OpennessError {
        OpennessError::Invalid(message.into())
    }

    pub(crate) fn not_permitted(message: impl Into<String>) -> OpennessError {
        OpennessError::NotPermitted(message.into())
    }

    pub(crate) fn limit(message: impl Into<String>) -> OpennessError {
        OpennessError::LimitReached(message.into())
    }

    /// Every problem of `problems` at once, or `Ok` when there is none.
    pub(crate) fn check_all(problems: Vec<String>) -> Result<(), OpennessError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(OpennessError::Invalid(problems.join("；")))
        }
    }
}

impl From<OpennessError> for platform::Error {
    fn from(error: OpennessError) -> platform::Error {
        match error {
            OpennessError::InvalidTransition { from, command } => {
                platform::Error::InvalidTransition {
                    from: from.to_owned(),
                    command: command.to_owned(),
                }
            }
            OpennessError::NotPermitted(message) => platform::Error::Refused(message),
            OpennessError::Invalid(message) => platform::Error::Invalid(message),
            other @ (OpennessError::LimitReached(_) | OpennessError::NotYetDue { .. }) => {
                platform::Error::Conflict(other.to_string())
            }
        }
    }
}
