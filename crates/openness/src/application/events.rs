//! What a disclosure application's command did (PUB-APPLY, PUB-ANSWER): the domain events,
//! and the kernel's clock events (start, stop, pause, resume, extend) for its clocks.

use calendar::Instant;
use platform::workflow::ClockEvent;

use crate::application::{Channel, ClockKind, ConsultationKind, Outcome};

/// One thing a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Registered in the ledger (登记台帐).
    Registered {
        channel: Channel,
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
