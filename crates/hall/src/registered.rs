//! What the hall's registered-case machines share — the supervision box's complaints
//! (HALL-BOX, [`crate::supervision`]) and the hard cases (HALL-HARDCASE, [`crate::hardcase`]):
//! the id newtype, who acts, the events a command returns and their history rows, and the
//! checks of a text with every problem refused at once.
//!
//! The pure core (invariant 3): no clock, no database.

use platform::ids::{UnitId, UserId};
use platform::roles::Actor;
use platform::workflow::{ClockEvent, ClockRule, Recorded, history};
use serde_json::{Value, json};

use crate::error::HallError;

/// Declares a case's id newtype (its row id), shown and stored as the number.
macro_rules! case_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}
pub(crate) use case_id;

/// Who acts: a staff user of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acting {
    pub user: UserId,
    pub unit: UnitId,
}

impl From<&Actor> for Acting {
    fn from(actor: &Actor) -> Acting {
        Acting {
            user: UserId(actor.user_id),
            unit: UnitId(actor.unit_id),
        }
    }
}

/// A machine's status as the history stores it.
pub trait Coded: Copy {
    fn code(self) -> &'static str;
}

/// The label of a stored command code: `registered` for the registration, a kind's label, or
/// 办理 for a code no kind has.
pub fn label_of_code<K: std::fmt::Debug + Copy>(
    code: &str,
    registered: &'static str,
    all: &[K],
    label: fn(K) -> &'static str,
) -> &'static str {
    if code == "register" {
        return registered;
    }
    all.iter()
        .find(|kind| platform::workflow::command_code(*kind) == code)
        .map_or("办理", |kind| label(*kind))
}

/// What a command did: `K` the command's kind, `S` the status, `C` the clock kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<K, S, C> {
    Registered,
    Stepped { command: K, from: S, to: S },
    Clock(ClockEvent<C>),
}

impl<K: std::fmt::Debug, S: Coded, C: ClockRule> Recorded for Event<K, S, C> {
    type Clock = C;

    fn clock(&self) -> Option<&ClockEvent<C>> {
        match self {
            Event::Clock(clock) => Some(clock),
            _ => None,
        }
    }

    /// The history row of an event (never the contact).
    fn describe(&self) -> (&'static str, Value) {
        match self {
            Event::Registered => ("registered", json!({})),
            Event::Stepped { command, from, to } => (
                "stepped",
                json!({
                    "command": platform::workflow::command_code(command),
                    "from": from.code(),
                    "to": to.code(),
                }),
            ),
            Event::Clock(clock) => history::describe_clock(clock),
        }
    }
}

/// The events of one step: the step, then the clocks it stopped and started.
pub fn stepped<K, S, C>(
    command: K,
    (from, to): (S, S),
    clocks: Vec<ClockEvent<C>>,
) -> Vec<Event<K, S, C>> {
    let mut events = vec![Event::Stepped { command, from, to }];
    events.extend(clocks.into_iter().map(Event::Clock));
    events
}

/// The most characters of a text (a complaint, a finding, a result).
pub const MAX_TEXT: usize = 1_000;
/// The most characters of a contact (and of a name).
pub const MAX_CONTACT: usize = 50;

/// Notes a problem when `text` (trimmed) is not `least` to [`MAX_TEXT`] characters.
pub fn text_between(text: &str, least: usize, what: &str, problems: &mut Vec<String>) {
    let count = text.trim().chars().count();
    if count < least || count > MAX_TEXT {
        problems.push(format!("{what}应为 {least} 至 {MAX_TEXT} 字"));
    }
}

/// Every problem at once, or nothing.
pub fn refuse(problems: Vec<String>) -> Result<(), HallError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}
