//! `hotline_events`: the order's history, one row per domain event (the kernel's
//! `platform::workflow::history`), with a JSON detail that carries codes, units and instants
//! only, never the appellant's identity (HL-PRIVACY). The clock events are described by the
//! kernel; the order's own events here.

use platform::workflow::history;
use serde_json::{Value, json};

use crate::order::{ClockKind, CommandKind, Event, Recipient};

/// The stable code of a command kind (`Dispatch` → `dispatch`).
pub fn command_code(kind: CommandKind) -> String {
    platform::workflow::command_code(&kind)
}

fn recipient(to: &Recipient) -> Value {
    match to {
        Recipient::UnitHandlers(unit) => json!({"unit_handlers": unit.0}),
        Recipient::UnitLeader(unit) => json!({"unit_leader": unit.0}),
        Recipient::Hotline => json!("hotline"),
        Recipient::Supervisors => json!("supervisors"),
        Recipient::Appellant => json!("appellant"),
        Recipient::UrgeReportUnit => json!("urge_report_unit"),
    }
}

/// The kind code and the detail of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Registered {
            channel,
            category,
            origin,
        } => (
            "registered",
            json!({"channel": channel.code(), "category": category.code(), "origin": format!("{origin:?}")}),
        ),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({"from": from.code(), "to": to.code(), "command": command_code(*command)}),
        ),
        Event::Clock(clock) => history::describe_clock(clock),
        Event::Notify { to, rule, message } => (
            "notify",
            json!({"to": recipient(to), "rule": rule, "message": message}),
        ),
        Event::AccountabilityCandidate {
            unit: u,
            kind,
            rule,
            note,
        } => (
            "accountability_candidate",
            json!({"unit": u.0, "kind": format!("{kind:?}"), "rule": rule, "note": note}),
        ),
        Event::KbEntryUsed { entry } => (
            "kb_entry_used",
            json!({"entry": entry.id.0, "version": entry.version}),
        ),
        Event::Rated { rating, bad } => (
            "rated",
            json!({"rating": format!("{rating:?}"), "bad": bad}),
        ),
        Event::Archived { items } => (
            "archived",
            json!({"items": items.iter().map(|item| format!("{item:?}")).collect::<Vec<_>>()}),
        ),
    }
}

platform::recorded!(Event, ClockKind, describe);
