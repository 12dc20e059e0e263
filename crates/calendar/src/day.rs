//! What the calendar says about a day (`DayKind`, `DayInfo`), local closed days, and `Due`.

use chrono::NaiveDate;

use crate::instant::Instant;

/// Why a date is or is not a working day (CAL-WD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Monday–Friday, no holiday.
    Workday,
    /// Saturday or Sunday, no make-up work.
    Weekend,
    /// A statutory holiday, or a local closed day (its name is then the reason).
    Holiday,
    /// A make-up working day (调休上班), usually on a weekend.
    Makeup,
}

impl DayKind {
    /// True for [`DayKind::Workday`] and [`DayKind::Makeup`].
    pub const fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::Makeup)
    }

    /// The code used by the CLI and the DB: `workday`, `weekend`, `holiday`, `makeup`.
    pub const fn code(self) -> &'static str {
        match self {
            DayKind::Workday => "workday",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::Makeup => "makeup",
        }
    }

    /// The Chinese label: 工作日, 周末, 节假日, 调休上班.
    pub const fn label_zh(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "节假日",
            DayKind::Makeup => "调休上班",
        }
    }
}

/// What the calendar says about one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    /// Working day or not, and why.
    pub kind: DayKind,
    /// The festival (`春节`) or the local closure's reason.
    pub name: Option<String>,
    /// The date lies outside the years the calendar has schedules for: only weekends (and
    /// local closed days) count as non-working, and the answer must be shown as provisional.
    pub provisional: bool,
}

/// A day a jurisdiction's hall is closed by order: non-working on top of the national calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalClosedDay {
    /// The date.
    pub date: NaiveDate,
    /// Why, e.g. `台风停止办公`.
    pub reason: String,
}

/// A computed due instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Due {
    /// The due instant; the limit is met by anything at or before it.
    pub at: Instant,
    /// Part of the computation used a day outside the known years (weekends-only rule).
    pub provisional: bool,
}
