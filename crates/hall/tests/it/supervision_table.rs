//! The supervision box's every allowed and refused step (HALL-BOX): registration checks, the
//! outcomes of §35, feedback only to a complainant who left a contact, referral, the handling
//! limit met or missed, and when the box is due to be opened.

use calendar::{Calendar, Instant, Limit, LimitUnit};
use hall::supervision::{
    Command, Complaint, Handler, Outcome, Source, Status, apply, on_time, opening_due, register,
};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Monday 2 March 2026, 09:00 in Shanghai.
fn monday() -> Instant {
    Instant::from_millis(1_772_413_200_000)
}

fn limit() -> Limit {
    Limit::new(5, LimitUnit::WorkingDays)
}

fn registered(contact: Option<&str>) -> Complaint {
    let content = "3号窗口工作人员态度生硬，拒绝解释材料要求";
    register(Source::Box, Some(3), content, contact, (monday(), limit())).unwrap()
}

fn conclude(outcome: Outcome) -> Command {
    Command::Conclude {
        outcome,
        finding: "经调取录像核实，已对当事人进行谈话".into(),
    }
}

/// Brings a complaint with a contact to `status`.
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
        c = apply(&c, step, now).unwrap();
    }
    assert_eq!(c.status, status);
    c
}

/// HALL-BOX: every (status, command) pair; the allowed ones reach their status, the others
/// are refused in Chinese and change nothing.
#[test]
fn hall_box_transition_table() {
    let commands = [
        Command::Accept(Handler::Department(7)),
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
    let statuses = [
        Status::Registered,
        Status::Handling,
        Status::Concluded,
        Status::Closed,
        Status::Referred,
    ];
    for from in statuses {
        for (n, command) in commands.iter().enumerate() {
            let before = at(from);
            let result = apply(&before, command, monday());
            match allowed.iter().find(|(s, k, _)| *s == from && *k == n) {
                Some((_, _, to)) => assert_eq!(result.unwrap().status, *to, "{from:?} {n}"),
                None => {
                    let error = result.unwrap_err().to_string();
                    assert!(error.contains("不能"), "{from:?} {n}: {error}");
                }
            }
        }
    }
}

/// HALL-BOX: what a registration needs; every problem at once.
#[test]
fn hall_box_registration_checks() {
    let now = (monday(), limit());
    // (content, window, contact, the problem named)
    type Case<'a> = (&'a str, Option<u16>, Option<&'a str>, Option<&'a str>);
    let long = "电话".repeat(30);
    let cases: [Case; 5] = [
        ("窗口人员中午提前离岗", Some(2), None, None),
        ("差", Some(2), None, Some("投诉内容应为 5 至 1000 字")),
        (
            "窗口人员中午提前离岗",
            Some(0),
            None,
            Some("窗口号应为正整数"),
        ),
        (
            "窗口人员中午提前离岗",
            None,
            Some(long.as_str()),
            Some("联系方式"),
        ),
        (
            "   ",
            Some(0),
            None,
            Some("投诉内容应为 5 至 1000 字；窗口号应为正整数"),
        ),
    ];
    for (content, window, contact, problem) in cases {
        let result = register(Source::Page, window, content, contact, now);
        match problem {
            None => assert_eq!(result.unwrap().status, Status::Registered),
            Some(text) => {
                let error = result.unwrap_err().to_string();
                assert!(error.contains(text), "{content}: {error}");
            }
        }
    }
    // A blank contact is anonymous.
    let blank = register(
        Source::QrCode,
        None,
        "窗口人员中午提前离岗",
        Some("  "),
        now,
    )
    .unwrap();
    assert_eq!(blank.contact, None);
}

/// HALL-BOX: each outcome of §35 is recorded with the finding; an anonymous complaint closes
/// when concluded (nobody to tell), one with a contact waits for the feedback.
#[test]
fn hall_box_outcomes_and_feedback() {
    for outcome in [
        Outcome::Unfounded,
        Outcome::Education,
        Outcome::Correction,
        Outcome::Discipline,
    ] {
        let handling = apply(
            &registered(None),
            &Command::Accept(Handler::Village(3)),
            monday(),
        )
        .unwrap();
        let done = apply(&handling, &conclude(outcome), monday()).unwrap();
        assert_eq!((done.status, done.outcome), (Status::Closed, Some(outcome)));
        assert!(done.finding.contains("谈话"));
    }
    let told = apply(
        &at(Status::Handling),
        &conclude(Outcome::Discipline),
        monday(),
    )
    .unwrap();
    assert_eq!(told.status, Status::Concluded);
    assert_eq!(told.outcome.map(Outcome::label), Some("转纪检监察组处理"));
    let short = Command::Conclude {
        outcome: Outcome::Education,
        finding: "已处理".into(),
    };
    let error = apply(&at(Status::Handling), &short, monday()).unwrap_err();
    assert!(error.to_string().contains("核查处理情况应为 5 至 1000 字"));
}

/// HALL-BOX: the handling limit (5 working days from Monday: due the next Monday) is met by a
/// conclusion on Friday and missed by one on Tuesday week; a referral stops it too; a running
/// complaint is on time until it is due.
#[test]
fn hall_box_handling_limit() {
    let calendar = Calendar::try_national().unwrap();
    let friday = Instant::from_millis(monday().millis() + 4 * DAY);
    let late = Instant::from_millis(monday().millis() + 8 * DAY);
    let handling = at(Status::Handling);
    let met = apply(&handling, &conclude(Outcome::Correction), friday).unwrap();
    assert!(on_time(&met, &calendar, late));
    let missed = apply(&handling, &conclude(Outcome::Correction), late).unwrap();
    assert!(!on_time(&missed, &calendar, late));
    assert!(on_time(&handling, &calendar, friday));
    assert!(!on_time(&handling, &calendar, late));
    let referred = at(Status::Referred);
    assert!(on_time(&referred, &calendar, late));
}

/// HALL-BOX: the box is due to be opened when never opened or when the interval has passed.
#[test]
fn hall_box_opening_due() {
    let now = monday();
    let cases = [
        (None, 7, true),
        (Some(now.millis() - 6 * DAY), 7, false),
        (Some(now.millis() - 7 * DAY), 7, true),
        (Some(now.millis() - 2 * DAY), 1, true),
    ];
    for (last, every, due) in cases {
        let last = last.map(Instant::from_millis);
        assert_eq!(opening_due(last, every, now), due, "{last:?} {every}");
    }
}
