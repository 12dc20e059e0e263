//! PUB-APPLY: the notices told to the applicant besides the answer — the one supplement notice
//! (every item, the period, the consequence) and the extension notice (reason, new date) —
//! each a document model with its basis.

use openness::application::{Command, extension_notice, supplement_notice};

use crate::*;

/// PUB-APPLY: the supplement notice lists every item at once with the applicant's period.
#[test]
fn pub_apply_the_supplement_notice_lists_every_item_and_the_period() {
    assert!(supplement_notice(&received(), &CAL).is_none());
    let noticed = run(
        &received(),
        Command::RequestSupplement {
            items: vec!["请写明文件的文号".into(), "请写明形成时间".into()],
            period: wd(10),
        },
        &staff(officer()),
        t0(),
    );
    let notice = supplement_notice(&noticed, &CAL).unwrap();
    assert_eq!(notice.title, "政府信息公开申请补正告知书");
    assert_eq!(
        notice.fields[0].value,
        "1. 请写明文件的文号；2. 请写明形成时间"
    );
    // 10 working days from Monday 2 March 2026: Monday 16 March.
    assert_eq!(notice.fields[1].value, "请于2026年3月16日前补正");
    assert!(notice.fields[2].value.contains("视为放弃申请"));
    assert!(notice.basis.contains("第三十条"));
    assert_eq!(notice.issued_on, "2026年3月2日");
}

/// PUB-APPLY: the extension is told to the applicant with its reason and the new date.
#[test]
fn pub_apply_the_extension_notice_tells_the_new_date() {
    let handling = run(&received(), Command::StartHandling, &staff(officer()), t0());
    assert!(extension_notice(&handling).is_none());
    let extended = run(
        &handling,
        Command::Extend {
            amount: wd(20),
            reason: "需检索的档案量大".into(),
        },
        &staff(head()),
        at("2026-03-20T10:00"),
    );
    let notice = extension_notice(&extended).unwrap();
    assert_eq!(notice.title, "政府信息公开申请延期答复告知书");
    assert_eq!(notice.fields[0].value, "需检索的档案量大");
    assert_eq!(notice.fields[1].value, "20个工作日");
    let due = extended.extension.as_ref().unwrap().due;
    assert_eq!(due, CAL.due(t0(), wd(40)).at);
    assert!(
        notice.fields[2]
            .value
            .contains(&openness::application::date_zh(due))
    );
    assert!(notice.basis.contains("第三十三条"));
}

/// PUB-ANSWER: the answer notice names the outcome as the applicant reads it — table 三's
/// counting note of （二） is the report author's, never in a notice.
#[test]
fn pub_answer_the_notice_label_leaves_out_table_threes_counting_note() {
    use openness::application::Outcome;
    assert_eq!(Outcome::PartlyDisclosed.notice_label(), "（二）部分公开");
    for outcome in Outcome::ALL {
        let label = outcome.notice_label();
        assert!(!label.contains("只计"), "{label}");
        assert!(outcome.label_zh().starts_with(&label), "{label}");
    }
}
