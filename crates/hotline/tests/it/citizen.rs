//! Issue 14 item 5: the appellant reads the stages of an order in words — 已受理, 办理中, 已答复,
//! 已办结 and the intake outcomes — never a back-office state such as 待领导审核; the query page
//! lists each stage once, when entered.

use hotline::order::{CitizenStage as S, Status, citizen_stage, citizen_steps};

/// Every status and the stage the appellant reads for it.
const TABLE: [(Status, S, &str); 18] = [
    (Status::Registered, S::Received, "已受理"),
    (Status::AnsweredFromKb, S::Concluded, "已办结"),
    (Status::Refused, S::Refused, "不予受理"),
    (Status::TransferredToEmergency, S::Emergency, "已转紧急热线"),
    (Status::Merged, S::Merged, "已并案办理"),
    (Status::Dispatched, S::Handling, "办理中"),
    (Status::Returned, S::Handling, "办理中"),
    (Status::Handling, S::Handling, "办理中"),
    (Status::Hung, S::Handling, "办理中"),
    (Status::ResultSubmitted, S::Handling, "办理中"),
    (Status::ResultApproved, S::Handling, "办理中"),
    (Status::Replied, S::Replied, "已答复"),
    (Status::UnderReview, S::Handling, "办理中"),
    (Status::AwaitingReviewForm, S::Handling, "办理中"),
    (Status::FormUnderReview, S::Handling, "办理中"),
    (Status::Closed, S::Concluded, "已办结"),
    (Status::Archived, S::Concluded, "已办结"),
    (Status::Withdrawn, S::Withdrawn, "已撤销"),
];

#[test]
fn hl_status_every_status_maps_to_a_stage_in_the_appellants_words() {
    assert_eq!(TABLE.len(), Status::ALL.len());
    for status in Status::ALL {
        let (_, stage, words) = TABLE
            .iter()
            .find(|(s, _, _)| *s == status)
            .unwrap_or_else(|| panic!("{status:?} is not in the table"));
        assert_eq!(citizen_stage(status), *stage, "{status:?}");
        assert_eq!(stage.label_zh(), *words, "{status:?}");
    }
    // No back-office word reaches the appellant.
    for status in [
        Status::Dispatched,
        Status::Returned,
        Status::Hung,
        Status::ResultSubmitted,
        Status::ResultApproved,
        Status::Replied,
        Status::AwaitingReviewForm,
        Status::FormUnderReview,
    ] {
        assert!(
            TABLE
                .iter()
                .all(|(_, stage, _)| stage.label_zh() != status.label_zh()),
            "{}",
            status.label_zh()
        );
    }
}

/// Status changes (minute, status reached) and the stages listed for them.
type Case = (&'static [(u32, Status)], &'static [(u32, S)]);

#[test]
fn hl_status_query_lists_each_stage_once_and_an_intake_outcome_replaces_received() {
    let cases: [Case; 4] = [
        // Dispatched, returned, re-dispatched, signed, result, approved, replied, closed.
        (
            &[
                (0, Status::Registered),
                (1, Status::Dispatched),
                (2, Status::Returned),
                (3, Status::Dispatched),
                (4, Status::Handling),
                (5, Status::ResultSubmitted),
                (6, Status::ResultApproved),
                (7, Status::Replied),
                (8, Status::Closed),
                (9, Status::Archived),
            ],
            &[
                (0, S::Received),
                (1, S::Handling),
                (7, S::Replied),
                (8, S::Concluded),
            ],
        ),
        // Unsatisfied at the callback: handled again, replied again.
        (
            &[
                (0, Status::Registered),
                (1, Status::Dispatched),
                (2, Status::Replied),
                (3, Status::UnderReview),
                (4, Status::Handling),
                (5, Status::Replied),
            ],
            &[
                (0, S::Received),
                (1, S::Handling),
                (2, S::Replied),
                (3, S::Handling),
                (5, S::Replied),
            ],
        ),
        (
            &[(0, Status::Registered), (1, Status::Refused)],
            &[(1, S::Refused)],
        ),
        (
            &[(0, Status::Registered), (1, Status::AnsweredFromKb)],
            &[(0, S::Received), (1, S::Concluded)],
        ),
    ];
    for (changes, expected) in cases {
        assert_eq!(citizen_steps(changes), expected.to_vec(), "{changes:?}");
    }
}
