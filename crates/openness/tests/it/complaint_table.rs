//! The complaint machine (PUB-COMPLAINT; 002 投诉举报 §2, §5, §6, §7): every (status, command)
//! pair of the transition table, allowed and refused; who may run each command (the office
//! that registered it, the unit complained about for its reply); the clocks and their limits
//! from the profile (forwarded in 1 WD, concluded in 10 WD, complex 15 WD, fed back in 1 WD);
//! the new date told past the limit; the complainant hidden from the unit.

use calendar::Instant;
use openness::complaint::{
    self, Channel, Command, CommandKind, Complainant, Complaint, ComplaintClock, ComplaintId,
    FeedbackMeans, Filing, Ground, Satisfaction, Status, TRANSITIONS,
};
use openness::{ErrorKind, UnitId};
use platform::roles::Role;

use crate::{DEPT, OFFICE, OTHER, PROFILE, acting, at, date, officer, rules, t0, wd};

const HOUR: i64 = 3_600_000;

fn later(hours: i64) -> Instant {
    Instant::from_millis(t0().millis() + hours * HOUR)
}

/// The education bureau's openness officer (the unit complained about).
fn bureau() -> openness::Acting {
    acting(40, DEPT, &[Role::OpennessOfficer])
}

fn filing() -> Filing {
    Filing {
        complainant: Complainant {
            name: "王五".into(),
            contact: "13800000000".into(),
        },
        channel: Channel::Phone,
        received_at: t0(),
        unit: DEPT,
        matter: "教育局网站的招生政策两年未更新".into(),
        ground: Ground::NotCompiledOrUpdated,
    }
}

fn registered() -> Complaint {
    complaint::register(ComplaintId(1), OFFICE, filing(), &officer(), t0(), rules())
        .unwrap()
        .0
}

/// A command of each kind, valid in substance.
fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Forward => Command::Forward,
        CommandKind::MarkComplex => Command::MarkComplex {
            reason: "涉及三个学校的历史资料".into(),
        },
        CommandKind::TellNewDate => Command::TellNewDate {
            due: at("2026-06-30T17:00"),
            means: "电话".into(),
            reason: "需调取档案".into(),
        },
        CommandKind::Reply => Command::Reply {
            text: "已于当日更新招生政策栏目".into(),
        },
        CommandKind::FeedBack => Command::FeedBack {
            means: FeedbackMeans::InPerson,
            satisfaction: Satisfaction::Satisfied,
            note: String::new(),
        },
        CommandKind::Close => Command::Close,
    }
}

fn run(complaint: &Complaint, kind: CommandKind, now: Instant) -> Complaint {
    let by = if kind.is_unit_s() {
        bureau()
    } else {
        officer()
    };
    complaint::apply(complaint, &command(kind), &by, now, rules())
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"))
        .0
}

/// A complaint in `status`, reached by the table's main path.
fn in_status(status: Status) -> Complaint {
    let path = [
        CommandKind::Forward,
        CommandKind::Reply,
        CommandKind::FeedBack,
        CommandKind::Close,
    ];
    let mut complaint = registered();
    for (i, kind) in path.into_iter().enumerate() {
        if complaint.status == status {
            break;
        }
        complaint = run(&complaint, kind, later(i as i64 + 1));
    }
    assert_eq!(complaint.status, status);
    complaint
}

/// PUB-COMPLAINT: every pair of the table; a pair not listed is an invalid transition and
/// changes nothing. TellNewDate is judged past every limit (overdue clocks).
#[test]
fn pub_complaint_every_status_and_command_pair() {
    let mut reached = vec![false; TRANSITIONS.len()];
    for status in Status::ALL {
        let complaint = in_status(status);
        for kind in CommandKind::ALL {
            let by = if kind.is_unit_s() {
                bureau()
            } else {
                officer()
            };
            let now = if kind == CommandKind::TellNewDate {
                at("2026-05-04T09:00")
            } else {
                later(10)
            };
            let result = complaint::apply(&complaint, &command(kind), &by, now, rules());
            let row = TRANSITIONS
                .iter()
                .position(|&(from, row, _)| from == status && row == kind);
            match (row, result) {
                (Some(i), Ok((next, events))) => {
                    assert_eq!(next.status, TRANSITIONS[i].2, "{status:?} {kind:?}");
                    assert!(!events.is_empty());
                    reached[i] = true;
                }
                (Some(_), Err(error)) => panic!("{status:?} {kind:?} refused: {error}"),
                (None, Ok(_)) => panic!("{status:?} {kind:?} allowed but not in the table"),
                (None, Err(error)) => {
                    assert_eq!(error.kind(), ErrorKind::InvalidTransition, "{error}")
                }
            }
        }
    }
    assert!(reached.iter().all(|r| *r), "unreached rows: {reached:?}");
}

/// PUB-COMPLAINT: the office forwards, feeds back and closes; only the unit complained about
/// replies (not the office, not a third unit); `available` says the same.
#[test]
fn pub_complaint_who_may_act() {
    let stranger = acting(90, OTHER, &[Role::OpennessOfficer, Role::UnitLeader]);
    let registered = registered();
    for by in [bureau(), stranger.clone()] {
        let refused = complaint::apply(&registered, &Command::Forward, &by, later(1), rules());
        assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    }
    let forwarded = in_status(Status::Forwarded);
    let reply = command(CommandKind::Reply);
    for by in [officer(), stranger.clone()] {
        let refused = complaint::apply(&forwarded, &reply, &by, later(2), rules());
        assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    }
    let handler = acting(41, DEPT, &[Role::UnitHandler]);
    assert!(complaint::apply(&forwarded, &reply, &handler, later(2), rules()).is_ok());
    assert_eq!(
        complaint::available(&forwarded, &bureau()),
        [CommandKind::MarkComplex, CommandKind::Reply]
    );
    assert_eq!(
        complaint::available(&forwarded, &officer()),
        [CommandKind::MarkComplex, CommandKind::TellNewDate]
    );
    assert!(complaint::available(&forwarded, &stranger).is_empty());
    // Feedback before the reply is not a step of the table.
    let early = command(CommandKind::FeedBack);
    let refused = complaint::apply(&forwarded, &early, &officer(), later(2), rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::InvalidTransition);
}

/// PUB-COMPLAINT: registration refuses every problem at once (no name, no contact, no
/// matter, the office complained about itself, received after now); only an openness
/// officer of the office registers.
#[test]
fn pub_complaint_registration_problems() {
    let bad = Filing {
        complainant: Complainant {
            name: " ".into(),
            contact: String::new(),
        },
        matter: String::new(),
        unit: OFFICE,
        received_at: later(1),
        ..filing()
    };
    let error = complaint::register(ComplaintId(1), OFFICE, bad, &officer(), t0(), rules())
        .unwrap_err()
        .to_string();
    for part in ["姓名", "联系方式", "主要事项", "被投诉单位", "投诉时间"] {
        assert!(error.contains(part), "{error}");
    }
    let leader = acting(10, OFFICE, &[Role::UnitLeader]);
    let refused = complaint::register(ComplaintId(1), OFFICE, filing(), &leader, t0(), rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
}

fn clock(
    complaint: &Complaint,
    kind: ComplaintClock,
) -> &platform::workflow::SubjectClock<ComplaintClock> {
    complaint
        .clocks
        .iter()
        .rev()
        .find(|c| c.kind == kind)
        .unwrap()
}

/// PUB-COMPLAINT: the clocks with the profile's limits — forwarding (office) from
/// registration, conclusion (unit) from forwarding, complex extends it to 15 WD with the
/// reason, feedback (office) from the reply; each stopped by its step.
#[test]
fn pub_complaint_clocks_from_the_profile() {
    let openness = &PROFILE.openness;
    assert_eq!(openness.complaint_forward.limit(), wd(1));
    assert_eq!(openness.complaint_conclude.limit(), wd(10));
    assert_eq!(openness.complaint_conclude_complex.limit(), wd(15));
    assert_eq!(openness.complaint_feedback.limit(), wd(1));
    let registered = registered();
    let forward = clock(&registered, ComplaintClock::Forward);
    assert_eq!((forward.unit, forward.clock.limit()), (Some(OFFICE), wd(1)));
    let forwarded = run(&registered, CommandKind::Forward, later(2));
    assert!(!clock(&forwarded, ComplaintClock::Forward).is_running());
    let conclude = clock(&forwarded, ComplaintClock::Conclude);
    assert_eq!(conclude.unit, Some(DEPT));
    // Forwarded Monday 2 March + 10 WD: due on Monday 16 March.
    assert_eq!(conclude.due(&crate::CAL).local_date(), date("2026-03-16"));
    let complex = run(&forwarded, CommandKind::MarkComplex, later(3));
    let conclude = clock(&complex, ComplaintClock::Conclude);
    assert_eq!(conclude.due(&crate::CAL).local_date(), date("2026-03-23"));
    assert!(complex.complexity.is_some());
    let again = complaint::apply(
        &complex,
        &command(CommandKind::MarkComplex),
        &bureau(),
        later(4),
        rules(),
    );
    assert_eq!(again.unwrap_err().kind(), ErrorKind::LimitReached);
    let no_reason = Command::MarkComplex { reason: " ".into() };
    let refused = complaint::apply(&forwarded, &no_reason, &bureau(), later(3), rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Invalid);
    let replied = run(&complex, CommandKind::Reply, later(5));
    assert!(!clock(&replied, ComplaintClock::Conclude).is_running());
    let feedback = clock(&replied, ComplaintClock::Feedback);
    assert_eq!(
        (feedback.unit, feedback.clock.limit()),
        (Some(OFFICE), wd(1))
    );
    let fed_back = run(&replied, CommandKind::FeedBack, later(6));
    assert!(fed_back.clocks.iter().all(|c| !c.is_running()));
    assert_eq!(
        fed_back.feedback.as_ref().unwrap().satisfaction,
        Satisfaction::Satisfied
    );
}

/// PUB-COMPLAINT (§5(三)): the new date is told only past the limit, later than the old due
/// date, with how and why; a phone feedback needs its record.
#[test]
fn pub_complaint_new_date_past_the_limit_and_phone_record() {
    let forwarded = in_status(Status::Forwarded);
    let tell = command(CommandKind::TellNewDate);
    let early = complaint::apply(&forwarded, &tell, &officer(), later(4), rules());
    assert!(early.unwrap_err().to_string().contains("尚未超过办理时限"));
    let past = at("2026-03-17T09:00");
    let (told, events) = complaint::apply(&forwarded, &tell, &officer(), past, rules()).unwrap();
    assert_eq!(told.new_dates.len(), 1);
    assert_eq!(told.status, Status::Forwarded);
    assert_eq!(events.len(), 1);
    let too_soon = Command::TellNewDate {
        due: at("2026-03-16T09:00"),
        means: String::new(),
        reason: String::new(),
    };
    let error = complaint::apply(&forwarded, &too_soon, &officer(), past, rules())
        .unwrap_err()
        .to_string();
    for part in ["晚于现在", "晚于原期限", "方式", "原因"] {
        assert!(error.contains(part), "{error}");
    }
    let replied = in_status(Status::Replied);
    let phone = Command::FeedBack {
        means: FeedbackMeans::Phone,
        satisfaction: Satisfaction::Dissatisfied,
        note: String::new(),
    };
    let refused = complaint::apply(&replied, &phone, &officer(), later(9), rules());
    assert!(refused.unwrap_err().to_string().contains("电话记录"));
}

/// PUB-COMPLAINT (§7): the unit's view of a complaint carries the matter, never the
/// complainant's name or contact; the seven grounds of §2 are all there.
#[test]
fn pub_complaint_the_unit_never_sees_the_complainant() {
    let seen = in_status(Status::Replied).for_unit();
    assert_eq!(seen.filing.matter, filing().matter);
    let text = format!("{seen:?}");
    assert!(
        !text.contains("王五") && !text.contains("13800000000"),
        "{text}"
    );
    assert_eq!(Ground::ALL.len(), 7);
    assert_eq!(UnitId(3), DEPT);
}
