//! `hall_tickets` and `hall_ticket_events` (HALL-QUEUE): a ticket's row is the pure
//! [`Ticket`] with its version; an update names the version it read, so a concurrent change
//! makes it touch nothing.

use chrono::NaiveDate;
use platform::Result;
use platform::db::Tx;
use sqlx::Row as _;

use super::day_key;
use crate::hours::Source;
use crate::ticket::{ItemRef, Priority, Status, Ticket, TicketNumber};
use crate::window::ServiceType;

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTicket {
    pub id: i64,
    pub version: i64,
    pub ticket: Ticket,
}

const COLUMNS: &str = "id, version, day, letter, seq, service, item_id, item_name, source, \
    item_code, slot_start, priority, status, taken_at, queued_at, window_number, first_called_at, calls, \
    started_at, finished_at, transfers";

fn small<T: TryFrom<i64>>(value: i64, what: &str) -> Result<T> {
    T::try_from(value).map_err(|_| anyhow::anyhow!("{what} out of range").into())
}

fn ticket_of(row: &sqlx::any::AnyRow) -> Result<StoredTicket> {
    let day: String = row.try_get("day")?;
    let letter: String = row.try_get("letter")?;
    let service: String = row.try_get("service")?;
    let source: String = row.try_get("source")?;
    let slot: Option<i64> = row.try_get("slot_start")?;
    let priority: String = row.try_get("priority")?;
    let status: String = row.try_get("status")?;
    let item_id: Option<i64> = row.try_get("item_id")?;
    let item_name: Option<String> = row.try_get("item_name")?;
    let item_code: Option<String> = row.try_get("item_code")?;
    let window: Option<i64> = row.try_get("window_number")?;
    let source = match (source.as_str(), slot) {
        ("kiosk", _) => Source::Kiosk,
        ("sms", _) => Source::Sms,
        ("appointment", Some(slot)) => Source::Appointment {
            slot_start: small(slot, "slot")?,
        },
        _ => return Err(anyhow::anyhow!("unknown ticket source {source}").into()),
    };
    Ok(StoredTicket {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        ticket: Ticket {
            number: TicketNumber {
                letter: letter.chars().next().unwrap_or('A'),
                seq: small(row.try_get("seq")?, "seq")?,
            },
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|_| anyhow::anyhow!("ticket day {day}"))?,
            service: ServiceType::parse(&service)?,
            item: match (item_id, item_code, item_name) {
                (Some(id), Some(code), Some(name)) => Some(ItemRef { id, code, name }),
                _ => None,
            },
            source,
            priority: Priority::parse(&priority)
                .ok_or_else(|| anyhow::anyhow!("unknown priority {priority}"))?,
            status: Status::parse(&status)
                .ok_or_else(|| anyhow::anyhow!("unknown status {status}"))?,
            taken_at: row.try_get("taken_at")?,
            queued_at: row.try_get("queued_at")?,
            window: window.map(|w| small(w, "window")).transpose()?,
            first_called_at: row.try_get("first_called_at")?,
            calls: small(row.try_get("calls")?, "calls")?,
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            transfers: small(row.try_get("transfers")?, "transfers")?,
        },
    })
}

/// Inserts a new ticket (version 1) and returns its id.
pub async fn insert(tx: &mut Tx, ticket: &Ticket) -> Result<i64> {
    let slot = match ticket.source {
        Source::Appointment { slot_start } => Some(i64::from(slot_start)),
        _ => None,
    };
    let row = sqlx::query(
        "INSERT INTO hall_tickets (day, letter, seq, service, item_id, item_code, item_name, \
         source, slot_start, priority, status, taken_at, queued_at, calls, transfers, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 0, 1) RETURNING id",
    )
    .bind(day_key(ticket.day))
    .bind(ticket.number.letter.to_string())
    .bind(i64::from(ticket.number.seq))
    .bind(ticket.service.code())
    .bind(ticket.item.as_ref().map(|item| item.id))
    .bind(ticket.item.as_ref().map(|item| item.code.clone()))
    .bind(ticket.item.as_ref().map(|item| item.name.clone()))
    .bind(ticket.source.code())
    .bind(slot)
    .bind(ticket.priority.code())
    .bind(ticket.status.code())
    .bind(ticket.taken_at)
    .bind(ticket.queued_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

pub async fn by_id(tx: &mut Tx, id: i64) -> Result<Option<StoredTicket>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(ticket_of).transpose()
}

/// Writes `ticket` over the row if it still has `version`; `false` when another change came
/// first (nothing written).
pub async fn update(tx: &mut Tx, id: i64, version: i64, ticket: &Ticket) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE hall_tickets SET service = $1, status = $2, window_number = $3, \
         first_called_at = $4, calls = $5, started_at = $6, finished_at = $7, transfers = $8, \
         version = version + 1 WHERE id = $9 AND version = $10",
    )
    .bind(ticket.service.code())
    .bind(ticket.status.code())
    .bind(ticket.window.map(i64::from))
    .bind(ticket.first_called_at)
    .bind(i64::from(ticket.calls))
    .bind(ticket.started_at)
    .bind(ticket.finished_at)
    .bind(i64::from(ticket.transfers))
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The first waiting tickets of a service type on a day, queued by `now`, in the queue
/// order of [`crate::ticket::queue_order`] (priority first, then queue time, then number).
/// Two reads that each follow the index `hall_tickets_next` (migration 0063) — the priority
/// tickets, then the ordinary ones — so that no read sorts the day's whole queue.
pub async fn first_waiting(
    tx: &mut Tx,
    day: NaiveDate,
    service: &ServiceType,
    now: i64,
    limit: i64,
) -> Result<Vec<StoredTicket>> {
    let mut found = Vec::new();
    for priority in ["<> 'normal'", "= 'normal'"] {
        let wanted = limit - i64::try_from(found.len()).unwrap_or(limit);
        if wanted <= 0 {
            break;
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM hall_tickets WHERE day = $1 AND service = $2 \
             AND status = 'waiting' AND priority {priority} AND queued_at <= $3 \
             ORDER BY queued_at, seq LIMIT $4"
        )))
        .bind(day_key(day))
        .bind(service.code())
        .bind(now)
        .bind(wanted)
        .fetch_all(&mut **tx)
        .await?;
        for row in &rows {
            found.push(ticket_of(row)?);
        }
    }
    Ok(found)
}

/// The tickets of a day, optionally of one status, by number.
pub async fn of_day(
    tx: &mut Tx,
    day: NaiveDate,
    status: Option<Status>,
) -> Result<Vec<StoredTicket>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE day = $1 AND ($2 = '' OR status = $2) \
         ORDER BY letter, seq"
    )))
    .bind(day_key(day))
    .bind(status.map(Status::code).unwrap_or(""))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(ticket_of).collect()
}

/// The tickets of the days `from..=to` (`2026-03-02`), for the figures.
pub async fn between(tx: &mut Tx, from: &str, to: &str) -> Result<Vec<StoredTicket>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE day >= $1 AND day <= $2 ORDER BY day, id"
    )))
    .bind(from)
    .bind(to)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(ticket_of).collect()
}

/// The ticket a window is busy with on a day (called or handling), if any.
pub async fn current_at(tx: &mut Tx, day: NaiveDate, window: u16) -> Result<Option<StoredTicket>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE day = $1 AND window_number = $2 \
         AND status IN ('called', 'handling') ORDER BY id LIMIT 1"
    )))
    .bind(day_key(day))
    .bind(i64::from(window))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(ticket_of).transpose()
}

/// How many wait before a ticket of its type at `now` (the kiosk's "前面还有 N 人").
pub async fn ahead(tx: &mut Tx, stored: &StoredTicket, now: i64) -> Result<i64> {
    let t = &stored.ticket;
    let priority_rank = i64::from(!t.priority.is_priority());
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM hall_tickets WHERE day = $1 AND status = 'waiting' \
         AND service = $2 AND queued_at <= $3 AND id <> $4 AND \
         ((CASE WHEN priority = 'normal' THEN 1 ELSE 0 END) < $5 OR \
          ((CASE WHEN priority = 'normal' THEN 1 ELSE 0 END) = $5 AND \
           (queued_at < $6 OR (queued_at = $6 AND seq < $7))))",
    )
    .bind(day_key(t.day))
    .bind(t.service.code())
    .bind(now)
    .bind(stored.id)
    .bind(priority_rank)
    .bind(t.queued_at)
    .bind(i64::from(t.number.seq))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("n")?)
}

/// One history row of a ticket.
pub struct EventRow<'a> {
    pub ticket_id: i64,
    pub at: i64,
    pub command: &'a str,
    pub from: Status,
    pub to: Status,
    pub window: Option<u16>,
    pub actor_user_id: Option<i64>,
    pub detail: String,
}

pub async fn insert_event(tx: &mut Tx, event: &EventRow<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO hall_ticket_events (ticket_id, at, command, from_status, to_status, \
         window_number, actor_user_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.ticket_id)
    .bind(event.at)
    .bind(event.command)
    .bind(event.from.code())
    .bind(event.to.code())
    .bind(event.window.map(i64::from))
    .bind(event.actor_user_id)
    .bind(event.detail.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
