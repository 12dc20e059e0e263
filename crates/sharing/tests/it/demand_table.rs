//! The demand machine (DATA-DEMAND): forwarded by the administrator in 3 WD, confirmed by the
//! provider in 10 WD or refused with a basis; every pair of the table.

use sharing::demand::{self, Command, CommandKind, Status, TRANSITIONS};
use sharing::{DemandId, ErrorKind};

use crate::{CAL, PROVIDER, administrator, consumer, provider, rules, t0};

fn filed() -> demand::Demand {
    demand::file(
        DemandId(1),
        PROVIDER,
        "企业年报数据",
        "就业补贴审核",
        &consumer(),
        t0(),
        rules(),
    )
    .unwrap()
    .0
}

#[test]
fn data_demand_forwarded_in_three_and_confirmed_in_ten_working_days() {
    let demand = filed();
    assert_eq!(
        demand.clocks[0].due(&CAL).local_date().to_string(),
        "2026-03-05"
    );
    let by_provider = demand::apply(&demand, &Command::Forward, &provider(), t0(), rules());
    assert_eq!(by_provider.unwrap_err().kind(), ErrorKind::NotPermitted);
    let (forwarded, _) =
        demand::apply(&demand, &Command::Forward, &administrator(), t0(), rules()).unwrap();
    assert_eq!(forwarded.status, Status::Forwarded);
    assert!(!forwarded.clocks[0].is_running());
    assert_eq!(forwarded.clocks[1].unit, Some(PROVIDER));
    assert_eq!(
        forwarded.clocks[1].due(&CAL).local_date().to_string(),
        "2026-03-16"
    );
    let refuse = Command::Refuse { basis: " ".into() };
    let error = demand::apply(&forwarded, &refuse, &provider(), t0(), rules()).unwrap_err();
    assert!(error.to_string().contains("依据"));
    let (confirmed, _) = demand::apply(
        &forwarded,
        &Command::Confirm {
            note: "已挂接库表".into(),
        },
        &provider(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(confirmed.status, Status::Confirmed);
    assert!(confirmed.clocks.iter().all(|c| !c.is_running()));
}

#[test]
fn data_demand_every_pair_of_the_table() {
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            let mut demand = filed();
            demand.status = status;
            let command = match kind {
                CommandKind::Forward => Command::Forward,
                CommandKind::Reject => Command::Reject {
                    reason: "未明确提供部门".into(),
                },
                CommandKind::Confirm => Command::Confirm { note: "可".into() },
                CommandKind::Refuse => Command::Refuse {
                    basis: "§4(一)".into(),
                },
            };
            let actor = if matches!(kind, CommandKind::Forward | CommandKind::Reject) {
                administrator()
            } else {
                provider()
            };
            let row = TRANSITIONS
                .iter()
                .find(|(from, row, _)| *from == status && *row == kind);
            match (row, demand::apply(&demand, &command, &actor, t0(), rules())) {
                (Some((_, _, to)), Ok((next, _))) => assert_eq!(next.status, *to),
                (None, Err(error)) => assert_eq!(error.kind(), ErrorKind::InvalidTransition),
                (row, result) => panic!("{status:?} × {kind:?}: {row:?} vs {result:?}"),
            }
        }
    }
}
