//! The ticket machine (HALL-QUEUE, 000 中心 §8, §15): a number taken by item or window type,
//! called by a window that serves its type (priority first, then order), recalled, skipped
//! as a no-show, transferred to another window type, handled and finished; waiting and
//! handling times recorded. `apply` is pure: `(ticket, command, now) -> (ticket, event)`,
//! refusing every pair not in [`TRANSITIONS`] with a Chinese message.

use std::fmt;

use chrono::NaiveDate;

use crate::error::HallError;
use crate::hours::Source;
use crate::window::{ServiceType, Window};

/// A ticket's number: the letter of its window type and the day's sequence (A012).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketNumber {
    pub letter: char,
    pub seq: u32,
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:03}", self.letter, self.seq)
    }
}

/// Priority groups of HALL-QUEUE and HALL-ASSIST (老年人、残疾人优先).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Normal,
    Elderly,
    Disabled,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Normal, Priority::Elderly, Priority::Disabled];

    pub fn code(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Elderly => "elderly",
            Priority::Disabled => "disabled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::Normal => "普通",
            Priority::Elderly => "老年人优先",
            Priority::Disabled => "残疾人优先",
        }
    }

    pub fn parse(code: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Whether the ticket goes before the normal ones.
    pub fn is_priority(self) -> bool {
        self != Priority::Normal
    }
}

/// A ticket's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 等候中.
    Waiting,
    /// 已叫号: a window called it; the citizen is on the way.
    Called,
    /// 办理中.
    Handling,
    /// 已办结.
    Finished,
    /// 过号: called and did not come.
    NoShow,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Waiting,
        Status::Called,
        Status::Handling,
        Status::Finished,
        Status::NoShow,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Called => "called",
            Status::Handling => "handling",
            Status::Finished => "finished",
            Status::NoShow => "no_show",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Waiting => "等候中",
            Status::Called => "已叫号",
            Status::Handling => "办理中",
            Status::Finished => "已办结",
            Status::NoShow => "过号",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The item a ticket was taken for, when the citizen chose one (it opens the online
/// services' walk-in registration prefilled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub id: i64,
    /// The item's code in the services catalogue (GZ-SC-0003).
    pub code: String,
    pub name: String,
}

/// A ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub number: TicketNumber,
    pub day: NaiveDate,
    pub service: ServiceType,
    pub item: Option<ItemRef>,
    pub source: Source,
    pub priority: Priority,
    pub status: Status,
    /// When the number was taken (epoch ms).
    pub taken_at: i64,
    /// When it joined the queue: when taken, or an appointment's slot start.
    pub queued_at: i64,
    /// The window that called it last.
    pub window: Option<u16>,
    /// The first call: the waiting time is `first_called_at − queued_at`.
    pub first_called_at: Option<i64>,
    pub calls: u32,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub transfers: u32,
}

impl Ticket {
    /// The waiting time in milliseconds, once called.
    pub fn wait_ms(&self) -> Option<i64> {
        self.first_called_at.map(|at| (at - self.queued_at).max(0))
    }

    /// The handling time in milliseconds, once finished.
    pub fn handling_ms(&self) -> Option<i64> {
        Some((self.finished_at? - self.started_at?).max(0))
    }
}

/// What a window does with a ticket; every command but `Call` names the acting window,
/// which must be the one that called the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Call(Window),
    Recall(u16),
    Skip(u16),
    Transfer { window: u16, to: ServiceType },
    Start(u16),
    Finish(u16),
}

/// The kind of a command, for the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Call,
    Recall,
    Skip,
    Transfer,
    Start,
    Finish,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::Call,
        CommandKind::Recall,
        CommandKind::Skip,
        CommandKind::Transfer,
        CommandKind::Start,
        CommandKind::Finish,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Call => "call",
            CommandKind::Recall => "recall",
            CommandKind::Skip => "skip",
            CommandKind::Transfer => "transfer",
            CommandKind::Start => "start",
            CommandKind::Finish => "finish",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Call => "叫号",
            CommandKind::Recall => "重呼",
            CommandKind::Skip => "过号",
            CommandKind::Transfer => "转窗口",
            CommandKind::Start => "开始办理",
            CommandKind::Finish => "办结",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Call(_) => CommandKind::Call,
            Command::Recall(_) => CommandKind::Recall,
            Command::Skip(_) => CommandKind::Skip,
            Command::Transfer { .. } => CommandKind::Transfer,
            Command::Start(_) => CommandKind::Start,
            Command::Finish(_) => CommandKind::Finish,
        }
    }
}

/// Every allowed (status, command) → status of HALL-QUEUE. A called ticket called again is
/// refused as [`HallError::AlreadyCalled`]; every other missing pair as an invalid transition.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Waiting, CommandKind::Call, Status::Called),
    (Status::Called, CommandKind::Recall, Status::Called),
    (Status::Called, CommandKind::Skip, Status::NoShow),
    (Status::Called, CommandKind::Start, Status::Handling),
    (Status::Called, CommandKind::Transfer, Status::Waiting),
    (Status::Handling, CommandKind::Transfer, Status::Waiting),
    (Status::Handling, CommandKind::Finish, Status::Finished),
];

/// What happened, for the history, the displays and the statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A window called the ticket; `wait_ms` on the first call.
    Called {
        window: u16,
        wait_ms: Option<i64>,
    },
    Recalled {
        window: u16,
        calls: u32,
    },
    Skipped {
        window: u16,
    },
    Transferred {
        window: u16,
        to: ServiceType,
    },
    Started {
        window: u16,
    },
    Finished {
        window: u16,
        handling_ms: i64,
    },
}

impl Event {
    /// The text the displays show and read out, or `None` for a change they do not announce.
    pub fn announcement(&self, number: TicketNumber) -> Option<String> {
        match self {
            Event::Called { window, .. } | Event::Recalled { window, .. } => {
                Some(announcement(number, *window))
            }
            _ => None,
        }
    }
}

/// 请 A012 号到 3 号窗口办理.
pub fn announcement(number: TicketNumber, window: u16) -> String {
    format!("请 {number} 号到 {window} 号窗口办理")
}

/// Runs one command (HALL-QUEUE). Refusals change nothing.
pub fn apply(ticket: &Ticket, command: &Command, now: i64) -> Result<(Ticket, Event), HallError> {
    let kind = command.kind();
    if ticket.status == Status::Called && kind == CommandKind::Call {
        return Err(HallError::AlreadyCalled(ticket.number.to_string()));
    }
    let Some(&(_, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, k, _)| *from == ticket.status && *k == kind)
    else {
        return Err(HallError::InvalidTransition {
            number: ticket.number.to_string(),
            from: ticket.status.label(),
            command: kind.label(),
        });
    };
    let mut next = ticket.clone();
    next.status = to;
    let own_window = |window: u16| -> Result<(), HallError> {
        if ticket.window == Some(window) {
            Ok(())
        } else {
            Err(HallError::WrongWindow(format!(
                "{} 号不是本窗口叫的号，不能{}",
                ticket.number,
                kind.label()
            )))
        }
    };
    let event = match command {
        Command::Call(window) => {
            if !window.serves(&ticket.service) {
                return Err(HallError::WrongWindow(format!(
                    "{} 号是{}的号，{} 号窗口不办理",
                    ticket.number,
                    ticket.service.label(),
                    window.number
                )));
            }
            next.window = Some(window.number);
            next.calls += 1;
            let first = ticket.first_called_at.is_none();
            if first {
                next.first_called_at = Some(now);
            }
            Event::Called {
                window: window.number,
                wait_ms: first.then(|| (now - ticket.queued_at).max(0)),
            }
        }
        Command::Recall(window) => {
            own_window(*window)?;
            next.calls += 1;
            Event::Recalled {
                window: *window,
                calls: next.calls,
            }
        }
        Command::Skip(window) => {
            own_window(*window)?;
            Event::Skipped { window: *window }
        }
        Command::Start(window) => {
            own_window(*window)?;
            next.started_at = Some(now);
            Event::Started { window: *window }
        }
        Command::Finish(window) => {
            own_window(*window)?;
            next.finished_at = Some(now);
            let started = ticket.started_at.unwrap_or(now);
            Event::Finished {
                window: *window,
                handling_ms: (now - started).max(0),
            }
        }
        Command::Transfer {
            window,
            to: service,
        } => {
            own_window(*window)?;
            if *service == ticket.service {
                return Err(HallError::Invalid("转入的窗口类型与当前相同".into()));
            }
            next.service = service.clone();
            next.window = None;
            next.started_at = None;
            next.transfers += 1;
            Event::Transferred {
                window: *window,
                to: service.clone(),
            }
        }
    };
    Ok((next, event))
}

/// The order of the queue (HALL-QUEUE): priority groups first, then by the time each joined
/// the queue, then by number. Tickets whose appointment slot has not begun wait.
pub fn queue_order(ticket: &Ticket) -> (bool, i64, u32) {
    (
        !ticket.priority.is_priority(),
        ticket.queued_at,
        ticket.number.seq,
    )
}

/// The ticket a window calls next among `tickets`: waiting, of a type the window serves,
/// queued by `now`, first in [`queue_order`]. `None` when nobody waits for it.
pub fn next_for<'a>(window: &Window, tickets: &'a [Ticket], now: i64) -> Option<&'a Ticket> {
    tickets
        .iter()
        .filter(|t| t.status == Status::Waiting && window.serves(&t.service) && t.queued_at <= now)
        .min_by_key(|t| queue_order(t))
}

/// How many wait before `ticket` for its type at `now` (the kiosk's "前面还有 N 人").
pub fn ahead_of(ticket: &Ticket, tickets: &[Ticket], now: i64) -> usize {
    let key = queue_order(ticket);
    tickets
        .iter()
        .filter(|t| {
            t.status == Status::Waiting
                && t.service == ticket.service
                && t.queued_at <= now
                && queue_order(t) < key
        })
        .count()
}
