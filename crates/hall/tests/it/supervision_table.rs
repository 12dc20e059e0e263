//! The supervision box's every allowed and refused step (HALL-BOX): registration checks, who
//! may act (the centre accepts, refers and tells; the accepting body concludes), the outcomes
//! of §35, feedback only to a complainant who left a contact, referral, the kernel clock
//! started and stopped with the profile's limit, and when the box is due to be opened.

use calendar::{Calendar, Instant, Limit};
use hall::supervision::{
    Acting, Command, CommandKind, Complaint, Event, Filing, Handler, Outcome, Source, Status,
    apply, available, on_time, opening_due, register,
};
use platform::ids::{UnitId, UserId};
use platform::profile::RuleProfile;
use platform::workflow::ClockChange;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const CENTRE: UnitId = UnitId(1);
const DEPARTMENT: UnitId = UnitId(7);

/// Monday 2 March 2026, 09:00 in Shanghai.
fn monday() -> Instant {
    Instant::from_millis(1_772_413_200_000)
}

fn calendar() -> Calendar {
    Calendar::try_national().unwrap()
}

/// HALL-BOX: the limit is the profile's (`hall.complaint_handling`, 10 working days).
fn limit() -> Limit {
    RuleProfile::default().hall.complaint_handling.limit()
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

fn filing(source: Source, window: Option<u16>, content: &str, contact: Option<&str>) -> Filing {
    Filing {
        source,
        window: window.map(|n| (i64::from(n) + 100, n)),
        window_unit: window.map(|_| DEPARTMENT),
        content: content.into(),
        contact: contact.map(str::to_owned),
        opening: (source == Source::Box).then_some(5),
    }
}

fn registered(contact: Option<&str>) -> Complaint {
    let content = "3号窗口工作人员态度生硬，拒绝解释材料要求";
    let filing = filing(Source::Box, Some(3), content, contact);
    register(CENTRE, filing, (monday(), limit()), &calendar())
        .unwrap()
        .0
}

fn conclude(outcome: Outcome) -> Command {
    Command::Conclude {
        outcome,
        finding: "经调取录像核实，已对当事人进行谈话".into(),
    }
}

fn run(c: &Complaint, command: &Command, who: &Acting, at: Instant) -> Complaint {
    apply(c, command, who, at, &calendar()).unwrap().0
}

/// Brings a complaint with a contact to `status` (accepted by the centre).
fn at(status: Status) -> Complaint {
    let now = monday();
    let mut c = registered(Some("13800000000"));
    let steps: &[Command] = match status {
        Status::Registered => &[],
        Status::Handling => &[Command::Accept(Handler::Centre)],
        Status::Concluded => &[
            Command::Accept(Handler::Centre),
            conclude(Outcome::Education),
        ],
        Status::Closed => &[
            Command::Accept(Handler::Centre),
            conclude(Outcome::Education),
            Command::Feedback,
        ],
        Status::Referred => &[Command::Refer {
            reason: "反映的是道路积水，不属窗口服务".into(),
        }],
    };
    for step in steps {
        c = run(&c, step, &centre(), now);
    }
    assert_eq!(c.status, status);
    c
}

/// HALL-BOX: every (status, command) pair; the allowed ones reach their status, the others
/// are refused in Chinese and change nothing.
#[test]
fn hall_box_transition_table() {
    let commands = [
        Command::Accept(Handler::Department(DEPARTMENT)),
        Command::Refer {
            reason: "不属窗口服务".into(),
        },
        conclude(Outcome::Correction),
        Command::Feedback,
    ];
    let allowed = [
        (Status::Registered, 0, Status::Handling),
        (Status::Registered, 1, Status::Referred),
        (Status::Handling, 2, Status::Concluded),
        (Status::Concluded, 3, Status::Closed),
    ];
    for from in Status::ALL {
        for (n, command) in commands.iter().enumerate() {
            let before = at(from);
            let result = apply(&before, command, &centre(), monday(), &calendar());
            match allowed.iter().find(|(s, k, _)| *s == from && *k == n) {
                Some((_, _, to)) => assert_eq!(result.unwrap().0.status, *to, "{from:?} {n}"),
                None => {
                    let error = result.unwrap_err().to_string();
                    assert!(error.contains("不能"), "{from:?} {n}: {error}");
                }
            }
        }
    }
}

/// HALL-BOX (§35): the centre accepts, refers and tells; the department it gave the
/// complaint to concludes it, nobody else; only the complained window's department may be
/// given it.
#[test]
fn hall_box_who_may_act() {
    let fresh = registered(Some("13800000000"));
    let error = apply(
        &fresh,
        &Command::Accept(Handler::Centre),
        &department(),
        monday(),
        &calendar(),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("由区政务服务中心办理"),
        "{error}"
    );
    assert_eq!(available(&fresh, &department()), vec![]);
    assert_eq!(
        available(&fresh, &centre()),
        vec![CommandKind::Accept, CommandKind::Refer]
    );
    let other = apply(
        &fresh,
        &Command::Accept(Handler::Department(UnitId(99))),
        &centre(),
        monday(),
        &calendar(),
    )
    .unwrap_err();
    assert!(other.to_string().contains("被投诉窗口所属部门"), "{other}");
    let given = run(
        &fresh,
        &Command::Accept(Handler::Department(DEPARTMENT)),
        &centre(),
        monday(),
    );
    assert_eq!(available(&given, &centre()), vec![]);
    assert_eq!(
        available(&given, &department()),
        vec![CommandKind::Conclude]
    );
    let refused = apply(
        &given,
        &conclude(Outcome::Correction),
        &centre(),
        monday(),
        &calendar(),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("受理单位"), "{refused}");
    let done = run(
        &given,
        &conclude(Outcome::Correction),
        &department(),
        monday(),
    );
    assert_eq!(done.handled_by, Some(UserId(20)));
    assert_eq!(done.status, Status::Concluded);
}

/// HALL-BOX: what a registration needs; every problem at once.
#[test]
fn hall_box_registration_checks() {
    let now = (monday(), limit());
    // (source, content, window, contact, the problem named)
    type Case<'a> = (
        Source,
        &'a str,
        Option<u16>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let long = "电话".repeat(30);
    let cases: [Case; 7] = [
        (Source::Page, "窗口人员中午提前离岗", Some(2), None, None),
        (
            Source::Page,
            "差",
            Some(2),
            None,
            Some("投诉内容应为 5 至 1000 字"),
        ),
        (
            Source::Page,
            "窗口人员中午提前离岗",
            Some(0),
            None,
            Some("窗口号应为正整数"),
        ),
        (
            Source::Page,
            "窗口人员中午提前离岗",
            None,
            Some(long.as_str()),
            Some("联系方式"),
        ),
        (
            Source::QrCode,
            "窗口人员中午提前离岗",
            None,
            None,
            Some("须指明窗口"),
        ),
        (Source::Box, "窗口人员中午提前离岗", None, None, None),
        (
            Source::Page,
            "   ",
            Some(0),
            None,
            Some("投诉内容应为 5 至 1000 字；窗口号应为正整数"),
        ),
    ];
    for (source, content, window, contact, problem) in cases {
        let result = register(
            CENTRE,
            filing(source, window, content, contact),
            now,
            &calendar(),
        );
        match problem {
            None => assert_eq!(result.unwrap().0.status, Status::Registered),
            Some(text) => {
                let error = result.unwrap_err().to_string();
                assert!(error.contains(text), "{content}: {error}");
            }
        }
    }
    // A page complaint is not a box slip: no opening.
    let mut odd = filing(Source::Page, Some(2), "窗口人员中午提前离岗", None);
    odd.opening = Some(5);
    let error = register(CENTRE, odd, now, &calendar()).unwrap_err();
    assert!(error.to_string().contains("开箱记录"), "{error}");
    // A blank contact is anonymous.
    let blank = filing(Source::QrCode, Some(4), "窗口人员中午提前离岗", Some("  "));
    let (blank, _) = register(CENTRE, blank, now, &calendar()).unwrap();
    assert_eq!(blank.contact, None);
}

/// HALL-BOX: each outcome of §35 is recorded with the finding; an anonymous complaint closes
/// when concluded (nobody to tell), one with a contact waits for the feedback.
#[test]
fn hall_box_outcomes_and_feedback() {
    for outcome in Outcome::ALL {
        let handling = run(
            &registered(None),
            &Command::Accept(Handler::Centre),
            &centre(),
            monday(),
        );
        let done = run(&handling, &conclude(outcome), &centre(), monday());
        assert_eq!((done.status, done.outcome), (Status::Closed, Some(outcome)));
        assert!(done.finding.contains("谈话"));
    }
    let told = run(
        &at(Status::Handling),
        &conclude(Outcome::Discipline),
        &centre(),
        monday(),
    );
    assert_eq!(told.status, Status::Concluded);
    assert_eq!(told.outcome.map(Outcome::label), Some("移交纪检监察组处理"));
    let short = Command::Conclude {
        outcome: Outcome::Education,
        finding: "已处理".into(),
    };
    let error = apply(
        &at(Status::Handling),
        &short,
        &centre(),
        monday(),
        &calendar(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("核查处理情况应为 5 至 1000 字"));
}

/// HALL-BOX: registration starts the kernel's clock under the centre with the profile's
/// limit; the conclusion stops it, met or missed; acceptance leaves it running.
#[test]
fn hall_box_kernel_clock_events() {
    let filing = filing(Source::Page, Some(3), "窗口人员中午提前离岗", None);
    let (fresh, events) = register(CENTRE, filing, (monday(), limit()), &calendar()).unwrap();
    assert_eq!(events.first(), Some(&Event::Registered));
    let Some(Event::Clock(started)) = events.get(1) else {
        panic!("no clock event: {events:?}");
    };
    assert_eq!((started.unit, started.limit), (Some(CENTRE), limit()));
    assert!(matches!(started.change, ClockChange::Started { .. }));
    let (handling, events) = apply(
        &fresh,
        &Command::Accept(Handler::Centre),
        &centre(),
        monday(),
        &calendar(),
    )
    .unwrap();
    assert!(events.iter().all(|e| !matches!(e, Event::Clock(_))));
    let late = Instant::from_millis(monday().millis() + 16 * DAY);
    let (_, events) = apply(
        &handling,
        &conclude(Outcome::Education),
        &centre(),
        late,
        &calendar(),
    )
    .unwrap();
    let stopped = events.iter().find_map(|e| match e {
        Event::Clock(c) => Some(c.change.clone()),
        _ => None,
    });
    assert!(
        matches!(stopped, Some(ClockChange::Stopped { met: false, .. })),
        "{stopped:?}"
    );
}

/// HALL-BOX: the handling limit (10 working days from Monday 2 March: due Monday 16 March) is
/// met by a conclusion on Friday and missed by one on Wednesday 18 March; a referral stops it
/// too; a running complaint is on time until it is due.
#[test]
fn hall_box_handling_limit() {
    let calendar = calendar();
    let friday = Instant::from_millis(monday().millis() + 4 * DAY);
    let late = Instant::from_millis(monday().millis() + 16 * DAY);
    let handling = at(Status::Handling);
    let met = run(&handling, &conclude(Outcome::Correction), &centre(), friday);
    assert!(on_time(&met, &calendar, late));
    let missed = run(&handling, &conclude(Outcome::Correction), &centre(), late);
    assert!(!on_time(&missed, &calendar, late));
    assert!(on_time(&handling, &calendar, friday));
    assert!(!on_time(&handling, &calendar, late));
    let referred = at(Status::Referred);
    assert!(on_time(&referred, &calendar, late));
}

/// HALL-BOX: the box is due to be opened when never opened or when the profile's interval
/// (`hall.box_opening_days`, 7 by default) has passed.
#[test]
fn hall_box_opening_due() {
    let now = monday();
    let every = RuleProfile::default().hall.box_opening_days;
    assert_eq!(every, 7);
    let cases = [
        (None, every, true),
        (Some(now.millis() - 6 * DAY), every, false),
        (Some(now.millis() - 7 * DAY), every, true),
        (Some(now.millis() - 2 * DAY), 1, true),
    ];
    for (last, every, due) in cases {
        let last = last.map(Instant::from_millis);
        assert_eq!(opening_due(last, every, now), due, "{last:?} {every}");
    }
}
