//! MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY: table-driven tests of every (status,
//! command) pair of the message machine, allowed and refused, each status reached by the
//! ordinary path of commands; a refusal changes nothing and says why in Chinese.

use std::collections::HashSet;

use participation::ErrorKind;
use participation::message::{
    Command, CommandKind, Issuer, Message, Status, TRANSITIONS, WithholdReason, apply, available,
};

use crate::*;

pub fn reach(status: Status) -> Message {
    let start = received();
    match status {
        Status::Received => start,
        Status::Routed => run(&start, sample(CommandKind::Route).0, &editor(), t0()),
        Status::Replied => run(
            &reach(Status::Routed),
            sample(CommandKind::Reply).0,
            &handler(),
            t0(),
        ),
        Status::Approved => run(
            &reach(Status::Replied),
            sample(CommandKind::Approve).0,
            &leader(),
            t0(),
        ),
        Status::Published => run(&reach(Status::Approved), Command::Publish, &editor(), t0()),
        Status::NotPublished => run(
            &reach(Status::Approved),
            sample(CommandKind::Withhold).0,
            &editor(),
            t0(),
        ),
        Status::Transferred => run(
            &start,
            sample(CommandKind::TransferToHotline).0,
            &editor(),
            t0(),
        ),
        Status::Invalid => run(&start, sample(CommandKind::MarkInvalid).0, &editor(), t0()),
    }
}

/// A well-formed command of each kind and who issues it (in a jurisdiction that allows it:
/// the complex mark and the extension are checked against their own profiles elsewhere).
pub fn sample(kind: CommandKind) -> (Command, Issuer) {
    let text = |s: &str| s.to_owned();
    match kind {
        CommandKind::Route => (
            Command::Route {
                unit: DEPT,
                note: text("属教育局职责"),
            },
            editor(),
        ),
        CommandKind::TransferToHotline => (
            Command::TransferToHotline {
                note: text("需现场处置"),
                order: None,
            },
            editor(),
        ),
        CommandKind::MarkInvalid => (
            Command::MarkInvalid {
                reason: text("广告信息"),
            },
            editor(),
        ),
        CommandKind::Return => (
            Command::Return {
                reason: text("不属本单位职责"),
            },
            handler(),
        ),
        CommandKind::MarkComplex => (
            Command::MarkComplex {
                reason: text("涉及多个部门"),
            },
            leader(),
        ),
        CommandKind::Extend => (
            Command::Extend {
                amount: wd(5),
                reason: text("需调查核实"),
            },
            leader(),
        ),
        CommandKind::Reply => (
            Command::Reply {
                text: text("已安排排水疏通，感谢您的关注。"),
            },
            handler(),
        ),
        CommandKind::Approve => (
            Command::Approve {
                note: text("同意")
            },
            leader(),
        ),
        CommandKind::SendBack => (
            Command::SendBack {
                note: text("请写明处理时间"),
            },
            leader(),
        ),
        CommandKind::Publish => (Command::Publish, editor()),
        CommandKind::Withhold => (
            Command::Withhold {
                reason: WithholdReason::Private,
                note: String::new(),
            },
            editor(),
        ),
        CommandKind::Rate => (
            Command::Rate {
                timeliness: 5,
                quality: 4,
                comment: String::new(),
            },
            Issuer::Writer,
        ),
    }
}

/// The kinds whose success depends on the jurisdiction (ganzhou sets no complex-case limit
/// and no extension); the table test only checks they pass the table and the permission.
const PROFILE_DEPENDENT: [CommandKind; 2] = [CommandKind::MarkComplex, CommandKind::Extend];

/// MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY: every allowed row leads where the table
/// says; every other pair is refused as an invalid transition and changes nothing.
#[test]
fn msg_every_pair_of_the_transition_table_is_allowed_or_refused() {
    let mut reached = HashSet::new();
    for from in Status::ALL {
        let message = reach(from);
        assert_eq!(message.status, from);
        for kind in CommandKind::ALL {
            let (command, issuer) = sample(kind);
            let row = TRANSITIONS
                .iter()
                .find(|&&(f, k, _)| f == from && k == kind);
            let result = apply(&message, &command, &issuer, t0(), rules());
            match row {
                Some(&(_, _, to)) if PROFILE_DEPENDENT.contains(&kind) => {
                    if let Err(error) = &result {
                        assert_eq!(error.kind(), ErrorKind::LimitReached, "{from:?} {kind:?}");
                    } else {
                        assert_eq!(result.unwrap().0.status, to);
                    }
                    reached.insert((from, kind));
                }
                Some(&(_, _, to)) => {
                    let (next, events) =
                        result.unwrap_or_else(|e| panic!("{from:?} {kind:?}: {e}"));
                    assert_eq!(next.status, to, "{from:?} {kind:?}");
                    assert!(!events.is_empty());
                    reached.insert((from, kind));
                }
                None => {
                    let error = result.expect_err("refused");
                    assert_eq!(
                        error.kind(),
                        ErrorKind::InvalidTransition,
                        "{from:?} {kind:?}"
                    );
                    assert!(error.to_string().contains(from.label_zh()));
                }
            }
        }
    }
    assert_eq!(reached.len(), TRANSITIONS.len(), "every row is reached");
}

/// MSG-ROUTE: what each party may do in each status is what `available` lists.
#[test]
fn msg_route_available_commands_follow_the_permission_check() {
    assert_eq!(
        available(&reach(Status::Received), &editor()),
        vec![
            CommandKind::Route,
            CommandKind::TransferToHotline,
            CommandKind::MarkInvalid
        ]
    );
    assert_eq!(
        available(&reach(Status::Received), &bureau()),
        available(&reach(Status::Received), &editor())
    );
    assert!(available(&reach(Status::Received), &handler()).is_empty());
    assert_eq!(
        available(&reach(Status::Routed), &handler()),
        vec![CommandKind::Return, CommandKind::Reply]
    );
    assert!(available(&reach(Status::Routed), &other_handler()).is_empty());
    assert_eq!(
        available(&reach(Status::Published), &Issuer::Writer),
        vec![CommandKind::Rate]
    );
    assert!(available(&reach(Status::Published), &editor()).is_empty());
}
