//! NET-ACCESS: every (kind, status, command) of the access application against the
//! transition table — each row allowed with its target status, every other pair refused as
//! an invalid transition that changes nothing.

use extranet::ErrorKind;
use extranet::application::{self, ApplicationKind, Command, CommandKind, Status, TRANSITIONS};

use crate::{Fixture, at, office, registered, unit_staff};

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Approve => Command::Approve {
            opinion: "符合接入条件".into(),
        },
        CommandKind::Refuse => Command::Refuse {
            reason: "不属于接入范围".into(),
        },
        CommandKind::SubmitPlan => Command::SubmitPlan {
            plan: "专线接入方案".into(),
        },
        CommandKind::Implement => Command::Implement {
            note: "已完成链路开通".into(),
        },
        CommandKind::PassTest => Command::ReportTest {
            passed: true,
            result: "业务正常".into(),
        },
        CommandKind::FailTest => Command::ReportTest {
            passed: false,
            result: "无法访问".into(),
        },
        CommandKind::CloseLink => Command::CloseLink {
            notice: "链路已关闭".into(),
        },
    }
}

/// NET-ACCESS: the table decides every pair for every kind of application.
#[test]
fn every_pair_of_status_and_command_is_decided_by_the_table() {
    let fixture = Fixture::new();
    let now = at("2025-03-04T10:00:00+08:00");
    let mut allowed = 0;
    for kind in ApplicationKind::ALL {
        for status in Status::ALL {
            let mut application = registered(&fixture, kind);
            application.status = status;
            for command_kind in CommandKind::ALL {
                let acting = match command_kind.owner() {
                    application::Owner::Office => office(),
                    application::Owner::Unit => unit_staff(),
                };
                let row = TRANSITIONS.iter().find(|(serves, from, row, _)| {
                    serves.includes(kind) && *from == status && *row == command_kind
                });
                let outcome = application::apply(
                    &application,
                    &command(command_kind),
                    &acting,
                    now,
                    fixture.rules(),
                );
                match (row, outcome) {
                    (Some((_, _, _, to)), Ok((next, _))) => {
                        assert_eq!(next.status, *to, "{kind:?} {status:?} {command_kind:?}");
                        allowed += 1;
                    }
                    (None, Err(error)) => assert_eq!(
                        error.kind(),
                        ErrorKind::InvalidTransition,
                        "{kind:?} {status:?} {command_kind:?}: {error}"
                    ),
                    (row, outcome) => panic!(
                        "{kind:?} {status:?} {command_kind:?}: row {row:?}, outcome {outcome:?}"
                    ),
                }
            }
        }
    }
    // Access and change: 7 rows each; closing: approve, refuse, close the link.
    assert_eq!(allowed, 7 + 7 + 3);
}

/// NET-ACCESS: a final application (refused, in operation, closed) takes no command.
#[test]
fn final_statuses_take_no_command() {
    for status in Status::ALL.into_iter().filter(|s| s.is_final()) {
        assert!(
            TRANSITIONS.iter().all(|(_, from, _, _)| *from != status),
            "{status:?}"
        );
    }
}

/// NET-ACCESS: `available` offers exactly the table's rows that the viewer may run.
#[test]
fn available_offers_the_rows_the_viewer_may_run() {
    let fixture = Fixture::new();
    let application = registered(&fixture, ApplicationKind::Access);
    assert_eq!(
        application::available(&application, &office()),
        vec![CommandKind::Approve, CommandKind::Refuse]
    );
    assert!(application::available(&application, &unit_staff()).is_empty());
    let mut implemented = application.clone();
    implemented.status = Status::Implemented;
    assert_eq!(
        application::available(&implemented, &unit_staff()),
        vec![CommandKind::PassTest, CommandKind::FailTest]
    );
}
