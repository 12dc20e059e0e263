//! `openness_notices` (migration 0035, PUB-ANSWER, PUB-APPLY): the notices issued on an
//! application, kept as issued — the supplement notice, the extension notice and the answer
//! notice — with the addressee masked (the clear name is the sealed applicant's).

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::{from_json, to_json, unreadable};
use crate::application::{AnswerNotice, Outcome};
use crate::{ApplicationId, UserId};

/// Which notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// 补正告知书.
    Supplement,
    /// 延期答复告知书.
    Extension,
    /// 答复告知书 (the answer, PUB-ANSWER).
    Answer,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 3] = [
        NoticeKind::Supplement,
        NoticeKind::Extension,
        NoticeKind::Answer,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            NoticeKind::Supplement => "supplement",
            NoticeKind::Extension => "extension",
            NoticeKind::Answer => "answer",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A notice as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNotice {
    pub kind: NoticeKind,
    pub outcome: Option<Outcome>,
    pub notice: AnswerNotice,
    pub issued_by: Option<UserId>,
    pub issued_at: Instant,
}

/// Keeps a notice of `application` (one of each kind).
pub async fn insert(
    tx: &mut Tx,
    application: ApplicationId,
    kind: NoticeKind,
    outcome: Option<Outcome>,
    notice: &AnswerNotice,
    by: Option<UserId>,
    at: Instant,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO openness_notices (application_id, kind, outcome, notice, issued_by, \
         issued_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(application.0)
    .bind(kind.code())
    .bind(outcome.map(Outcome::code))
    .bind(to_json("notice", notice)?)
    .bind(by.map(|user| user.0))
    .bind(at.millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The notices of `application`, in the order issued.
pub async fn of_application(db: &Db, application: ApplicationId) -> Result<Vec<StoredNotice>> {
    let rows = sqlx::query(
        "SELECT kind, outcome, notice, issued_by, issued_at FROM openness_notices \
         WHERE application_id = $1 ORDER BY issued_at, id",
    )
    .bind(application.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let outcome: Option<String> = row.try_get("outcome")?;
            let notice: String = row.try_get("notice")?;
            Ok(StoredNotice {
                kind: NoticeKind::from_code(&kind).ok_or_else(|| unreadable("notice", &kind))?,
                outcome: outcome.and_then(|code| Outcome::from_code(&code)),
                notice: from_json("notice", &notice)?,
                issued_by: row.try_get::<Option<i64>, _>("issued_by")?.map(UserId),
                issued_at: Instant::from_millis(row.try_get("issued_at")?),
            })
        })
        .collect()
}
