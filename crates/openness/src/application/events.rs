//! What a disclosure application's command did (PUB-APPLY, PUB-ANSWER): the domain events,
//! the kernel's clock events (start, stop, pause, resume, extend) for its clocks, and their
//! history rows on the workflow kernel ([`platform::workflow::Recorded`]).

use calendar::Instant;
use platform::workflow::{ClockEvent, history};
use serde_json::{Value, json};

use crate::application::{Channel, ClockKind, CommandKind, ConsultationKind, Outcome, Status};

/// One thing a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Registered in the ledger (登记台帐): the first event of [`crate::application::register`].
    Registered {
        channel: Channel,
    },
    /// The status moved: the first event of every [`crate::application::apply`].
    Transitioned {
        from: Status,
        to: Status,
        command: CommandKind,
    },
    /// The supplement notice was sent; the applicant has until `due` (told to them).
    SupplementRequested {
        due: Instant,
    },
    /// The corrected application came in; the answer clock restarted.
    Supplemented,
    HandlingStarted,
    Consulted {
        kind: ConsultationKind,
    },
    Replied {
        kind: ConsultationKind,
    },
    /// Extended; the new due instant is told to the applicant (PUB-APPLY).
    Extended {
        due: Instant,
    },
    /// Answered with `outcome`; the notice is kept with the application (PUB-ANSWER).
    Answered {
        outcome: Outcome,
    },
    Delivered,
    Withdrawn,
    /// A change of one of its clocks, for the kernel's clock table.
    Clock(ClockEvent<ClockKind>),
}

impl Event {
    /// Whether the applicant is told of it (a notice, a new date, the answer).
    pub fn tells_applicant(&self) -> bool {
        matches!(
            self,
            Event::SupplementRequested { .. } | Event::Extended { .. } | Event::Answered { .. }
        )
    }

    /// The clock change it carries, if any.
    pub fn clock(&self) -> Option<&ClockEvent<ClockKind>> {
        match self {
            Event::Clock(event) => Some(event),
            _ => None,
        }
    }
}

fn consultation_code(kind: ConsultationKind) -> &'static str {
    match kind {
        ConsultationKind::ThirdParty => "third_party",
        ConsultationKind::Agency => "agency",
    }
}

fn channel_code(channel: Channel) -> &'static str {
    match channel {
        Channel::Online => "online",
        Channel::Letter => "letter",
        Channel::WalkIn => "walk_in",
    }
}

/// The history row of an event: its kind code and JSON detail (codes and instants; never
/// the applicant's identity).
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Registered { channel } => ("registered", json!({"channel": channel_code(*channel)})),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({
                "from": from.code(),
                "to": to.code(),
                "command": platform::workflow::command_code(command),
            }),
        ),
        Event::SupplementRequested { due } => {
            ("supplement_requested", json!({"due": due.to_rfc3339()}))
        }
        Event::Supplemented => ("supplemented", json!({})),
        Event::HandlingStarted => ("handling_started", json!({})),
        Event::Consulted { kind } => ("consulted", json!({"kind": consultation_code(*kind)})),
        Event::Replied { kind } => ("replied", json!({"kind": consultation_code(*kind)})),
        Event::Extended { due } => ("extended", json!({"due": due.to_rfc3339()})),
        Event::Answered { outcome } => ("answered", json!({"outcome": outcome.code()})),
        Event::Delivered => ("delivered", json!({})),
        Event::Withdrawn => ("withdrawn", json!({})),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, ClockKind, describe);
