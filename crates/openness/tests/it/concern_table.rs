//! The public-concern machine (PUB-RESPOND; 002 重大政策解读回应制度 §6): every (gravity,
//! status, command) triple of the transition table, allowed and refused; who may act (the
//! interpreting unit releases, the office escalates and closes); the clocks from the profile
//! (major: authoritative information in 5 h and a press conference in 24 h; other: a response
//! in 48 h), counted from the moment the concern was noticed and stopped at the time the
//! release took place.

use calendar::Instant;
use openness::concern::{
    self, Command, CommandKind, Concern, ConcernClock, ConcernId, Consent, Filing, Gravity, Said,
    Source, Status, TRANSITIONS,
};
use openness::{DocumentId, ErrorKind};
use platform::roles::Role;
use platform::workflow::{ClockChange, ClockEvent};

use crate::{DEPT, OFFICE, OTHER, acting, officer, rules, t0};

const HOUR: i64 = 3_600_000;

fn later(hours: i64) -> Instant {
    Instant::from_millis(t0().millis() + hours * HOUR)
}

/// The education bureau's openness officer: the policy's interpreting unit.
fn bureau() -> openness::Acting {
    acting(40, DEPT, &[Role::OpennessOfficer])
}

fn filing(gravity: Gravity) -> Filing {
    Filing {
        policy: "关于调整城区义务教育学校招生范围的通知".into(),
        document: Some(DocumentId(7)),
        unit: DEPT,
        source: Source::Internet,
        noticed_at: t0(),
        summary: "家长质疑学区调整未征求意见".into(),
        gravity,
        false_information: false,
    }
}

/// Registered one hour after it was noticed.
fn registered(gravity: Gravity) -> Concern {
    concern::register(
        ConcernId(1),
        OFFICE,
        filing(gravity),
        &officer(),
        later(1),
        rules(),
    )
    .unwrap()
    .0
}

fn said(hours: i64) -> Said {
    Said {
        text: "教育局就学区调整的依据和征求意见情况作出说明".into(),
        place: "县政府门户网站、“教育发布”公众号".into(),
        took_place_at: later(hours),
    }
}

/// PUB-CLARIFY: the county government's consent, given `hours` after the concern was noticed.
fn consent(hours: i64) -> Consent {
    Consent {
        by: "县人民政府办公室".into(),
        reference: "县府办函〔2026〕12号".into(),
        approved_at: later(hours),
    }
}

fn command(kind: CommandKind, hours: i64) -> Command {
    match kind {
        CommandKind::ReleaseInformation => Command::ReleaseInformation(said(hours)),
        CommandKind::HoldPressConference => Command::HoldPressConference(said(hours)),
        CommandKind::Respond => Command::Respond(said(hours)),
        CommandKind::RecordApproval => Command::RecordApproval(consent(hours)),
        CommandKind::Escalate => Command::Escalate {
            reason: "事态扩大，已有群体聚集".into(),
        },
        CommandKind::Close => Command::Close {
            outcome: "舆情平息".into(),
        },
    }
}

fn by(kind: CommandKind) -> openness::Acting {
    if kind.is_unit_s() {
        bureau()
    } else {
        officer()
    }
}

/// A concern of `gravity` in `status`, reached by its main path.
fn in_status(gravity: Gravity, status: Status) -> Concern {
    let answer = match gravity {
        Gravity::Major => CommandKind::HoldPressConference,
        Gravity::Other => CommandKind::Respond,
    };
    let mut concern = registered(gravity);
    for (i, kind) in [answer, CommandKind::Close].into_iter().enumerate() {
        if concern.status == status {
            break;
        }
        let now = later(i as i64 + 2);
        concern = concern::apply(&concern, &command(kind, 2), &by(kind), now, rules())
            .unwrap()
            .0;
    }
    assert_eq!(concern.status, status);
    concern
}

/// PUB-RESPOND: every triple; a pair not in the table is an invalid transition, a command of
/// the other gravity is refused as invalid, and a refusal changes nothing.
#[test]
fn pub_respond_every_gravity_status_and_command() {
    let mut reached = vec![false; TRANSITIONS.len()];
    for gravity in Gravity::ALL {
        for status in Status::ALL {
            let concern = in_status(gravity, status);
            for kind in CommandKind::ALL {
                let result =
                    concern::apply(&concern, &command(kind, 3), &by(kind), later(4), rules());
                let row = TRANSITIONS
                    .iter()
                    .position(|&(from, row, _)| from == status && row == kind);
                let fits = match kind {
                    CommandKind::ReleaseInformation | CommandKind::HoldPressConference => {
                        gravity == Gravity::Major
                    }
                    CommandKind::Respond | CommandKind::Escalate => gravity == Gravity::Other,
                    // PUB-CLARIFY: only false information waits for a consent.
                    CommandKind::RecordApproval => false,
                    CommandKind::Close => true,
                };
                let case = format!("{gravity:?} {status:?} {kind:?}");
                match (row, fits, result) {
                    (Some(i), true, Ok((next, events))) => {
                        assert_eq!(next.status, TRANSITIONS[i].2, "{case}");
                        assert!(!events.is_empty(), "{case}");
                        reached[i] = true;
                    }
                    (Some(_), false, Err(error)) => {
                        assert_eq!(error.kind(), ErrorKind::Invalid, "{case}: {error}")
                    }
                    (None, _, Err(error)) => {
                        assert_eq!(
                            error.kind(),
                            ErrorKind::InvalidTransition,
                            "{case}: {error}"
                        )
                    }
                    (_, _, result) => panic!("{case}: {result:?}"),
                }
            }
        }
    }
    // The consent's row is reached by false information only.
    let clarify = TRANSITIONS
        .iter()
        .position(|&(_, row, _)| row == CommandKind::RecordApproval)
        .unwrap();
    let (_, events) = concern::apply(
        &false_information(),
        &command(CommandKind::RecordApproval, 2),
        &bureau(),
        later(3),
        rules(),
    )
    .unwrap();
    assert!(!events.is_empty());
    reached[clarify] = true;
    assert!(reached.iter().all(|r| *r), "unreached rows: {reached:?}");
}

/// An ordinary concern about false information, registered an hour after it was noticed.
fn false_information() -> Concern {
    let filing = Filing {
        false_information: true,
        ..filing(Gravity::Other)
    };
    concern::register(ConcernId(2), OFFICE, filing, &officer(), later(1), rules())
        .unwrap()
        .0
}

/// PUB-CLARIFY (002 发布协调 §8): false information is clarified only after the same-level
/// government or the superior department consented: before the consent a release is refused
/// and the page offers the consent alone; the consent is the unit's, once, complete, not in
/// the future; a clarification dated before the consent is refused; after it the response
/// stops its clock at the time it took place.
#[test]
fn pub_clarify_false_information_is_released_only_after_the_recorded_consent() {
    let concern = false_information();
    let early = concern::apply(
        &concern,
        &command(CommandKind::Respond, 2),
        &bureau(),
        later(2),
        rules(),
    );
    let error = early.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert!(error.to_string().contains("PUB-CLARIFY"), "{error}");
    assert_eq!(
        concern::available(&concern, &bureau()),
        [CommandKind::RecordApproval]
    );
    let by_office = concern::apply(
        &concern,
        &command(CommandKind::RecordApproval, 2),
        &officer(),
        later(3),
        rules(),
    );
    assert_eq!(by_office.unwrap_err().kind(), ErrorKind::NotPermitted);
    let blank = Command::RecordApproval(Consent {
        by: " ".into(),
        reference: String::new(),
        approved_at: later(5),
    });
    let error = concern::apply(&concern, &blank, &bureau(), later(3), rules()).unwrap_err();
    for part in ["本级政府或上一级主管部门", "批复文号", "晚于现在"] {
        assert!(error.to_string().contains(part), "{error}");
    }
    let (approved, events) = concern::apply(
        &concern,
        &command(CommandKind::RecordApproval, 3),
        &bureau(),
        later(4),
        rules(),
    )
    .unwrap();
    assert_eq!(approved.status, Status::Open);
    assert_eq!(events.len(), 1, "no clock changes: {events:?}");
    let approval = approved.approval.as_ref().unwrap();
    assert_eq!(
        (approval.approved_at, approval.recorded_at),
        (later(3), later(4))
    );
    assert_eq!(
        concern::available(&approved, &bureau()),
        [CommandKind::Respond]
    );
    let twice = concern::apply(
        &approved,
        &command(CommandKind::RecordApproval, 3),
        &bureau(),
        later(5),
        rules(),
    );
    assert_eq!(twice.unwrap_err().kind(), ErrorKind::LimitReached);
    let before = concern::apply(
        &approved,
        &command(CommandKind::Respond, 2),
        &bureau(),
        later(5),
        rules(),
    );
    assert!(before.unwrap_err().to_string().contains("上级同意的时间"));
    let (responded, events) = concern::apply(
        &approved,
        &command(CommandKind::Respond, 6),
        &bureau(),
        later(8),
        rules(),
    )
    .unwrap();
    assert_eq!(responded.status, Status::Responded);
    assert_eq!(stopped(&events, ConcernClock::Response), Some(true));
    // Not false information: nothing to consent to.
    let plain = concern::apply(
        &registered(Gravity::Other),
        &command(CommandKind::RecordApproval, 2),
        &bureau(),
        later(3),
        rules(),
    );
    assert_eq!(plain.unwrap_err().kind(), ErrorKind::Invalid);
}

fn due_of(concern: &Concern, kind: ConcernClock) -> Instant {
    concern.running(kind).unwrap().due(&crate::CAL)
}

fn stopped(events: &[concern::Event], kind: ConcernClock) -> Option<bool> {
    events.iter().find_map(|event| match event {
        concern::Event::Clock(ClockEvent {
            kind: k,
            change: ClockChange::Stopped { met, .. },
            ..
        }) if *k == kind => Some(*met),
        _ => None,
    })
}

/// PUB-RESPOND: a major concern runs the 5 h information and 24 h conference clocks from the
/// moment it was noticed (not its registration an hour later), under the interpreting unit;
/// an ordinary one the 48 h response clock.
#[test]
fn pub_respond_clocks_from_the_profile_counted_from_noticing() {
    let major = registered(Gravity::Major);
    assert_eq!(due_of(&major, ConcernClock::Information), later(5));
    assert_eq!(due_of(&major, ConcernClock::PressConference), later(24));
    assert!(major.running(ConcernClock::Response).is_none());
    assert!(major.clocks.iter().all(|c| c.unit == Some(DEPT)));
    let other = registered(Gravity::Other);
    assert_eq!(due_of(&other, ConcernClock::Response), later(48));
    assert_eq!(other.clocks.len(), 1);
}

/// PUB-RESPOND: a release stops its clock at the time it took place: information released
/// at 4 h 30 and recorded at 7 h is on time; a conference at 30 h is late; a conference
/// without an earlier release counts as the authoritative information too.
#[test]
fn pub_respond_release_met_or_missed_at_the_time_it_took_place() {
    let major = registered(Gravity::Major);
    let half_past_four = Said {
        took_place_at: Instant::from_millis(later(4).millis() + HOUR / 2),
        ..said(0)
    };
    let (informed, events) = concern::apply(
        &major,
        &Command::ReleaseInformation(half_past_four),
        &bureau(),
        later(7),
        rules(),
    )
    .unwrap();
    assert_eq!(stopped(&events, ConcernClock::Information), Some(true));
    assert_eq!(informed.status, Status::Open);
    let again = concern::apply(
        &informed,
        &command(CommandKind::ReleaseInformation, 6),
        &bureau(),
        later(7),
        rules(),
    );
    assert_eq!(again.unwrap_err().kind(), ErrorKind::LimitReached);
    let (held, events) = concern::apply(
        &informed,
        &command(CommandKind::HoldPressConference, 30),
        &bureau(),
        later(31),
        rules(),
    )
    .unwrap();
    assert_eq!(stopped(&events, ConcernClock::PressConference), Some(false));
    assert_eq!(held.status, Status::Responded);

    let (held, events) = concern::apply(
        &major,
        &command(CommandKind::HoldPressConference, 3),
        &bureau(),
        later(3),
        rules(),
    )
    .unwrap();
    assert_eq!(stopped(&events, ConcernClock::Information), Some(true));
    assert_eq!(stopped(&events, ConcernClock::PressConference), Some(true));
    assert!(held.information.is_some() && held.press_conference.is_some());
    assert!(held.clocks.iter().all(|c| !c.is_running()));
}

/// PUB-RESPOND: an ordinary concern escalated at 10 h stops its response clock and starts
/// the information (5 h) and conference (24 h) clocks from the escalation.
#[test]
fn pub_respond_escalation_starts_the_major_clocks_now() {
    let other = registered(Gravity::Other);
    let (major, events) = concern::apply(
        &other,
        &command(CommandKind::Escalate, 0),
        &officer(),
        later(10),
        rules(),
    )
    .unwrap();
    assert_eq!(stopped(&events, ConcernClock::Response), Some(true));
    assert_eq!(major.filing.gravity, Gravity::Major);
    assert_eq!(due_of(&major, ConcernClock::Information), later(15));
    assert_eq!(due_of(&major, ConcernClock::PressConference), later(34));
    // A release dated before the escalation is not a release for the major clocks.
    let early = concern::apply(
        &major,
        &command(CommandKind::ReleaseInformation, 9),
        &bureau(),
        later(11),
        rules(),
    );
    assert!(early.unwrap_err().to_string().contains("早于"));
}

/// PUB-RESPOND: the interpreting unit releases (not the office, not a third unit); the office
/// escalates and closes (not the unit); `available` says the same.
#[test]
fn pub_respond_who_may_act() {
    let stranger = acting(90, OTHER, &[Role::OpennessOfficer, Role::UnitLeader]);
    let other = registered(Gravity::Other);
    let respond = command(CommandKind::Respond, 2);
    for who in [officer(), stranger.clone()] {
        let refused = concern::apply(&other, &respond, &who, later(2), rules());
        assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    }
    let handler = acting(41, DEPT, &[Role::UnitHandler]);
    assert!(concern::apply(&other, &respond, &handler, later(2), rules()).is_ok());
    let escalate = command(CommandKind::Escalate, 0);
    let refused = concern::apply(&other, &escalate, &bureau(), later(2), rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    assert_eq!(
        concern::available(&other, &bureau()),
        [CommandKind::Respond]
    );
    assert_eq!(
        concern::available(&other, &officer()),
        [CommandKind::Escalate]
    );
    assert!(concern::available(&other, &stranger).is_empty());
    let major = registered(Gravity::Major);
    assert_eq!(
        concern::available(&major, &bureau()),
        [
            CommandKind::ReleaseInformation,
            CommandKind::HoldPressConference
        ]
    );
}

/// PUB-RESPOND: registration refuses every problem at once (no policy, no summary, noticed
/// after now, a release in the future); only the office's openness officer registers.
#[test]
fn pub_respond_registration_and_release_problems() {
    let bad = Filing {
        policy: " ".into(),
        summary: String::new(),
        noticed_at: later(2),
        ..filing(Gravity::Other)
    };
    let error = concern::register(ConcernId(1), OFFICE, bad, &officer(), later(1), rules())
        .unwrap_err()
        .to_string();
    for part in ["政策文件", "舆情摘要", "发现时间"] {
        assert!(error.contains(part), "{error}");
    }
    let refused = concern::register(
        ConcernId(1),
        OFFICE,
        filing(Gravity::Other),
        &bureau(),
        later(1),
        rules(),
    );
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    let future = concern::apply(
        &registered(Gravity::Other),
        &Command::Respond(Said {
            text: String::new(),
            ..said(9)
        }),
        &bureau(),
        later(2),
        rules(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        future.contains("内容") && future.contains("晚于现在"),
        "{future}"
    );
}
