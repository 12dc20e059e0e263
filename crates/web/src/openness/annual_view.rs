//! The openness annual report's tables as pages show them (PUB-ANNUAL; format of
//! 国办公开办函〔2021〕30号): tables 二, 三 and 四 laid out with their header rows and spans,
//! every label from `openness::annual`, for the office page, the print view, the workbook and
//! the Word document alike.

use openness::annual::four::{self, CaseKind, TableFour};
use openness::annual::two::{Block, TableTwo};
use openness::annual::{self, Row, TableThree};
use openness::application::Outcome;

/// A label cell of table 三 with its spans.
#[derive(Debug, Clone)]
pub struct LabelCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A line of table 三: its label cells (the 三 heading and groups span several lines) and
/// its seven numbers.
#[derive(Debug, Clone)]
pub struct ThreeLine {
    pub labels: Vec<LabelCell>,
    /// The whole label in one text (for the workbook).
    pub label: String,
    pub cells: Vec<u64>,
}

/// The three tables of a report, laid out.
#[derive(Debug, Clone)]
pub struct Tables {
    pub two_title: &'static str,
    pub two: Vec<Block>,
    pub three_title: &'static str,
    pub applicants: &'static str,
    pub organisations: &'static str,
    pub check_statement: &'static str,
    pub columns: [&'static str; 7],
    /// The five kinds of organisation (columns 2 to 6).
    pub kinds: Vec<&'static str>,
    pub three: Vec<ThreeLine>,
    /// The columns where 一+二 = 三（七）+四 fails; empty when it holds.
    pub check_failures: Vec<String>,
    pub four_title: &'static str,
    pub review: &'static str,
    pub litigation: &'static str,
    pub direct_suit: &'static str,
    pub suit_after_review: &'static str,
    pub four_columns: [&'static str; 5],
    pub four: Vec<u64>,
}

fn cell(text: &str, rowspan: usize, colspan: usize) -> LabelCell {
    LabelCell {
        text: text.to_owned(),
        rowspan,
        colspan,
    }
}

fn three_lines(table: &TableThree) -> Vec<ThreeLine> {
    let whole = |row: Row| ThreeLine {
        labels: vec![cell(&row.label_zh(), 1, 3)],
        label: row.label_zh(),
        cells: table.cells(row).to_vec(),
    };
    let mut lines = vec![whole(Row::NewThisYear), whole(Row::CarriedFromLastYear)];
    let mut group_before = "";
    for (place, outcome) in Outcome::ALL.into_iter().enumerate() {
        let mut labels = Vec::new();
        if place == 0 {
            labels.push(cell(annual::RESULTS, Outcome::ALL.len() + 1, 1));
        }
        let group = outcome.group_label();
        let reason = outcome.reason_label();
        if group != group_before {
            let span = Outcome::ALL
                .iter()
                .filter(|o| o.group_label() == group)
                .count();
            labels.push(match reason.is_empty() {
                true => cell(group, 1, 2),
                false => cell(group, span, 1),
            });
            group_before = group;
        }
        if !reason.is_empty() {
            labels.push(cell(reason, 1, 1));
        }
        lines.push(ThreeLine {
            labels,
            label: format!("{}　{}", annual::RESULTS, outcome.label_zh()),
            cells: table.cells(Row::Outcome(outcome)).to_vec(),
        });
    }
    lines.push(ThreeLine {
        labels: vec![cell(&Row::ResultsTotal.label_zh(), 1, 2)],
        label: format!("{}　{}", annual::RESULTS, Row::ResultsTotal.label_zh()),
        cells: table.results_total().to_vec(),
    });
    lines.push(whole(Row::CarriedToNextYear));
    lines
}

/// The report's tables laid out.
pub fn tables(two: &TableTwo, three: &TableThree, four_table: &TableFour) -> Tables {
    Tables {
        two_title: openness::annual::two::TITLE,
        two: two.blocks(),
        three_title: annual::TITLE,
        applicants: annual::APPLICANTS,
        organisations: annual::ORGANISATIONS,
        check_statement: annual::CHECK_STATEMENT,
        columns: annual::column_labels(),
        kinds: annual::column_labels()[1..6].to_vec(),
        three: three_lines(three),
        check_failures: three.check().err().unwrap_or_default(),
        four_title: four::TITLE,
        review: CaseKind::Review.label_zh(),
        litigation: four::LITIGATION,
        direct_suit: CaseKind::DirectSuit.label_zh(),
        suit_after_review: CaseKind::SuitAfterReview.label_zh(),
        four_columns: four::COLUMNS,
        four: four_table.row(),
    }
}
