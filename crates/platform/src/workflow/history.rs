//! A subject's history: one stored row per event of each command (its kind, the command, the
//! status it moved, the actor and a JSON detail of codes, units and instants, never a
//! person's identity), in the table its [`SubjectKind`] names; and the same history read as
//! the business did it: one line per command, its clock and message effects folded under it.

use serde_json::{Value, json};
use sqlx::Row as _;

use super::command::Recorded;
use super::machine::{ClockChange, ClockEvent, ClockRule};
use super::subjects::SubjectKind;
use crate::db::{Db, Tx};
use crate::error::Result;

/// Where a kind keeps its history: the table and its column holding the subject id. Both
/// are constants of the domain's code, never user input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryTable {
    pub table: &'static str,
    pub subject_column: &'static str,
}

/// One command's step as every one of its rows records it.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub subject_id: i64,
    /// The command's code (`dispatch`, `request_supplement`, `register` …).
    pub command: &'a str,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub actor_user_id: Option<i64>,
    pub at: i64,
}

/// The history row of a clock event.
pub fn describe_clock<K: ClockRule>(event: &ClockEvent<K>) -> (&'static str, Value) {
    let mut detail = json!({
        "clock": event.kind.code(),
        "rule": event.cause(),
        "unit": event.unit.map(|unit| unit.0),
        "start": event.start.millis(),
        "limit": event.limit.to_string(),
    });
    let extra = match &event.change {
        ClockChange::Started { due } => json!({"due": due.millis()}),
        ClockChange::Stopped { at, met } => json!({"at": at.millis(), "met": met}),
        ClockChange::Paused { at, reason, .. } => json!({"at": at.millis(), "reason": reason}),
        ClockChange::Resumed { at, due, .. } => json!({"at": at.millis(), "due": due.millis()}),
        ClockChange::Extended {
            amount,
            due,
            reason,
            ..
        } => json!({"amount": amount.to_string(), "due": due.millis(), "reason": reason}),
    };
    if let (Some(detail), Value::Object(extra)) = (detail.as_object_mut(), extra) {
        detail.extend(extra);
    }
    (event.code(), detail)
}

/// Writes one history row per event of `step`, in event order (ids ascend with it), with one
/// statement: a command's events are a handful, and each statement is a round trip inside
/// the write transaction.
pub async fn insert<E: Recorded>(
    tx: &mut Tx,
    kind: &SubjectKind,
    step: &Step<'_>,
    events: &[E],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let HistoryTable {
        table,
        subject_column,
    } = kind.history;
    let placeholders: Vec<String> = (0..events.len())
        .map(|index| {
            let first = index * 8;
            let numbers: Vec<String> = (1..=8).map(|n| format!("${}", first + n)).collect();
            format!("({})", numbers.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({subject_column}, at, kind, command, from_status, to_status, \
         actor_user_id, detail) VALUES {}",
        placeholders.join(", ")
    );
    // Table and column are the kind's constants (`HistoryTable`), the values bound.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for event in events {
        let (code, detail) = match event.clock() {
            Some(clock) => describe_clock(clock),
            None => event.describe(),
        };
        query = query
            .bind(step.subject_id)
            .bind(step.at)
            .bind(code)
            .bind(step.command.to_owned())
            .bind(step.from.map(str::to_owned))
            .bind(step.to.to_owned())
            .bind(step.actor_user_id)
            .bind(detail.to_string());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// One stored history row.
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

/// The stored history of one subject, oldest first.
pub async fn rows(db: &Db, kind: &SubjectKind, subject_id: i64) -> Result<Vec<HistoryRow>> {
    let HistoryTable {
        table,
        subject_column,
    } = kind.history;
    let sql = format!(
        "SELECT id, at, kind, command, from_status, to_status, actor_user_id, detail \
         FROM {table} WHERE {subject_column} = $1 ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_id)
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

/// One command of a subject's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub at: i64,
    /// Who acted; `None` for the platform's own jobs.
    pub actor_user_id: Option<i64>,
    /// 派单, 签收, 受理 … in words.
    pub command: &'static str,
    /// The status codes before and after, when it moved.
    pub change: Option<(String, String)>,
    /// The folded effects in words: 开始计时 2 项, 通知 1 条 …
    pub effects: Vec<String>,
}

/// An effect's words, its counting word and how many of it a command caused.
type EffectCount = (&'static str, &'static str, usize);

/// The words of the kernel's effect kinds and their counting word.
fn kernel_effect_words(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "clock_started" => ("开始计时", "项"),
        "clock_stopped" => ("停止计时", "项"),
        "clock_paused" => ("暂停计时", "项"),
        "clock_resumed" => ("恢复计时", "项"),
        "clock_extended" => ("延长时限", "项"),
        "notify" => ("通知", "条"),
        _ => return None,
    })
}

/// Folds the stored rows (oldest first) into one line per command, naming commands and the
/// domain's own effects by the kind's words. A `transitioned` row, or a row of another
/// instant or command, opens a line.
pub fn fold(kind: &SubjectKind, rows: &[HistoryRow]) -> Vec<HistoryLine> {
    let mut lines: Vec<(HistoryLine, Vec<EffectCount>)> = Vec::new();
    for row in rows {
        let command = (kind.command_label)(&row.command);
        let starts_line = row.kind == "transitioned"
            || lines
                .last()
                .is_none_or(|(line, _)| line.at != row.at || line.command != command);
        if starts_line {
            let change = match (&row.from_status, &row.to_status) {
                (Some(from), Some(to)) if from != to => Some((from.clone(), to.clone())),
                _ => None,
            };
            let line = HistoryLine {
                at: row.at,
                actor_user_id: row.actor_user_id,
                command,
                change,
                effects: Vec::new(),
            };
            lines.push((line, Vec::new()));
        }
        let words = kernel_effect_words(&row.kind).or_else(|| (kind.effect_words)(&row.kind));
        let (Some((words, unit)), Some((_, counts))) = (words, lines.last_mut()) else {
            continue;
        };
        match counts.iter_mut().find(|(w, _, _)| *w == words) {
            Some((_, _, n)) => *n += 1,
            None => counts.push((words, unit, 1)),
        }
    }
    lines
        .into_iter()
        .map(|(mut line, counts)| {
            line.effects = counts
                .into_iter()
                .map(|(words, unit, n)| format!("{words} {n} {unit}"))
                .collect();
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: SubjectKind = SubjectKind {
        command_label: |code| match code {
            "register" => "登记",
            "dispatch" => "派单",
            "sign" => "签收",
            _ => "其他",
        },
        effect_words: |kind| (kind == "rated").then_some(("评价", "次")),
        ..super::super::subjects::tests::ORDER
    };

    fn row(
        id: i64,
        at: i64,
        kind: &str,
        command: &str,
        change: Option<(&str, &str)>,
    ) -> HistoryRow {
        HistoryRow {
            id,
            at,
            kind: kind.into(),
            command: command.into(),
            from_status: change.map(|(from, _)| from.into()),
            to_status: change.map(|(_, to)| to.into()),
            actor_user_id: Some(7),
            detail: "{}".into(),
        }
    }

    /// A dispatch and its three clocks and message read as one line; the signature after it
    /// as another; a domain's own effect is named by the kind's words.
    #[test]
    fn each_command_is_one_line_with_its_effects_folded() {
        let rows = [
            row(1, 10, "registered", "register", None),
            row(
                2,
                20,
                "transitioned",
                "dispatch",
                Some(("registered", "dispatched")),
            ),
            row(3, 20, "clock_started", "dispatch", None),
            row(4, 20, "clock_started", "dispatch", None),
            row(5, 20, "notify", "dispatch", None),
            row(6, 20, "clock_started", "dispatch", None),
            row(
                7,
                30,
                "transitioned",
                "sign",
                Some(("dispatched", "handling")),
            ),
            row(8, 30, "clock_stopped", "sign", None),
            row(9, 30, "rated", "sign", None),
        ];
        let lines = fold(&KIND, &rows);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].command, "登记");
        assert_eq!(lines[1].command, "派单");
        assert_eq!(lines[1].effects, vec!["开始计时 3 项", "通知 1 条"]);
        assert_eq!(
            lines[1].change,
            Some(("registered".to_owned(), "dispatched".to_owned()))
        );
        assert_eq!(lines[2].command, "签收");
        assert_eq!(lines[2].effects, vec!["停止计时 1 项", "评价 1 次"]);
    }
}
