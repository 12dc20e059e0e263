//! `hall_windows`, `hall_window_staff`, `hall_seatings` (HALL-WINDOWS): the windows, the posts
//! of their staff, and where each clerk sits on a day.

use chrono::NaiveDate;
use platform::db::Tx;
use platform::{Error, Result};
use sqlx::Row as _;

use super::day_key;
use crate::window::{Assignment, Post, ServiceType, Window};

/// A stored window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWindow {
    pub id: i64,
    pub window: Window,
    pub active: bool,
}

fn window_of(row: &sqlx::any::AnyRow) -> Result<StoredWindow> {
    let number: i64 = row.try_get("number")?;
    let service: String = row.try_get("service")?;
    let active: i64 = row.try_get("active")?;
    Ok(StoredWindow {
        id: row.try_get("id")?,
        window: Window {
            number: u16::try_from(number).map_err(|_| anyhow::anyhow!("window number"))?,
            name: row.try_get("name")?,
            service: ServiceType::parse(&service)?,
            unit_id: row.try_get("unit_id")?,
        },
        active: active != 0,
    })
}

const COLUMNS: &str = "id, number, name, service, unit_id, active";

pub async fn insert(tx: &mut Tx, window: &Window, now: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hall_windows (number, name, service, unit_id, active, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
    )
    .bind(i64::from(window.number))
    .bind(window.name.trim())
    .bind(window.service.code())
    .bind(window.unit_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|error| match Error::from(error) {
        Error::Conflict(_) => Error::invalid(format!("{} 号窗口已存在", window.number)),
        other => other,
    })?;
    Ok(row.try_get("id")?)
}

pub async fn all(tx: &mut Tx) -> Result<Vec<StoredWindow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_windows ORDER BY number"
    )))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(window_of).collect()
}

pub async fn by_id(tx: &mut Tx, id: i64) -> Result<Option<StoredWindow>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_windows WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(window_of).transpose()
}

pub async fn by_number(tx: &mut Tx, number: u16) -> Result<Option<StoredWindow>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_windows WHERE number = $1"
    )))
    .bind(i64::from(number))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(window_of).transpose()
}

/// Replaces the staff of a window.
pub async fn set_staff(tx: &mut Tx, window_id: i64, staff: &[Assignment]) -> Result<()> {
    sqlx::query("DELETE FROM hall_window_staff WHERE window_id = $1")
        .bind(window_id)
        .execute(&mut **tx)
        .await?;
    for assignment in staff {
        sqlx::query("INSERT INTO hall_window_staff (window_id, user_id, post) VALUES ($1, $2, $3)")
            .bind(window_id)
            .bind(assignment.user_id)
            .bind(assignment.post.code())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn staff(tx: &mut Tx, window_id: i64) -> Result<Vec<Assignment>> {
    let rows = sqlx::query(
        "SELECT user_id, post FROM hall_window_staff WHERE window_id = $1 ORDER BY post, user_id",
    )
    .bind(window_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let post: String = row.try_get("post")?;
            Ok(Assignment {
                user_id: row.try_get("user_id")?,
                post: Post::parse(&post).ok_or_else(|| anyhow::anyhow!("unknown post {post}"))?,
            })
        })
        .collect()
}

/// Seats a clerk at a window for a day, replacing the clerk's seat of that day. A window
/// already taken that day by someone else is refused by the unique index.
pub async fn seat(
    tx: &mut Tx,
    day: NaiveDate,
    user_id: i64,
    window_id: i64,
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM hall_seatings WHERE day = $1 AND user_id = $2")
        .bind(day_key(day))
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO hall_seatings (day, user_id, window_id, seated_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(day_key(day))
    .bind(user_id)
    .bind(window_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|error| match Error::from(error) {
        Error::Conflict(_) => Error::invalid("该窗口今天已有工作人员就座"),
        other => other,
    })?;
    Ok(())
}

/// The window a clerk sits at on a day.
pub async fn seat_of(tx: &mut Tx, day: NaiveDate, user_id: i64) -> Result<Option<StoredWindow>> {
    let row = sqlx::query(
        "SELECT w.id, w.number, w.name, w.service, w.unit_id, w.active FROM hall_seatings s \
         JOIN hall_windows w ON w.id = s.window_id WHERE s.day = $1 AND s.user_id = $2",
    )
    .bind(day_key(day))
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(window_of).transpose()
}
