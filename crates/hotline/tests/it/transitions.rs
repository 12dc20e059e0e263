//! Table-driven tests of every transition of the work-order state machine, allowed and
//! refused (HL-REGISTER … HL-ARCHIVE, HL-WITHDRAW).

use std::collections::HashSet;

use hotline::ErrorKind;
use hotline::appeal::{EmergencyLine, HandlingClass};
use hotline::evaluation::Rating;
use hotline::order::{
    Command, CommandKind, ContactOutcome, Decision, FormFinding, ReviewFinding, Status,
    TRANSITIONS, apply,
};
use hotline::refuse::RefuseReason;

use crate::cases::cases;
use crate::*;

/// A representative, well-formed command of each kind.
pub fn sample(kind: CommandKind) -> Command {
    match kind {
        CommandKind::AnswerFromKb => Command::AnswerFromKb {
            entry: published_entry(),
        },
        CommandKind::Refuse => Command::Refuse {
            reason: RefuseReason::Abusive,
            explanation: "已解释".into(),
        },
        CommandKind::TransferEmergency => Command::TransferEmergency {
            line: EmergencyLine::Police110,
            note: "转 110".into(),
        },
        CommandKind::MergeInto => Command::MergeInto {
            target: hotline::AppealId(5),
            target_status: Status::Dispatched,
        },
        CommandKind::AcceptMerged => Command::AcceptMerged {
            source: hotline::AppealId(6),
        },
        CommandKind::Dispatch => dispatch(HandlingClass::Suggestion),
        CommandKind::Sign => sign(LEAD),
        CommandKind::Return => good_return(),
        CommandKind::ReportInitialOpinion => Command::ReportInitialOpinion {
            unit: LEAD,
            text: "初步意见".into(),
        },
        CommandKind::ReportProgress => Command::ReportProgress {
            unit: LEAD,
            text: "进度".into(),
            promised: limit("10wd"),
        },
        CommandKind::ApplyExtension => extend_command("3wd"),
        CommandKind::DecideExtension => decide_extension(Decision::Approve),
        CommandKind::ApplyHang => hang_command(at("2025-04-01T09:00")),
        CommandKind::DecideHang => decide_hang(Decision::Approve),
        CommandKind::Unhang => Command::Unhang {
            unit: LEAD,
            note: "已解决".into(),
        },
        CommandKind::Contribute => Command::Contribute {
            unit: ASSIST,
            text: "协办意见".into(),
        },
        CommandKind::SubmitResult => submit(),
        CommandKind::ApproveResult => approve(),
        CommandKind::Urge => Command::Urge,
        CommandKind::ReportUrgeDelay => Command::ReportUrgeDelay {
            unit: LEAD,
            reason: "需等待上级部门批复".into(),
        },
        CommandKind::DecideUrgeReport => Command::DecideUrgeReport {
            decision: Decision::Approve,
            new_limit: limit("5wd"),
            note: "接受".into(),
        },
        CommandKind::ReplyAttempt => reply(ContactOutcome::Reached),
        CommandKind::CloseUnreachable => Command::CloseUnreachable,
        CommandKind::Callback => callback(Rating::Satisfied),
        CommandKind::Review => review(ReviewFinding::Adequate),
        CommandKind::UploadReviewForm => review_form(),
        CommandKind::ConcludeFormReview => conclude(FormFinding::Compliant),
        CommandKind::Archive => archive(),
        CommandKind::Withdraw => withdraw(),
    }
}

const ALL_KINDS: [CommandKind; 29] = [
    CommandKind::AnswerFromKb,
    CommandKind::Refuse,
    CommandKind::TransferEmergency,
    CommandKind::MergeInto,
    CommandKind::AcceptMerged,
    CommandKind::Dispatch,
    CommandKind::Sign,
    CommandKind::Return,
    CommandKind::ReportInitialOpinion,
    CommandKind::ReportProgress,
    CommandKind::ApplyExtension,
    CommandKind::DecideExtension,
    CommandKind::ApplyHang,
    CommandKind::DecideHang,
    CommandKind::Unhang,
    CommandKind::Contribute,
    CommandKind::SubmitResult,
    CommandKind::ApproveResult,
    CommandKind::Urge,
    CommandKind::ReportUrgeDelay,
    CommandKind::DecideUrgeReport,
    CommandKind::ReplyAttempt,
    CommandKind::CloseUnreachable,
    CommandKind::Callback,
    CommandKind::Review,
    CommandKind::UploadReviewForm,
    CommandKind::ConcludeFormReview,
    CommandKind::Archive,
    CommandKind::Withdraw,
];

/// HL-DISPATCH … HL-WITHDRAW: every case of the table gives the expected status or error,
/// and a refused command leaves the order unchanged.
#[test]
fn every_transition_of_the_table_gives_the_expected_result() {
    let mut failures = Vec::new();
    for (name, from, command, now, expected) in cases() {
        let order = order_in(from);
        assert_eq!(order.status, from, "{name}: fixture");
        let got = apply(&order, &command, now, &PROFILE, &CAL)
            .map(|(next, _)| next.status)
            .map_err(|error| error.kind());
        if got != expected {
            failures.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every row of `TRANSITIONS` is exercised by an allowed case of the table (or the longer
/// paths of `flow.rs`, listed here).
#[test]
fn every_allowed_row_is_exercised_by_the_table() {
    let mut seen: HashSet<(Status, CommandKind, Status)> = HashSet::new();
    for (_, from, command, _, expected) in cases() {
        if let Ok(to) = expected {
            seen.insert((from, command.kind(), to));
        }
    }
    // Covered in flow.rs: the last-round callback and unreachable closing.
    seen.insert((
        Status::Replied,
        CommandKind::Callback,
        Status::AwaitingReviewForm,
    ));
    seen.insert((
        Status::ResultApproved,
        CommandKind::CloseUnreachable,
        Status::Closed,
    ));
    seen.insert((
        Status::Handling,
        CommandKind::ReportInitialOpinion,
        Status::Handling,
    ));
    seen.insert((
        Status::Handling,
        CommandKind::ReportProgress,
        Status::Handling,
    ));
    seen.insert((Status::Hung, CommandKind::Sign, Status::Hung));
    seen.insert((Status::Hung, CommandKind::Urge, Status::Hung));
    seen.insert((Status::Handling, CommandKind::Sign, Status::Handling));
    // Covered in rules_audit.rs: decisions on a pending application or urge report, and an
    // assisting unit's return of its part.
    for (from, kind, to) in [
        (
            Status::Handling,
            CommandKind::DecideExtension,
            Status::Handling,
        ),
        (Status::Handling, CommandKind::DecideHang, Status::Hung),
        (Status::Handling, CommandKind::DecideHang, Status::Handling),
        (Status::Dispatched, CommandKind::Return, Status::Dispatched),
        (Status::Handling, CommandKind::Return, Status::Handling),
        (Status::Dispatched, CommandKind::Urge, Status::Dispatched),
    ] {
        seen.insert((from, kind, to));
    }
    for status in [
        Status::Dispatched,
        Status::Handling,
        Status::Hung,
        Status::ResultSubmitted,
    ] {
        seen.insert((status, CommandKind::ReportUrgeDelay, status));
        seen.insert((status, CommandKind::DecideUrgeReport, status));
    }
    let missing: Vec<_> = TRANSITIONS
        .iter()
        .filter(|row| !seen.contains(row))
        .collect();
    assert!(missing.is_empty(), "rows without a case: {missing:?}");
}

/// Every (status, command) pair the table does not list is refused as an invalid transition
/// with a Chinese message naming both, and changes nothing.
#[test]
fn every_pair_not_in_the_table_is_an_invalid_transition() {
    let mut checked = 0;
    for from in Status::ALL {
        let order = order_in(from);
        for kind in ALL_KINDS {
            let allowed = TRANSITIONS.iter().any(|&(f, k, _)| f == from && k == kind);
            if allowed {
                continue;
            }
            let error = apply(&order, &sample(kind), t0(), &PROFILE, &CAL).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::InvalidTransition,
                "{from:?} {kind:?}"
            );
            let message = error.to_string();
            assert!(
                message.contains(from.label_zh()) && message.contains(kind.label_zh()),
                "{message}"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

/// Final statuses accept nothing at all.
#[test]
fn final_statuses_accept_no_command() {
    for from in Status::ALL.into_iter().filter(|status| status.is_final()) {
        assert!(TRANSITIONS.iter().all(|&(f, _, _)| f != from), "{from:?}");
    }
}

/// The buttons a page offers come from the table: every command `available` lists for the
/// hotline or the lead unit, in every status, is a row of the table that the acting side may
/// issue — applying it never fails as an invalid transition or the wrong unit (data checks
/// such as a passed deadline may still refuse it).
#[test]
fn every_available_command_is_allowed_for_its_actor() {
    use hotline::order::{Acting, available};
    let lead = Acting::Unit {
        unit: LEAD,
        leader: true,
    };
    let mut offered = 0;
    for status in Status::ALL {
        let order = order_in(status);
        for acting in [Acting::Hotline, lead] {
            for kind in available(&order, acting) {
                offered += 1;
                if let Err(error) = apply(&order, &sample(kind), t0(), &PROFILE, &CAL) {
                    assert!(
                        !matches!(
                            error.kind(),
                            ErrorKind::InvalidTransition | ErrorKind::NotAssigned
                        ),
                        "{status:?} {acting:?} {kind:?}: {error}"
                    );
                }
            }
        }
        let stranger = Acting::Unit {
            unit: STRANGER,
            leader: true,
        };
        assert!(available(&order, stranger).is_empty(), "{status:?}");
    }
    assert!(offered > 30, "{offered}");
    // An assisting unit signs and contributes, never submits the result.
    let assisting = Acting::Unit {
        unit: ASSIST,
        leader: false,
    };
    let dispatched = order_in(Status::Dispatched);
    assert!(available(&dispatched, assisting).contains(&CommandKind::Sign));
    let handling = order_in(Status::Handling);
    let offered = available(&handling, assisting);
    assert!(offered.contains(&CommandKind::Contribute), "{offered:?}");
    assert!(!offered.contains(&CommandKind::SubmitResult), "{offered:?}");
}
