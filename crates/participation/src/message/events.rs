//! What a message's command did (MSG-*): the domain events, the kernel's clock events for the
//! reply clock, and their history rows ([`platform::workflow::Recorded`]; never the writer).

use platform::workflow::{ClockEvent, history};
use serde_json::{Value, json};

use crate::UnitId;
use crate::message::{Channel, ClockKind, CommandKind, Status, WithholdReason};

/// One thing a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Received on a channel: the first event of [`crate::message::submit`].
    Submitted {
        channel: Channel,
    },
    /// The status moved: the first event of every [`crate::message::apply`].
    Transitioned {
        from: Status,
        to: Status,
        command: CommandKind,
    },
    /// Routed to `unit`: its contacts are texted (MSG-ROUTE).
    Routed {
        unit: UnitId,
    },
    Returned {
        unit: UnitId,
    },
    /// Transferred to 12345: the usecase opens the order and links it.
    Transferred,
    Invalidated,
    Replied,
    Reviewed {
        approved: bool,
    },
    Published,
    Withheld {
        reason: WithholdReason,
    },
    /// Rated; a bad rating opens the 好差评 rectification.
    Rated {
        level: u8,
    },
    /// MSG-PUBLISH: a knowledge-base entry was drafted from the question and reply.
    PromotedToFaq {
        entry: i64,
    },
    Clock(ClockEvent<ClockKind>),
}

impl Event {
    pub fn clock(&self) -> Option<&ClockEvent<ClockKind>> {
        match self {
            Event::Clock(event) => Some(event),
            _ => None,
        }
    }
}

/// The history row of an event: its kind code and JSON detail (codes only).
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Submitted { channel } => ("submitted", json!({"channel": channel.code()})),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({
                "from": from.code(),
                "to": to.code(),
                "command": platform::workflow::command_code(command),
            }),
        ),
        Event::Routed { unit } => ("routed", json!({"unit": unit.0})),
        Event::Returned { unit } => ("returned", json!({"unit": unit.0})),
        Event::Transferred => ("transferred", json!({})),
        Event::Invalidated => ("invalidated", json!({})),
        Event::Replied => ("replied", json!({})),
        Event::Reviewed { approved } => ("reviewed", json!({"approved": approved})),
        Event::Published => ("published", json!({})),
        Event::Withheld { reason } => ("withheld", json!({"reason": reason.code()})),
        Event::Rated { level } => ("rated", json!({"level": level})),
        Event::PromotedToFaq { entry } => ("promoted_to_faq", json!({"kb_entry": entry})),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, ClockKind, describe);
