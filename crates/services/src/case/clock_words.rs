//! What each clock of a case measures, in words (issue 14 item 10: no clock line is listed
//! twice). The clock table stores only the rule (SVC-PROMISE for the promised limit and for
//! every stage alike), so a one-stage item whose stage has the promised limit showed two
//! identical lines, and a restarted acceptance clock (SVC-ACCEPT, one per submission) two
//! 受理时限 lines; each clock is named here by its kind in the case: the stage by its name,
//! the special procedure by its own, the acceptance clock by its submission once there are
//! several. [`match_rows`] pairs the stored rows with the case's clocks as they started. Pure.

use calendar::{Instant, Limit};

use crate::UnitId;
use crate::case::{Case, CaseClock, ClockKind};
use crate::item::Item;

/// The words of every clock of `case`, in the order of `case.clocks`; `item` (the version
/// the case was submitted under) names the stages, without it they are numbered.
pub fn clock_labels(case: &Case, item: Option<&Item>) -> Vec<String> {
    let acceptances = case
        .clocks
        .iter()
        .filter(|entry| entry.kind == ClockKind::Acceptance)
        .count();
    let mut submission = 0;
    case.clocks
        .iter()
        .map(|entry| match entry.kind {
            ClockKind::PreReview => "网上预审时限".to_owned(),
            ClockKind::Acceptance => {
                submission += 1;
                if acceptances > 1 {
                    format!("受理时限（第 {submission} 次提交）")
                } else {
                    "受理时限".to_owned()
                }
            }
            ClockKind::Promise => "承诺办结时限".to_owned(),
            ClockKind::Stage(index) => {
                let name = item
                    .and_then(|item| item.process.stages.get(index as usize))
                    .map(|stage| stage.name.clone());
                match name {
                    Some(name) => format!("环节时限：{name}"),
                    None => format!("环节时限：第 {} 环节", index + 1),
                }
            }
            ClockKind::Special => special_label(case, entry),
            ClockKind::Parallel => "联办意见时限".to_owned(),
            ClockKind::Sign => "部门签收时限".to_owned(),
        })
        .collect()
}

fn special_label(case: &Case, entry: &CaseClock) -> String {
    case.specials
        .iter()
        .find(|special| special.start == entry.clock.start())
        .map_or_else(
            || "特别程序时限".to_owned(),
            |special| format!("特别程序时限：{}", special.procedure.label_zh()),
        )
}

/// One stored clock row as the clock table keeps it: rule, unit, start and limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockRowKey<'a> {
    pub rule_id: &'a str,
    pub unit_id: i64,
    pub start: Instant,
    pub limit: Limit,
}

/// For each stored row (in the order they were inserted), the index in `case.clocks` of the
/// clock it records: the first one not yet taken with the same rule, unit (a clock without
/// one being `department`'s), start and limit — the kernel finds a clock's row the same way.
/// `None` for a row the case does not know.
pub fn match_rows(case: &Case, department: UnitId, rows: &[ClockRowKey<'_>]) -> Vec<Option<usize>> {
    let mut taken = vec![false; case.clocks.len()];
    rows.iter()
        .map(|row| {
            let found = case.clocks.iter().enumerate().position(|(index, entry)| {
                taken.get(index) == Some(&false)
                    && entry.kind.rule() == row.rule_id
                    && entry.unit.unwrap_or(department).0 == row.unit_id
                    && entry.clock.start() == row.start
                    && entry.clock.limit() == row.limit
            });
            if let Some(slot) = found.and_then(|index| taken.get_mut(index)) {
                *slot = true;
            }
            found
        })
        .collect()
}
