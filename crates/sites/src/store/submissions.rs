//! `site_submissions` and `site_submission_late_runs` (migration 0027, WEB-SUBMIT): a unit's
//! submission as a snapshot with the columns queues and the weekly tally use — the author's
//! mobile sealed to its row, never in the snapshot — and the runs of weeks without the weekly
//! submissions, one row per run, with the principal's written explanation.

use calendar::Instant;
use chrono::NaiveDate;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, PhoneNumber, aad};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json, unreadable};
use crate::submission::{Status, Submission, quota::Receipt};
use crate::{SiteId, SubmissionId, UnitId, UserId};

/// Where a submission's mobile is sealed.
pub const MOBILE_COLUMN: &str = "site_submissions.mobile";

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct StoredSubmission {
    pub submission: Submission,
    /// Its public number (网站标识码-BSid).
    pub number: String,
    pub version: i64,
    /// The author's mobile, sealed to the row ([`MOBILE_COLUMN`], the id).
    pub mobile_sealed: Vec<u8>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredSubmission> {
    let state: String = row.try_get("state")?;
    Ok(StoredSubmission {
        submission: from_json("submission snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        mobile_sealed: row.try_get("mobile_sealed")?,
    })
}

const SELECT: &str = "SELECT state, number, version, mobile_sealed FROM site_submissions";

/// Inserts a new submission (its id given by the table, then written into the snapshot; its
/// number `site_code`-BSid) with the author's mobile sealed to the row; version 1.
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    submission: &mut Submission,
    mobile: &PhoneNumber,
    site_code: &str,
    now: i64,
) -> Result<StoredSubmission> {
    let row = sqlx::query(
        "INSERT INTO site_submissions (number, site_id, column_id, unit_id, writer_id, status, \
         title, major, mobile_sealed, state, version, created_at, updated_at) \
         VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, '{}', 1, $9, $9) RETURNING id",
    )
    .bind(submission.site.0)
    .bind(submission.column.0)
    .bind(submission.unit.0)
    .bind(submission.writer.0)
    .bind(submission.status.code())
    .bind(&submission.title)
    .bind(i64::from(submission.major))
    .bind(Vec::<u8>::new())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    submission.id = SubmissionId(row.try_get("id")?);
    let number = format!("{site_code}-BS{}", submission.id);
    let sealed = seal_mobile(key, submission.id, mobile)?;
    sqlx::query(
        "UPDATE site_submissions SET number = $1, state = $2, mobile_sealed = $3 WHERE id = $4",
    )
    .bind(&number)
    .bind(to_json("submission snapshot", submission)?)
    .bind(sealed.clone())
    .bind(submission.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(StoredSubmission {
        submission: submission.clone(),
        number,
        version: 1,
        mobile_sealed: sealed,
    })
}

/// The author's mobile sealed to submission `id`'s row.
pub fn seal_mobile(key: &DataKey, id: SubmissionId, mobile: &PhoneNumber) -> Result<Vec<u8>> {
    key.seal_for(mobile.as_str(), &aad(MOBILE_COLUMN, id))
}

/// Replaces the sealed mobile of submission `id` (an edit changed it).
pub async fn set_mobile(tx: &mut Tx, id: SubmissionId, sealed: &[u8]) -> Result<()> {
    sqlx::query("UPDATE site_submissions SET mobile_sealed = $1 WHERE id = $2")
        .bind(sealed.to_vec())
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, submission: &Submission, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE site_submissions SET status = $1, title = $2, major = $3, received_at = $4, \
         article_id = $5, state = $6, version = version + 1, updated_at = $7 \
         WHERE id = $8 AND version = $9",
    )
    .bind(submission.status.code())
    .bind(&submission.title)
    .bind(i64::from(submission.major))
    .bind(submission.received_at.map(Instant::millis))
    .bind(submission.article().map(|article| article.0))
    .bind(to_json("submission snapshot", submission)?)
    .bind(now)
    .bind(submission.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("报送信息已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

pub async fn get(db: &Db, id: SubmissionId) -> Result<StoredSubmission> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("报送信息 {id}")))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: SubmissionId) -> Result<StoredSubmission> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("报送信息 {id}")))?;
    from_row(&row)
}

/// One line of a list of submissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionLine {
    pub id: SubmissionId,
    pub number: String,
    pub site: SiteId,
    pub unit: UnitId,
    pub title: String,
    pub status: Status,
    pub major: bool,
    pub received_at: Option<Instant>,
    pub created_at: Instant,
}

fn line_of(row: &sqlx::any::AnyRow) -> Result<SubmissionLine> {
    let code: String = row.try_get("status")?;
    let status = Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .ok_or_else(|| unreadable("submission status", &code))?;
    Ok(SubmissionLine {
        id: SubmissionId(row.try_get("id")?),
        number: row.try_get("number")?,
        site: SiteId(row.try_get("site_id")?),
        unit: UnitId(row.try_get("unit_id")?),
        title: row.try_get("title")?,
        status,
        major: super::flag(row.try_get("major")?),
        received_at: row
            .try_get::<Option<i64>, _>("received_at")?
            .map(Instant::from_millis),
        created_at: Instant::from_millis(row.try_get("created_at")?),
    })
}

const LINE: &str = "SELECT s.id, s.number, s.site_id, s.unit_id, s.title, s.status, s.major, \
    s.received_at, s.created_at FROM site_submissions s";

/// The submissions of `unit`, newest first, at most `limit`.
pub async fn of_unit(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<SubmissionLine>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{LINE} WHERE s.unit_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2"
    )))
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(line_of).collect()
}

/// The submissions waiting for the editors of a column `editor` is an A/B editor of, oldest
/// receipt first.
pub async fn waiting_for_editor(db: &Db, editor: UserId) -> Result<Vec<SubmissionLine>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{LINE} JOIN site_columns c ON c.id = s.column_id WHERE s.status = 'at_editors' \
         AND (c.editor_a = $1 OR c.editor_b = $1) ORDER BY s.received_at, s.id"
    )))
    .bind(editor.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(line_of).collect()
}

/// The submissions that reached the editors from `from` (included) to `until` (excluded),
/// as the weekly tally counts them.
pub async fn receipts(db: &Db, from: Instant, until: Instant) -> Result<Vec<Receipt>> {
    let rows = sqlx::query(
        "SELECT unit_id, received_at, status FROM site_submissions \
         WHERE received_at >= $1 AND received_at < $2",
    )
    .bind(from.millis())
    .bind(until.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok(Receipt {
                unit: UnitId(row.try_get("unit_id")?),
                on: Instant::from_millis(row.try_get("received_at")?).local_date(),
                adopted: status == Status::Adopted.code(),
            })
        })
        .collect()
}

/// When the site group's first site was registered: the weeks before it are not tracked.
pub async fn first_site_at(db: &Db) -> Result<Option<Instant>> {
    let row = sqlx::query("SELECT MIN(created_at) AS first FROM sites")
        .fetch_one(&db.pool)
        .await?;
    Ok(row
        .try_get::<Option<i64>, _>("first")?
        .map(Instant::from_millis))
}

/// WEB-SUBMIT (004 §40): a unit's run of weeks without its submissions, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateRunRecord {
    pub id: i64,
    pub unit: UnitId,
    /// The Mondays of its first and last weeks.
    pub first_week: NaiveDate,
    pub last_week: NaiveDate,
    pub weeks: u32,
    pub recorded_at: Instant,
    /// The principal's written explanation (说明情况), once given.
    pub explanation: Option<String>,
    pub explained_by: Option<UserId>,
    pub explained_at: Option<Instant>,
    pub version: i64,
}

fn date_of(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| unreadable("week", e))
}

fn run_of(row: &sqlx::any::AnyRow) -> Result<LateRunRecord> {
    let weeks: i64 = row.try_get("weeks")?;
    Ok(LateRunRecord {
        id: row.try_get("id")?,
        unit: UnitId(row.try_get("unit_id")?),
        first_week: date_of(&row.try_get::<String, _>("first_week")?)?,
        last_week: date_of(&row.try_get::<String, _>("last_week")?)?,
        weeks: u32::try_from(weeks).map_err(|e| unreadable("weeks", e))?,
        recorded_at: Instant::from_millis(row.try_get("recorded_at")?),
        explanation: row.try_get("explanation")?,
        explained_by: row.try_get::<Option<i64>, _>("explained_by")?.map(UserId),
        explained_at: row
            .try_get::<Option<i64>, _>("explained_at")?
            .map(Instant::from_millis),
        version: row.try_get("version")?,
    })
}

const RUN: &str = "SELECT id, unit_id, first_week, last_week, weeks, recorded_at, explanation, \
    explained_by, explained_at, version FROM site_submission_late_runs";

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The recorded run of `unit` that began in the week of `first_week`, if any.
pub async fn late_run_in(
    tx: &mut Tx,
    unit: UnitId,
    first_week: NaiveDate,
) -> Result<Option<LateRunRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{RUN} WHERE unit_id = $1 AND first_week = $2"
    )))
    .bind(unit.0)
    .bind(day(first_week))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(run_of).transpose()
}

/// Records a new run; its id.
pub async fn insert_late_run(
    tx: &mut Tx,
    unit: UnitId,
    (first_week, last_week, weeks): (NaiveDate, NaiveDate, u32),
    now: Instant,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO site_submission_late_runs (unit_id, first_week, last_week, weeks, \
         recorded_at, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
    )
    .bind(unit.0)
    .bind(day(first_week))
    .bind(day(last_week))
    .bind(i64::from(weeks))
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// A recorded run went on: its last week and length.
pub async fn extend_late_run(tx: &mut Tx, id: i64, last_week: NaiveDate, weeks: u32) -> Result<()> {
    sqlx::query(
        "UPDATE site_submission_late_runs SET last_week = $1, weeks = $2, version = version + 1 \
         WHERE id = $3",
    )
    .bind(day(last_week))
    .bind(i64::from(weeks))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn late_run_by_id_in(tx: &mut Tx, id: i64) -> Result<LateRunRecord> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{RUN} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("报送问责记录"))?;
    run_of(&row)
}

/// Stores the principal's explanation when the version is still `expected`.
pub async fn explain_late_run(
    tx: &mut Tx,
    id: i64,
    (explanation, by): (&str, UserId),
    expected: i64,
    now: Instant,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE site_submission_late_runs SET explanation = $1, explained_by = $2, \
         explained_at = $3, version = version + 1 WHERE id = $4 AND version = $5",
    )
    .bind(explanation)
    .bind(by.0)
    .bind(now.millis())
    .bind(id)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("问责记录已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// The recorded runs (of `unit`, or of every unit), latest first.
pub async fn late_runs(db: &Db, unit: Option<UnitId>) -> Result<Vec<LateRunRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{RUN} WHERE ($1 = 0 OR unit_id = $1) ORDER BY first_week DESC, id DESC"
    )))
    .bind(unit.map_or(0, |unit| unit.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(run_of).collect()
}
