//! Events a submission command emits, and their history rows on the workflow kernel
//! ([`platform::workflow::Recorded`]): the kernel stores each as a history row, applies the
//! handling clock's changes to the shared clock table, and hands the notifications to the
//! domain's effects.

use platform::workflow::ClockEvent;
use platform::workflow::history;
use serde_json::{Value, json};

use crate::submission::{ClockKind, CommandKind, Status};
use crate::{ArticleId, ColumnId, UnitId, UserId};

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The leaders of the submitting unit.
    Leaders(UnitId),
    /// The A/B editors of the proposed column.
    ColumnEditors(ColumnId),
    /// The writer.
    User(UserId),
}

/// Something that happened; `rule` fields name the rule ID behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new submission (first event of [`crate::submission::create`]).
    Created { column: ColumnId, unit: UnitId },
    /// The status moved (first event of every [`crate::submission::apply`]).
    Transitioned {
        from: Status,
        to: Status,
        command: CommandKind,
    },
    /// WEB-SUBMIT: approved by a leader of the unit (as its principal for a major item).
    Approved { as_principal: bool },
    /// WEB-SUBMIT: adopted as a draft article.
    Adopted {
        article: ArticleId,
        column: ColumnId,
    },
    /// WEB-SUBMIT: returned to the unit by the editors.
    Returned,
    /// The handling clock's change.
    Clock(ClockEvent<ClockKind>),
    /// A notification to send.
    Notify {
        to: Recipient,
        rule: &'static str,
        text: String,
    },
}

fn recipient(to: &Recipient) -> Value {
    match to {
        Recipient::Leaders(unit) => json!({"leaders": unit.0}),
        Recipient::ColumnEditors(column) => json!({"column_editors": column.0}),
        Recipient::User(user) => json!({"user": user.0}),
    }
}

/// The history row of an event: its kind code and JSON detail (codes, units and instants;
/// never the author's mobile).
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Created { column, unit } => ("created", json!({"column": column.0, "unit": unit.0})),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({
                "from": from.code(),
                "to": to.code(),
                "command": platform::workflow::command_code(command),
            }),
        ),
        Event::Approved { as_principal } => ("approved", json!({"as_principal": as_principal})),
        Event::Adopted { article, column } => {
            ("adopted", json!({"article": article.0, "column": column.0}))
        }
        Event::Returned => ("returned", json!({})),
        Event::Clock(clock) => history::describe_clock(clock),
        Event::Notify { to, rule, text } => (
            "notify",
            json!({"to": recipient(to), "rule": rule, "text": text}),
        ),
    }
}

platform::recorded!(Event, ClockKind, describe);
