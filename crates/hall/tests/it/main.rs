//! Integration tests of the service hall, built as one binary: the windows and their staff
//! (HALL-WINDOWS), the hall's hours (HALL-QUEUE), the ticket machine's every allowed and
//! refused transition and the queue order (HALL-QUEUE), the supervision box's (HALL-BOX).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod hardcase_table;
mod hours_table;
mod levels_table;
mod staff_table;
mod stats_table;
mod stored;
mod stored_assists;
mod stored_box;
mod stored_hardcase;
pub mod stored_queue;
mod stored_staff;
mod supervision_table;
mod ticket_table;
mod windows_table;

use chrono::NaiveDate;
use hall::hours::Source;
use hall::ticket::{Priority, Status, Ticket, TicketNumber};
use hall::window::{ServiceType, Window};

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

pub fn window(number: u16, service: ServiceType) -> Window {
    Window {
        number,
        name: format!("{number}号窗口"),
        service,
        unit_id: Some(1),
    }
}

pub fn ticket(seq: u32, service: ServiceType, priority: Priority, queued_at: i64) -> Ticket {
    Ticket {
        number: TicketNumber {
            letter: service.letter(),
            seq,
        },
        day: day(),
        service,
        item: None,
        source: Source::Kiosk,
        priority,
        status: Status::Waiting,
        taken_at: queued_at,
        queued_at,
        window: None,
        first_called_at: None,
        calls: 0,
        started_at: None,
        finished_at: None,
        transfers: 0,
    }
}
