//! Intake values, refusal reasons, ratings, accountability kinds, knowledge-base life,
//! surge warnings and the error mapping.

use calendar::Instant;
use hotline::account::{AccountKind, is_repeated_unsolved};
use hotline::appeal::{
    Category, Channel, EmergencyLine, MergeDecision, NewFacts, Origin, merge_decision,
};
use hotline::evaluation::{Rating, rectification_for};
use hotline::kb::{Entry, EntryCommand, EntryId, EntryStatus, most_used};
use hotline::order::{HandlingResult, ReviewForm, Seal, Status, UnitView};
use hotline::refuse::RefuseReason;
use hotline::warn::is_surge;
use hotline::{ErrorKind, HotlineError, UnitId};

use crate::*;

/// HL-REGISTER: content and location are required; channels and categories parse.
#[test]
fn hl_register_requires_content_and_location() {
    let missing = hotline::appeal::Intake::parse(
        Channel::Phone,
        Category::Other,
        Origin::Local,
        " ",
        "某地",
        false,
    );
    assert_eq!(missing.unwrap_err().kind(), ErrorKind::Invalid);
    assert_eq!(
        Channel::ALL.map(|c| Channel::parse(c.code()).unwrap()),
        Channel::ALL
    );
    assert_eq!(
        Category::ALL.map(Category::label_zh),
        ["咨询求助", "意见建议", "投诉举报", "其他"]
    );
    assert!(Channel::parse("fax").is_err());
}

/// HL-REFUSE: the eight reasons of §12345-8 in order, each with a label; the explanation is
/// required.
#[test]
fn hl_refuse_eight_reasons_and_the_explanation_is_required() {
    assert_eq!(
        RefuseReason::ALL.map(RefuseReason::article_item),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    assert!(
        RefuseReason::ALL
            .iter()
            .all(|r| RefuseReason::parse(r.code()) == Ok(*r) && !r.label_zh().is_empty())
    );
    let command = hotline::order::Command::Refuse {
        reason: RefuseReason::Secrets,
        explanation: "".into(),
    };
    let error = hotline::order::apply(&registered(), &command, t0(), &PROFILE, &CAL).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

/// HL-EMERGENCY: the four emergency lines.
#[test]
fn hl_emergency_lines() {
    for number in ["110", "119", "120", "122"] {
        assert_eq!(EmergencyLine::parse(number).unwrap().number(), number);
    }
    assert!(EmergencyLine::parse("12345").is_err());
}

/// HL-MERGE: merge before the reply; after it, nothing new is refused and new facts make a new
/// appeal.
#[test]
fn hl_merge_decision_before_and_after_the_reply() {
    assert_eq!(
        merge_decision(Status::Handling, NewFacts::No),
        MergeDecision::Merge
    );
    assert_eq!(
        merge_decision(Status::Replied, NewFacts::No),
        MergeDecision::ExplainAndRefuse
    );
    assert_eq!(
        merge_decision(Status::Closed, NewFacts::Yes),
        MergeDecision::NewAppeal
    );
}

/// HL-RESULT: handling, process, opinion and result are all required.
#[test]
fn hl_result_requires_every_part() {
    assert!(HandlingResult::parse("a", "b", "c", "d", UnitView::Unsatisfied).is_ok());
    let error = HandlingResult::parse("a", "", "c", "d", UnitView::Satisfied).unwrap_err();
    assert!(error.to_string().contains("办理过程"), "{error}");
}

/// HL-CALLBACK: the review form needs the head's signature and the seal.
#[test]
fn hl_callback_review_form_needs_signature_and_seal() {
    assert!(ReviewForm::parse("", Seal::Affixed, "doc", "说明").is_err());
    let unsealed = ReviewForm::parse("张某", Seal::Missing, "doc", "说明").unwrap_err();
    assert!(unsealed.to_string().contains("公章"));
}

/// EVAL-ALL: five levels, best first, with their Chinese names.
#[test]
fn eval_all_five_levels() {
    assert_eq!(
        Rating::ALL.map(Rating::label_zh),
        ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    );
    assert_eq!(Rating::from_level(4), Ok(Rating::Unsatisfied));
    assert!(Rating::from_level(6).is_err());
}

/// EVAL-BAD: bad from the profile's level; a bad rating opens a rectification due on the
/// calendar.
#[test]
fn eval_bad_threshold_and_rectification() {
    let rules = &PROFILE.evaluation;
    let bad: Vec<_> = Rating::ALL
        .into_iter()
        .filter(|r| r.is_bad(rules))
        .collect();
    assert_eq!(bad, [Rating::Unsatisfied, Rating::VeryUnsatisfied]);
    assert!(rectification_for(Rating::Satisfied, t0(), rules, &CAL).is_none());
    let task = rectification_for(Rating::VeryUnsatisfied, t0(), rules, &CAL).unwrap();
    assert_eq!(task.due, CAL.due(t0(), rules.rectification.limit()).at);
}

/// HL-ACCOUNT: the nine situations of §12345-26; the same appeal three times is repeated.
#[test]
fn hl_account_kinds_and_repeated_unsolved() {
    assert_eq!(AccountKind::ALL.len(), 9);
    assert!(!is_repeated_unsolved(2) && is_repeated_unsolved(3));
}

/// KB-LIFE: draft → review → published (versioned) → revise or withdraw.
#[test]
fn kb_life_review_and_versions() {
    let now = t0();
    let entry = Entry::draft(EntryId(1), UnitId(4));
    let entry = entry.apply(EntryCommand::Submit, now).unwrap();
    assert_eq!(
        entry.apply(EntryCommand::Revise, now).unwrap_err().kind(),
        ErrorKind::InvalidTransition
    );
    let entry = entry.apply(EntryCommand::Publish, now).unwrap();
    assert_eq!((entry.status, entry.version), (EntryStatus::Published, 1));
    let entry = entry.apply(EntryCommand::Revise, now).unwrap();
    let entry = entry
        .apply(EntryCommand::Submit, now)
        .unwrap()
        .apply(EntryCommand::Publish, now)
        .unwrap();
    assert_eq!(entry.version, 2);
    assert_eq!(
        entry.apply(EntryCommand::Withdraw, now).unwrap().status,
        EntryStatus::Withdrawn
    );
}

/// KB-LIFE: a published entry older than the review interval is due for review.
#[test]
fn kb_life_outdated_entries_are_due_for_review() {
    let entry = Entry::draft(EntryId(1), UnitId(4))
        .apply(EntryCommand::Submit, t0())
        .unwrap()
        .apply(EntryCommand::Publish, t0())
        .unwrap();
    let rules = &PROFILE.knowledge;
    assert!(!entry.is_due_for_review(at("2025-12-01T09:00"), rules, &CAL));
    assert!(entry.is_due_for_review(at("2026-03-05T09:00"), rules, &CAL));
}

/// KB-STATS: the most used entries first.
#[test]
fn kb_stats_most_used_entries() {
    let uses = [
        EntryId(2),
        EntryId(1),
        EntryId(2),
        EntryId(3),
        EntryId(2),
        EntryId(1),
    ];
    assert_eq!(most_used(&uses, 2), vec![(EntryId(2), 3), (EntryId(1), 2)]);
}

/// HL-WARN: a surge needs the minimum count and the factor over the recent average.
#[test]
fn hl_warn_surge_against_the_recent_average() {
    let rules = &PROFILE.hotline; // 300 %, at least 10
    assert!(!is_surge(9, 4, 4, rules));
    assert!(is_surge(12, 16, 4, rules));
    assert!(!is_surge(11, 16, 4, rules));
    assert!(is_surge(10, 0, 0, rules));
}

/// The app layer maps hotline errors onto platform errors with stable codes.
#[test]
fn hotline_errors_map_to_platform_errors() {
    let cases: [(HotlineError, &str); 4] = [
        (
            HotlineError::InvalidTransition {
                from: "已办结",
                command: "撤单",
            },
            "invalid_transition",
        ),
        (
            HotlineError::DeadlinePassed {
                what: "退回",
                due: Instant::from_millis(0),
            },
            "conflict",
        ),
        (
            HotlineError::NotAssigned {
                unit: UnitId(1),
                role: "主办单位",
            },
            "forbidden",
        ),
        (HotlineError::Invalid("x".into()), "invalid_input"),
    ];
    for (error, code) in cases {
        assert_eq!(platform::Error::from(error).code(), code);
    }
}
