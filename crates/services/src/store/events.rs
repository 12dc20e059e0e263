//! `svc_case_events`: the case history, one row per domain event, with a JSON detail that
//! carries codes, units and instants only, never the applicant's identity.

use platform::Result;
use platform::db::{Db, Tx};
use serde_json::{Value, json};
use sqlx::Row as _;

use crate::CaseId;
use crate::case::{ClockKind, CommandKind, Event, Recipient};

/// The stable code of a command kind (`RequestSupplement` → `request_supplement`).
pub fn command_code(kind: CommandKind) -> String {
    let mut code = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.push(c.to_ascii_lowercase());
        } else {
            code.push(c);
        }
    }
    code
}

/// The stable code of a clock kind (`Stage(1)` → `stage_1`).
pub fn clock_code(kind: ClockKind) -> String {
    match kind {
        ClockKind::PreReview => "prereview".into(),
        ClockKind::Acceptance => "acceptance".into(),
        ClockKind::Promise => "promise".into(),
        ClockKind::Stage(index) => format!("stage_{index}"),
        ClockKind::Special => "special".into(),
        ClockKind::Parallel => "parallel".into(),
    }
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
    let unit = |unit: &Option<crate::UnitId>| unit.map(|u| u.0);
    match event {
        Event::Submitted { item, channel } => (
            "submitted",
            json!({"item": item.0, "channel": format!("{channel:?}")}),
        ),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({"from": from.code(), "to": to.code(), "command": command_code(*command)}),
        ),
        Event::ClockStarted {
            kind,
            rule,
            unit: u,
            start,
            limit,
            due,
        } => (
            "clock_started",
            json!({"clock": clock_code(*kind), "rule": rule, "unit": unit(u),
                   "start": start.millis(), "limit": limit.to_string(), "due": due.millis()}),
        ),
        Event::ClockStopped {
            kind,
            rule,
            unit: u,
            at,
            met,
        } => (
            "clock_stopped",
            json!({"clock": clock_code(*kind), "rule": rule, "unit": unit(u), "at": at.millis(), "met": met}),
        ),
        Event::ClockPaused {
            kind,
            rule,
            unit: u,
            at,
            reason,
        } => (
            "clock_paused",
            json!({"clock": clock_code(*kind), "rule": rule, "unit": unit(u), "at": at.millis(), "reason": reason}),
        ),
        Event::ClockResumed {
            kind,
            rule,
            unit: u,
            at,
            due,
        } => (
            "clock_resumed",
            json!({"clock": clock_code(*kind), "rule": rule, "unit": unit(u), "at": at.millis(), "due": due.millis()}),
        ),
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

/// Writes one history row per event. `from`/`to` are the transition of this command.
#[allow(clippy::too_many_arguments)]
pub async fn insert_all(
    tx: &mut Tx,
    case: CaseId,
    events: &[Event],
    command: &str,
    from: Option<&str>,
    to: &str,
    actor_user_id: Option<i64>,
    at: i64,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    // One statement for every row, in event order (ids ascend with it): a command's events
    // are a handful, and each statement is a round trip inside the write transaction.
    let placeholders: Vec<String> = (0..events.len())
        .map(|index| {
            let first = index * 8;
            let numbers: Vec<String> = (1..=8).map(|n| format!("${}", first + n)).collect();
            format!("({})", numbers.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO svc_case_events (case_id, at, kind, command, from_status, to_status, \
         actor_user_id, detail) VALUES {}",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for event in events {
        let (kind, detail) = describe(event);
        query = query
            .bind(case.0)
            .bind(at)
            .bind(kind)
            .bind(command.to_owned())
            .bind(from.map(str::to_owned))
            .bind(to.to_owned())
            .bind(actor_user_id)
            .bind(detail.to_string());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// One history row.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub at: i64,
    pub kind: String,
    pub command: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// JSON text.
    pub detail: String,
}

/// The history of a case, oldest first.
pub async fn history(db: &Db, case: CaseId) -> Result<Vec<HistoryRow>> {
    let rows = sqlx::query(
        "SELECT at, kind, command, from_status, to_status, detail FROM svc_case_events \
         WHERE case_id = $1 ORDER BY id",
    )
    .bind(case.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryRow {
                at: row.try_get("at")?,
                kind: row.try_get("kind")?,
                command: row.try_get("command")?,
                from_status: row.try_get("from_status")?,
                to_status: row.try_get("to_status")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect()
}
