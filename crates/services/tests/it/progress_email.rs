//! SVC-STATUS (progress by web, phone, SMS or e-mail), both backends: an applicant who left an
//! e-mail address gets a progress mail at acceptance and at conclusion, beside the text, in
//! the transaction of the state change; the address is sealed on the case and in the outbox;
//! staff see it masked; one who left none gets no mail.

use calendar::Instant;
use platform::Platform;
use services::case::{Command, Decision};
use services::email::ApplicantEmail;
use services::item::DeliveryMethod;
use services::usecase::{self, Submission};
use services::{CaseId, UnitId};
use sqlx::Row as _;

use crate::store::{admin, application, market_item, publish, seeded, submit, unit};
use crate::{CAL, PROFILE, at};

const EMAIL: &str = "zhang.san@example.com";

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

/// The mails sent so far: (clear address, subject, body), oldest first.
async fn mails(p: &Platform) -> Vec<(String, String, String)> {
    sqlx::query("SELECT address, subject, body FROM outbox WHERE channel = 'email' ORDER BY id")
        .fetch_all(&p.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            let address: Vec<u8> = row.try_get("address").unwrap();
            assert!(
                !String::from_utf8_lossy(&address).contains(EMAIL),
                "the outbox keeps the address sealed"
            );
            (
                p.key.open(&address).unwrap(),
                row.try_get("subject").unwrap(),
                row.try_get("body").unwrap(),
            )
        })
        .collect()
}

async fn submitted_with_email(p: &Platform) -> Submission {
    let mut new = application(&["id_card", "form"]);
    new.applicant.email = Some(ApplicantEmail::parse(EMAIL).unwrap());
    usecase::submit_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, at("2025-03-03T09:00")),
        "SP-FOOD-001",
        new,
    )
    .await
    .unwrap()
}

async fn conclude(p: &Platform, id: CaseId, market: UnitId) {
    run(
        p,
        id,
        Command::Accept { by: market },
        at("2025-03-03T09:10"),
    )
    .await;
    for opinion in ["审查通过", "同意"] {
        let stage = Command::CompleteStage {
            by: market,
            opinion: opinion.into(),
        };
        run(p, id, stage, at("2025-03-04T09:00")).await;
    }
    let decide = Command::Decide {
        by: market,
        decision: Decision::Approve,
    };
    run(p, id, decide, at("2025-03-05T09:00")).await;
    let deliver = Command::Deliver {
        by: market,
        method: DeliveryMethod::Electronic,
    };
    run(p, id, deliver, at("2025-03-05T10:00")).await;
}

/// SVC-STATUS: mails at acceptance and conclusion, the address sealed, masked for staff.
#[tokio::test]
async fn svc_status_progress_mails_go_to_the_sealed_address() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let market = unit(&p, "gz-market").await;
        let case = submitted_with_email(&p).await;
        // Sealed on the case: the clear address is nowhere in the row.
        let sealed: Vec<u8> =
            sqlx::query("SELECT applicant_email_sealed FROM svc_cases WHERE id = $1")
                .bind(case.case_id.0)
                .fetch_one(&p.db.pool)
                .await
                .unwrap()
                .try_get("applicant_email_sealed")
                .unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("example.com"));
        let masked = services::backoffice::masked_applicant(&p.db, &p.key, case.case_id)
            .await
            .unwrap();
        assert_eq!(masked.email.as_deref(), Some("z***@example.com"));
        let before = mails(&p).await.len();
        conclude(&p, case.case_id, market).await;
        let sent = mails(&p).await;
        let ours: Vec<_> = sent[before..]
            .iter()
            .filter(|(address, _, _)| address == EMAIL)
            .collect();
        assert!(ours.len() >= 2, "{sent:?}");
        let (_, subject, accepted) = ours[0];
        assert!(subject.contains(&case.number), "{subject}");
        assert!(
            accepted.contains(&case.number) && accepted.contains("已受理"),
            "{accepted}"
        );
        assert!(!accepted.contains(&case.query_code), "{accepted}");
        let (_, _, concluded) = ours.last().unwrap();
        assert!(
            concluded.contains("已办结") && concluded.contains("准予（食品经营许可证）"),
            "{concluded}"
        );
        assert!(ours.iter().all(|(_, _, body)| !body.contains("SVC-")));

        // One who left no address gets no mail.
        let quiet = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let before = mails(&p).await.len();
        run(
            &p,
            quiet.case_id,
            Command::Accept { by: market },
            at("2025-03-03T09:10"),
        )
        .await;
        assert_eq!(mails(&p).await.len(), before);
    }
}
