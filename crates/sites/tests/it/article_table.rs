//! WEB-REVIEW: table-driven tests of every transition of the article workflow, allowed and
//! refused, over every (status, command) pair; each starting point is reached by the
//! ordinary path (editor → reviewer → leader → publisher).

use std::collections::HashSet;

use sites::ErrorKind;
use sites::article::{Article, Command, CommandKind, Place, Status, TRANSITIONS, Validity, apply};

use crate::*;

/// How to reach a starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixture {
    Draft,
    AtReviewer,
    /// A major article submitted.
    AtReviewerMajor,
    AtLeader,
    AtPublisher,
    Scheduled,
    Published,
    /// Published, its withdrawal planned (定时撤稿) for [`withdrawal_for`].
    WithdrawalPlanned,
    Withdrawn,
}

pub const FIXTURES: [Fixture; 9] = [
    Fixture::Draft,
    Fixture::AtReviewer,
    Fixture::AtReviewerMajor,
    Fixture::AtLeader,
    Fixture::AtPublisher,
    Fixture::Scheduled,
    Fixture::Published,
    Fixture::WithdrawalPlanned,
    Fixture::Withdrawn,
];

/// When the planned withdrawal of the fixture comes: Monday 2025-03-10 09:00.
pub fn withdrawal_for() -> Instant {
    at("2025-03-10T09:00")
}

pub fn schedule_withdrawal() -> Command {
    Command::ScheduleWithdrawal {
        at: withdrawal_for(),
        reason: "活动已结束".into(),
    }
}

/// When the scheduled fixture goes out: Wednesday 2025-03-05 09:00.
pub fn scheduled_for() -> Instant {
    at("2025-03-05T09:00")
}

pub fn publish_now() -> Command {
    Command::Publish { at: None }
}

pub fn reach(fixture: Fixture, parts: (&Site, &Column)) -> Article {
    let (site, column) = parts;
    let run = |article: &Article, command: Command, by: &Acting| {
        run_article(article, command, by, parts, t0())
    };
    match fixture {
        Fixture::Draft => drafted(site, column, false),
        Fixture::AtReviewer => run(&reach(Fixture::Draft, parts), Command::Submit, &editor_a()),
        Fixture::AtReviewerMajor => run(&drafted(site, column, true), Command::Submit, &editor_a()),
        Fixture::AtLeader => run(
            &reach(Fixture::AtReviewerMajor, parts),
            review(),
            &reviewer(),
        ),
        Fixture::AtPublisher => run(&reach(Fixture::AtReviewer, parts), review(), &reviewer()),
        Fixture::Scheduled => run(
            &reach(Fixture::AtPublisher, parts),
            Command::Publish {
                at: Some(scheduled_for()),
            },
            &publisher(),
        ),
        Fixture::Published => run(
            &reach(Fixture::AtPublisher, parts),
            publish_now(),
            &publisher(),
        ),
        Fixture::WithdrawalPlanned => run(
            &reach(Fixture::Published, parts),
            schedule_withdrawal(),
            &publisher(),
        ),
        Fixture::Withdrawn => run(&reach(Fixture::Published, parts), withdraw(), &publisher()),
    }
}

pub fn review() -> Command {
    Command::Review {
        opinion: "内容准确，同意".into(),
    }
}

pub fn withdraw() -> Command {
    Command::Withdraw {
        reason: "内容已过时".into(),
    }
}

pub fn send_back() -> Command {
    Command::SendBack {
        reason: "文号有误，请核对".into(),
    }
}

/// A well-formed command of each kind for an article at `status`, who issues it, and when.
fn sample(kind: CommandKind, status: Status) -> (Command, Acting, Instant) {
    let later = at("2025-03-06T09:00");
    match kind {
        CommandKind::Edit => {
            let mut content = policy_content();
            content.title.push_str("（修订）");
            let edit = Command::Edit {
                content: Box::new(content),
                major: false,
            };
            (edit, editor_b(), t0())
        }
        CommandKind::Submit => (Command::Submit, editor_a(), t0()),
        CommandKind::Review => (review(), reviewer(), t0()),
        CommandKind::ApproveMajor => (
            Command::ApproveMajor {
                opinion: "同意发布".into(),
            },
            dept_leader(),
            t0(),
        ),
        CommandKind::SendBack => {
            let by = match status {
                Status::AtLeader => dept_leader(),
                Status::AtPublisher => publisher(),
                _ => reviewer(),
            };
            (send_back(), by, t0())
        }
        CommandKind::Publish => (publish_now(), publisher(), t0()),
        CommandKind::Unschedule => (Command::Unschedule, publisher(), t0()),
        CommandKind::PublishDue => (Command::PublishDue, Acting::system(), later),
        CommandKind::Withdraw => (withdraw(), publisher(), later),
        CommandKind::MarkValidity => (
            Command::MarkValidity {
                validity: Validity::Abolished,
                since: date("2025-06-01"),
                note: "被甘州教发〔2025〕30号废止".into(),
            },
            publisher(),
            later,
        ),
        CommandKind::LinkInterpretation => (
            Command::LinkInterpretation {
                interpretation: ArticleId(200),
            },
            reviewer(),
            later,
        ),
        CommandKind::Annotate => (annotate(), editor_a(), t0()),
        CommandKind::WithdrawError => (
            Command::WithdrawError {
                reason: "文号有误".into(),
            },
            publisher(),
            later,
        ),
        CommandKind::ScheduleWithdrawal => (schedule_withdrawal(), publisher(), later),
        CommandKind::CancelWithdrawal => (Command::CancelWithdrawal, publisher(), later),
        CommandKind::WithdrawDue => (Command::WithdrawDue, Acting::system(), withdrawal_for()),
    }
}

/// WEB-MAP, WEB-REPOST: a draft marked as showing a map with its 审图号.
pub fn annotate() -> Command {
    Command::Annotate {
        marks: Box::new(sites::article::Marks {
            map: Some(sites::article::MapMark {
                approval: "GS(2024)1234号".into(),
            }),
            repost: None,
        }),
    }
}

/// Every row with the fixture and command that reach it.
fn cases() -> Vec<(Fixture, Command, Status)> {
    use Fixture as F;
    let kind = |kind: CommandKind, status: Status| sample(kind, status).0;
    vec![
        (
            F::Draft,
            kind(CommandKind::Edit, Status::Draft),
            Status::Draft,
        ),
        (F::Draft, Command::Submit, Status::AtReviewer),
        (F::Draft, annotate(), Status::Draft),
        (F::AtReviewerMajor, review(), Status::AtLeader),
        (F::AtReviewer, review(), Status::AtPublisher),
        (F::AtReviewer, send_back(), Status::Draft),
        (
            F::AtLeader,
            kind(CommandKind::ApproveMajor, Status::AtLeader),
            Status::AtPublisher,
        ),
        (F::AtLeader, send_back(), Status::Draft),
        (F::AtPublisher, publish_now(), Status::Published),
        (
            F::AtPublisher,
            Command::Publish {
                at: Some(scheduled_for()),
            },
            Status::Scheduled,
        ),
        (F::AtPublisher, send_back(), Status::Draft),
        (F::Scheduled, Command::Unschedule, Status::AtPublisher),
        (F::Scheduled, Command::PublishDue, Status::Published),
        (F::Published, withdraw(), Status::Withdrawn),
        (
            F::Published,
            kind(CommandKind::WithdrawError, Status::Published),
            Status::Withdrawn,
        ),
        (F::Published, schedule_withdrawal(), Status::Published),
        (
            F::WithdrawalPlanned,
            Command::CancelWithdrawal,
            Status::Published,
        ),
        (
            F::WithdrawalPlanned,
            Command::WithdrawDue,
            Status::Withdrawn,
        ),
        (
            F::Published,
            kind(CommandKind::MarkValidity, Status::Published),
            Status::Published,
        ),
        (
            F::Published,
            kind(CommandKind::LinkInterpretation, Status::Published),
            Status::Published,
        ),
    ]
}

fn run_case(
    start: &Article,
    command: &Command,
    parts: (&Site, &Column),
) -> Result<Article, sites::SiteError> {
    let (_, by, now) = sample(command.kind(), start.status);
    let place = Place {
        site: parts.0,
        column: parts.1,
    };
    apply(start, command, &by, place, now).map(|(next, _)| next)
}

/// WEB-REVIEW: each listed transition, run by the person of its step, gives the expected
/// status.
#[test]
fn web_review_every_listed_transition_gives_the_expected_status() {
    let (site, column) = place_parts();
    for (fixture, command, expected) in cases() {
        let start = reach(fixture, (&site, &column));
        let got = run_case(&start, &command, (&site, &column)).map(|next| next.status);
        assert_eq!(got, Ok(expected), "{fixture:?} {command:?}");
    }
}

/// WEB-REVIEW: every row of the table is reached by an allowed case.
#[test]
fn web_review_every_table_row_is_exercised() {
    let (site, column) = place_parts();
    let mut covered = HashSet::new();
    for (fixture, command, _) in cases() {
        let start = reach(fixture, (&site, &column));
        if let Ok(next) = run_case(&start, &command, (&site, &column)) {
            covered.insert((start.status, command.kind(), next.status));
        }
    }
    for row in TRANSITIONS {
        assert!(covered.contains(row), "row {row:?} has no allowed case");
    }
}

/// WEB-REVIEW, PUB-ABOLISH: every (status, command) pair: the listed ones are accepted from
/// the person of their step and lead along a row; every other is refused as an invalid
/// transition whoever asks — no command deletes an article, and a withdrawn one stays.
#[test]
fn web_review_every_pair_not_in_the_table_is_refused_as_an_invalid_transition() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    for fixture in FIXTURES {
        let start = reach(fixture, (&site, &column));
        for kind in CommandKind::ALL {
            let listed = TRANSITIONS
                .iter()
                .any(|&(from, command, _)| from == start.status && command == kind);
            let (command, by, now) = sample(kind, start.status);
            let result = apply(&start, &command, &by, place, now);
            let unplanned = matches!(
                kind,
                CommandKind::CancelWithdrawal | CommandKind::WithdrawDue
            ) && start.planned_withdrawal.is_none();
            if listed && unplanned {
                // Listed for a published article, but only one whose withdrawal is planned.
                let error = result
                    .err()
                    .unwrap_or_else(|| panic!("{fixture:?} {kind:?}"));
                assert_eq!(error.kind(), ErrorKind::Invalid, "{fixture:?} {kind:?}");
            } else if listed {
                let (next, _) = result.unwrap_or_else(|e| panic!("{fixture:?} {kind:?}: {e}"));
                let row = (start.status, kind, next.status);
                assert!(TRANSITIONS.contains(&row), "{row:?} is not a row");
            } else {
                let error = result
                    .err()
                    .unwrap_or_else(|| panic!("{fixture:?} {kind:?}"));
                assert_eq!(
                    error.kind(),
                    ErrorKind::InvalidTransition,
                    "{fixture:?} {kind:?}"
                );
                let by_stranger = apply(&start, &command, &stranger(), place, now);
                assert_eq!(
                    by_stranger.map_err(|e| e.kind()).err(),
                    Some(ErrorKind::InvalidTransition)
                );
            }
        }
    }
}

/// WEB-REVIEW: every status has a Chinese label; only a withdrawn article is final, and it
/// keeps its content (WEB-ARCHIVE: withdrawn pages stay readable).
#[test]
fn web_review_only_withdrawn_is_final_and_keeps_its_content() {
    for status in Status::ALL {
        assert!(!status.label_zh().is_empty());
        let leaves = TRANSITIONS.iter().any(|&(from, _, _)| from == status);
        assert_eq!(!leaves, status.is_final(), "{status:?}");
    }
    let (site, column) = place_parts();
    let withdrawn = reach(Fixture::Withdrawn, (&site, &column));
    assert_eq!(withdrawn.content, policy_content());
    assert!(withdrawn.published_at.is_some());
    assert_eq!(withdrawn.withdrawal.as_ref().unwrap().reason, "内容已过时");
    assert_eq!(CommandKind::label_of_code("send_back"), "退回修改");
}
