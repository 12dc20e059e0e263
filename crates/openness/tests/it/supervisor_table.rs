//! The machine of a supervisor's finding (PUB-SUPERVISOR): every allowed and refused pair of
//! its transition table, who may run each command, the supervisor's term, and the reply
//! clock from the profile filed under the unit.

use openness::supervisor::{
    self, Command, CommandKind, Finding, FindingFiling, FindingId, Link, Status, Supervisor,
    SupervisorId, TRANSITIONS,
};
use platform::roles::Role;

use crate::{DEPT, OFFICE, OTHER, acting, date, officer, rules, t0, wd};

fn appointed() -> Supervisor {
    Supervisor {
        id: SupervisorId(7),
        office: OFFICE,
        name: "王监督".into(),
        contact: "13800000000".into(),
        origin: "县人大代表".into(),
        term_from: date("2025-01-01"),
        term_until: date("2026-12-31"),
        registered_by: officer().user,
        registered_at: t0(),
    }
}

fn filing(found_on: &str) -> FindingFiling {
    FindingFiling {
        supervisor: None,
        unit: DEPT,
        link: Link::Service,
        found_on: date(found_on),
        matter: "教育局网站未公开办事时限".into(),
    }
}

fn registered() -> Finding {
    supervisor::register(
        FindingId(1),
        OFFICE,
        filing("2026-02-27"),
        &appointed(),
        &officer(),
        t0(),
    )
    .unwrap()
    .0
}

fn dept_handler() -> openness::Acting {
    acting(40, DEPT, &[Role::UnitHandler])
}

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Send => Command::Send,
        CommandKind::Reply => Command::Reply {
            text: "已补充公开".into(),
        },
        CommandKind::Return => Command::Return {
            reason: "未附整改截图".into(),
        },
        CommandKind::Accept => Command::Accept {
            note: "经核实已整改".into(),
        },
    }
}

fn in_status(status: Status) -> Finding {
    let mut finding = registered();
    finding.status = status;
    finding
}

#[test]
fn pub_supervisor_every_pair_of_the_table() {
    for status in [
        Status::Registered,
        Status::Sent,
        Status::Replied,
        Status::Closed,
    ] {
        for kind in CommandKind::ALL {
            let finding = in_status(status);
            let by = if kind == CommandKind::Reply {
                dept_handler()
            } else {
                officer()
            };
            let result = supervisor::apply(&finding, &command(kind), &by, t0(), rules());
            let row = TRANSITIONS
                .iter()
                .find(|(from, k, _)| *from == status && *k == kind);
            match row {
                Some((_, _, to)) => {
                    assert_eq!(result.unwrap().0.status, *to, "{status:?} {kind:?}")
                }
                None => assert!(result.is_err(), "{status:?} {kind:?} should be refused"),
            }
        }
    }
}

#[test]
fn pub_supervisor_only_the_office_sends_and_only_the_unit_replies() {
    let finding = registered();
    assert!(supervisor::apply(&finding, &Command::Send, &dept_handler(), t0(), rules()).is_err());
    let stranger = acting(99, OTHER, &[Role::OpennessOfficer]);
    assert!(supervisor::apply(&finding, &Command::Send, &stranger, t0(), rules()).is_err());
    let (sent, _) = supervisor::apply(&finding, &Command::Send, &officer(), t0(), rules()).unwrap();
    let reply = command(CommandKind::Reply);
    assert!(supervisor::apply(&sent, &reply, &officer(), t0(), rules()).is_err());
    assert_eq!(
        supervisor::available(&sent, &dept_handler()),
        vec![CommandKind::Reply]
    );
    // An empty reply is refused.
    let empty = Command::Reply { text: "  ".into() };
    assert!(supervisor::apply(&sent, &empty, &dept_handler(), t0(), rules()).is_err());
}

#[test]
fn pub_supervisor_reply_clock_is_the_profiles_and_the_units_and_restarts_on_return() {
    let (sent, _) =
        supervisor::apply(&registered(), &Command::Send, &officer(), t0(), rules()).unwrap();
    let clock = sent.clocks.iter().find(|c| c.is_running()).unwrap();
    assert_eq!(clock.unit, Some(DEPT));
    assert_eq!(
        rules().profile.openness.supervisor_finding_reply.limit(),
        wd(10)
    );
    let (replied, _) = supervisor::apply(
        &sent,
        &command(CommandKind::Reply),
        &dept_handler(),
        t0(),
        rules(),
    )
    .unwrap();
    assert!(replied.clocks.iter().all(|c| !c.is_running()));
    let (returned, _) = supervisor::apply(
        &replied,
        &command(CommandKind::Return),
        &officer(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(returned.status, Status::Sent);
    assert_eq!(returned.clocks.iter().filter(|c| c.is_running()).count(), 1);
    // The unit reads the finding without who found it.
    assert!(returned.filing.supervisor.is_some());
    assert!(returned.for_unit().filing.supervisor.is_none());
}

#[test]
fn pub_supervisor_finding_only_within_the_term() {
    let refused = supervisor::register(
        FindingId(1),
        OFFICE,
        filing("2024-12-31"),
        &appointed(),
        &officer(),
        t0(),
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("聘期"), "{refused}");
    // A supervisor of another office's register is refused too.
    let mut theirs = appointed();
    theirs.office = OTHER;
    assert!(
        supervisor::register(
            FindingId(1),
            OFFICE,
            filing("2026-02-27"),
            &theirs,
            &officer(),
            t0()
        )
        .is_err()
    );
    // Registering is the office's openness officer's.
    assert!(
        supervisor::register(
            FindingId(1),
            OFFICE,
            filing("2026-02-27"),
            &appointed(),
            &dept_handler(),
            t0()
        )
        .is_err()
    );
}
