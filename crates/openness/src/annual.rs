//! Table 三 of the openness annual report (PUB-ANNUAL; reports.md §1, format of
//! 国办公开办函〔2021〕30号): 收到和处理政府信息公开申请情况, every cell computed from the
//! year's application records — never typed — with the table's own check
//! 第一项加第二项之和，等于第三项加第四项之和 in every column.
//!
//! A record counts in row 一 when received in the year; in row 二 when received before the
//! year and not decided before it (so this year's 二 is last year's 四); in row 三 under its
//! outcome when decided in the year; in row 四 when not decided by the year's end.

pub mod four;
pub mod publication;
pub mod two;

use chrono::{Datelike, NaiveDate};

use crate::application::{ApplicantKind, Application, Outcome};

/// One application as table 三 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnualRecord {
    pub received_on: NaiveDate,
    pub applicant: ApplicantKind,
    /// The outcome and the day it was decided (答复 or withdrawal), if decided.
    pub decided: Option<(Outcome, NaiveDate)>,
}

impl AnnualRecord {
    /// The record of a stored application.
    pub fn of(application: &Application) -> AnnualRecord {
        AnnualRecord {
            received_on: application.received_at.local_date(),
            applicant: application.filing.applicant.kind,
            decided: application
                .outcome()
                .zip(application.decided_at())
                .map(|(outcome, at)| (outcome, at.local_date())),
        }
    }

    /// Carried over into `year` from the year before (row 二).
    pub fn carried_into(&self, year: i32) -> bool {
        self.received_on.year() < year && self.decided.is_none_or(|(_, on)| on.year() >= year)
    }

    /// Still open at the end of `year` (row 四), having been received by then.
    pub fn carried_out_of(&self, year: i32) -> bool {
        self.received_on.year() <= year && self.decided.is_none_or(|(_, on)| on.year() > year)
    }
}

/// A row of table 三, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Row {
    /// 一、本年新收政府信息公开申请数量.
    NewThisYear,
    /// 二、上年结转政府信息公开申请数量.
    CarriedFromLastYear,
    /// 三、本年度办理结果, one row per outcome.
    Outcome(Outcome),
    /// （七）总计.
    ResultsTotal,
    /// 四、结转下年度继续办理.
    CarriedToNextYear,
}

impl Row {
    /// Every row, in the table's order (25).
    pub fn all() -> Vec<Row> {
        let mut rows = vec![Row::NewThisYear, Row::CarriedFromLastYear];
        rows.extend(Outcome::ALL.into_iter().map(Row::Outcome));
        rows.push(Row::ResultsTotal);
        rows.push(Row::CarriedToNextYear);
        rows
    }

    /// The label as printed, verbatim from reports.md §1; an outcome row gives its group and
    /// reason ([`Outcome::label_zh`]) under the heading 三、本年度办理结果.
    pub fn label_zh(self) -> String {
        match self {
            Row::NewThisYear => "一、本年新收政府信息公开申请数量".to_owned(),
            Row::CarriedFromLastYear => "二、上年结转政府信息公开申请数量".to_owned(),
            Row::Outcome(outcome) => outcome.label_zh(),
            Row::ResultsTotal => "（七）总计".to_owned(),
            Row::CarriedToNextYear => "四、结转下年度继续办理".to_owned(),
        }
    }
}

/// The column labels: 自然人, the five organisation kinds, 总计.
pub fn column_labels() -> [&'static str; 7] {
    let kinds = ApplicantKind::ALL;
    [
        kinds[0].label_zh(),
        kinds[1].label_zh(),
        kinds[2].label_zh(),
        kinds[3].label_zh(),
        kinds[4].label_zh(),
        kinds[5].label_zh(),
        "总计",
    ]
}

/// The title of table 三.
pub const TITLE: &str = "三、收到和处理政府信息公开申请情况";

/// The header over the seven columns.
pub const APPLICANTS: &str = "申请人情况";

/// The header over the five kinds of organisation.
pub const ORGANISATIONS: &str = "法人或其他组织";

/// The heading of the outcome rows.
pub const RESULTS: &str = "三、本年度办理结果";

/// The header cell's statement of the check.
pub const CHECK_STATEMENT: &str = "第一项加第二项之和，等于第三项加第四项之和";

/// Seven numbers: the six applicant kinds and 总计.
pub type Cells = [u64; 7];

/// Table 三 of one year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableThree {
    pub year: i32,
    pub new_this_year: Cells,
    pub carried_from_last_year: Cells,
    /// One line per outcome, in the order of [`Outcome::ALL`].
    pub results: [Cells; 21],
    pub carried_to_next_year: Cells,
}

fn count(cells: &mut Cells, kind: ApplicantKind) {
    cells[kind.column()] += 1;
    cells[6] += 1;
}

impl TableThree {
    /// PUB-ANNUAL: table 三 of `year` from `records` (any records: those of other years are
    /// placed by their dates).
    pub fn compute(year: i32, records: &[AnnualRecord]) -> TableThree {
        let mut table = TableThree {
            year,
            new_this_year: [0; 7],
            carried_from_last_year: [0; 7],
            results: [[0; 7]; 21],
            carried_to_next_year: [0; 7],
        };
        for record in records {
            let kind = record.applicant;
            let received_this_year = record.received_on.year() == year;
            if received_this_year {
                count(&mut table.new_this_year, kind);
            }
            if record.carried_into(year) {
                count(&mut table.carried_from_last_year, kind);
            }
            if received_this_year || record.carried_into(year) {
                match record.decided {
                    Some((outcome, on)) if on.year() == year => {
                        count(&mut table.results[outcome.row()], kind);
                    }
                    _ => {}
                }
            }
            if record.carried_out_of(year) {
                count(&mut table.carried_to_next_year, kind);
            }
        }
        table
    }

    /// （七）总计: the sum of the outcome rows.
    pub fn results_total(&self) -> Cells {
        let mut total = [0; 7];
        for line in &self.results {
            for (sum, cell) in total.iter_mut().zip(line) {
                *sum += cell;
            }
        }
        total
    }

    /// The cells of `row`.
    pub fn cells(&self, row: Row) -> Cells {
        match row {
            Row::NewThisYear => self.new_this_year,
            Row::CarriedFromLastYear => self.carried_from_last_year,
            Row::Outcome(outcome) => self.results[outcome.row()],
            Row::ResultsTotal => self.results_total(),
            Row::CarriedToNextYear => self.carried_to_next_year,
        }
    }

    /// Every row with its label and cells, in the table's order.
    pub fn lines(&self) -> Vec<(Row, String, Cells)> {
        Row::all()
            .into_iter()
            .map(|row| (row, row.label_zh(), self.cells(row)))
            .collect()
    }

    /// PUB-ANNUAL: 一+二 = 三（七）+四 in every column; the columns where it fails, in
    /// Chinese, otherwise `Ok`.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let total = self.results_total();
        let labels = column_labels();
        let failures: Vec<String> = (0..7)
            .filter(|&i| {
                self.new_this_year[i] + self.carried_from_last_year[i]
                    != total[i] + self.carried_to_next_year[i]
            })
            .map(|i| {
                format!(
                    "“{}”列：一（{}）+二（{}）不等于三（七）（{}）+四（{}）",
                    labels[i],
                    self.new_this_year[i],
                    self.carried_from_last_year[i],
                    total[i],
                    self.carried_to_next_year[i]
                )
            })
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }
}
