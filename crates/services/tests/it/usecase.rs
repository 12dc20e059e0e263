//! The one path of case commands on both backends (SVC-ACCEPT, SVC-PROMISE, SVC-SPECIAL,
//! SVC-NO-RESUBMIT, SVC-ELICENCE, SVC-STATUS): clocks land in the shared clock table, a refused
//! command changes nothing, and two concurrent commands on one version give one conflict.

use calendar::{Clock, Instant};
use platform::Platform;
use platform::clocks::{self, ClockStatus, StoredClock};
use services::case::{Command, Decision, MaterialDefect, MaterialSource, Status};
use services::item::{
    DeliveryMethod, Material, MaterialKind, MaterialMore, Materials, SourceChannel,
    SpecialProcedure,
};
use services::usecase;
use services::{CaseId, UnitId};

use crate::store::{admin, market_item, publish, scalar, seeded, submit, unit};
use crate::{CAL, PROFILE, at, limit};

async fn run(
    p: &Platform,
    id: CaseId,
    command: Command,
    expected: Option<i64>,
    now: Instant,
) -> platform::Result<(services::case::Case, i64)> {
    usecase::execute_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        id,
        command,
        expected,
    )
    .await
}

async fn clock(p: &Platform, id: CaseId, rule: &str) -> StoredClock {
    clocks::by_subject(&p.db, "case", &id.to_string())
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|clock| {
            // The promised clock (10 WD), not a stage clock of the same rule.
            clock.rule_id == rule && (rule != "SVC-PROMISE" || clock.clock.limit() == limit("10wd"))
        })
        .unwrap_or_else(|| panic!("no {rule} clock"))
}

/// A published item, a case submitted Monday 09:00 and accepted 09:10 by gz-market.
async fn accepted(p: &Platform) -> (CaseId, UnitId, i64) {
    publish(p, "SP-FOOD-001", market_item(p).await).await;
    let submission = submit(
        p,
        "SP-FOOD-001",
        &["id_card", "form"],
        at("2025-03-03T09:00"),
    )
    .await;
    let market = unit(p, "gz-market").await;
    let (_, version) = run(
        p,
        submission.case_id,
        Command::Accept { by: market },
        Some(submission.version),
        at("2025-03-03T09:10"),
    )
    .await
    .unwrap();
    (submission.case_id, market, version)
}

#[tokio::test]
async fn svc_accept_missing_material_is_refused_and_nothing_is_stored() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let error = usecase::submit_case(
            &p.db,
            &platform::workflow::Context::new(
                &p.key,
                &admin(),
                &CAL,
                &PROFILE,
                at("2025-03-03T09:00"),
            ),
            "SP-FOOD-001",
            crate::store::application(&["form"]),
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("法定代表人身份证"), "{error}");
        assert_eq!(scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await, 0);
        assert_eq!(scalar(&p, "SELECT COUNT(*) AS n FROM clocks").await, 0);
    }
}

#[tokio::test]
async fn svc_promise_accept_starts_the_promised_clock() {
    for p in seeded().await {
        let (id, market, _) = accepted(&p).await;
        let acceptance = clock(&p, id, "SVC-ACCEPT").await;
        assert_eq!(acceptance.status, ClockStatus::Met);
        let promise = clock(&p, id, "SVC-PROMISE").await;
        assert_eq!(promise.status, ClockStatus::Running);
        assert_eq!(promise.unit_id, market.0);
        let expected = Clock::new(at("2025-03-03T09:10"), limit("10wd"))
            .due(&CAL)
            .at;
        assert_eq!(promise.due_at, expected);
        let desk = usecase::desk(&p.db, market, 50).await.unwrap();
        assert_eq!(desk.len(), 1);
        assert!(desk[0].clocks.iter().any(|c| c.rule_id == "SVC-PROMISE"));
        // SVC-PROMISE: not overdue before the due time, 超期办件 after it.
        assert!(
            usecase::overdue_cases(&p.db, &CAL, at("2025-03-04T09:00"))
                .await
                .unwrap()
                .is_empty()
        );
        let late = usecase::overdue_cases(&p.db, &CAL, at("2025-04-30T09:00"))
            .await
            .unwrap();
        assert_eq!(late.iter().map(|c| c.case_id).collect::<Vec<_>>(), vec![id]);
        assert_eq!(late[0].department, market);
    }
}

#[tokio::test]
async fn svc_accept_second_supplement_notice_is_refused_and_changes_nothing() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let market = unit(&p, "gz-market").await;
        let notice = |problem: &str| Command::RequestSupplement {
            by: market,
            defects: vec![MaterialDefect {
                material: "食品经营许可申请书".into(),
                problem: problem.into(),
            }],
        };
        let (_, version) = run(
            &p,
            submission.case_id,
            notice("缺少签字"),
            Some(1),
            at("2025-03-03T10:00"),
        )
        .await
        .unwrap();
        let audit = scalar(&p, "SELECT seq AS n FROM audit_head").await;
        let events = scalar(&p, "SELECT COUNT(*) AS n FROM svc_case_events").await;
        let error = run(
            &p,
            submission.case_id,
            notice("另有问题"),
            Some(version),
            at("2025-03-03T11:00"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                error,
                platform::Error::InvalidTransition { .. } | platform::Error::Conflict(_)
            ),
            "{error}"
        );
        let stored = services::store::cases::get(&p.db, submission.case_id)
            .await
            .unwrap();
        assert_eq!(stored.version, version);
        assert_eq!(stored.case.notices.len(), 1);
        assert_eq!(scalar(&p, "SELECT seq AS n FROM audit_head").await, audit);
        assert_eq!(
            scalar(&p, "SELECT COUNT(*) AS n FROM svc_case_events").await,
            events
        );
    }
}

#[tokio::test]
async fn svc_special_pauses_the_promised_clock_and_resuming_moves_the_due_exactly() {
    for p in seeded().await {
        let (id, _, version) = accepted(&p).await;
        let before = clock(&p, id, "SVC-PROMISE").await.due_at;
        let (start, end) = (at("2025-03-04T10:00"), at("2025-03-06T15:00"));
        let (case, version) = run(
            &p,
            id,
            Command::StartSpecial {
                procedure: SpecialProcedure::SiteInspection,
                reason: "需现场核查经营场所".into(),
            },
            Some(version),
            start,
        )
        .await
        .unwrap();
        assert_eq!(case.status, Status::Special);
        assert_eq!(
            clock(&p, id, "SVC-PROMISE").await.status,
            ClockStatus::Paused
        );
        assert_eq!(
            clock(&p, id, "SVC-SPECIAL").await.status,
            ClockStatus::Running
        );
        let (case, _) = run(
            &p,
            id,
            Command::EndSpecial {
                outcome: "现场核查合格".into(),
            },
            Some(version),
            end,
        )
        .await
        .unwrap();
        let promise = clock(&p, id, "SVC-PROMISE").await;
        assert_eq!(promise.status, ClockStatus::Running);
        let mut expected = Clock::new(at("2025-03-03T09:10"), limit("10wd"));
        expected.pause(start, "现场勘验").unwrap();
        expected.resume(end).unwrap();
        assert_eq!(promise.due_at, expected.due(&CAL).at);
        assert!(promise.due_at > before);
        assert_eq!(case.promised_due(&CAL), Some(promise.due_at));
    }
}

/// Takes an accepted case through both stages, the decision and electronic delivery.
async fn conclude(p: &Platform, id: CaseId, market: UnitId, version: i64) {
    let steps = [
        (
            Command::CompleteStage {
                by: market,
                opinion: "材料齐全，符合条件".into(),
            },
            "2025-03-04T09:00",
        ),
        (
            Command::CompleteStage {
                by: market,
                opinion: "同意".into(),
            },
            "2025-03-05T09:00",
        ),
        (
            Command::Decide {
                by: market,
                decision: Decision::Approve,
            },
            "2025-03-05T10:00",
        ),
        (
            Command::Deliver {
                by: market,
                method: DeliveryMethod::Electronic,
            },
            "2025-03-05T11:00",
        ),
    ];
    let mut version = version;
    for (command, when) in steps {
        version = run(p, id, command, Some(version), at(when))
            .await
            .unwrap()
            .1;
    }
}

#[tokio::test]
async fn svc_elicence_issued_licence_and_filed_material_are_reused_not_asked_again() {
    for p in seeded().await {
        let (id, market, version) = accepted(&p).await;
        conclude(&p, id, market, version).await;
        assert_eq!(
            scalar(
                &p,
                "SELECT COUNT(*) AS n FROM svc_licences WHERE licence_type = '食品经营许可证'"
            )
            .await,
            1
        );
        // SVC-NO-RESUBMIT: a change application asks for the licence and the ID card.
        let mut change = market_item(&p).await;
        change.basic.sub_name = "变更".into();
        let mut list = change.materials.list().to_vec();
        list.push(Material {
            code: "food_licence".into(),
            name: "食品经营许可证".into(),
            kind: MaterialKind::Electronic,
            source: SourceChannel::Government,
            criteria: "有效期内".into(),
            requirements: "电子证照".into(),
            copies: 1,
            required: true,
            licence_type: Some("食品经营许可证".into()),
            sample: None,
            blank_form: None,
            more: MaterialMore {
                legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
                ..MaterialMore::default()
            },
        });
        list.retain(|m| m.code != "id_card");
        list.push(Material {
            licence_type: None,
            ..market_item(&p).await.materials.list()[0].clone()
        });
        change.materials = Materials::List(list);
        publish(&p, "SP-FOOD-002", change).await;
        let second = submit(&p, "SP-FOOD-002", &["form"], at("2025-03-10T09:00")).await;
        let reused: Vec<(String, bool)> = second
            .reused
            .iter()
            .map(|m| {
                (
                    m.code.clone(),
                    matches!(m.source, MaterialSource::ELicence(_)),
                )
            })
            .collect();
        assert!(
            reused.contains(&("food_licence".into(), true)),
            "{reused:?}"
        );
        assert!(reused.contains(&("id_card".into(), false)), "{reused:?}");
    }
}

#[tokio::test]
async fn svc_status_applicant_sees_every_stage_with_start_end_and_duration() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let market = unit(&p, "gz-market").await;
        let (_, version) = run(
            &p,
            submission.case_id,
            Command::Accept { by: market },
            None,
            at("2025-03-03T09:10"),
        )
        .await
        .unwrap();
        conclude(&p, submission.case_id, market, version).await;
        let view = usecase::case_status(
            &p.db,
            &p.key,
            &submission.number,
            &submission.query_code,
            &CAL,
            at("2025-03-06T09:00"),
        )
        .await
        .unwrap();
        assert_eq!(view.status, Status::Concluded);
        let names: Vec<&str> = view.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["受理审查", "审查", "决定", "审批决定", "结果送达"],
            "{names:?}"
        );
        for step in &view.steps {
            let end = step.end.expect("every step ended");
            assert_eq!(step.duration_millis, end.millis() - step.start.millis());
        }
        let wrong = usecase::case_status(
            &p.db,
            &p.key,
            &submission.number,
            "not-it",
            &CAL,
            at("2025-03-06T09:00"),
        )
        .await;
        assert!(matches!(wrong, Err(platform::Error::NotFound(_))));
    }
}

#[tokio::test]
async fn svc_accept_two_concurrent_commands_on_one_version_give_one_conflict() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let market = unit(&p, "gz-market").await;
        let now = at("2025-03-03T09:10");
        let (a, b) = tokio::join!(
            run(
                &p,
                submission.case_id,
                Command::Accept { by: market },
                Some(1),
                now
            ),
            run(
                &p,
                submission.case_id,
                Command::Reject {
                    by: market,
                    reason: "不属于本部门职责".into()
                },
                Some(1),
                now
            ),
        );
        let conflicts = [&a, &b]
            .iter()
            .filter(|r| matches!(r, Err(platform::Error::Conflict(_))))
            .count();
        assert_eq!(
            (conflicts, a.is_ok() as usize + b.is_ok() as usize),
            (1, 1),
            "{a:?} {b:?}"
        );
        let stored = services::store::cases::get(&p.db, submission.case_id)
            .await
            .unwrap();
        assert_eq!(stored.version, 2);
    }
}
