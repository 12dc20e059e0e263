//! SVC-STATUS (issue 14 item 5): the applicant reads the stages of a case in words — every
//! status maps to one, none is a back-office state — and its progress lists each stage once,
//! when entered, with 已受理 before the 办理中 it starts.

use services::case::{CitizenStage as S, Status, citizen_stage, citizen_steps};

use crate::at;

/// Every status and the stage the applicant reads for it.
const TABLE: [(Status, S, &str); 11] = [
    (Status::Submitted, S::Submitted, "已提交"),
    (Status::PreReviewed, S::Submitted, "已提交"),
    (Status::AwaitingSupplement, S::Supplement, "待补齐补正"),
    (Status::Resubmitted, S::Submitted, "已提交"),
    (Status::Rejected, S::Rejected, "不予受理"),
    (Status::InReview, S::Handling, "办理中"),
    (Status::Special, S::Handling, "办理中"),
    (Status::AwaitingDecision, S::Handling, "办理中"),
    (Status::Decided, S::Decided, "已作出决定"),
    (Status::Concluded, S::Concluded, "已办结"),
    (Status::Withdrawn, S::Withdrawn, "已撤回"),
];

#[test]
fn svc_status_every_status_maps_to_a_stage_in_the_applicants_words() {
    assert_eq!(TABLE.len(), Status::ALL.len());
    for status in Status::ALL {
        let (_, stage, words) = TABLE
            .iter()
            .find(|(s, _, _)| *s == status)
            .unwrap_or_else(|| panic!("{status:?} is not in the table"));
        assert_eq!(citizen_stage(status), *stage, "{status:?}");
        assert_eq!(stage.label_zh(), *words, "{status:?}");
    }
    // No back-office word reaches the applicant.
    for internal in [
        "待决定",
        "已补正待受理",
        "已预审",
        "审查中",
        "特别程序中",
        "待送达",
    ] {
        assert!(
            TABLE
                .iter()
                .all(|(_, stage, _)| stage.label_zh() != internal),
            "{internal}"
        );
    }
}

/// Status changes (minute, status reached) and the stages listed for them.
type Case = (&'static [(u32, Status)], &'static [(u32, S)]);

#[test]
fn svc_status_progress_lists_each_stage_once_with_acceptance_before_handling() {
    let t = |minute: u32| at(&format!("2025-03-03T09:{minute:02}"));
    let cases: [Case; 4] = [
        // Pre-reviewed, noticed, resubmitted, accepted, a special procedure, decided, delivered.
        (
            &[
                (0, Status::Submitted),
                (1, Status::PreReviewed),
                (2, Status::AwaitingSupplement),
                (3, Status::Resubmitted),
                (4, Status::InReview),
                (5, Status::Special),
                (6, Status::InReview),
                (7, Status::AwaitingDecision),
                (8, Status::Decided),
                (9, Status::Concluded),
            ],
            &[
                (0, S::Submitted),
                (2, S::Supplement),
                (3, S::Submitted),
                (4, S::Accepted),
                (4, S::Handling),
                (8, S::Decided),
                (9, S::Concluded),
            ],
        ),
        // An instant item: accepted straight into the decision.
        (
            &[(0, Status::Submitted), (1, Status::AwaitingDecision)],
            &[(0, S::Submitted), (1, S::Accepted), (1, S::Handling)],
        ),
        (
            &[(0, Status::Submitted), (1, Status::Rejected)],
            &[(0, S::Submitted), (1, S::Rejected)],
        ),
        (
            &[
                (0, Status::Submitted),
                (1, Status::InReview),
                (2, Status::Withdrawn),
            ],
            &[
                (0, S::Submitted),
                (1, S::Accepted),
                (1, S::Handling),
                (2, S::Withdrawn),
            ],
        ),
    ];
    for (changes, expected) in cases {
        let changes: Vec<_> = changes.iter().map(|(m, s)| (t(*m), *s)).collect();
        let expected: Vec<_> = expected.iter().map(|(m, s)| (t(*m), *s)).collect();
        assert_eq!(citizen_steps(&changes), expected, "{changes:?}");
    }
}
