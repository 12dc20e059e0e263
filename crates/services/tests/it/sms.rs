//! Texts to the applicant (issue 14 item 2), both backends: an applicant who left a phone is
//! texted when the case is accepted (the number and the promised conclusion date, not the
//! query code again), when a one-time notice is issued and when it is concluded (the decision
//! in words), each in the transaction of the state change; one who left none is texted
//! nothing.

use calendar::Instant;
use platform::Platform;
use services::case::{Command, Decision, MaterialDefect};
use services::item::DeliveryMethod;
use services::usecase::{self, Submission};
use services::{CaseId, UnitId};
use sqlx::Row as _;

use crate::store::{PHONE, admin, market_item, publish, seeded, submit, unit};
use crate::{CAL, PROFILE, at};

async fn run(p: &Platform, id: CaseId, command: Command, now: Instant) {
    usecase::execute_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        id,
        command,
        None,
    )
    .await
    .unwrap_or_else(|error| panic!("{error}"));
}

/// The texts sent so far: (clear phone, body), oldest first.
async fn texts(p: &Platform) -> Vec<(String, String)> {
    sqlx::query("SELECT address, body FROM outbox WHERE channel = 'sms' ORDER BY id")
        .fetch_all(&p.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            let address: Vec<u8> = row.try_get("address").unwrap();
            (p.key.open(&address).unwrap(), row.try_get("body").unwrap())
        })
        .collect()
}

/// The last text, which must be to the applicant's phone and name the case by its number.
async fn last_text(p: &Platform, submission: &Submission) -> String {
    let (phone, body) = texts(p).await.pop().expect("a text");
    assert_eq!(phone, PHONE);
    assert!(body.contains(&submission.number), "{body}");
    assert!(
        !body.contains(&submission.query_code),
        "the query code again: {body}"
    );
    body
}

async fn submitted(p: &Platform) -> Submission {
    submit(
        p,
        "SP-FOOD-001",
        &["id_card", "form"],
        at("2025-03-03T09:00"),
    )
    .await
}

/// SVC-ACCEPT, SVC-PROMISE, SVC-STATUS: a case submitted Monday 09:00, accepted 09:10 by the
/// department (promised 10 WD), its two stages done, approved and delivered electronically.
#[tokio::test]
async fn svc_accept_svc_status_the_applicant_is_texted_acceptance_and_conclusion() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let case = submitted(&p).await;
        let market = unit(&p, "gz-market").await;
        let before = texts(&p).await.len();
        run(
            &p,
            case.case_id,
            Command::Accept { by: market },
            at("2025-03-03T09:10"),
        )
        .await;
        assert_eq!(texts(&p).await.len(), before + 1, "one text at acceptance");
        let accepted = last_text(&p, &case).await;
        // 10 working days from Monday 2025-03-03 09:10.
        assert!(
            accepted.contains("已受理") && accepted.contains("10个工作日"),
            "{accepted}"
        );
        assert!(accepted.contains("2025年3月17日"), "{accepted}");
        for opinion in ["审查通过", "同意"] {
            let stage = Command::CompleteStage {
                by: market,
                opinion: opinion.into(),
            };
            run(&p, case.case_id, stage, at("2025-03-04T09:00")).await;
        }
        let decide = Command::Decide {
            by: market,
            decision: Decision::Approve,
        };
        run(&p, case.case_id, decide, at("2025-03-05T09:00")).await;
        let deliver = Command::Deliver {
            by: market,
            method: DeliveryMethod::Electronic,
        };
        run(&p, case.case_id, deliver, at("2025-03-05T10:00")).await;
        let concluded = last_text(&p, &case).await;
        assert!(
            concluded.contains("已办结")
                && concluded.contains("准予（食品经营许可证）")
                && concluded.contains("电子送达"),
            "{concluded}"
        );
        assert!(
            texts(&p)
                .await
                .iter()
                .all(|(_, body)| !body.contains("SVC-")),
            "rule IDs are for staff"
        );
    }
}

/// SVC-ACCEPT: the one-time notice is texted with every material named; a denial is texted
/// with its reason at conclusion.
#[tokio::test]
async fn svc_accept_the_applicant_is_texted_the_one_time_notice_and_a_denial() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let case = submitted(&p).await;
        let market = unit(&p, "gz-market").await;
        let notice = Command::RequestSupplement {
            by: market,
            defects: vec![MaterialDefect {
                material: "食品经营许可申请书".into(),
                problem: "未签字".into(),
            }],
        };
        run(&p, case.case_id, notice, at("2025-03-03T10:00")).await;
        let noticed = last_text(&p, &case).await;
        assert!(
            noticed.contains("一次性告知") && noticed.contains("食品经营许可申请书（未签字）"),
            "{noticed}"
        );
        let denied = submitted(&p).await;
        conclude_denied(&p, denied.case_id, market).await;
        let concluded = last_text(&p, &denied).await;
        assert!(
            concluded.contains("已办结") && concluded.contains("不予批准，理由：场所不符合要求"),
            "{concluded}"
        );
    }
}

async fn conclude_denied(p: &Platform, id: CaseId, market: UnitId) {
    run(
        p,
        id,
        Command::Accept { by: market },
        at("2025-03-03T09:10"),
    )
    .await;
    for opinion in ["审查", "决定"] {
        let stage = Command::CompleteStage {
            by: market,
            opinion: opinion.into(),
        };
        run(p, id, stage, at("2025-03-04T09:00")).await;
    }
    let decide = Command::Decide {
        by: market,
        decision: Decision::Deny("场所不符合要求".into()),
    };
    run(p, id, decide, at("2025-03-05T09:00")).await;
    let deliver = Command::Deliver {
        by: market,
        method: DeliveryMethod::PickUp,
    };
    run(p, id, deliver, at("2025-03-05T10:00")).await;
}

/// SVC-STATUS: an applicant who left no phone is texted nothing, whatever happens.
#[tokio::test]
async fn svc_status_no_phone_no_text() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let mut application = crate::store::application(&["id_card", "form"]);
        application.applicant.phone = None;
        let case = usecase::submit_case(
            &p.db,
            &platform::workflow::Context::new(
                &p.key,
                &admin(),
                &CAL,
                &PROFILE,
                at("2025-03-03T09:00"),
            ),
            "SP-FOOD-001",
            application,
        )
        .await
        .unwrap();
        conclude_denied(&p, case.case_id, unit(&p, "gz-market").await).await;
        assert!(texts(&p).await.is_empty(), "{:?}", texts(&p).await);
    }
}
