//! The window staff's tables (migration 0083, HALL-STAFF): the register (`hall_staff`), the
//! day's attendance, the leave and replacement requests (a version per row against stale
//! pages), the assessments with the records' figures and the written notices to the units.
//! Plain reads and writes in the caller's transaction; the use cases decide.

use chrono::NaiveDate;
use platform::db::Tx;
use platform::ids::{UnitId, UserId};
use platform::{Error, Result};
use sqlx::Row as _;
use sqlx::any::AnyRow;

use super::day_key;
use crate::staff::attendance::Mark;
use crate::staff::register::Member;
use crate::staff::requests::{Kind, Request, Status};

/// The message of a stale page.
pub const CONFLICT: &str = "该申请已被他人审批，请刷新后重试";

fn day_of(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("unreadable staff date {text}: {e}")))
}

fn day_opt(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref().map(day_of).transpose()
}

/// A member of the register with the names the pages show.
#[derive(Debug, Clone)]
pub struct StoredMember {
    pub id: i64,
    pub member: Member,
    pub name: String,
    pub unit_name: String,
}

const MEMBER_SELECT: &str = "SELECT s.id, s.user_id, s.unit_id, s.joined_unit, \
     s.on_window_since, s.birth_date, s.centre_approved_on, s.department_approved_on, \
     u.display_name, n.name AS unit_name FROM hall_staff s JOIN users u ON u.id = s.user_id \
     JOIN units n ON n.id = s.unit_id";

fn member_of(row: &AnyRow) -> Result<StoredMember> {
    Ok(StoredMember {
        id: row.try_get("id")?,
        member: Member {
            user: UserId(row.try_get("user_id")?),
            unit: UnitId(row.try_get("unit_id")?),
            joined_unit: day_of(&row.try_get::<String, _>("joined_unit")?)?,
            on_window_since: day_of(&row.try_get::<String, _>("on_window_since")?)?,
            birth_date: day_of(&row.try_get::<String, _>("birth_date")?)?,
            centre_approved: day_opt(row.try_get("centre_approved_on")?)?,
            department_approved: day_opt(row.try_get("department_approved_on")?)?,
        },
        name: row.try_get("display_name")?,
        unit_name: row.try_get("unit_name")?,
    })
}

/// The register, of one unit or all, by unit and name.
pub async fn members(tx: &mut Tx, unit: Option<UnitId>) -> Result<Vec<StoredMember>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{MEMBER_SELECT} WHERE ($1 = 0 OR s.unit_id = $1) ORDER BY n.path, u.display_name, s.id"
    )))
    .bind(unit.map_or(0, |u| u.0))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(member_of).collect()
}

/// The member of account `user`, if registered.
pub async fn member_of_user(tx: &mut Tx, user: UserId) -> Result<Option<StoredMember>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{MEMBER_SELECT} WHERE s.user_id = $1"
    )))
    .bind(user.0)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(member_of).transpose()
}

/// The member of register row `id`.
pub async fn member(tx: &mut Tx, id: i64) -> Result<Option<StoredMember>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{MEMBER_SELECT} WHERE s.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(member_of).transpose()
}

/// Inserts `member`, or replaces the row of its account; returns the row's id.
pub async fn save_member(tx: &mut Tx, member: &Member, now: i64) -> Result<i64> {
    let approved = |d: Option<NaiveDate>| d.map(day_key);
    let existing = sqlx::query("SELECT id FROM hall_staff WHERE user_id = $1")
        .bind(member.user.0)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = existing {
        let id: i64 = row.try_get("id")?;
        sqlx::query(
            "UPDATE hall_staff SET unit_id = $1, joined_unit = $2, on_window_since = $3, \
             birth_date = $4, centre_approved_on = $5, department_approved_on = $6, \
             updated_at = $7 WHERE id = $8",
        )
        .bind(member.unit.0)
        .bind(day_key(member.joined_unit))
        .bind(day_key(member.on_window_since))
        .bind(day_key(member.birth_date))
        .bind(approved(member.centre_approved))
        .bind(approved(member.department_approved))
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        return Ok(id);
    }
    let row = sqlx::query(
        "INSERT INTO hall_staff (user_id, unit_id, joined_unit, on_window_since, birth_date, \
         centre_approved_on, department_approved_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(member.user.0)
    .bind(member.unit.0)
    .bind(day_key(member.joined_unit))
    .bind(day_key(member.on_window_since))
    .bind(day_key(member.birth_date))
    .bind(approved(member.centre_approved))
    .bind(approved(member.department_approved))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// One row of a day's attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub user: UserId,
    pub signed_in: Option<u32>,
    pub signed_out: Option<u32>,
    pub mark: Mark,
}

fn minute(value: Option<i64>) -> Option<u32> {
    value.and_then(|m| u32::try_from(m).ok())
}

/// The attendance recorded on `day`.
pub async fn attendance(tx: &mut Tx, day: NaiveDate) -> Result<Vec<AttendanceRow>> {
    let rows = sqlx::query(
        "SELECT user_id, signed_in, signed_out, mark FROM hall_attendance WHERE day = $1",
    )
    .bind(day_key(day))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let mark: String = row.try_get("mark")?;
            Ok(AttendanceRow {
                user: UserId(row.try_get("user_id")?),
                signed_in: minute(row.try_get("signed_in")?),
                signed_out: minute(row.try_get("signed_out")?),
                mark: Mark::parse(&mark)
                    .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("unknown mark {mark}")))?,
            })
        })
        .collect()
}

/// Records `row` for `day`, replacing what was recorded.
pub async fn save_attendance(
    tx: &mut Tx,
    day: NaiveDate,
    row: &AttendanceRow,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM hall_attendance WHERE user_id = $1 AND day = $2")
        .bind(row.user.0)
        .bind(day_key(day))
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO hall_attendance (user_id, day, signed_in, signed_out, mark, recorded_by, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.user.0)
    .bind(day_key(day))
    .bind(row.signed_in.map(i64::from))
    .bind(row.signed_out.map(i64::from))
    .bind(row.mark.code())
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A request as stored.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub id: i64,
    pub request: Request,
    pub unit: UnitId,
    pub version: i64,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
}

const REQUEST_SELECT: &str = "SELECT id, kind, user_id, unit_id, substitute_user_id, from_day, \
     to_day, reason, status, decision_note, version, requested_at, decided_at \
     FROM hall_staff_requests";

fn request_of(row: &AnyRow) -> Result<StoredRequest> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let unknown = |what: &str| Error::Unexpected(anyhow::anyhow!("unknown request {what}"));
    let substitute: Option<i64> = row.try_get("substitute_user_id")?;
    Ok(StoredRequest {
        id: row.try_get("id")?,
        request: Request {
            kind: Kind::parse(&kind).ok_or_else(|| unknown(&kind))?,
            member: UserId(row.try_get("user_id")?),
            substitute: substitute.map(UserId),
            from: day_of(&row.try_get::<String, _>("from_day")?)?,
            to: day_of(&row.try_get::<String, _>("to_day")?)?,
            reason: row.try_get("reason")?,
            status: Status::parse(&status).ok_or_else(|| unknown(&status))?,
            decision_note: row.try_get("decision_note")?,
        },
        unit: UnitId(row.try_get("unit_id")?),
        version: row.try_get("version")?,
        requested_at: row.try_get("requested_at")?,
        decided_at: row.try_get("decided_at")?,
    })
}

/// Stores a new request of the member's `unit`; returns its id.
pub async fn insert_request(
    tx: &mut Tx,
    request: &Request,
    unit: UnitId,
    by: i64,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hall_staff_requests (kind, user_id, unit_id, substitute_user_id, from_day, \
         to_day, reason, status, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(request.kind.code())
    .bind(request.member.0)
    .bind(unit.0)
    .bind(request.substitute.map(|s| s.0))
    .bind(day_key(request.from))
    .bind(day_key(request.to))
    .bind(&request.reason)
    .bind(request.status.code())
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Request `id`.
pub async fn request(tx: &mut Tx, id: i64) -> Result<Option<StoredRequest>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{REQUEST_SELECT} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(request_of).transpose()
}

/// The requests of one unit or all, newest first.
pub async fn requests(tx: &mut Tx, unit: Option<UnitId>, limit: i64) -> Result<Vec<StoredRequest>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{REQUEST_SELECT} WHERE ($1 = 0 OR unit_id = $1) ORDER BY requested_at DESC, id DESC \
         LIMIT $2"
    )))
    .bind(unit.map_or(0, |u| u.0))
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(request_of).collect()
}

/// The approved leave covering `day`: the members on leave.
pub async fn on_leave(tx: &mut Tx, day: NaiveDate) -> Result<Vec<UserId>> {
    let rows = sqlx::query(
        "SELECT user_id FROM hall_staff_requests WHERE kind = 'leave' AND status = 'approved' \
         AND from_day <= $1 AND to_day >= $1",
    )
    .bind(day_key(day))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| Ok(UserId(row.try_get("user_id")?)))
        .collect()
}

/// Stores the centre's decision on request `id` if it is still at `version` (else
/// [`CONFLICT`]).
pub async fn decide(
    tx: &mut Tx,
    id: i64,
    request: &Request,
    version: i64,
    by: i64,
    now: i64,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE hall_staff_requests SET status = $1, decision_note = $2, decided_by = $3, \
         decided_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(request.status.code())
    .bind(&request.decision_note)
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(Error::Conflict(CONFLICT.into()))
    }
}
