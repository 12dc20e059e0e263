//! The window staff's assessments and the written notices to the units (migration 0083,
//! HALL-STAFF, 000 中心 §4(二), §32): an assessment per member and period with the records'
//! figures read here — tickets the member finished (`hall_ticket_events`), 好差评 ratings
//! naming the member (`evaluations`), days late or absent (`hall_attendance`), and the
//! supervision box's upheld complaints about the window the member sat at (`hall_complaints`
//! with `hall_seatings`, migration 0092).

use calendar::Instant;
use chrono::NaiveDate;
use platform::db::Tx;
use platform::ids::{UnitId, UserId};
use platform::{Error, Result};
use sqlx::Row as _;
use sqlx::any::AnyRow;

use super::day_key;
use crate::staff::assessment::{Figures, Grade};
use crate::supervision::{Complaint, Outcome};

/// An assessment as stored, with the names the pages show.
#[derive(Debug, Clone)]
pub struct StoredAssessment {
    pub id: i64,
    pub user: UserId,
    pub name: String,
    pub unit: UnitId,
    pub unit_name: String,
    /// `2026-Q1`, `2026-03`, `2026`.
    pub period: String,
    pub grade: Grade,
    pub figures: Figures,
    pub comment: String,
    pub assessed_at: i64,
    /// The notice that sent it to the unit.
    pub notice: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.user_id, u.display_name, a.unit_id, n.name AS unit_name, \
     a.period, a.grade, a.handled, a.good, a.bad, a.late, a.absent, a.upheld, a.comment, a.assessed_at, \
     a.notice_id FROM hall_staff_assessments a JOIN users u ON u.id = a.user_id \
     JOIN units n ON n.id = a.unit_id";

fn of_row(row: &AnyRow) -> Result<StoredAssessment> {
    let grade: String = row.try_get("grade")?;
    Ok(StoredAssessment {
        id: row.try_get("id")?,
        user: UserId(row.try_get("user_id")?),
        name: row.try_get("display_name")?,
        unit: UnitId(row.try_get("unit_id")?),
        unit_name: row.try_get("unit_name")?,
        period: row.try_get("period")?,
        grade: Grade::parse(&grade)
            .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("unknown grade {grade}")))?,
        figures: Figures {
            handled: row.try_get("handled")?,
            good: row.try_get("good")?,
            bad: row.try_get("bad")?,
            late: row.try_get("late")?,
            absent: row.try_get("absent")?,
            upheld: row.try_get("upheld")?,
        },
        comment: row.try_get("comment")?,
        assessed_at: row.try_get("assessed_at")?,
        notice: row.try_get("notice_id")?,
    })
}

/// The assessments of `period`, of one unit or all, by unit and name.
pub async fn of_period(
    tx: &mut Tx,
    period: &str,
    unit: Option<UnitId>,
) -> Result<Vec<StoredAssessment>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.period = $1 AND ($2 = 0 OR a.unit_id = $2) \
         ORDER BY n.path, u.display_name, a.id"
    )))
    .bind(period)
    .bind(unit.map_or(0, |u| u.0))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(of_row).collect()
}

/// Whether `user` was already assessed for `period`.
pub async fn exists(tx: &mut Tx, user: UserId, period: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM hall_staff_assessments WHERE user_id = $1 AND period = $2",
    )
    .bind(user.0)
    .bind(period)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// A new assessment.
pub struct NewAssessment<'a> {
    pub user: UserId,
    pub unit: UnitId,
    pub period: &'a str,
    pub grade: Grade,
    pub figures: Figures,
    pub comment: &'a str,
}

/// Stores an assessment; returns its id.
pub async fn insert(tx: &mut Tx, new: &NewAssessment<'_>, by: i64, now: i64) -> Result<i64> {
    let f = new.figures;
    let row = sqlx::query(
        "INSERT INTO hall_staff_assessments (user_id, unit_id, period, grade, handled, good, \
         bad, late, absent, upheld, comment, assessed_by, assessed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(new.user.0)
    .bind(new.unit.0)
    .bind(new.period)
    .bind(new.grade.code())
    .bind(f.handled)
    .bind(f.good)
    .bind(f.bad)
    .bind(f.late)
    .bind(f.absent)
    .bind(f.upheld)
    .bind(new.comment)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

async fn count(tx: &mut Tx, sql: &'static str, binds: (i64, i64, i64)) -> Result<i64> {
    let row = sqlx::query(sql)
        .bind(binds.0)
        .bind(binds.1)
        .bind(binds.2)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("n")?)
}

/// The records' figures of `user` from `from` to `to` (days, both included; `millis` the
/// same span in milliseconds); a rating of level `bad_from` or worse is bad.
pub async fn figures(
    tx: &mut Tx,
    user: UserId,
    (from, to): (NaiveDate, NaiveDate),
    millis: (i64, i64),
    bad_from: i64,
) -> Result<Figures> {
    let handled = count(
        tx,
        "SELECT COUNT(*) AS n FROM hall_ticket_events WHERE command = 'finish' \
         AND actor_user_id = $1 AND at >= $2 AND at < $3",
        (user.0, millis.0, millis.1),
    )
    .await?;
    let ratings = "SELECT COUNT(*) AS n FROM evaluations WHERE staff_user_id = $1 \
         AND created_at >= $2 AND created_at < $3";
    let all = count(tx, ratings, (user.0, millis.0, millis.1)).await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM evaluations WHERE staff_user_id = $1 \
         AND created_at >= $2 AND created_at < $3 AND level >= $4",
    )
    .bind(user.0)
    .bind(millis.0)
    .bind(millis.1)
    .bind(bad_from)
    .fetch_one(&mut **tx)
    .await?;
    let bad: i64 = row.try_get("n")?;
    let marks = sqlx::query(
        "SELECT mark, COUNT(*) AS n FROM hall_attendance WHERE user_id = $1 \
         AND day >= $2 AND day <= $3 GROUP BY mark",
    )
    .bind(user.0)
    .bind(day_key(from))
    .bind(day_key(to))
    .fetch_all(&mut **tx)
    .await?;
    let mut figures = Figures {
        handled,
        good: all - bad,
        bad,
        upheld: upheld(tx, user, millis).await?,
        ..Figures::default()
    };
    for row in &marks {
        let mark: String = row.try_get("mark")?;
        let n: i64 = row.try_get("n")?;
        match mark.as_str() {
            "late" | "left_early" | "late_early" => figures.late += n,
            "absent" => figures.absent += n,
            _ => {}
        }
    }
    Ok(figures)
}

/// HALL-STAFF, HALL-BOX (§35): the supervision box's complaints registered in the span about
/// a window `user` sat at on the day of the complaint, concluded with an outcome other than
/// 查无实据 (批评教育, 责令改正, 移交纪检监察组). Referred and unfinished ones do not count.
async fn upheld(tx: &mut Tx, user: UserId, millis: (i64, i64)) -> Result<i64> {
    let rows = sqlx::query(
        "SELECT c.registered_at, c.state, s.day FROM hall_complaints c \
         JOIN hall_seatings s ON s.window_id = c.window_id AND s.user_id = $1 \
         WHERE c.status IN ('concluded', 'closed') AND c.registered_at >= $2 \
         AND c.registered_at < $3",
    )
    .bind(user.0)
    .bind(millis.0)
    .bind(millis.1)
    .fetch_all(&mut **tx)
    .await?;
    let mut upheld = 0;
    for row in &rows {
        let at: i64 = row.try_get("registered_at")?;
        let day: String = row.try_get("day")?;
        if day_key(Instant::from_millis(at).local_date()) != day {
            continue;
        }
        let state: String = row.try_get("state")?;
        let complaint: Complaint = serde_json::from_str(&state).map_err(|e| {
            Error::Unexpected(anyhow::anyhow!("unreadable complaint snapshot: {e}"))
        })?;
        if complaint.outcome.is_some_and(|o| o != Outcome::Unfounded) {
            upheld += 1;
        }
    }
    Ok(upheld)
}

/// A written notice of the results to a unit.
#[derive(Debug, Clone)]
pub struct Notice {
    pub id: i64,
    pub unit: UnitId,
    pub unit_name: String,
    pub period: String,
    pub number: String,
    pub sent_on: NaiveDate,
}

fn notice_of(row: &AnyRow) -> Result<Notice> {
    let sent_on: String = row.try_get("sent_on")?;
    Ok(Notice {
        id: row.try_get("id")?,
        unit: UnitId(row.try_get("unit_id")?),
        unit_name: row.try_get("unit_name")?,
        period: row.try_get("period")?,
        number: row.try_get("number")?,
        sent_on: NaiveDate::parse_from_str(&sent_on, "%Y-%m-%d")
            .map_err(|e| Error::Unexpected(anyhow::anyhow!("unreadable notice date: {e}")))?,
    })
}

const NOTICE_SELECT: &str = "SELECT t.id, t.unit_id, n.name AS unit_name, t.period, t.number, \
     t.sent_on FROM hall_staff_notices t JOIN units n ON n.id = t.unit_id";

/// Stores a notice to `unit` for `period` sent on `sent_on` and attaches the unit's
/// assessments of the period not yet sent; returns its id and how many it carries.
pub async fn send_notice(
    tx: &mut Tx,
    unit: UnitId,
    period: &str,
    sent_on: NaiveDate,
    by: i64,
    now: i64,
) -> Result<(i64, u64)> {
    let row = sqlx::query(
        "INSERT INTO hall_staff_notices (unit_id, period, number, sent_on, sent_by, sent_at) \
         VALUES ($1, $2, '', $3, $4, $5) RETURNING id",
    )
    .bind(unit.0)
    .bind(period)
    .bind(day_key(sent_on))
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let number = crate::staff::assessment::notice_number(chrono::Datelike::year(&sent_on), id);
    sqlx::query("UPDATE hall_staff_notices SET number = $1 WHERE id = $2")
        .bind(number)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let done = sqlx::query(
        "UPDATE hall_staff_assessments SET notice_id = $1 WHERE unit_id = $2 AND period = $3 \
         AND notice_id IS NULL",
    )
    .bind(id)
    .bind(unit.0)
    .bind(period)
    .execute(&mut **tx)
    .await?;
    Ok((id, done.rows_affected()))
}

/// Notice `id`.
pub async fn notice(tx: &mut Tx, id: i64) -> Result<Option<Notice>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{NOTICE_SELECT} WHERE t.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(notice_of).transpose()
}

/// The notices of one unit or all, newest first.
pub async fn notices(tx: &mut Tx, unit: Option<UnitId>, limit: i64) -> Result<Vec<Notice>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{NOTICE_SELECT} WHERE ($1 = 0 OR t.unit_id = $1) ORDER BY t.id DESC LIMIT $2"
    )))
    .bind(unit.map_or(0, |u| u.0))
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(notice_of).collect()
}

/// The assessments a notice carries.
pub async fn of_notice(tx: &mut Tx, id: i64) -> Result<Vec<StoredAssessment>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.notice_id = $1 ORDER BY u.display_name, a.id"
    )))
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(of_row).collect()
}
