//! `hotline_events`: the order's history, one row per domain event, with a JSON detail that
//! carries codes, units and instants only, never the appellant's identity (HL-PRIVACY).

use platform::Result;
use platform::db::{Db, Tx};
use serde_json::{Value, json};
use sqlx::Row as _;

use crate::AppealId;
use crate::order::{CommandKind, Event, Recipient};

/// The stable code of a command kind (`Dispatch` → `dispatch`).
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
    let unit = |unit: &Option<crate::UnitId>| unit.map(|u| u.0);
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
        Event::ClockStarted {
            kind,
            rule,
            unit: u,
            start,
            limit,
            due,
        } => (
            "clock_started",
            json!({"clock": kind.code(), "rule": rule, "unit": unit(u), "start": start.millis(),
                   "limit": limit.to_string(), "due": due.millis()}),
        ),
        Event::ClockStopped {
            kind,
            rule,
            unit: u,
            at,
            met,
        } => (
            "clock_stopped",
            json!({"clock": kind.code(), "rule": rule, "unit": unit(u), "at": at.millis(), "met": met}),
        ),
        Event::ClockPaused {
            kind,
            rule,
            unit: u,
            at,
            reason,
        } => (
            "clock_paused",
            json!({"clock": kind.code(), "rule": rule, "unit": unit(u), "at": at.millis(), "reason": reason}),
        ),
        Event::ClockResumed {
            kind,
            rule,
            unit: u,
            at,
            due,
        } => (
            "clock_resumed",
            json!({"clock": kind.code(), "rule": rule, "unit": unit(u), "at": at.millis(), "due": due.millis()}),
        ),
        Event::ClockExtended {
            kind,
            rule,
            unit: u,
            amount,
            due,
        } => (
            "clock_extended",
            json!({"clock": kind.code(), "rule": rule, "unit": unit(u), "amount": amount.to_string(), "due": due.millis()}),
        ),
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

/// Writes one history row per event. `from`/`to` are the transition of this command.
#[allow(clippy::too_many_arguments)]
pub async fn insert_all(
    tx: &mut Tx,
    order: AppealId,
    events: &[Event],
    command: &str,
    from: Option<&str>,
    to: &str,
    actor_user_id: Option<i64>,
    at: i64,
) -> Result<()> {
    for event in events {
        let (kind, detail) = describe(event);
        sqlx::query(
            "INSERT INTO hotline_events (order_id, at, kind, command, from_status, to_status, \
             actor_user_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(order.0)
        .bind(at)
        .bind(kind)
        .bind(command)
        .bind(from)
        .bind(to)
        .bind(actor_user_id)
        .bind(detail.to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One history row.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub command: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_user_id: Option<i64>,
    /// JSON text.
    pub detail: String,
}

/// The history of an order, oldest first.
pub async fn history(db: &Db, order: AppealId) -> Result<Vec<HistoryRow>> {
    let rows = sqlx::query(
        "SELECT id, at, kind, command, from_status, to_status, actor_user_id, detail \
         FROM hotline_events WHERE order_id = $1 ORDER BY id",
    )
    .bind(order.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryRow {
                id: row.try_get("id")?,
                at: row.try_get("at")?,
                kind: row.try_get("kind")?,
                command: row.try_get("command")?,
                from_status: row.try_get("from_status")?,
                to_status: row.try_get("to_status")?,
                actor_user_id: row.try_get("actor_user_id")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect()
}
