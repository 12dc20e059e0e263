//! A subject's history as its page shows it, for every kind: one line per command — when,
//! who (name and unit), what, the status it moved — with its clock and message effects
//! folded under it (`platform::workflow::history::fold`).

use platform::Result;
use platform::db::Db;
use platform::workflow::{HistoryRow, SubjectKind};

use crate::chrome::minute_of;

/// One command of a subject's history.
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: &'static str,
    pub change: String,
    pub effects: String,
}

/// The lines of `rows` (oldest first) of a subject of `kind`; `status_label` names a status
/// code.
pub async fn lines(
    db: &Db,
    kind: &SubjectKind,
    rows: &[HistoryRow],
    status_label: fn(&str) -> &'static str,
) -> Result<Vec<HistoryLine>> {
    let mut actors = std::collections::BTreeMap::new();
    for user_id in rows.iter().filter_map(|row| row.actor_user_id) {
        if let std::collections::btree_map::Entry::Vacant(slot) = actors.entry(user_id) {
            let account = platform::users::get(db, user_id).await?;
            slot.insert(format!("{}（{}）", account.display_name, account.unit_name));
        }
    }
    Ok(platform::workflow::history::fold(kind, rows)
        .into_iter()
        .map(|line| HistoryLine {
            at: minute_of(line.at),
            who: line
                .actor_user_id
                .and_then(|id| actors.get(&id).cloned())
                .unwrap_or_else(|| "系统".to_owned()),
            what: line.command,
            change: line
                .change
                .map(|(from, to)| format!("{} → {}", status_label(&from), status_label(&to)))
                .unwrap_or_default(),
            effects: line.effects.join("，"),
        })
        .collect())
}
