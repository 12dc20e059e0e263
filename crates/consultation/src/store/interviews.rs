//! `interviews` (the snapshot) and `interview_questions` (the public's questions, the asker's
//! phone sealed; published with the guests' answer or set aside).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::InterviewId;
use crate::interview::Interview;

fn from_row(row: &sqlx::any::AnyRow) -> Result<(Interview, i64)> {
    let state: String = row.try_get("state")?;
    Ok((
        from_json("interview snapshot", &state)?,
        row.try_get("version")?,
    ))
}

/// Inserts a new interview (its id written into the snapshot).
pub async fn insert(tx: &mut Tx, interview: &mut Interview, now: i64) -> Result<InterviewId> {
    let row = sqlx::query(
        "INSERT INTO interviews (site_id, unit_id, title, status, starts_at, state, version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, '{}', 1, $6, $6) RETURNING id",
    )
    .bind(interview.site_id)
    .bind(interview.unit.0)
    .bind(&interview.title)
    .bind(interview.status.code())
    .bind(interview.starts_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    interview.id = InterviewId(row.try_get("id")?);
    sqlx::query("UPDATE interviews SET state = $1 WHERE id = $2")
        .bind(to_json("interview snapshot", interview)?)
        .bind(interview.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(interview.id)
}

/// Stores the new snapshot over `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, interview: &Interview, expected: i64, now: i64) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE interviews SET status = $1, state = $2, version = version + 1, updated_at = $3 \
         WHERE id = $4 AND version = $5",
    )
    .bind(interview.status.code())
    .bind(to_json("interview snapshot", interview)?)
    .bind(now)
    .bind(interview.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该访谈已被他人更新，请刷新后重试"));
    }
    Ok(())
}

/// The interview `id` with its version, in `tx`.
pub async fn get_in(tx: &mut Tx, id: InterviewId) -> Result<(Interview, i64)> {
    let row = sqlx::query("SELECT state, version FROM interviews WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found("在线访谈"))
}

/// The interview `id`.
pub async fn get(db: &Db, id: InterviewId) -> Result<Interview> {
    let row = sqlx::query("SELECT state, version FROM interviews WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found("在线访谈"))?
        .0)
}

/// Every interview (of `unit`, or all when 0), the latest start first.
pub async fn list(db: &Db, unit: i64) -> Result<Vec<Interview>> {
    let rows = sqlx::query(
        "SELECT state, version FROM interviews WHERE ($1 = 0 OR unit_id = $1) \
         ORDER BY starts_at DESC, id DESC",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| from_row(r).map(|(i, _)| i)).collect()
}

/// A question as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub nickname: String,
    pub body: String,
    /// `pending`, `published`, `set_aside` or `held` (by the content-safety check).
    pub status: String,
    pub answer: String,
    pub answered_by: String,
    pub published_at: Option<i64>,
    pub created_at: i64,
}

/// What a new question stores.
pub struct NewQuestion<'a> {
    pub interview: InterviewId,
    pub nickname: &'a str,
    pub body: &'a str,
    pub phone_sealed: Vec<u8>,
    pub phone_hash: &'a str,
    pub status: &'a str,
}

/// Inserts a question.
pub async fn insert_question(tx: &mut Tx, q: &NewQuestion<'_>, now: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO interview_questions (interview_id, nickname, body, phone_sealed, phone_hash, \
         status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(q.interview.0)
    .bind(q.nickname)
    .bind(q.body)
    .bind(&q.phone_sealed)
    .bind(q.phone_hash)
    .bind(q.status)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

fn question(row: &sqlx::any::AnyRow) -> Result<Question> {
    Ok(Question {
        id: row.try_get("id")?,
        nickname: row.try_get("nickname")?,
        body: row.try_get("body")?,
        status: row.try_get("status")?,
        answer: row.try_get("answer")?,
        answered_by: row.try_get("answered_by")?,
        published_at: row.try_get("published_at")?,
        created_at: row.try_get("created_at")?,
    })
}

const QUESTION_COLUMNS: &str =
    "id, nickname, body, status, answer, answered_by, published_at, created_at";

/// The published questions of `interview`, in publication order.
pub async fn published(db: &Db, interview: InterviewId) -> Result<Vec<Question>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {QUESTION_COLUMNS} FROM interview_questions WHERE interview_id = $1 \
         AND status = 'published' ORDER BY published_at, id"
    )))
    .bind(interview.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(question).collect()
}

/// Every question of `interview`, for its moderators, oldest first.
pub async fn all(db: &Db, interview: InterviewId) -> Result<Vec<Question>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {QUESTION_COLUMNS} FROM interview_questions WHERE interview_id = $1 ORDER BY id"
    )))
    .bind(interview.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(question).collect()
}

/// The question `id` of `interview` in `tx`.
pub async fn question_in(tx: &mut Tx, interview: InterviewId, id: i64) -> Result<Question> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {QUESTION_COLUMNS} FROM interview_questions WHERE interview_id = $1 AND id = $2"
    )))
    .bind(interview.0)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref()
        .map(question)
        .transpose()?
        .ok_or_else(|| Error::not_found("访谈提问"))
}

/// Publishes question `id` with the answer, or sets it aside (empty answer).
pub async fn decide_question(
    tx: &mut Tx,
    id: i64,
    status: &str,
    answer: &str,
    answered_by: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE interview_questions SET status = $1, answer = $2, answered_by = $3, \
         published_at = $4 WHERE id = $5",
    )
    .bind(status)
    .bind(answer)
    .bind(answered_by)
    .bind((status == "published").then_some(now))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
