//! Events a site command emits, and their history rows on the workflow kernel
//! ([`platform::workflow::Recorded`]): the kernel stores each as a history row, applies the
//! clock changes to the shared clock table, and hands the rest to the domain's effects.

use platform::workflow::ClockEvent;
use platform::workflow::history;
use serde_json::{Value, json};

use crate::UnitId;
use crate::registry::{
    ApplicationKind, ClockKind, CommandKind, RegistrationField, SiteKind, Status,
};

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The leaders of the site's host unit (主办单位).
    HostUnit(UnitId),
    /// The leaders of the supervising unit (主管单位), who decide applications.
    SupervisingUnit(UnitId),
}

/// Something that happened; `rule` fields name the rule ID behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new site (first event of [`crate::registry::register`]).
    Registered { kind: SiteKind },
    /// The status moved (first event of every [`crate::registry::apply`]).
    Transitioned {
        from: Status,
        to: Status,
        command: CommandKind,
    },
    /// WEB-REGISTRY: the registration data changed in these fields.
    RegistrationChanged { fields: Vec<RegistrationField> },
    /// An application was filed.
    ApplicationFiled { kind: ApplicationKind },
    /// The pending application was decided.
    ApplicationDecided {
        kind: ApplicationKind,
        approved: bool,
    },
    /// A clock change (the temporary offline's 30 days).
    Clock(ClockEvent<ClockKind>),
    /// A notification to send.
    Notify {
        to: Recipient,
        rule: &'static str,
        text: String,
    },
}

fn application_code(kind: ApplicationKind) -> Value {
    match kind {
        ApplicationKind::Open => json!({"kind": "open"}),
        ApplicationKind::TemporaryOffline { days } => {
            json!({"kind": "temporary_offline", "days": days})
        }
        ApplicationKind::PermanentClose => json!({"kind": "permanent_close"}),
    }
}

fn recipient(to: &Recipient) -> Value {
    match to {
        Recipient::HostUnit(unit) => json!({"host_unit": unit.0}),
        Recipient::SupervisingUnit(unit) => json!({"supervising_unit": unit.0}),
    }
}

/// The history row of an event: its kind code and JSON detail (codes, units and instants).
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Registered { kind } => ("registered", json!({"kind": kind.code()})),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({
                "from": from.code(),
                "to": to.code(),
                "command": platform::workflow::command_code(command),
            }),
        ),
        Event::RegistrationChanged { fields } => (
            "registration_changed",
            json!({"fields": fields.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>()}),
        ),
        Event::ApplicationFiled { kind } => ("application_filed", application_code(*kind)),
        Event::ApplicationDecided { kind, approved } => (
            "application_decided",
            json!({"application": application_code(*kind), "approved": approved}),
        ),
        Event::Clock(clock) => history::describe_clock(clock),
        Event::Notify { to, rule, text } => (
            "notify",
            json!({"to": recipient(to), "rule": rule, "text": text}),
        ),
    }
}

platform::recorded!(Event, ClockKind, describe);
