//! `svc_case_events`: the case history, one row per domain event (the kernel's
//! `platform::workflow::history`), with a JSON detail that carries codes, units and instants
//! only, never the applicant's identity. Clock events are described by the kernel; the case's
//! own events here.

use platform::Result;
use platform::db::Db;
use platform::workflow::{HistoryRow, history};
use serde_json::{Value, json};

use crate::CaseId;
use crate::case::{ClockKind, CommandKind, Event, Recipient};

/// The stable code of a command kind (`RequestSupplement` → `request_supplement`).
pub fn command_code(kind: CommandKind) -> String {
    platform::workflow::command_code(&kind)
}

/// The words and counting word of the case's own effect rows, for the folded history.
pub fn effect_words(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "overdue" => ("超期办件（电子监察）", "次"),
        "licence_issued" => ("发放电子证照", "份"),
        "rating_invited" => ("邀请评价", "次"),
        _ => return None,
    })
}

fn recipient(to: &Recipient) -> Value {
    match to {
        Recipient::Applicant => json!("applicant"),
        Recipient::Department(unit) => json!({"department": unit.0}),
        Recipient::Window(unit) => json!({"window": unit.0}),
        Recipient::Supervision => json!("supervision"),
    }
}

/// The kind code and the detail of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Submitted { item, channel } => (
            "submitted",
            json!({"item": item.0, "channel": format!("{channel:?}")}),
        ),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({"from": from.code(), "to": to.code(), "command": command_code(*command)}),
        ),
        Event::Clock(clock) => history::describe_clock(clock),
        Event::Notify { to, rule, text } => (
            "notify",
            json!({"to": recipient(to), "rule": rule, "text": text}),
        ),
        Event::Overdue {
            rule,
            department,
            due,
        } => (
            "overdue",
            json!({"rule": rule, "department": department.0, "due": due.millis()}),
        ),
        Event::LicenceIssued {
            rule,
            licence_type,
            issuer,
            at,
            ..
        } => (
            "licence_issued",
            json!({"rule": rule, "licence_type": licence_type, "issuer": issuer.0, "at": at.millis()}),
        ),
        Event::RatingInvited { rule, unit, .. } => {
            ("rating_invited", json!({"rule": rule, "unit": unit.0}))
        }
    }
}

platform::recorded!(Event, ClockKind, describe);

/// The history of a case, oldest first.
pub async fn history(db: &Db, case: CaseId) -> Result<Vec<HistoryRow>> {
    history::rows(db, &crate::SUBJECT, case.0).await
}
