//! Taking and calling numbers (HALL-QUEUE). Calling is safe under concurrency: a window takes
//! the first waiting ticket of its type with an update conditional on the version it read, so
//! when two clerks race for one ticket the second update touches nothing and that clerk takes
//! the next one.

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};

use super::{local_day_minute, schedule_in, staff_id};
use crate::HallError;
use crate::hours::Source;
use crate::store::tickets::{self, EventRow, StoredTicket};
use crate::store::{self, windows};
use crate::ticket::{self, Command, Event, ItemRef, Priority, Status, Ticket, TicketNumber};
use crate::window::ServiceType;

/// How many candidates a call reads at once, and how many times it reads again when other
/// windows took them all first.
const CANDIDATES: i64 = 8;
const ROUNDS: usize = 4;

/// A request for a number.
#[derive(Debug, Clone)]
pub struct Take {
    pub service: ServiceType,
    pub item: Option<ItemRef>,
    pub source: Source,
    pub priority: Priority,
    /// The day of the ticket: today for the kiosk and SMS, the appointment's day otherwise.
    pub day: NaiveDate,
}

/// A number taken.
#[derive(Debug, Clone)]
pub struct Taken {
    pub id: i64,
    pub ticket: Ticket,
    /// How many wait before it now.
    pub ahead: i64,
}

/// What a window did with a ticket.
#[derive(Debug, Clone)]
pub struct Done {
    pub id: i64,
    pub ticket: Ticket,
    pub event: Event,
    /// The window that acted.
    pub window: u16,
}

impl Done {
    /// The text the displays show and read out (请 A012 号到 3 号窗口办理), for a call or recall.
    pub fn announcement(&self) -> Option<String> {
        self.event.announcement(self.ticket.number)
    }
}

/// Takes a number (HALL-QUEUE): by item or window type, from the kiosk, an appointment slot
/// or SMS, with priority for the elderly and disabled. Refused with a Chinese message, nothing
/// written, when the hall does not take it at that time (a closed hall, outside the hours, an
/// appointment outside the bookable slots or in the past) or no window serves that type.
pub async fn take(
    db: &Db,
    actor: &AuditActor,
    calendar: &Calendar,
    working_hours: &str,
    request: Take,
    now: i64,
) -> Result<Taken> {
    let (today, minute) = local_day_minute(now);
    let queued_at = match request.source {
        Source::Kiosk | Source::Sms if request.day != today => {
            return Err(HallError::Invalid("现场和短信取号只能取当天的号".into()).into());
        }
        Source::Kiosk | Source::Sms => now,
        Source::Appointment { slot_start } => {
            let at = Instant::from_local(request.day, slot_start).millis();
            if at < now {
                return Err(HallError::Invalid("该预约时段已过，请选择以后的时段".into()).into());
            }
            at
        }
    };
    let mut tx = db.begin().await?;
    let schedule = schedule_in(&mut tx, calendar, working_hours, request.day).await?;
    schedule.accepts(request.source, minute)?;
    let served = windows::all(&mut tx)
        .await?
        .iter()
        .any(|w| w.active && w.window.serves(&request.service));
    if !served {
        return Err(HallError::Invalid(format!(
            "大厅没有{}，请选择其他窗口类型",
            request.service.label()
        ))
        .into());
    }
    let letter = request.service.letter();
    let seq = store::next_seq(&mut tx, request.day, letter).await?;
    let ticket = Ticket {
        number: TicketNumber { letter, seq },
        day: request.day,
        service: request.service,
        item: request.item,
        source: request.source,
        priority: request.priority,
        status: Status::Waiting,
        taken_at: now,
        queued_at,
        window: None,
        first_called_at: None,
        calls: 0,
        started_at: None,
        finished_at: None,
        transfers: 0,
    };
    let id = tickets::insert(&mut tx, &ticket).await?;
    let stored = StoredTicket {
        id,
        version: 1,
        ticket,
    };
    let ahead = tickets::ahead(&mut tx, &stored, now).await?;
    let event = AuditEvent::new("hall.ticket.take", "hall_ticket", id).detail(format!(
        "{} {} {} {}",
        stored.ticket.number,
        stored.ticket.service.label(),
        stored.ticket.source.label(),
        stored.ticket.priority.label()
    ));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(Taken {
        id,
        ticket: stored.ticket,
        ahead,
    })
}

/// The window type that takes a number for an item of `unit_id` (HALL-WINDOWS, 000 中心 §7):
/// the professional window the unit stations in the hall, else the comprehensive window.
pub async fn service_for_unit(db: &Db, unit_id: i64) -> Result<ServiceType> {
    let mut tx = db.begin_read().await?;
    let all = windows::all(&mut tx).await?;
    tx.commit().await?;
    Ok(all
        .into_iter()
        .find(|w| {
            w.active
                && w.window.unit_id == Some(unit_id)
                && matches!(w.window.service, ServiceType::Professional(_))
        })
        .map_or(ServiceType::Comprehensive, |w| w.window.service))
}

/// The acting clerk's window today, or a refusal saying to sit first.
async fn seated_window(
    tx: &mut Tx,
    actor: &AuditActor,
    today: NaiveDate,
) -> Result<windows::StoredWindow> {
    let user_id = staff_id(actor)?;
    windows::seat_of(tx, today, user_id)
        .await?
        .ok_or_else(|| HallError::WrongWindow("您今天尚未选择窗口，请先就座".into()).into())
}

/// Writes a decided change: the conditional update, the history row and the audit row.
/// `false` when another change came first (nothing written).
async fn write(
    tx: &mut Tx,
    actor: &AuditActor,
    before: &StoredTicket,
    after: &Ticket,
    command: &Command,
    event: &Event,
    now: i64,
) -> Result<bool> {
    if !tickets::update(tx, before.id, before.version, after).await? {
        return Ok(false);
    }
    let kind = command.kind();
    let detail = match event {
        Event::Called {
            wait_ms: Some(wait),
            ..
        } => format!("等候 {} 秒", wait / 1000),
        Event::Finished { handling_ms, .. } => format!("办理 {} 秒", handling_ms / 1000),
        Event::Transferred { to, .. } => format!("转至{}", to.label()),
        _ => String::new(),
    };
    let window = match event {
        Event::Called { window, .. }
        | Event::Recalled { window, .. }
        | Event::Skipped { window }
        | Event::Transferred { window, .. }
        | Event::Started { window }
        | Event::Finished { window, .. } => *window,
    };
    tickets::insert_event(
        tx,
        &EventRow {
            ticket_id: before.id,
            at: now,
            command: kind.code(),
            from: before.ticket.status,
            to: after.status,
            window: Some(window),
            actor_user_id: actor.user_id,
            detail: detail.clone(),
        },
    )
    .await?;
    let audit_event = AuditEvent::new(
        &format!("hall.ticket.{}", kind.code()),
        "hall_ticket",
        before.id,
    )
    .detail(
        format!("{} {} 号窗口 {}", after.number, window, detail)
            .trim_end()
            .to_owned(),
    );
    audit::record(tx, actor, audit_event, now).await?;
    Ok(true)
}

/// Refuses a new call while the window still has a called or handled ticket.
async fn window_is_free(tx: &mut Tx, today: NaiveDate, window: u16) -> Result<()> {
    if let Some(current) = tickets::current_at(tx, today, window).await? {
        return Err(HallError::WrongWindow(format!(
            "本窗口 {} 号尚未办结或过号，请先处理",
            current.ticket.number
        ))
        .into());
    }
    Ok(())
}

/// Calls the next number for the acting clerk's window today (HALL-QUEUE): priority first,
/// then order, of the window's type only. Two clerks calling at once never get the same
/// ticket.
pub async fn call_next(db: &Db, actor: &AuditActor, now: i64) -> Result<Done> {
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin().await?;
    let seat = seated_window(&mut tx, actor, today).await?;
    window_is_free(&mut tx, today, seat.window.number).await?;
    for _ in 0..ROUNDS {
        let candidates =
            tickets::first_waiting(&mut tx, today, &seat.window.service, now, CANDIDATES).await?;
        if candidates.is_empty() {
            return Err(HallError::QueueEmpty.into());
        }
        for candidate in candidates {
            let command = Command::Call(seat.window.clone());
            let (after, event) = ticket::apply(&candidate.ticket, &command, now)?;
            if write(&mut tx, actor, &candidate, &after, &command, &event, now).await? {
                tx.commit().await?;
                return Ok(Done {
                    id: candidate.id,
                    ticket: after,
                    event,
                    window: seat.window.number,
                });
            }
        }
    }
    Err(HallError::Conflict.into())
}

/// Calls a given number at the acting clerk's window (HALL-QUEUE); a number already called is
/// refused (`HallError::AlreadyCalled`), as is one of another type.
pub async fn call_number(db: &Db, actor: &AuditActor, id: i64, now: i64) -> Result<Done> {
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin().await?;
    let seat = seated_window(&mut tx, actor, today).await?;
    let stored = tickets::by_id(&mut tx, id)
        .await?
        .filter(|t| t.ticket.day == today)
        .ok_or(HallError::NotFound)?;
    let command = Command::Call(seat.window.clone());
    let (after, event) = ticket::apply(&stored.ticket, &command, now)?;
    window_is_free(&mut tx, today, seat.window.number).await?;
    if !write(&mut tx, actor, &stored, &after, &command, &event, now).await? {
        return Err(HallError::Conflict.into());
    }
    tx.commit().await?;
    Ok(Done {
        id,
        ticket: after,
        event,
        window: seat.window.number,
    })
}

/// What a clerk does with the ticket the window called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Recall,
    Skip,
    Start,
    Finish,
    Transfer(ServiceType),
}

/// Recalls, skips, starts, finishes or transfers ticket `id` at the acting clerk's window
/// (HALL-QUEUE). `version` is the one the page showed (a stale page is refused); a transfer
/// needs a window of the new type.
pub async fn act(
    db: &Db,
    actor: &AuditActor,
    id: i64,
    version: Option<i64>,
    action: Action,
    now: i64,
) -> Result<Done> {
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin().await?;
    let seat = seated_window(&mut tx, actor, today).await?;
    let stored = tickets::by_id(&mut tx, id)
        .await?
        .ok_or(HallError::NotFound)?;
    if version.is_some_and(|v| v != stored.version) {
        return Err(HallError::Conflict.into());
    }
    let number = seat.window.number;
    let command = match action {
        Action::Recall => Command::Recall(number),
        Action::Skip => Command::Skip(number),
        Action::Start => Command::Start(number),
        Action::Finish => Command::Finish(number),
        Action::Transfer(to) => {
            let served = windows::all(&mut tx)
                .await?
                .iter()
                .any(|w| w.active && w.window.serves(&to));
            if !served {
                return Err(HallError::Invalid(format!("大厅没有{}，不能转入", to.label())).into());
            }
            Command::Transfer { window: number, to }
        }
    };
    let (after, event) = ticket::apply(&stored.ticket, &command, now)?;
    if !write(&mut tx, actor, &stored, &after, &command, &event, now).await? {
        return Err(HallError::Conflict.into());
    }
    tx.commit().await?;
    Ok(Done {
        id,
        ticket: after,
        event,
        window: number,
    })
}

/// A ticket with its id and version.
pub async fn ticket_by_id(db: &Db, id: i64) -> Result<StoredTicket> {
    let mut tx = db.begin_read().await?;
    let stored = tickets::by_id(&mut tx, id)
        .await?
        .ok_or(HallError::NotFound)?;
    tx.commit().await?;
    Ok(stored)
}

/// The tickets of a day, optionally of one status.
pub async fn day_tickets(
    db: &Db,
    day: NaiveDate,
    status: Option<Status>,
) -> Result<Vec<StoredTicket>> {
    let mut tx = db.begin_read().await?;
    let all = tickets::of_day(&mut tx, day, status).await?;
    tx.commit().await?;
    Ok(all)
}

/// The ticket the acting clerk's window is busy with today, if any.
pub async fn current(db: &Db, actor: &AuditActor, now: i64) -> Result<Option<StoredTicket>> {
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin_read().await?;
    let seat = seated_window(&mut tx, actor, today).await?;
    let current = tickets::current_at(&mut tx, today, seat.window.number).await?;
    tx.commit().await?;
    Ok(current)
}
