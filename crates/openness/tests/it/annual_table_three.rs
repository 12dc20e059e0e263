//! PUB-ANNUAL: table 三 of the annual report built from a small county year of applications,
//! including the carry-over from the year before, every cell checked, and the check
//! 一+二 = 三（七）+四 in every column; this year's 二 is last year's 四.

use openness::annual::{AnnualRecord, CHECK_STATEMENT, Row, TableThree, column_labels};
use openness::application::{
    ApplicantKind as K, CannotProvideReason, NotDisclosedReason, NotProcessedReason, OtherReason,
    Outcome,
};

use crate::date;

fn record(received: &str, kind: K, decided: Option<(Outcome, &str)>) -> AnnualRecord {
    AnnualRecord {
        received_on: date(received),
        applicant: kind,
        decided: decided.map(|(outcome, on)| (outcome, date(on))),
    }
}

/// A county's applications of 2024 to 2026 (the report is of 2025).
fn records() -> Vec<AnnualRecord> {
    use Outcome as O;
    vec![
        // 2024, decided in 2024: in neither 2025 row.
        record(
            "2024-05-06",
            K::NaturalPerson,
            Some((O::Disclosed, "2024-05-20")),
        ),
        // 2024, carried into 2025 and decided there.
        record(
            "2024-12-20",
            K::NaturalPerson,
            Some((O::PartlyDisclosed, "2025-01-10")),
        ),
        record(
            "2024-12-25",
            K::LegalService,
            Some((
                O::NotDisclosed(NotDisclosedReason::ProcessInformation),
                "2025-01-15",
            )),
        ),
        // 2024, carried into 2025 and still open at its end.
        record("2024-12-30", K::Research, None),
        // 2025, decided in 2025.
        record(
            "2025-02-03",
            K::NaturalPerson,
            Some((O::Disclosed, "2025-02-20")),
        ),
        record(
            "2025-03-03",
            K::NaturalPerson,
            Some((O::Disclosed, "2025-03-25")),
        ),
        record(
            "2025-04-01",
            K::NaturalPerson,
            Some((O::NotProcessed(NotProcessedReason::Repeat), "2025-04-03")),
        ),
        record(
            "2025-05-06",
            K::Commercial,
            Some((O::CannotProvide(CannotProvideReason::NotHeld), "2025-05-30")),
        ),
        record(
            "2025-06-02",
            K::Commercial,
            Some((O::Disclosed, "2025-06-20")),
        ),
        record(
            "2025-07-01",
            K::PublicInterest,
            Some((
                O::NotDisclosed(NotDisclosedReason::ThirdPartyRights),
                "2025-07-28",
            )),
        ),
        record(
            "2025-08-04",
            K::OtherOrganisation,
            Some((O::Other(OtherReason::NoSupplementInTime), "2025-09-01")),
        ),
        record(
            "2025-09-01",
            K::NaturalPerson,
            Some((O::Other(OtherReason::Other), "2025-09-03")),
        ),
        // 2025, decided in 2026: carried to 2026.
        record(
            "2025-12-22",
            K::NaturalPerson,
            Some((O::Disclosed, "2026-01-12")),
        ),
        record("2025-12-29", K::Commercial, None),
        // 2026: in neither 2025 row.
        record("2026-01-05", K::NaturalPerson, None),
    ]
}

/// PUB-ANNUAL: every cell of table 三 of 2025.
#[test]
fn pub_annual_table_three_counts_every_cell_from_the_records() {
    let table = TableThree::compute(2025, &records());
    // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert_eq!(table.new_this_year, [5, 3, 0, 1, 0, 1, 10]);
    assert_eq!(table.carried_from_last_year, [1, 0, 1, 0, 1, 0, 3]);
    assert_eq!(table.carried_to_next_year, [1, 1, 1, 0, 0, 0, 3]);
    let mut expected = [[0u64; 7]; 21];
    let mut put = |outcome: Outcome, column: usize| {
        expected[outcome.row()][column] += 1;
        expected[outcome.row()][6] += 1;
    };
    put(Outcome::Disclosed, 0);
    put(Outcome::Disclosed, 0);
    put(Outcome::Disclosed, 1);
    put(Outcome::PartlyDisclosed, 0);
    put(
        Outcome::NotDisclosed(NotDisclosedReason::ProcessInformation),
        4,
    );
    put(
        Outcome::NotDisclosed(NotDisclosedReason::ThirdPartyRights),
        3,
    );
    put(Outcome::CannotProvide(CannotProvideReason::NotHeld), 1);
    put(Outcome::NotProcessed(NotProcessedReason::Repeat), 0);
    put(Outcome::Other(OtherReason::NoSupplementInTime), 5);
    put(Outcome::Other(OtherReason::Other), 0);
    assert_eq!(table.results, expected);
    assert_eq!(table.results_total(), [5, 2, 0, 1, 1, 1, 10]);
    assert_eq!(table.cells(Row::ResultsTotal), [5, 2, 0, 1, 1, 1, 10]);
    assert_eq!(table.check(), Ok(()));
}

/// PUB-ANNUAL: this year's 二 is last year's 四, and the check holds every year.
#[test]
fn pub_annual_carry_over_equals_last_years_row_four() {
    let records = records();
    for year in [2024, 2025, 2026] {
        let last = TableThree::compute(year - 1, &records);
        let this = TableThree::compute(year, &records);
        assert_eq!(
            this.carried_from_last_year, last.carried_to_next_year,
            "{year}"
        );
        assert_eq!(this.check(), Ok(()), "{year}");
    }
}

/// PUB-ANNUAL: the rows and columns carry the labels of reports.md §1 in their order; a record
/// decided before it was received breaks the check, which names the column.
#[test]
fn pub_annual_rows_and_columns_are_labelled_and_the_check_names_a_failing_column() {
    let table = TableThree::compute(2025, &records());
    let lines = table.lines();
    assert_eq!(lines.len(), 25);
    assert_eq!(lines[0].1, "一、本年新收政府信息公开申请数量");
    assert_eq!(lines[1].1, "二、上年结转政府信息公开申请数量");
    assert_eq!(lines[2].1, "（一）予以公开");
    assert_eq!(lines[23].1, "（七）总计");
    assert_eq!(lines[24].1, "四、结转下年度继续办理");
    assert_eq!(
        column_labels(),
        [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计"
        ]
    );
    assert_eq!(
        CHECK_STATEMENT,
        "第一项加第二项之和，等于第三项加第四项之和"
    );
    let broken = vec![record(
        "2025-03-01",
        K::Research,
        Some((Outcome::Disclosed, "2024-12-01")),
    )];
    let failures = TableThree::compute(2025, &broken).check().unwrap_err();
    assert!(
        failures.iter().any(|f| f.contains("科研机构")),
        "{failures:?}"
    );
}

/// PUB-ANNUAL: the records come from the applications themselves — the answer's outcome and
/// date, a withdrawal as 其他处理 3, an open one undecided.
#[test]
fn pub_annual_records_are_read_from_the_applications() {
    use openness::application::Command;
    let officer = crate::staff(crate::officer());
    let open = crate::received();
    let record = AnnualRecord::of(&open);
    assert_eq!(record.received_on, date("2026-03-02"));
    assert_eq!(record.applicant, K::NaturalPerson);
    assert_eq!(record.decided, None);
    let withdrawn = crate::run(
        &open,
        Command::Withdraw {
            reason: String::new(),
        },
        &openness::Issuer::Applicant,
        crate::at("2026-03-05T10:00"),
    );
    assert_eq!(
        AnnualRecord::of(&withdrawn).decided,
        Some((Outcome::Other(OtherReason::Other), date("2026-03-05")))
    );
    let answered = crate::run(
        &open,
        Command::Answer {
            outcome: Outcome::NotDisclosed(NotDisclosedReason::InternalAffairs),
            input: openness::application::AnswerInput {
                reasoning: "属于内部人事管理信息".into(),
                ..Default::default()
            },
        },
        &officer,
        crate::at("2026-03-20T10:00"),
    );
    let table = TableThree::compute(2026, &[AnnualRecord::of(&answered), record]);
    let row = Outcome::NotDisclosed(NotDisclosedReason::InternalAffairs).row();
    assert_eq!(table.results[row], [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(table.carried_to_next_year, [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(table.check(), Ok(()));
}
