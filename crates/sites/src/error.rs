//! `SiteError`: what a registry, column or article command answers besides success, in
//! Chinese. Every variant changes nothing: the caller keeps the old state.

use calendar::Instant;

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteError {
    /// The command is not allowed in the current status (the transition table has no row).
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition {
        /// The status label (Chinese).
        from: &'static str,
        /// The command label (Chinese).
        command: &'static str,
    },
    /// The actor may not run it here: wrong role, unit or column, or their own draft
    /// (WEB-REVIEW); the message says who may.
    #[error("{0}")]
    NotPermitted(String),
    /// A limit of the rules is reached: a second temporary offline in a year, a closing of
    /// the portal (WEB-REGISTRY), a validity already marked (PUB-ABOLISH).
    #[error("{0}")]
    LimitReached(String),
    /// The command is early: a scheduled publication before its instant.
    #[error("{what}的时间 {due} 未到")]
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

/// The variant of a [`SiteError`], for tables and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidTransition,
    NotPermitted,
    LimitReached,
    NotYetDue,
    Invalid,
}

impl SiteError {
    /// The variant without its data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            SiteError::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            SiteError::NotPermitted(_) => ErrorKind::NotPermitted,
            SiteError::LimitReached(_) => ErrorKind::LimitReached,
            SiteError::NotYetDue { .. } => ErrorKind::NotYetDue,
            SiteError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> SiteError {
        SiteError::Invalid(message.into())
    }

    pub(crate) fn not_permitted(message: impl Into<String>) -> SiteError {
        SiteError::NotPermitted(message.into())
    }
}

impl From<SiteError> for platform::Error {
    fn from(error: SiteError) -> platform::Error {
        match error {
            SiteError::InvalidTransition { from, command } => platform::Error::InvalidTransition {
                from: from.to_owned(),
                command: command.to_owned(),
            },
            SiteError::NotPermitted(message) => platform::Error::Refused(message),
            SiteError::Invalid(message) => platform::Error::Invalid(message),
            other @ (SiteError::LimitReached(_) | SiteError::NotYetDue { .. }) => {
                platform::Error::Conflict(other.to_string())
            }
        }
    }
}
