//! What the hall's displays show (HALL-QUEUE): the latest calls of the day with their
//! announcement, each window's number now, and how many wait per window type.

use chrono::NaiveDate;
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::store::day_key;
use crate::ticket::{TicketNumber, announcement};
use crate::window::ServiceType;

/// One call as the displays show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub number: String,
    pub window: u16,
    pub at: i64,
    /// 请 A012 号到 3 号窗口办理.
    pub text: String,
}

/// The board of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    /// The latest calls, newest first.
    pub recent: Vec<Announced>,
    /// Per window type, how many wait.
    pub waiting: Vec<(ServiceType, i64)>,
}

/// The board of `day`: the `limit` latest calls and recalls, and the waiting counts.
pub async fn board(db: &Db, day: NaiveDate, limit: i64) -> Result<Board> {
    let mut tx = db.begin_read().await?;
    let rows = sqlx::query(
        "SELECT t.letter, t.seq, e.window_number, e.at FROM hall_ticket_events e \
         JOIN hall_tickets t ON t.id = e.ticket_id \
         WHERE t.day = $1 AND e.command IN ('call', 'recall') ORDER BY e.id DESC LIMIT $2",
    )
    .bind(day_key(day))
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut recent = Vec::with_capacity(rows.len());
    for row in &rows {
        let letter: String = row.try_get("letter")?;
        let seq: i64 = row.try_get("seq")?;
        let window: Option<i64> = row.try_get("window_number")?;
        let number = TicketNumber {
            letter: letter.chars().next().unwrap_or('A'),
            seq: u32::try_from(seq).unwrap_or(0),
        };
        let window = window.and_then(|w| u16::try_from(w).ok()).unwrap_or(0);
        recent.push(Announced {
            number: number.to_string(),
            window,
            at: row.try_get("at")?,
            text: announcement(number, window),
        });
    }
    let rows = sqlx::query(
        "SELECT service, COUNT(*) AS n FROM hall_tickets WHERE day = $1 AND status = 'waiting' \
         GROUP BY service ORDER BY service",
    )
    .bind(day_key(day))
    .fetch_all(&mut *tx)
    .await?;
    let mut waiting = Vec::with_capacity(rows.len());
    for row in &rows {
        let service: String = row.try_get("service")?;
        waiting.push((ServiceType::parse(&service)?, row.try_get("n")?));
    }
    tx.commit().await?;
    Ok(Board { recent, waiting })
}
