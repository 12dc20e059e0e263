//! The forms a case page offers (issue 11 point 3; SVC-PREREVIEW, SVC-ACCEPT, SVC-PROMISE,
//! SVC-SPECIAL, SVC-WINDOW): `case::available` per status and viewer, table-driven, and
//! every command offered to the department along the ordinary path is one the machine
//! accepts.

use services::case::{Acting, Case, Command, CommandKind as C, Status, apply, available};
use services::item::{DeliveryMethod, Item};

use crate::*;

fn handler(unit: UnitId) -> Acting {
    Acting {
        unit,
        handle: true,
        decide: false,
    }
}

fn leader(unit: UnitId) -> Acting {
    Acting {
        unit,
        handle: true,
        decide: true,
    }
}

/// SVC-PREREVIEW, SVC-ACCEPT, SVC-WINDOW: who is offered what, by status.
#[test]
fn svc_accept_the_page_offers_each_viewer_the_commands_of_their_unit_and_role() {
    let online = item();
    let submitted_case = submitted(&online);
    let in_review = accepted(&online);
    let at_decision = run(
        &run(&in_review, &online, complete(), t0()),
        &online,
        complete(),
        t0(),
    );
    let decided = run(&at_decision, &online, approve(), t0());
    let stranger = Acting {
        unit: STRANGER,
        handle: true,
        decide: true,
    };
    let reader = Acting {
        unit: DEPT,
        handle: false,
        decide: false,
    };
    let rows: &[(&str, &Case, Acting, &[C])] = &[
        // An online application awaits its pre-review: no 受理 yet; the window and the
        // department may pre-review, reject or send the one-time notice.
        (
            "online, window",
            &submitted_case,
            handler(WINDOW),
            &[C::PreReview, C::Reject, C::RequestSupplement],
        ),
        (
            "online, department",
            &submitted_case,
            handler(DEPT),
            &[C::PreReview, C::Reject, C::RequestSupplement],
        ),
        ("online, other unit", &submitted_case, stranger, &[]),
        ("online, no handling role", &submitted_case, reader, &[]),
        // In review at the department's first stage.
        (
            "review, department",
            &in_review,
            handler(DEPT),
            &[C::RequestSupplement, C::CompleteStage, C::StartSpecial],
        ),
        ("review, window", &in_review, handler(WINDOW), &[]),
        // Awaiting the decision: only the leader decides.
        (
            "decision, handler",
            &at_decision,
            handler(DEPT),
            &[C::RequestSupplement, C::StartSpecial],
        ),
        (
            "decision, leader",
            &at_decision,
            leader(DEPT),
            &[C::RequestSupplement, C::StartSpecial, C::Decide],
        ),
        // Decided: the unit that accepted delivers.
        (
            "decided, department",
            &decided,
            handler(DEPT),
            &[C::Deliver],
        ),
        ("decided, window", &decided, handler(WINDOW), &[]),
    ];
    for (name, case, acting, expected) in rows {
        assert_eq!(&available(case, &online, *acting), expected, "{name}");
    }
    let without_prereview = submitted(&plain());
    assert_eq!(
        available(&without_prereview, &plain(), handler(WINDOW)),
        [C::Accept, C::Reject, C::RequestSupplement]
    );
    assert_eq!(in_review.status, Status::InReview);
}

/// The command of `kind` as the department would send it.
fn command(kind: C) -> Option<Command> {
    Some(match kind {
        C::PreReview => prereview(),
        C::Accept => accept(DEPT),
        C::RequestSupplement => notice("form"),
        C::CompleteStage => complete(),
        C::StartSpecial => site_inspection(),
        C::EndSpecial => end_special(),
        C::Decide => approve(),
        C::Deliver => deliver(DEPT, DeliveryMethod::PickUp),
        _ => return None,
    })
}

/// SVC-PROMISE, SVC-SPECIAL: along the ordinary path every command offered to the
/// department's leader applies, so the page never offers a button the machine refuses.
#[test]
fn svc_promise_every_command_offered_along_the_path_is_accepted_by_the_machine() {
    let item: Item = item();
    let mut case = submitted(&item);
    let path = [
        C::PreReview,
        C::Accept,
        C::StartSpecial,
        C::EndSpecial,
        C::CompleteStage,
        C::CompleteStage,
        C::Decide,
        C::Deliver,
    ];
    for step in path {
        for kind in available(&case, &item, leader(DEPT)) {
            if let Some(command) = command(kind) {
                let result = apply(&case, &item, &command, t0(), &PROFILE, &CAL);
                assert!(
                    result.is_ok(),
                    "{kind:?} offered in {:?}: {result:?}",
                    case.status
                );
            }
        }
        let next = command(step).unwrap();
        assert!(
            available(&case, &item, leader(DEPT)).contains(&step),
            "{step:?} in {:?}",
            case.status
        );
        case = run(&case, &item, next, t0());
    }
    assert_eq!(case.status, Status::Concluded);
}
