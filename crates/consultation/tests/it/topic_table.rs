//! The topic machine, pure (MSG-CONSULT, PUB-PRECONSULT): every pair of (status, command) of
//! the table allowed or refused, the 预公开 and adoption clocks, comments and ballots allowed
//! and refused, the adoption report's checks, the yearly minimum and the channel's status.

use consultation::TopicId;
use consultation::topic::{
    self, Adoption, ClockKind, Command, CommandKind, Phase, Status, TRANSITIONS, Topic, YearCount,
};
use platform::workflow::ClockChange;

use crate::{CAL, FENGGANG, OTHER, PROFILE, UNIT, at, draft, rules};

fn decided() -> Topic {
    topic::decide(
        &draft(),
        TopicId(1),
        "ZJ2026001".into(),
        UNIT,
        at(2, 27, 9),
        rules(),
    )
    .unwrap()
    .0
}

fn published() -> Topic {
    topic::apply(&decided(), &Command::Publish, UNIT, at(3, 2, 10), rules())
        .unwrap()
        .0
}

fn report(entries: Vec<Adoption>, shown: Vec<i64>) -> Command {
    Command::Report {
        summary: "共收到意见2条，采纳1条。".into(),
        entries,
        shown,
    }
}

fn adopted(id: i64, yes: bool, reason: &str) -> Adoption {
    Adoption {
        comment_id: id,
        adopted: yes,
        reason: reason.into(),
    }
}

/// PUB-PRECONSULT: the decision starts the 预公开 clock of 3 WD (the profile's), filed under
/// the unit; publishing stops it (met within 3 WD, breached after) and starts the adoption
/// clock from the period's end with the profile's month.
#[test]
fn pub_preconsult_decision_and_publication_run_the_clocks() {
    let (topic, events) = topic::decide(
        &draft(),
        TopicId(1),
        "ZJ2026001".into(),
        UNIT,
        at(2, 27, 9),
        rules(),
    )
    .unwrap();
    assert_eq!(topic.status, Status::Decided);
    assert_eq!(events.len(), 2);
    let clock = topic.clock(ClockKind::Prepublish).unwrap();
    assert_eq!(clock.unit, Some(UNIT));
    assert_eq!(
        clock.clock.limit(),
        PROFILE.openness.preconsultation.limit()
    );
    // Friday 27 Feb + 3 WD: due by the end of Tuesday 3 March.
    assert!(clock.clock.is_met(&CAL, at(3, 3, 17)));
    assert!(!clock.clock.is_met(&CAL, at(3, 4, 9)));

    let (on_time, events) =
        topic::apply(&topic, &Command::Publish, UNIT, at(3, 2, 10), rules()).unwrap();
    assert_eq!(on_time.status, Status::Published);
    let stops: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            topic::Event::Clock(c) => Some(c.change.clone()),
            _ => None,
        })
        .collect();
    assert!(matches!(stops[0], ClockChange::Stopped { met: true, .. }));
    assert!(matches!(stops[1], ClockChange::Started { .. }));
    let adoption = on_time.clock(ClockKind::Adoption).unwrap();
    assert_eq!(adoption.clock.start(), at(3, 16, 9));
    assert_eq!(
        adoption.clock.limit(),
        PROFILE.openness.adoption_publish.limit()
    );

    let (late, events) =
        topic::apply(&topic, &Command::Publish, UNIT, at(3, 5, 10), rules()).unwrap();
    assert!(
        late.clock(ClockKind::Prepublish)
            .unwrap()
            .stopped_at
            .is_some()
    );
    assert!(events.iter().any(|e| matches!(
        e,
        topic::Event::Clock(c) if matches!(c.change, ClockChange::Stopped { met: false, .. })
    )));
}

/// MSG-CONSULT, PUB-PRECONSULT: every (status, command) pair — allowed exactly as the table
/// says, at a time the phase permits; refused otherwise with a Chinese message and nothing
/// changed (the function returns an error, the snapshot is untouched).
#[test]
fn msg_consult_every_transition_allowed_or_refused() {
    let after_period = at(3, 20, 9);
    let reported = topic::apply(
        &published(),
        &report(vec![], vec![]),
        UNIT,
        after_period,
        rules(),
    )
    .unwrap()
    .0;
    let states = [decided(), published(), reported];
    for state in &states {
        for kind in [CommandKind::Publish, CommandKind::Report] {
            let command = match kind {
                CommandKind::Publish => Command::Publish,
                CommandKind::Report => report(vec![], vec![]),
            };
            let now = match kind {
                CommandKind::Publish => at(3, 3, 9),
                CommandKind::Report => after_period,
            };
            let expected = TRANSITIONS
                .iter()
                .find(|(from, k, _)| *from == state.status && *k == kind)
                .map(|(_, _, to)| *to);
            let before = state.clone();
            match (topic::apply(state, &command, UNIT, now, rules()), expected) {
                (Ok((next, _)), Some(to)) => assert_eq!(next.status, to),
                (Err(e), None) => assert!(!e.to_string().is_empty()),
                (got, want) => panic!("{:?} {kind:?}: {:?} vs {want:?}", state.status, got.is_ok()),
            }
            assert_eq!(&before, state);
            // Another unit never may.
            assert!(topic::apply(state, &command, OTHER, now, rules()).is_err());
        }
    }
}

/// PUB-PRECONSULT: the adoption report is refused before the period ends; it answers every
/// comment shown, once, and gives the reason of each not adopted.
#[test]
fn pub_preconsult_adoption_report_checks() {
    let topic = published();
    let during = at(3, 10, 9);
    let after = at(3, 20, 9);
    let err = |command: Command, now| {
        topic::apply(&topic, &command, UNIT, now, rules())
            .unwrap_err()
            .to_string()
    };
    let good = report(
        vec![adopted(1, true, ""), adopted(2, false, "与上位法规定不符")],
        vec![1, 2],
    );
    assert!(err(good.clone(), during).contains("征集期尚未结束"));
    assert!(err(report(vec![adopted(1, true, "")], vec![1, 2]), after).contains("逐条"));
    assert!(
        err(
            report(
                vec![adopted(1, true, ""), adopted(2, false, " ")],
                vec![1, 2]
            ),
            after
        )
        .contains("理由")
    );
    assert!(err(report(vec![adopted(3, true, "")], vec![]), after).contains("不属于"));
    let (done, events) = topic::apply(&topic, &good, UNIT, after, rules()).unwrap();
    assert_eq!(done.phase(after), Phase::Reported);
    assert!(
        done.clock(ClockKind::Adoption)
            .unwrap()
            .stopped_at
            .is_some()
    );
    assert!(events.contains(&topic::Event::Reported {
        adopted: 1,
        not_adopted: 1
    }));
    // Late: the adoption clock stops breached after the profile's month.
    let (late, _) = topic::apply(&topic, &good, UNIT, at(5, 20, 9), rules()).unwrap();
    let clock = late.clock(ClockKind::Adoption).unwrap();
    assert!(!clock.clock.is_met(&CAL, at(5, 20, 9)));
}

/// PUB-PRECONSULT (002 预公开 §7), MSG-CONSULT: a draft with secrets unconfirmed, personal
/// data, an empty title, a bad period or malformed questions is refused with every problem.
#[test]
fn pub_preconsult_draft_problems() {
    assert!(topic::problems(&draft()).is_empty());
    let mut bad = draft();
    bad.no_secrets = false;
    bad.draft = "联系人电话13812345678".into();
    bad.title = " ".into();
    bad.closes_at = bad.opens_at;
    bad.questions[1].options = vec!["只有一项".into()];
    bad.questions[0].options = vec!["x".into()];
    let problems = topic::problems(&bad);
    assert_eq!(problems.len(), 6, "{problems:?}");
    bad.questions.clear();
    assert!(topic::problems(&bad).iter().any(|p| p.contains("问题")));
}

/// MSG-CONSULT: comments only while open, with text; ballots only while open, once, every
/// choice question answered within its options.
#[test]
fn msg_consult_comments_and_ballots_allowed_and_refused() {
    let topic = published();
    let open = at(3, 10, 9);
    assert!(topic::may_comment(&topic, open, "建议分时段收费").is_ok());
    assert!(topic::may_comment(&topic, open, "  ").is_err());
    let before = topic::may_comment(&decided(), open, "x")
        .unwrap_err()
        .to_string();
    assert!(before.contains("尚未开始"));
    let closed = topic::may_comment(&topic, at(3, 16, 9), "x")
        .unwrap_err()
        .to_string();
    assert!(closed.contains("征集已结束"));

    let ballot = vec![(1, vec![0]), (2, vec![0, 2])];
    assert!(topic::check_ballot(&topic, open, false, &ballot).is_ok());
    let refusal = |now, voted, b: &topic::Ballot| {
        topic::check_ballot(&topic, now, voted, b)
            .unwrap_err()
            .to_string()
    };
    assert!(refusal(at(3, 16, 9), false, &ballot).contains("调查已结束"));
    assert!(refusal(at(3, 1, 9), false, &ballot).contains("尚未开始"));
    assert!(refusal(open, true, &ballot).contains("只能投票一次"));
    assert!(refusal(open, false, &vec![(1, vec![0])]).contains("第3个问题"));
    assert!(refusal(open, false, &vec![(1, vec![0, 1]), (2, vec![0])]).contains("只能选一项"));
    assert!(refusal(open, false, &vec![(1, vec![5]), (2, vec![0])]).contains("无效"));
    assert!(refusal(open, false, &vec![(1, vec![0]), (2, vec![1, 1])]).contains("重复"));
    assert!(
        refusal(open, false, &vec![(0, vec![0]), (1, vec![0]), (2, vec![0])]).contains("不属于")
    );
}

/// MSG-CONSULT (002 网站规范 §23(八)): fenggang's minimum of 6 a year; other presets set
/// none; the channel works with a topic in the year and no report overdue.
#[test]
fn msg_consult_yearly_minimum_and_channel() {
    assert_eq!(FENGGANG.messages.consultations_per_year, 6);
    assert_eq!(PROFILE.messages.consultations_per_year, 0);
    assert!(
        !YearCount {
            count: 5,
            minimum: 6
        }
        .met()
    );
    assert!(
        YearCount {
            count: 6,
            minimum: 6
        }
        .met()
    );
    assert!(
        YearCount {
            count: 0,
            minimum: 0
        }
        .met()
    );
    assert!(topic::channel_working(1, 0));
    assert!(!topic::channel_working(0, 0));
    assert!(!topic::channel_working(3, 1));
}
