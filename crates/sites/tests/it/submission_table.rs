//! The submission's transition table (WEB-SUBMIT), table-driven: every row is reached from
//! its status by the people it belongs to and leads where it says; every pair the table has
//! not is refused and changes nothing; `available` offers exactly what `apply` accepts. Also
//! the fixtures of the submission tests: a staff member of the education bureau writes to the
//! department site's news column.

use calendar::Instant;
use platform::roles::Role;
use sites::column::{Column, ColumnKind};
use sites::registry::Site;
use sites::submission::{
    self, Command, CommandKind, Place, Status, Submission, SubmissionInput, TRANSITIONS,
};
use sites::{Acting, ArticleId, ErrorKind, SubmissionId, UserId};

use crate::{
    DEPT, column, dept_leader, dept_registration, editor_a, editor_b, rules, site_of, stranger, t0,
};

/// The bureau's information officer (信息员), who writes.
pub fn writer() -> Acting {
    Acting::new(UserId(34), DEPT, &[Role::UnitHandler])
}

/// The open department site and its news column (editors A/B of the bureau).
pub fn place_parts() -> (Site, Column) {
    (
        site_of(dept_registration(), true),
        column(6, ColumnKind::News),
    )
}

pub fn input(column: &Column) -> SubmissionInput {
    SubmissionInput {
        column: column.id,
        author: "张晓明".into(),
        mobile: "13912345678".into(),
        title: "区教育局召开春季开学工作会议".into(),
        body: "<p>3月2日，区教育局召开春季开学工作会议。</p>\
               <img src=\"/files/1.jpg\" alt=\"会议现场\">"
            .into(),
        major: false,
    }
}

/// A new submission by [`writer`].
pub fn created(site: &Site, column: &Column) -> Submission {
    let place = Place { site, column };
    submission::create(
        SubmissionId(7),
        &input(column),
        place,
        &writer(),
        "甘州区教育局",
        t0(),
    )
    .unwrap()
    .0
}

pub fn run(
    submission: &Submission,
    command: Command,
    by: &Acting,
    (site, column): (&Site, &Column),
    now: Instant,
) -> Submission {
    let place = Place { site, column };
    submission::apply(submission, &command, by, place, now, rules())
        .unwrap_or_else(|error| panic!("{command:?} from {:?}: {error}", submission.status))
        .0
}

pub fn approve() -> Command {
    Command::Approve {
        opinion: "同意报送".into(),
    }
}

pub fn adopt() -> Command {
    Command::Adopt {
        column: None,
        article: Some(ArticleId(500)),
    }
}

/// A submission in `status`, reached by the ordinary path.
pub fn in_status(status: Status, site: &Site, column: &Column) -> Submission {
    let parts = (site, column);
    let draft = created(site, column);
    let at_leader = || run(&draft, Command::Submit, &writer(), parts, t0());
    let at_editors = || run(&at_leader(), approve(), &dept_leader(), parts, t0());
    match status {
        Status::Draft => draft,
        Status::AtLeader => at_leader(),
        Status::AtEditors => at_editors(),
        Status::Adopted => run(&at_editors(), adopt(), &editor_a(), parts, t0()),
        Status::Returned => {
            let back = Command::Return {
                reason: "内容与栏目不符".into(),
            };
            run(&at_editors(), back, &editor_b(), parts, t0())
        }
        Status::Withdrawn => run(&draft, Command::Withdraw, &writer(), parts, t0()),
    }
}

/// A command of each kind, as a page sends it.
fn command_of(kind: CommandKind, column: &Column) -> Command {
    match kind {
        CommandKind::Edit => Command::Edit {
            input: Box::new(input(column)),
        },
        CommandKind::Submit => Command::Submit,
        CommandKind::Approve => approve(),
        CommandKind::SendBack => Command::SendBack {
            reason: "请补充会议时间".into(),
        },
        CommandKind::Withdraw => Command::Withdraw,
        CommandKind::Adopt => adopt(),
        CommandKind::Return => Command::Return {
            reason: "重复报送".into(),
        },
    }
}

/// Who runs each kind.
fn actor_of(kind: CommandKind) -> Acting {
    match kind {
        CommandKind::Edit | CommandKind::Submit | CommandKind::Withdraw => writer(),
        CommandKind::Approve | CommandKind::SendBack => dept_leader(),
        CommandKind::Adopt | CommandKind::Return => editor_a(),
    }
}

/// WEB-SUBMIT: every row of the table leads from its status to its target for the people it
/// belongs to.
#[test]
fn web_submit_every_row_of_the_table_is_reached() {
    let (site, column) = place_parts();
    for &(from, kind, to) in TRANSITIONS {
        let before = in_status(from, &site, &column);
        let after = run(
            &before,
            command_of(kind, &column),
            &actor_of(kind),
            (&site, &column),
            t0(),
        );
        assert_eq!(after.status, to, "{from:?} --{kind:?}-->");
    }
}

/// WEB-SUBMIT: a pair the table does not list is refused as a transition, whoever asks.
#[test]
fn web_submit_every_pair_off_the_table_is_refused() {
    let (site, column) = place_parts();
    for from in Status::ALL {
        let before = in_status(from, &site, &column);
        for kind in CommandKind::ALL {
            if TRANSITIONS.iter().any(|&(f, k, _)| f == from && k == kind) {
                continue;
            }
            let place = Place {
                site: &site,
                column: &column,
            };
            let refused = submission::apply(
                &before,
                &command_of(kind, &column),
                &actor_of(kind),
                place,
                t0(),
                rules(),
            )
            .unwrap_err();
            assert_eq!(
                refused.kind(),
                ErrorKind::InvalidTransition,
                "{from:?} {kind:?}"
            );
        }
    }
}

/// WEB-SUBMIT: `available` is what `apply` accepts — for the writer, the unit's leader, an
/// editor of the column, and a stranger holding every role in another unit (nothing).
#[test]
fn web_submit_available_is_what_apply_accepts() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    for from in Status::ALL {
        let before = in_status(from, &site, &column);
        for who in [writer(), dept_leader(), editor_a(), editor_b(), stranger()] {
            let offered = submission::available(&before, place, &who);
            for kind in CommandKind::ALL {
                let accepted = submission::apply(
                    &before,
                    &command_of(kind, &column),
                    &who,
                    place,
                    t0(),
                    rules(),
                )
                .is_ok();
                assert_eq!(
                    offered.contains(&kind),
                    accepted,
                    "{from:?} {kind:?} by {:?}",
                    who.user
                );
            }
        }
        assert!(submission::available(&before, place, &stranger()).is_empty());
    }
}
