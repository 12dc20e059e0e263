//! The hall's tables (migration 0060; the supervision box's, 0072, in [`complaints`]): windows and their staff, seatings, configured days,
//! the day's number sequences and the tickets with their history. Plain reads and writes in
//! the caller's transaction; the use cases decide.

pub mod assessments;
pub mod centres;
pub mod complaints;
pub mod hardcases;
pub mod staff;
pub mod tickets;
pub mod windows;

use chrono::NaiveDate;
use platform::Result;
use platform::db::Tx;
use sqlx::Row as _;

use crate::hours::{DaySchedule, Span, parse_spans};

/// The blind index's input of the query code of a registered case `number` of `kind` (the
/// supervision box's complaints, HALL-BOX; the hard cases, HALL-HARDCASE).
pub fn query_code_input(kind: &str, number: &str, code: &str) -> String {
    format!(
        "{kind}-query-code:{number}:{}",
        platform::query_code::normalise(code)
    )
}

/// The stored form of a day: `2026-03-02`.
pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn spans_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(Span::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The day's configured hours, if the centre configured it.
pub async fn configured_day(tx: &mut Tx, day: NaiveDate) -> Result<Option<DaySchedule>> {
    let row =
        sqlx::query("SELECT sessions, delayed_until, appointment FROM hall_days WHERE day = $1")
            .bind(day_key(day))
            .fetch_optional(&mut **tx)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let sessions: String = row.try_get("sessions")?;
    let delayed: Option<i64> = row.try_get("delayed_until")?;
    let appointment: String = row.try_get("appointment")?;
    Ok(Some(DaySchedule {
        sessions: parse_spans(&sessions)?,
        delayed_until: delayed.and_then(|m| u32::try_from(m).ok()),
        appointment: parse_spans(&appointment)?,
    }))
}

/// Stores a day's hours, replacing what was configured.
pub async fn save_day(tx: &mut Tx, day: NaiveDate, schedule: &DaySchedule, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM hall_days WHERE day = $1")
        .bind(day_key(day))
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO hall_days (day, sessions, delayed_until, appointment, updated_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(day_key(day))
    .bind(spans_text(&schedule.sessions))
    .bind(schedule.delayed_until.map(i64::from))
    .bind(spans_text(&schedule.appointment))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The next number of the day for a letter: one statement that creates or bumps the
/// sequence row, so two kiosks never print the same number.
pub async fn next_seq(tx: &mut Tx, day: NaiveDate, letter: char) -> Result<u32> {
    let row = sqlx::query(
        "INSERT INTO hall_sequences (day, letter, last) VALUES ($1, $2, 1) \
         ON CONFLICT (day, letter) DO UPDATE SET last = hall_sequences.last + 1 \
         RETURNING last",
    )
    .bind(day_key(day))
    .bind(letter.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let last: i64 = row.try_get("last")?;
    u32::try_from(last).map_err(|_| anyhow::anyhow!("ticket sequence out of range").into())
}
