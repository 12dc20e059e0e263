//! PUB-APPLY, PUB-ANSWER: table-driven tests of every (status, command) pair of the
//! disclosure application machine, allowed and refused, each status reached by the ordinary
//! path of commands.

use std::collections::HashSet;

use openness::ErrorKind;
use openness::application::{
    AnswerInput, Application, Command, CommandKind, Form, Outcome, Status, TRANSITIONS,
    ThirdPartyOpinion, apply, available,
};
use openness::{ApplicationId, Issuer};

use crate::*;

fn reach(status: Status) -> Application {
    let start = received();
    let officer = staff(officer());
    match status {
        Status::Received => start,
        Status::Supplementing => run(
            &start,
            sample(CommandKind::RequestSupplement).0,
            &officer,
            t0(),
        ),
        Status::InHandling => run(&start, Command::StartHandling, &officer, t0()),
        Status::ThirdPartyConsultation => run(
            &reach(Status::InHandling),
            sample(CommandKind::ConsultThirdParty).0,
            &officer,
            t0(),
        ),
        Status::AgencyConsultation => run(
            &reach(Status::InHandling),
            sample(CommandKind::ConsultAgency).0,
            &officer,
            t0(),
        ),
        Status::Answered => run(
            &reach(Status::InHandling),
            sample(CommandKind::Answer).0,
            &officer,
            t0(),
        ),
        Status::Concluded => run(
            &reach(Status::Answered),
            sample(CommandKind::Deliver).0,
            &officer,
            t0(),
        ),
    }
}

/// A well-formed command of each kind, who issues it, and when (late enough for the
/// commands that wait for a period to pass).
fn sample(kind: CommandKind) -> (Command, Issuer, Instant) {
    let officer = staff(officer());
    let late = at("2026-06-01T09:00");
    match kind {
        CommandKind::RequestSupplement => (
            Command::RequestSupplement {
                items: vec!["请写明所需文件的文号或形成时间".into()],
                period: wd(10),
            },
            officer,
            t0(),
        ),
        CommandKind::Supplemented => (
            Command::Supplemented {
                description: "县发改委2025年5月作出的城区道路改造工程立项批复".into(),
            },
            Issuer::Applicant,
            t0(),
        ),
        CommandKind::CloseUnsupplemented => (Command::CloseUnsupplemented, officer, late),
        CommandKind::StartHandling => (Command::StartHandling, officer, t0()),
        CommandKind::ConsultThirdParty => (
            Command::ConsultThirdParty {
                party: "赣州某某路桥公司".into(),
                matter: "批复附件中的投标报价是否涉及商业秘密".into(),
            },
            officer,
            t0(),
        ),
        CommandKind::ThirdPartyReplied => (
            Command::ThirdPartyReplied {
                opinion: ThirdPartyOpinion::Consents,
                reply: "同意公开".into(),
            },
            officer,
            t0(),
        ),
        CommandKind::ConsultAgency => (
            Command::ConsultAgency {
                agency: "县发展和改革委员会".into(),
                matter: "批复是否可以公开".into(),
            },
            officer,
            t0(),
        ),
        CommandKind::AgencyReplied => (
            Command::AgencyReplied {
                reply: "可以公开".into(),
            },
            officer,
            t0(),
        ),
        CommandKind::Extend => (
            Command::Extend {
                amount: wd(10),
                reason: "需检索的档案量大".into(),
            },
            staff(head()),
            t0(),
        ),
        CommandKind::Answer => (
            Command::Answer {
                outcome: Outcome::Disclosed,
                input: AnswerInput {
                    provided: vec!["县发改字〔2025〕12号.pdf".into()],
                    form: Some(Form::Electronic),
                    ..AnswerInput::default()
                },
            },
            officer,
            t0(),
        ),
        CommandKind::Deliver => (
            Command::Deliver {
                way: "网上下载".into(),
                evidence: "申请人凭查询码下载，下载记录已留存".into(),
            },
            officer,
            t0(),
        ),
        CommandKind::Withdraw => (
            Command::Withdraw {
                reason: "已通过其他途径获取".into(),
            },
            Issuer::Applicant,
            t0(),
        ),
    }
}

/// Every allowed row, with the status reached.
fn expected(from: Status, kind: CommandKind) -> Option<Status> {
    TRANSITIONS
        .iter()
        .find(|&&(row_from, row_kind, _)| row_from == from && row_kind == kind)
        .map(|&(_, _, to)| to)
}

/// PUB-APPLY, PUB-ANSWER: every (status, command) pair — a listed one gives its row's status,
/// any other is refused as an invalid transition, whoever asks, and nothing changes.
#[test]
fn pub_apply_every_status_command_pair_is_allowed_or_refused_by_the_table() {
    let mut covered = HashSet::new();
    for from in Status::ALL {
        let start = reach(from);
        assert_eq!(start.status, from);
        for kind in CommandKind::ALL {
            let (command, issuer, now) = sample(kind);
            let result = apply(&start, &command, &issuer, now, rules());
            match expected(from, kind) {
                Some(to) => {
                    let (next, _) = result.unwrap_or_else(|e| panic!("{from:?} {kind:?}: {e}"));
                    assert_eq!(next.status, to, "{from:?} {kind:?}");
                    covered.insert((from, kind, to));
                }
                None => {
                    let error = result.err().unwrap_or_else(|| panic!("{from:?} {kind:?}"));
                    assert_eq!(
                        error.kind(),
                        ErrorKind::InvalidTransition,
                        "{from:?} {kind:?}"
                    );
                    assert!(error.to_string().contains(from.label_zh()));
                    let by_head = apply(&start, &command, &staff(head()), now, rules());
                    assert_eq!(
                        by_head.map_err(|e| e.kind()).err(),
                        Some(ErrorKind::InvalidTransition)
                    );
                }
            }
        }
    }
    for row in TRANSITIONS {
        assert!(covered.contains(row), "row {row:?} has no allowed case");
    }
}

/// PUB-APPLY: who may act — the applicant only corrects and withdraws, the office head alone
/// approves an extension, an officer of another unit nothing; `available` offers exactly that.
#[test]
fn pub_apply_only_the_right_issuer_may_run_each_command() {
    let stranger = staff(acting(99, OTHER, &[Role::OpennessOfficer]));
    for &(from, kind, _) in TRANSITIONS {
        let start = reach(from);
        let (command, issuer, now) = sample(kind);
        for other in [
            Issuer::Applicant,
            staff(officer()),
            staff(head()),
            stranger.clone(),
        ] {
            let result = apply(&start, &command, &other, now, rules());
            let offered = available(&start, &other).contains(&kind);
            let allowed = other == issuer
                || (matches!(kind, CommandKind::Supplemented | CommandKind::Withdraw)
                    && other == staff(officer()));
            assert_eq!(result.is_ok(), allowed, "{from:?} {kind:?} by {other:?}");
            assert_eq!(offered, allowed, "{from:?} {kind:?} offered to {other:?}");
            if !allowed {
                assert_eq!(
                    result.err().map(|e| e.kind()),
                    Some(ErrorKind::NotPermitted)
                );
            }
        }
    }
}

/// Every status has a Chinese label, and only a concluded application is final.
#[test]
fn pub_apply_statuses_have_labels_and_only_concluded_is_final() {
    for status in Status::ALL {
        assert!(!status.label_zh().is_empty());
        let leaves = TRANSITIONS.iter().any(|&(from, _, _)| from == status);
        assert_eq!(!leaves, status.is_final(), "{status:?}");
    }
    assert_eq!(CommandKind::label_of_code("request_supplement"), "告知补正");
    assert_eq!(CommandKind::label_of_code("register"), "登记申请");
    assert_ne!(reach(Status::Concluded).id, ApplicationId(0));
}

/// PUB-APPLY: every allowed command's first event is its transition; every event has a history
/// row on the kernel ([`platform::workflow::Recorded`]) that never names the applicant.
#[test]
fn pub_apply_every_transition_is_recorded_for_the_kernel() {
    use openness::application::Event;
    use platform::workflow::Recorded;
    for &(from, kind, to) in TRANSITIONS {
        let (command, issuer, now) = sample(kind);
        let (_, events) = apply(&reach(from), &command, &issuer, now, rules()).unwrap();
        assert_eq!(
            events[0],
            Event::Transitioned {
                from,
                to,
                command: kind
            }
        );
        for event in &events {
            let (code, detail) = event.describe();
            assert!(!code.is_empty());
            assert!(!detail.to_string().contains("张三"), "{detail}");
            assert_eq!(event.clock().is_some(), matches!(event, Event::Clock(_)));
        }
    }
}
