//! `HallError`: what a hall command answers besides success, in Chinese. Every variant
//! changes nothing: the caller keeps the old state.

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HallError {
    /// The command is not allowed in the ticket's status (the transition table has no row).
    #[error("{number} 号当前状态为“{from}”，不能{command}")]
    InvalidTransition {
        /// The ticket's number as shown (A012).
        number: String,
        /// The status label (Chinese).
        from: &'static str,
        /// The command label (Chinese).
        command: &'static str,
    },
    /// A number already called (HALL-QUEUE): calling it again is a recall, not a call.
    #[error("{0} 号已被叫号，不能重复叫号；如需再次提醒请使用“重呼”")]
    AlreadyCalled(String),
    /// The hall does not take this number now (closed day, outside the hours, no appointment
    /// service at that time).
    #[error("{0}")]
    Closed(String),
    /// The window does not serve the ticket's service type or is not this clerk's today.
    #[error("{0}")]
    WrongWindow(String),
    /// Nobody waits for this window.
    #[error("当前没有等候的号")]
    QueueEmpty,
    /// Missing or malformed input; the message lists every problem at once.
    #[error("{0}")]
    Invalid(String),
    /// Someone else changed the ticket first (a stale page or a concurrent clerk).
    #[error("该号已被其他窗口处理，请刷新后重试")]
    Conflict,
    /// Not found (or not visible to the viewer).
    #[error("未找到该记录")]
    NotFound,
    /// The viewer may not do this.
    #[error("{0}")]
    Forbidden(String),
}

/// The platform's error of a refusal, so that a use case answers one error type and `web`
/// one status per variant: bad input and a closed hall are `Invalid` (400); a command the
/// ticket's state or the clerk's window does not allow, a stale page or a concurrent clerk
/// `Conflict` (409); a visitor without a staff session `Refused`; the Chinese message is kept.
impl From<HallError> for platform::Error {
    fn from(error: HallError) -> Self {
        let message = error.to_string();
        match error {
            HallError::Invalid(_) | HallError::Closed(_) => platform::Error::Invalid(message),
            HallError::NotFound => platform::Error::NotFound("该记录".into()),
            HallError::Forbidden(_) => platform::Error::Refused(message),
            HallError::Conflict
            | HallError::InvalidTransition { .. }
            | HallError::AlreadyCalled(_)
            | HallError::WrongWindow(_)
            | HallError::QueueEmpty => platform::Error::Conflict(message),
        }
    }
}
