//! HALL-HARDCASE: the 办不成事反映 / 陇商通 cases' every allowed and refused step — the
//! registration's checks, the transition table, who may act (the centre transfers, urges,
//! returns, feeds back and closes; the department handles), urging only past the deadline,
//! the three clocks started and stopped with the profile's limits, the feedback date.

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use hall::hardcase::{
    Acting, Channel, Command, CommandKind, Event, Filing, HardClock, Hardcase, Limits, Status,
    apply, available, register, row,
};
use platform::ids::{UnitId, UserId};
use platform::profile::RuleProfile;
use platform::workflow::ClockChange;

const DAY: i64 = 86_400_000;
const CENTRE: UnitId = UnitId(1);
const DEPARTMENT: UnitId = UnitId(7);

/// Monday 2 March 2026, 09:00 in Shanghai.
fn monday() -> Instant {
    Instant::from_millis(1_772_413_200_000)
}

fn calendar() -> Calendar {
    Calendar::try_national().unwrap()
}

/// HALL-HARDCASE: the limits are the profile's.
fn limits() -> Limits {
    let hall = RuleProfile::default().hall;
    Limits {
        transfer: hall.hardcase_transfer.limit(),
        handling: hall.hardcase_handling.limit(),
        feedback: hall.hardcase_feedback.limit(),
    }
}

fn centre() -> Acting {
    Acting {
        user: UserId(10),
        unit: CENTRE,
    }
}

fn department() -> Acting {
    Acting {
        user: UserId(20),
        unit: DEPARTMENT,
    }
}

fn other() -> Acting {
    Acting {
        user: UserId(30),
        unit: UnitId(9),
    }
}

fn filing(channel: Channel) -> Filing {
    Filing {
        channel,
        requester: "张掖某食品有限公司".into(),
        contact: "13800001234".into(),
        content: "办理食品经营许可变更三次未办成，窗口称需另一部门出具证明".into(),
    }
}

fn registered() -> Hardcase {
    register(
        CENTRE,
        UserId(5),
        filing(Channel::Longshangtong),
        (monday(), limits()),
        &calendar(),
    )
    .unwrap()
    .0
}

fn run(case: &Hardcase, command: &Command, who: &Acting, at: Instant) -> Hardcase {
    apply(case, command, who, (at, limits()), &calendar())
        .unwrap()
        .0
}

fn transfer() -> Command {
    Command::Transfer {
        department: DEPARTMENT,
        note: "请三日内协调办结".into(),
    }
}

fn handle() -> Command {
    Command::Handle {
        result: "已协调出具证明并办结变更".into(),
    }
}

fn feedback(day: u32) -> Command {
    Command::Feedback {
        content: "已电话告知企业变更已办结".into(),
        told_on: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
    }
}

fn at(status: Status) -> Hardcase {
    let now = monday();
    let mut case = registered();
    if status == Status::Accepted {
        return case;
    }
    case = run(&case, &transfer(), &centre(), now);
    if status == Status::Transferred {
        return case;
    }
    case = run(&case, &handle(), &department(), now);
    if status == Status::Handled {
        return case;
    }
    case = run(&case, &feedback(2), &centre(), now);
    if status == Status::FedBack {
        return case;
    }
    run(&case, &Command::Close, &centre(), now)
}

fn command_of(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Transfer => transfer(),
        CommandKind::Urge => Command::Urge {
            note: "请即办理".into(),
        },
        CommandKind::Handle => handle(),
        CommandKind::Return => Command::Return {
            reason: "未说明证明的出具时间".into(),
        },
        CommandKind::Feedback => feedback(2),
        CommandKind::Close => Command::Close,
    }
}

fn actor_of(kind: CommandKind) -> Acting {
    if kind == CommandKind::Handle {
        department()
    } else {
        centre()
    }
}

/// HALL-HARDCASE: every (status, command) pair — allowed ones move as the table says (urging
/// at a time past the deadline), the others are refused and change nothing.
#[test]
fn hall_hardcase_every_pair_of_the_table() {
    let late = Instant::from_millis(monday().millis() + 30 * DAY);
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            let case = at(status);
            let outcome = apply(
                &case,
                &command_of(kind),
                &actor_of(kind),
                (late, limits()),
                &calendar(),
            );
            match row(status, kind) {
                Some(to) => {
                    let (next, events) = outcome.unwrap();
                    assert_eq!(next.status, to, "{status:?} {kind:?}");
                    assert!(matches!(events[0], Event::Stepped { .. }));
                }
                None => assert!(outcome.is_err(), "{status:?} {kind:?} must be refused"),
            }
        }
    }
}

/// HALL-HARDCASE: the registration's checks, every problem at once; the transfer clock runs
/// under the centre with the profile's limit.
#[test]
fn hall_hardcase_registration_checks_and_transfer_clock() {
    let bad = Filing {
        channel: Channel::HardCase,
        requester: "张".into(),
        contact: "12".into(),
        content: "办不".into(),
    };
    let error = register(CENTRE, UserId(5), bad, (monday(), limits()), &calendar())
        .unwrap_err()
        .to_string();
    assert!(error.contains("反映人或企业名称"), "{error}");
    assert!(error.contains("联系方式"), "{error}");
    assert!(error.contains("反映事项"), "{error}");
    let (case, events) = register(
        CENTRE,
        UserId(5),
        filing(Channel::HardCase),
        (monday(), limits()),
        &calendar(),
    )
    .unwrap();
    assert_eq!(case.status, Status::Accepted);
    assert_eq!(case.channel, Channel::HardCase);
    let clock = case.running().unwrap();
    assert_eq!(clock.kind, HardClock::Transfer);
    assert_eq!(clock.unit, Some(CENTRE));
    assert_eq!(clock.clock.limit(), limits().transfer);
    assert!(matches!(events[1], Event::Clock(_)));
}

/// HALL-HARDCASE: only the centre transfers, urges, returns, feeds back and closes; only the
/// department given the case handles it; a third unit does nothing.
#[test]
fn hall_hardcase_who_may_act() {
    let accepted = at(Status::Accepted);
    assert!(
        apply(
            &accepted,
            &transfer(),
            &department(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
    assert!(
        apply(
            &accepted,
            &transfer(),
            &other(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
    let transferred = at(Status::Transferred);
    assert!(
        apply(
            &transferred,
            &handle(),
            &centre(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
    assert!(
        apply(
            &transferred,
            &handle(),
            &other(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
    let handled = at(Status::Handled);
    assert!(
        apply(
            &handled,
            &feedback(2),
            &department(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
    assert!(available(&transferred, &other(), &calendar(), monday()).is_empty());
    assert_eq!(
        available(&transferred, &department(), &calendar(), monday()),
        vec![CommandKind::Handle]
    );
    // Transferring to the centre itself is refused.
    let to_self = Command::Transfer {
        department: CENTRE,
        note: String::new(),
    };
    assert!(
        apply(
            &accepted,
            &to_self,
            &centre(),
            (monday(), limits()),
            &calendar()
        )
        .is_err()
    );
}

/// HALL-HARDCASE: the department's clock runs from the transfer with the profile's handling
/// limit; the centre urges only past it (offered then, refused before), the urge recorded.
#[test]
fn hall_hardcase_urging_only_overdue() {
    let case = at(Status::Transferred);
    let clock = case.running().unwrap();
    assert_eq!(clock.kind, HardClock::Handling);
    assert_eq!(clock.unit, Some(DEPARTMENT));
    assert_eq!(clock.clock.limit(), limits().handling);
    let urge = command_of(CommandKind::Urge);
    let soon = Instant::from_millis(monday().millis() + DAY);
    assert!(!available(&case, &centre(), &calendar(), soon).contains(&CommandKind::Urge));
    let error = apply(&case, &urge, &centre(), (soon, limits()), &calendar()).unwrap_err();
    assert!(error.to_string().contains("不需督办"));
    let late = Instant::from_millis(monday().millis() + 14 * DAY);
    assert!(case.overdue(&calendar(), late));
    assert!(available(&case, &centre(), &calendar(), late).contains(&CommandKind::Urge));
    let urged = run(&case, &urge, &centre(), late);
    assert_eq!(urged.status, Status::Transferred);
    assert_eq!(urged.urges.len(), 1);
    assert_eq!(urged.urges[0].note, "请即办理");
}

/// HALL-HARDCASE: the result stops the department's clock (met or not) and starts the
/// feedback clock of the centre; a return restarts the department's clock; the feedback
/// records what was told and the day, within the case's days.
#[test]
fn hall_hardcase_clocks_and_feedback() {
    let case = at(Status::Transferred);
    let (handled, events) = apply(
        &case,
        &handle(),
        &department(),
        (monday(), limits()),
        &calendar(),
    )
    .unwrap();
    let stops: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Clock(c) => Some(c.change.clone()),
            _ => None,
        })
        .collect();
    assert!(matches!(stops[0], ClockChange::Stopped { met: true, .. }));
    assert!(matches!(stops[1], ClockChange::Started { .. }));
    assert_eq!(handled.running().unwrap().kind, HardClock::Feedback);
    assert_eq!(handled.handled_by, Some(department().user));
    let returned = run(
        &handled,
        &command_of(CommandKind::Return),
        &centre(),
        monday(),
    );
    assert_eq!(returned.status, Status::Transferred);
    assert_eq!(returned.running().unwrap().kind, HardClock::Handling);
    // The day told: not before the registration, not after today.
    for day in [1, 9] {
        assert!(
            apply(
                &handled,
                &feedback(day),
                &centre(),
                (monday(), limits()),
                &calendar()
            )
            .is_err()
        );
    }
    let told = run(&handled, &feedback(2), &centre(), monday());
    assert_eq!(told.told_on.as_deref(), Some("2026-03-02"));
    assert!(told.running().is_none());
    let closed = run(&told, &Command::Close, &centre(), monday());
    assert_eq!(closed.status, Status::Closed);
    assert_eq!(closed.closed_at, Some(monday()));
}
