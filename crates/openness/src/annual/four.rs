//! Table 四 of the openness annual report (PUB-ANNUAL; format of 国办公开办函〔2021〕30号):
//! 政府信息公开行政复议、行政诉讼情况, one row of 15 numbers computed from the register of
//! reviews and suits about the unit's disclosure (migration 0071).
//!
//! A case counts in the year under its result (结果维持/结果纠正/其他结果) when concluded in
//! the year, and under 尚未审结 when filed by the year's end and not concluded by then; 总计
//! is the sum of the four. A case concluded in an earlier year is not in the table.

use chrono::{Datelike, NaiveDate};

/// The title of table 四.
pub const TITLE: &str = "四、政府信息公开行政复议、行政诉讼情况";

/// The five columns of each group, as printed.
pub const COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The header over the suits' two groups.
pub const LITIGATION: &str = "行政诉讼";

/// The kind of case: one group of five columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseKind {
    /// 行政复议.
    Review,
    /// 行政诉讼 — 未经复议直接起诉.
    DirectSuit,
    /// 行政诉讼 — 复议后起诉.
    SuitAfterReview,
}

impl CaseKind {
    pub const ALL: [CaseKind; 3] = [
        CaseKind::Review,
        CaseKind::DirectSuit,
        CaseKind::SuitAfterReview,
    ];

    /// The group's label as printed.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CaseKind::Review => "行政复议",
            CaseKind::DirectSuit => "未经复议直接起诉",
            CaseKind::SuitAfterReview => "复议后起诉",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            CaseKind::Review => "review",
            CaseKind::DirectSuit => "direct_suit",
            CaseKind::SuitAfterReview => "suit_after_review",
        }
    }

    pub fn of_code(code: &str) -> Option<CaseKind> {
        CaseKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseResult {
    /// 结果维持.
    Upheld,
    /// 结果纠正.
    Corrected,
    /// 其他结果.
    Other,
}

impl CaseResult {
    pub const ALL: [CaseResult; 3] = [CaseResult::Upheld, CaseResult::Corrected, CaseResult::Other];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CaseResult::Upheld => "结果维持",
            CaseResult::Corrected => "结果纠正",
            CaseResult::Other => "其他结果",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            CaseResult::Upheld => "upheld",
            CaseResult::Corrected => "corrected",
            CaseResult::Other => "other",
        }
    }

    pub fn of_code(code: &str) -> Option<CaseResult> {
        CaseResult::ALL.into_iter().find(|r| r.code() == code)
    }

    const fn column(self) -> usize {
        match self {
            CaseResult::Upheld => 0,
            CaseResult::Corrected => 1,
            CaseResult::Other => 2,
        }
    }
}

/// One case as table 四 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRecord {
    pub kind: CaseKind,
    pub filed_on: NaiveDate,
    pub concluded: Option<(CaseResult, NaiveDate)>,
}

/// Table 四 of one year: per kind, the five cells.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableFour {
    pub year: i32,
    /// In the order of [`CaseKind::ALL`].
    pub groups: [[u64; 5]; 3],
}

impl TableFour {
    /// PUB-ANNUAL: table 四 of `year` from the register's cases.
    pub fn compute(year: i32, cases: &[CaseRecord]) -> TableFour {
        let mut groups = [[0u64; 5]; 3];
        for case in cases {
            let place = CaseKind::ALL
                .iter()
                .position(|k| *k == case.kind)
                .unwrap_or(0);
            let cells = &mut groups[place];
            match case.concluded {
                Some((result, on)) if on.year() == year => cells[result.column()] += 1,
                Some((_, on)) if on.year() < year => continue,
                _ if case.filed_on.year() <= year => cells[3] += 1,
                _ => continue,
            }
            cells[4] += 1;
        }
        TableFour { year, groups }
    }

    /// The cells of `kind`.
    pub fn cells(&self, kind: CaseKind) -> [u64; 5] {
        let place = CaseKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.groups[place]
    }

    /// The row of 15 numbers, in the printed order.
    pub fn row(&self) -> Vec<u64> {
        self.groups.iter().flatten().copied().collect()
    }
}
