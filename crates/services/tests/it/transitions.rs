//! Table-driven tests of every transition of the case machine, allowed and refused
//! (SVC-PREREVIEW, SVC-ACCEPT, SVC-SPECIAL, SVC-PARALLEL, SVC-WINDOW, SVC-PROMISE).

use std::collections::HashSet;

use platform::profile::RuleProfile;
use services::ErrorKind;
use services::case::{Case, Command, CommandKind, Status, TRANSITIONS, apply};
use services::item::{DeliveryMethod, Item};

use crate::case_table::cases;
use crate::*;

/// How to reach a starting point, by the ordinary path.
#[derive(Debug, Clone, Copy)]
pub enum Fixture {
    Submitted,
    PreReviewed,
    AwaitingSupplement,
    Resubmitted,
    Rejected,
    InReview,
    Special,
    AwaitingDecision,
    SpecialAtDecision,
    Decided,
    Concluded,
    Withdrawn,
    /// A special procedure started after the promised due time.
    SpecialLate,
    /// Registered by a clerk at a hall window (walk-in), not online (SVC-PREREVIEW).
    WalkIn,
    /// 补齐补正 asked for in review (SVC-SPECIAL).
    Supplementing,
    /// 补齐补正 asked for while awaiting the decision.
    SupplementingAtDecision,
    /// Back in review after the applicant's 补齐补正 upload.
    Supplemented,
    /// Accepted by the comprehensive window, not yet signed for (SVC-WINDOW).
    WindowAccepted,
    /// The same, in a special procedure.
    WindowSpecial,
}

const FIXTURES: [Fixture; 12] = [
    Fixture::Submitted,
    Fixture::PreReviewed,
    Fixture::AwaitingSupplement,
    Fixture::Resubmitted,
    Fixture::Rejected,
    Fixture::InReview,
    Fixture::Special,
    Fixture::AwaitingDecision,
    Fixture::SpecialAtDecision,
    Fixture::Decided,
    Fixture::Concluded,
    Fixture::Withdrawn,
];

fn reach(fixture: Fixture, item: &Item) -> Case {
    let pre = |case: Case| {
        if item.basic.offers_prereview {
            run(&case, item, prereview(), t0())
        } else {
            case
        }
    };
    let in_review = || accepted(item);
    let at_decision = || {
        let mut case = in_review();
        while case.status == Status::InReview {
            case = run(&case, item, complete(), t0());
        }
        case
    };
    let answered = || {
        let case = at_decision();
        if item.process.parallel.is_empty() {
            case
        } else {
            run(&case, item, joint(true), t0())
        }
    };
    match fixture {
        Fixture::Submitted => submitted(item),
        Fixture::PreReviewed => run(&submitted(item), item, prereview(), t0()),
        Fixture::AwaitingSupplement => run(&pre(submitted(item)), item, notice("申请书"), t0()),
        Fixture::Resubmitted => {
            let waiting = reach(Fixture::AwaitingSupplement, item);
            run(&waiting, item, resubmit(), t0())
        }
        Fixture::Rejected => run(&pre(submitted(item)), item, reject(), t0()),
        Fixture::InReview => in_review(),
        Fixture::Special => run(&in_review(), item, site_inspection(), t0()),
        Fixture::AwaitingDecision => at_decision(),
        Fixture::SpecialAtDecision => run(&at_decision(), item, site_inspection(), t0()),
        Fixture::Decided => run(&answered(), item, approve(), t0()),
        Fixture::Concluded => {
            let decided = reach(Fixture::Decided, item);
            run(
                &decided,
                item,
                deliver(DEPT, DeliveryMethod::Electronic),
                t0(),
            )
        }
        Fixture::Withdrawn => run(&submitted(item), item, withdraw(), t0()),
        Fixture::WalkIn => {
            let walk_in = application(Channel::Window { window: WINDOW });
            submit(walk_in, item, t_submit(), &PROFILE, &CAL).unwrap().0
        }
        Fixture::Supplementing => run(&in_review(), item, notice("申请书"), t0()),
        Fixture::SupplementingAtDecision => run(&at_decision(), item, notice("申请书"), t0()),
        Fixture::Supplemented => {
            let supplementing = reach(Fixture::Supplementing, item);
            run(&supplementing, item, resubmit(), t0())
        }
        Fixture::WindowAccepted => run(&pre(submitted(item)), item, accept(WINDOW), t0()),
        Fixture::WindowSpecial => {
            let accepted = reach(Fixture::WindowAccepted, item);
            run(&accepted, item, site_inspection(), t0())
        }
        Fixture::SpecialLate => run(
            &in_review(),
            item,
            site_inspection(),
            at("2025-04-01T09:00"),
        ),
    }
}

pub fn reject() -> Command {
    Command::Reject {
        by: DEPT,
        reason: "不属于本部门职权范围".into(),
    }
}

pub fn joint(approve: bool) -> Command {
    Command::JointOpinion {
        department: PARTNER,
        approve,
        opinion: "同意".into(),
    }
}

/// A representative, well-formed command of each kind.
fn sample(kind: CommandKind) -> Command {
    match kind {
        CommandKind::PreReview => prereview(),
        CommandKind::Accept => accept(DEPT),
        CommandKind::Reject => reject(),
        CommandKind::RequestSupplement => notice("申请书"),
        CommandKind::Resubmit => resubmit(),
        CommandKind::Sign => Command::Sign { by: DEPT },
        CommandKind::CompleteStage => complete(),
        CommandKind::StartSpecial => site_inspection(),
        CommandKind::EndSpecial => end_special(),
        CommandKind::JointOpinion => joint(true),
        CommandKind::Decide => approve(),
        CommandKind::Deliver => deliver(DEPT, DeliveryMethod::Electronic),
        CommandKind::FlagOverdue => Command::FlagOverdue,
        CommandKind::Withdraw => withdraw(),
    }
}

#[test]
fn every_listed_case_transition_gives_the_expected_outcome() {
    for case in cases() {
        let item = (case.item)();
        let start = reach(case.from, &item);
        let profile: &RuleProfile = if case.lenient { &LENIENT } else { &PROFILE };
        let result = apply(&start, &item, &case.command, at(case.now), profile, &CAL);
        let got = result
            .as_ref()
            .map(|(next, _)| next.status)
            .map_err(|e| e.kind());
        assert_eq!(got, case.expect, "{}: {:?}", case.name, result.err());
        if result.is_err() {
            // Refused: nothing changed (the caller keeps `start`).
            continue;
        }
    }
}

#[test]
fn every_table_row_is_exercised_by_an_allowed_case() {
    let mut covered = HashSet::new();
    for case in cases() {
        let item = (case.item)();
        let start = reach(case.from, &item);
        let profile: &RuleProfile = if case.lenient { &LENIENT } else { &PROFILE };
        if let Ok((next, _)) = apply(&start, &item, &case.command, at(case.now), profile, &CAL) {
            covered.insert((start.status, case.command.kind(), next.status));
        }
    }
    for row in TRANSITIONS {
        assert!(covered.contains(row), "row {row:?} has no allowed case");
    }
}

#[test]
fn every_pair_not_in_the_table_is_refused_as_an_invalid_transition() {
    let item = parallel();
    for fixture in FIXTURES {
        let start = reach(fixture, &item);
        for kind in CommandKind::ALL {
            let listed = TRANSITIONS
                .iter()
                .any(|&(from, command, _)| from == start.status && command == kind);
            if listed {
                continue;
            }
            let error = apply(
                &start,
                &item,
                &sample(kind),
                at("2025-04-30T10:00"),
                &PROFILE,
                &CAL,
            )
            .expect_err("refused");
            assert_eq!(
                error.kind(),
                ErrorKind::InvalidTransition,
                "{fixture:?} {kind:?}"
            );
            assert!(error.to_string().contains(start.status.label_zh()));
        }
    }
}

#[test]
fn fixtures_reach_every_status() {
    let item = item();
    let reached: HashSet<Status> = FIXTURES.iter().map(|&f| reach(f, &item).status).collect();
    assert_eq!(reached.len(), Status::ALL.len());
}

#[test]
fn every_allowed_result_is_a_table_row() {
    let item = parallel();
    for fixture in FIXTURES {
        let start = reach(fixture, &item);
        for kind in CommandKind::ALL {
            for now in ["2025-03-03T10:00", "2025-04-30T10:00"] {
                if let Ok((next, events)) =
                    apply(&start, &item, &sample(kind), at(now), &PROFILE, &CAL)
                {
                    assert!(TRANSITIONS.contains(&(start.status, kind, next.status)));
                    assert!(matches!(
                        events.first(),
                        Some(services::case::Event::Transitioned { .. })
                    ));
                }
            }
        }
    }
}
