//! The interview machine, pure (MSG-INTERVIEW): announced in advance, every (status,
//! command) pair allowed or refused by the table, questions while not ended, answers only
//! while live and only by the unit.

use consultation::InterviewId;
use consultation::interview::{self, Announcement, Command, Interview, Status, TRANSITIONS};

use crate::{OTHER, UNIT, at};

fn announcement() -> Announcement {
    Announcement {
        site_id: 1,
        title: "解读2026年民生实事".into(),
        summary: "区发改局负责人解读今年十件民生实事。".into(),
        guests: "区发改局局长 张某".into(),
        starts_at: at(3, 10, 15),
    }
}

fn announced() -> Interview {
    interview::announce(&announcement(), InterviewId(1), UNIT, at(3, 3, 9)).unwrap()
}

/// MSG-INTERVIEW: an interview is announced in advance with topic and guests; one for now
/// or the past, or without guests, is refused.
#[test]
fn msg_interview_announced_in_advance() {
    let found = announced();
    assert_eq!(found.status, Status::Announced);
    let late = interview::announce(&announcement(), InterviewId(1), UNIT, at(3, 10, 15));
    assert!(late.unwrap_err().to_string().contains("提前发布预告"));
    let mut bad = announcement();
    bad.guests = " ".into();
    assert!(interview::announce(&bad, InterviewId(1), UNIT, at(3, 3, 9)).is_err());
}

/// MSG-INTERVIEW: every (status, command) pair, allowed as the table says and refused
/// otherwise; another unit never may.
#[test]
fn msg_interview_every_transition_allowed_or_refused() {
    let live = interview::apply(&announced(), Command::Start, UNIT, at(3, 10, 15)).unwrap();
    let ended = interview::apply(&live, Command::End, UNIT, at(3, 10, 17)).unwrap();
    assert_eq!(ended.ended_at, Some(at(3, 10, 17)));
    for state in [announced(), live, ended] {
        for command in [Command::Start, Command::End] {
            let expected = TRANSITIONS
                .iter()
                .find(|(from, c, _)| *from == state.status && *c == command)
                .map(|(_, _, to)| *to);
            let got = interview::apply(&state, command, UNIT, at(3, 10, 16));
            match expected {
                Some(to) => assert_eq!(got.unwrap().status, to),
                None => assert!(!got.unwrap_err().to_string().is_empty()),
            }
            assert!(interview::apply(&state, command, OTHER, at(3, 10, 16)).is_err());
        }
    }
}

/// MSG-INTERVIEW: questions come in before and during, not after; answers are published
/// only during, by the unit, with text.
#[test]
fn msg_interview_questions_and_answers() {
    let before = announced();
    let live = interview::apply(&before, Command::Start, UNIT, at(3, 10, 15)).unwrap();
    let ended = interview::apply(&live, Command::End, UNIT, at(3, 10, 17)).unwrap();
    assert!(interview::may_ask(&before, "停车位何时增加？").is_ok());
    assert!(interview::may_ask(&live, "停车位何时增加？").is_ok());
    assert!(interview::may_ask(&live, " ").is_err());
    assert!(
        interview::may_ask(&ended, "x")
            .unwrap_err()
            .to_string()
            .contains("已经结束")
    );
    assert!(interview::may_answer(&live, UNIT, "年内新增500个。").is_ok());
    assert!(interview::may_answer(&live, OTHER, "年内新增500个。").is_err());
    assert!(interview::may_answer(&live, UNIT, "").is_err());
    assert!(
        interview::may_answer(&before, UNIT, "x")
            .unwrap_err()
            .to_string()
            .contains("尚未开始")
    );
    assert!(interview::may_answer(&ended, UNIT, "x").is_err());
}
