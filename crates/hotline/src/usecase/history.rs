//! An order's history as the business did it: one line per command — when, by whom, what,
//! the status it moved — with the clock and notification effects it caused folded under it
//! (the kernel's `platform::workflow::history::fold` with the order's words).

pub use platform::workflow::HistoryLine;
use platform::workflow::HistoryRow;

/// The words and counting word of the order's own effect rows.
pub(crate) fn effect_words(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "accountability_candidate" => ("问责线索", "条"),
        "rated" => ("评价", "次"),
        "archived" => ("归档", "次"),
        "kb_entry_used" => ("使用知识条目", "次"),
        _ => return None,
    })
}

/// Folds the stored rows (oldest first) into one line per command.
pub fn fold(rows: &[HistoryRow]) -> Vec<HistoryLine> {
    platform::workflow::history::fold(&crate::SUBJECT, rows)
}
