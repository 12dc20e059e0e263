//! WEB-REGISTRY: table-driven tests of every transition of the site machine, allowed and
//! refused, each starting point reached by the ordinary path of commands.

use std::collections::HashSet;

use sites::ErrorKind;
use sites::registry::{Command, CommandKind, Site, Status, TRANSITIONS, apply};

use crate::*;

/// How to reach a starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fixture {
    Proposed,
    OpeningApplied,
    Open,
    OfflineApplied,
    Offline,
    ClosingApplied,
    /// A closing applied for while offline.
    ClosingAppliedOffline,
    Closed,
}

const FIXTURES: [Fixture; 8] = [
    Fixture::Proposed,
    Fixture::OpeningApplied,
    Fixture::Open,
    Fixture::OfflineApplied,
    Fixture::Offline,
    Fixture::ClosingApplied,
    Fixture::ClosingAppliedOffline,
    Fixture::Closed,
];

fn apply_close() -> Command {
    Command::ApplyClose {
        reason: "机构撤并，内容迁移至门户网站".into(),
    }
}

fn reach(fixture: Fixture) -> Site {
    let host = dept_leader();
    let office = office_leader();
    match fixture {
        Fixture::Proposed => site_of(dept_registration(), false),
        Fixture::OpeningApplied => run_site(&reach(Fixture::Proposed), apply_open(), &host, t0()),
        Fixture::Open => site_of(dept_registration(), true),
        Fixture::OfflineApplied => run_site(&reach(Fixture::Open), apply_offline(10), &host, t0()),
        Fixture::Offline => run_site(&reach(Fixture::OfflineApplied), approve(), &office, t0()),
        Fixture::ClosingApplied => run_site(&reach(Fixture::Open), apply_close(), &host, t0()),
        Fixture::ClosingAppliedOffline => {
            run_site(&reach(Fixture::Offline), apply_close(), &host, t0())
        }
        Fixture::Closed => run_site(&reach(Fixture::ClosingApplied), approve(), &office, t0()),
    }
}

/// A well-formed command of each kind, and the leader who issues it.
fn sample(kind: CommandKind) -> (Command, Acting) {
    match kind {
        CommandKind::ApplyOpen => (apply_open(), dept_leader()),
        CommandKind::ApplyOffline => (apply_offline(10), dept_leader()),
        CommandKind::ApplyClose => (apply_close(), dept_leader()),
        CommandKind::Approve => (approve(), office_leader()),
        CommandKind::Reject => (
            Command::Reject {
                reason: "理由不充分".into(),
            },
            office_leader(),
        ),
        CommandKind::Restore => (Command::Restore, dept_leader()),
        CommandKind::ReportEmergency => (
            Command::ReportEmergency {
                report: "机房断电，预计停机两天，已书面报备".into(),
            },
            dept_leader(),
        ),
        CommandKind::ChangeRegistration => {
            let mut registration = dept_registration();
            registration.contact_phone = "0936-8299999".into();
            (
                Command::ChangeRegistration {
                    registration: Box::new(registration),
                    reason: "联系电话变更".into(),
                },
                dept_leader(),
            )
        }
    }
}

/// Every row, with the fixture and command that reach it.
fn cases() -> Vec<(Fixture, CommandKind, Status)> {
    use CommandKind as C;
    use Fixture as F;
    vec![
        (F::Proposed, C::ApplyOpen, Status::OpeningApplied),
        (F::OpeningApplied, C::Approve, Status::Open),
        (F::OpeningApplied, C::Reject, Status::Proposed),
        (F::Open, C::ApplyOffline, Status::OfflineApplied),
        (F::OfflineApplied, C::Approve, Status::Offline),
        (F::OfflineApplied, C::Reject, Status::Open),
        (F::Offline, C::Restore, Status::Open),
        (F::Open, C::ReportEmergency, Status::Offline),
        (F::Open, C::ApplyClose, Status::ClosingApplied),
        (F::Offline, C::ApplyClose, Status::ClosingApplied),
        (F::ClosingApplied, C::Approve, Status::Closed),
        (F::ClosingApplied, C::Reject, Status::Open),
        (F::ClosingAppliedOffline, C::Reject, Status::Offline),
        (F::ClosingAppliedOffline, C::Approve, Status::Closed),
        (F::Proposed, C::ChangeRegistration, Status::Proposed),
        (
            F::OpeningApplied,
            C::ChangeRegistration,
            Status::OpeningApplied,
        ),
        (F::Open, C::ChangeRegistration, Status::Open),
        (
            F::OfflineApplied,
            C::ChangeRegistration,
            Status::OfflineApplied,
        ),
        (F::Offline, C::ChangeRegistration, Status::Offline),
        (
            F::ClosingApplied,
            C::ChangeRegistration,
            Status::ClosingApplied,
        ),
    ]
}

/// WEB-REGISTRY: each listed transition, run by its leader, gives the expected status.
#[test]
fn web_registry_every_listed_transition_gives_the_expected_status() {
    for (fixture, kind, expected) in cases() {
        let start = reach(fixture);
        let (command, by) = sample(kind);
        let got = apply(&start, &command, &by, t0(), rules()).map(|(next, _)| next.status);
        assert_eq!(got, Ok(expected), "{fixture:?} {kind:?}");
    }
}

/// WEB-REGISTRY: every row of the table is reached by an allowed case.
#[test]
fn web_registry_every_table_row_is_exercised() {
    let mut covered = HashSet::new();
    for (fixture, kind, _) in cases() {
        let start = reach(fixture);
        let (command, by) = sample(kind);
        if let Ok((next, _)) = apply(&start, &command, &by, t0(), rules()) {
            covered.insert((start.status, kind, next.status));
        }
    }
    for row in TRANSITIONS {
        assert!(covered.contains(row), "row {row:?} has no allowed case");
    }
}

/// WEB-REGISTRY: every (status, command) pair not in the table is refused as an invalid
/// transition, whoever asks, and the site is unchanged; every listed pair is accepted.
#[test]
fn web_registry_every_pair_not_in_the_table_is_refused_as_an_invalid_transition() {
    for fixture in FIXTURES {
        let start = reach(fixture);
        for kind in CommandKind::ALL {
            let listed = TRANSITIONS
                .iter()
                .any(|&(from, command, _)| from == start.status && command == kind);
            let (command, by) = sample(kind);
            let result = apply(&start, &command, &by, t0(), rules());
            if listed {
                let (next, _) = result.unwrap_or_else(|e| panic!("{fixture:?} {kind:?}: {e}"));
                let row = (start.status, kind, next.status);
                assert!(TRANSITIONS.contains(&row), "{row:?} is not a row");
            } else {
                let error = result
                    .err()
                    .unwrap_or_else(|| panic!("{fixture:?} {kind:?}"));
                assert_eq!(
                    error.kind(),
                    ErrorKind::InvalidTransition,
                    "{fixture:?} {kind:?}"
                );
                let by_stranger = apply(&start, &command, &stranger(), t0(), rules());
                assert_eq!(
                    by_stranger.map_err(|e| e.kind()).err(),
                    Some(ErrorKind::InvalidTransition)
                );
            }
        }
    }
}

/// WEB-REGISTRY: every status has a Chinese label, and only a closed site is final.
#[test]
fn web_registry_statuses_have_labels_and_only_closed_is_final() {
    for status in Status::ALL {
        assert!(!status.label_zh().is_empty());
        let leaves = TRANSITIONS.iter().any(|&(from, _, _)| from == status);
        assert_eq!(!leaves, status.is_final(), "{status:?}");
    }
    assert_eq!(CommandKind::label_of_code("apply_offline"), "申请临时下线");
    // A site waiting for its closing stays online or offline as it was.
    assert!(reach(Fixture::ClosingApplied).is_serving());
    assert!(!reach(Fixture::ClosingAppliedOffline).is_serving());
    assert!(reach(Fixture::OfflineApplied).is_serving());
}
