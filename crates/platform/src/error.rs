//! The use-case error of the platform and every domain: variants a caller branches on.

/// What a use case can answer besides success. `web` maps each variant to one HTTP status
/// and one stable error code; the `String`s are Chinese messages fit to show a person.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(String),
    #[error("未找到{0}")]
    NotFound(String),
    #[error("无权执行此操作")]
    Forbidden,
    /// Not allowed for this actor, with the reason a person can act on (a command by the
    /// wrong unit says which unit may act).
    #[error("{0}")]
    Refused(String),
    #[error("请先登录")]
    Unauthenticated,
    #[error("{0}")]
    Conflict(String),
    #[error("当前状态“{from}”下不能执行“{command}”")]
    InvalidTransition { from: String, command: String },
    #[error("操作过于频繁，请稍后再试")]
    TooManyRequests,
    /// Refused for a while after too many failed attempts at one thing (a query code's
    /// number, issue 12 finding 3), with the wait a person can act on.
    #[error("{0}")]
    TooManyAttempts(String),
    /// The database gave up on the transaction because of another one (a deadlock, a
    /// serialization failure): nothing was written, and the same request may succeed again.
    #[error("系统繁忙，本次操作未保存，请稍后重试")]
    Busy,
    #[error("系统内部错误")]
    Unexpected(#[from] anyhow::Error),
}

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    /// A stable, machine-readable code for the JSON error envelope.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid_input",
            Self::NotFound(_) => "not_found",
            Self::Forbidden | Self::Refused(_) => "forbidden",
            Self::Unauthenticated => "unauthenticated",
            Self::Conflict(_) => "conflict",
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::TooManyRequests | Self::TooManyAttempts(_) => "too_many_requests",
            Self::Busy => "busy",
            Self::Unexpected(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for Error {
    /// A database error keeps where it happened: `?` on a storage call converts here, and
    /// `track_caller` names that call's file and line in the logged cause.
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            return Self::Conflict("记录已存在，不能重复创建".into());
        }
        // PostgreSQL's deadlock_detected and serialization_failure: the transaction was
        // rolled back whole, so it can be run again.
        if let sqlx::Error::Database(db) = &error
            && matches!(db.code().as_deref(), Some("40P01" | "40001"))
        {
            tracing::warn!(error = %error, "transaction rolled back by the database; may be retried");
            return Self::Busy;
        }
        let at = std::panic::Location::caller();
        Self::Unexpected(anyhow::Error::new(error).context(format!(
            "database, at {}:{}",
            at.file(),
            at.line()
        )))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn failing_query() -> Result<()> {
        Err(sqlx::Error::RowNotFound)?;
        Ok(())
    }

    /// A storage error names the line of the `?` that met it.
    #[test]
    fn a_database_error_keeps_where_it_happened() {
        let text = match failing_query() {
            Err(Error::Unexpected(cause)) => format!("{cause:#}"),
            other => format!("not an unexpected error: {other:?}"),
        };
        assert!(text.contains("platform/src/error.rs:"), "{text}");
    }
}
