//! The machine of an accountability case (PUB-ACCOUNT; 002 责任追究 §6–9): every pair of its
//! transition table, who may run each command, the opening's checks (facts, the responsible
//! person), and the report clock from the profile filed under the unit.

use openness::account::{
    self, AccountCase, CaseId, Command, CommandKind, Failure, Opening, Responsibility, Sanction,
    Status, TRANSITIONS,
};
use platform::roles::Role;

use crate::{DEPT, OFFICE, acting, officer, rules, t0, wd};

fn opening() -> Opening {
    Opening {
        unit: DEPT,
        failure: Failure::NotDisclosed,
        link: None,
        facts: "2025年教育收费标准应公开而未公开".into(),
        responsibility: Responsibility::Handler,
        responsible: "李某（办公室科员）".into(),
        sanction: Sanction::Warning,
    }
}

fn opened() -> AccountCase {
    account::open(CaseId(1), OFFICE, opening(), &officer(), t0(), rules())
        .unwrap()
        .0
}

fn dept_leader() -> openness::Acting {
    acting(41, DEPT, &[Role::UnitLeader])
}

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Report => Command::Report {
            text: "已于网站补充公开收费标准，并对承办人批评教育".into(),
        },
        CommandKind::Return => Command::Return {
            reason: "未说明整改时间".into(),
        },
        CommandKind::Close => Command::Close {
            note: "整改到位".into(),
        },
    }
}

#[test]
fn pub_account_every_pair_of_the_table() {
    for status in [Status::Open, Status::Reported, Status::Closed] {
        for kind in CommandKind::ALL {
            let mut case = opened();
            case.status = status;
            let by = if kind == CommandKind::Report {
                dept_leader()
            } else {
                officer()
            };
            let result = account::apply(&case, &command(kind), &by, t0(), rules());
            match TRANSITIONS
                .iter()
                .find(|(f, k, _)| *f == status && *k == kind)
            {
                Some((_, _, to)) => assert_eq!(result.unwrap().0.status, *to),
                None => assert!(result.is_err(), "{status:?} {kind:?}"),
            }
        }
    }
}

#[test]
fn pub_account_opening_records_responsibility_and_sanction_and_starts_the_report_clock() {
    let case = opened();
    assert_eq!(case.opening.responsibility, Responsibility::Handler);
    assert_eq!(case.opening.sanction, Sanction::Warning);
    let clock = case.clocks.iter().find(|c| c.is_running()).unwrap();
    assert_eq!(clock.unit, Some(DEPT));
    assert_eq!(
        rules().profile.openness.rectification_report.limit(),
        wd(20)
    );
    // Without facts or the responsible person: refused, both said at once.
    let mut bad = opening();
    bad.facts = " ".into();
    bad.responsible = String::new();
    let refused = account::open(CaseId(1), OFFICE, bad, &officer(), t0(), rules())
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("事实") && refused.contains("责任人"),
        "{refused}"
    );
    // Only the office's openness officer opens a case.
    assert!(account::open(CaseId(1), OFFICE, opening(), &dept_leader(), t0(), rules()).is_err());
}

#[test]
fn pub_account_the_unit_reports_in_writing_and_the_office_closes() {
    let case = opened();
    // The office may not write the unit's report; an empty report is no report.
    assert!(
        account::apply(
            &case,
            &command(CommandKind::Report),
            &officer(),
            t0(),
            rules()
        )
        .is_err()
    );
    let empty = Command::Report { text: " ".into() };
    assert!(account::apply(&case, &empty, &dept_leader(), t0(), rules()).is_err());
    let (reported, _) = account::apply(
        &case,
        &command(CommandKind::Report),
        &dept_leader(),
        t0(),
        rules(),
    )
    .unwrap();
    assert!(reported.clocks.iter().all(|c| !c.is_running()));
    assert!(
        account::apply(
            &reported,
            &command(CommandKind::Close),
            &dept_leader(),
            t0(),
            rules()
        )
        .is_err()
    );
    let (returned, _) = account::apply(
        &reported,
        &command(CommandKind::Return),
        &officer(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(returned.status, Status::Open);
    assert_eq!(returned.clocks.iter().filter(|c| c.is_running()).count(), 1);
}
