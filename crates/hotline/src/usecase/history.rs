//! An order's history as the business did it: one line per command — when, by whom, what,
//! the status it moved — with the clock and notification effects it caused folded under it,
//! instead of one row per stored event.

use crate::order::CommandKind;
use crate::store::events::HistoryRow;

/// One command of the order's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub at: i64,
    /// Who acted; `None` for the platform's own jobs.
    pub actor_user_id: Option<i64>,
    /// 派单, 签收 … (登记 for the registration).
    pub command: &'static str,
    /// The status codes before and after, when it moved.
    pub change: Option<(String, String)>,
    /// The folded effects in words: 开始计时 2 项, 通知 1 条 …
    pub effects: Vec<String>,
}

/// An effect's words, its counting word and how many of it a command caused.
type EffectCount = (&'static str, &'static str, usize);

/// The words of a stored effect kind, and its counting word.
fn effect_words(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "clock_started" => ("开始计时", "项"),
        "clock_stopped" => ("停止计时", "项"),
        "clock_paused" => ("暂停计时", "项"),
        "clock_resumed" => ("恢复计时", "项"),
        "clock_extended" => ("延长时限", "项"),
        "notify" => ("通知", "条"),
        "accountability_candidate" => ("问责线索", "条"),
        "rated" => ("评价", "次"),
        "archived" => ("归档", "次"),
        "kb_entry_used" => ("使用知识条目", "次"),
        _ => return None,
    })
}

/// Folds the stored rows (oldest first) into one line per command.
pub fn fold(rows: &[HistoryRow]) -> Vec<HistoryLine> {
    let mut lines: Vec<(HistoryLine, Vec<EffectCount>)> = Vec::new();
    for row in rows {
        let starts_line = matches!(row.kind.as_str(), "registered" | "transitioned")
            || lines.last().is_none_or(|(line, _)| {
                line.at != row.at || line.command != CommandKind::label_of_code(&row.command)
            });
        if starts_line {
            let change = match (&row.from_status, &row.to_status) {
                (Some(from), Some(to)) if from != to => Some((from.clone(), to.clone())),
                _ => None,
            };
            let line = HistoryLine {
                at: row.at,
                actor_user_id: row.actor_user_id,
                command: CommandKind::label_of_code(&row.command),
                change,
                effects: Vec::new(),
            };
            lines.push((line, Vec::new()));
        }
        let Some((words, unit)) = effect_words(&row.kind) else {
            continue;
        };
        if let Some((_, counts)) = lines.last_mut() {
            match counts.iter_mut().find(|(w, _, _)| *w == words) {
                Some((_, _, n)) => *n += 1,
                None => counts.push((words, unit, 1)),
            }
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
    /// as another.
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
        ];
        let lines = fold(&rows);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].command, "派单");
        assert_eq!(lines[1].effects, vec!["开始计时 3 项", "通知 1 条"]);
        assert_eq!(
            lines[1].change,
            Some(("registered".to_owned(), "dispatched".to_owned()))
        );
        assert_eq!(lines[2].command, "签收");
        assert_eq!(lines[2].effects, vec!["停止计时 1 项"]);
    }
}
