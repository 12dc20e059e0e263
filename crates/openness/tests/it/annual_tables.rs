//! PUB-ANNUAL: tables 二 and 四 of the annual report on a small year — every printed label as
//! reports.md §1 gives it, block by block; the documents issued, abolished and in force placed
//! by their dates; the entered figures parsed (fees typed in 万元, kept in 元) or refused in
//! Chinese; the reviews and suits counted under their results or as 尚未审结.

use openness::annual::four::{self, CaseKind, CaseRecord, CaseResult, TableFour};
use openness::annual::two::{self, DocumentClass, DocumentRecord, Entered, TableTwo};

use crate::date;

fn document(class: DocumentClass, issued: &str, abolished: Option<&str>) -> DocumentRecord {
    DocumentRecord {
        class,
        issued_on: date(issued),
        abolished_on: abolished.map(date),
    }
}

#[test]
fn pub_annual_table_two_counts_documents_by_their_dates_with_the_printed_labels() {
    use DocumentClass::{Normative as N, Regulation as R};
    let documents = [
        document(N, "2023-04-01", None),               // in force
        document(N, "2024-06-01", Some("2025-03-01")), // abolished in 2025
        document(N, "2025-02-10", None),               // issued, in force
        document(N, "2025-05-10", Some("2025-11-30")), // issued and abolished in 2025
        document(N, "2024-01-10", Some("2024-12-31")), // gone before 2025
        document(N, "2026-01-05", None),               // next year's
        document(R, "2025-07-01", Some("2026-02-01")), // in force at the year's end
    ];
    let table = TableTwo::compute(2025, &documents, [12, 7, 1, 123_456]);
    assert_eq!(table.normative.issued, 2);
    assert_eq!(table.normative.abolished, 2);
    assert_eq!(table.normative.in_force, 2);
    assert_eq!(
        (
            table.regulations.issued,
            table.regulations.abolished,
            table.regulations.in_force
        ),
        (1, 0, 1)
    );
    assert_eq!(two::TITLE, "二、主动公开政府信息情况");
    // (article, header, rows of (label, cells)), as printed.
    type Printed<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, Vec<String>)>);
    let printed: Vec<Printed> = table
        .blocks()
        .into_iter()
        .map(|b| (b.article, b.header, b.rows))
        .collect();
    let cells = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        printed,
        vec![
            (
                "第二十条第（一）项",
                vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                vec![
                    ("规章", cells(&["1", "0", "1"])),
                    ("行政规范性文件", cells(&["2", "2", "2"])),
                ],
            ),
            (
                "第二十条第（五）项",
                vec!["信息内容", "本年处理决定数量"],
                vec![("行政许可", cells(&["12"]))],
            ),
            (
                "第二十条第（六）项",
                vec!["信息内容", "本年处理决定数量"],
                vec![("行政处罚", cells(&["7"])), ("行政强制", cells(&["1"]))],
            ),
            (
                "第二十条第（八）项",
                vec!["信息内容", "本年收费金额（单位：万元）"],
                vec![("行政事业性收费", cells(&["12.3456"]))],
            ),
        ]
    );
}

#[test]
fn pub_annual_entered_figures_are_parsed_or_refused_in_chinese() {
    assert_eq!(Entered::Licences.parse(" 35 "), Ok(35));
    assert_eq!(Entered::Fees.parse("12.5"), Ok(125_000));
    assert_eq!(Entered::Fees.parse("0.0001"), Ok(1));
    assert_eq!(Entered::Fees.parse("3"), Ok(30_000));
    assert_eq!(Entered::Fees.show(125_000), "12.5000");
    for bad in ["-1", "1.5", "", "十"] {
        let refused = Entered::Penalties.parse(bad).unwrap_err();
        assert_eq!(refused, "“行政处罚”须填写不小于0的整数");
    }
    for bad in ["1.23456", "-2", "1,000", ".5", "abc", ""] {
        let refused = Entered::Fees.parse(bad).unwrap_err();
        assert!(refused.contains("万元"), "{bad}: {refused}");
    }
}

fn case(kind: CaseKind, filed: &str, concluded: Option<(CaseResult, &str)>) -> CaseRecord {
    CaseRecord {
        kind,
        filed_on: date(filed),
        concluded: concluded.map(|(result, on)| (result, date(on))),
    }
}

#[test]
fn pub_annual_table_four_counts_cases_under_their_results_or_as_pending() {
    use CaseKind::{DirectSuit, Review, SuitAfterReview};
    use CaseResult::{Corrected, Other, Upheld};
    let cases = [
        case(Review, "2025-02-01", Some((Upheld, "2025-04-01"))),
        case(Review, "2025-03-01", Some((Corrected, "2025-05-01"))),
        case(Review, "2024-11-01", Some((Upheld, "2025-01-20"))), // carried in, concluded
        case(Review, "2025-12-01", None),                         // pending
        case(Review, "2025-10-01", Some((Other, "2026-01-10"))),  // pending at the year's end
        case(Review, "2024-03-01", Some((Upheld, "2024-06-01"))), // an earlier year's
        case(DirectSuit, "2025-06-01", Some((Other, "2025-09-01"))),
        case(SuitAfterReview, "2026-02-01", None), // next year's
    ];
    let table = TableFour::compute(2025, &cases);
    assert_eq!(table.cells(Review), [2, 1, 0, 2, 5]);
    assert_eq!(table.cells(DirectSuit), [0, 0, 1, 0, 1]);
    assert_eq!(table.cells(SuitAfterReview), [0; 5]);
    assert_eq!(
        table.row(),
        vec![2, 1, 0, 2, 5, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    );
    assert_eq!(four::TITLE, "四、政府信息公开行政复议、行政诉讼情况");
    assert_eq!(
        four::COLUMNS,
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    );
    assert_eq!(four::LITIGATION, "行政诉讼");
    let groups: Vec<&str> = CaseKind::ALL.iter().map(|k| k.label_zh()).collect();
    assert_eq!(groups, ["行政复议", "未经复议直接起诉", "复议后起诉"]);
}
