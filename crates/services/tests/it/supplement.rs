//! 补齐补正 after acceptance on both backends (SVC-SPECIAL, CAL-PAUSE): the department's request
//! pauses the promised clock on the shared clock table with the reason, the applicant's online
//! answer (`usecase::supplement`, the page of the one-time notice) ends it and resumes the
//! clock, moved by exactly the paused working time.

use platform::Platform;
use platform::attachments::Upload;
use platform::clocks::{self, ClockStatus, StoredClock};
use services::case::{Command, MaterialDefect, Status};
use services::usecase::online::MaterialUpload;
use services::usecase::{self, supplement};

use crate::store::{admin, market_item, publish, seeded, submit, unit};
use crate::{CAL, PROFILE, at, limit};

async fn clock(p: &Platform, id: services::CaseId, rule: &str) -> StoredClock {
    clocks::by_subject(&p.db, "case", &id.to_string())
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|clock| {
            clock.rule_id == rule && (rule != "SVC-PROMISE" || clock.clock.limit() == limit("10wd"))
        })
        .unwrap_or_else(|| panic!("no {rule} clock"))
}

#[tokio::test]
async fn svc_special_supplement_after_acceptance_is_answered_online_and_resumes_the_clock() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let id = submission.case_id;
        let market = unit(&p, "gz-market").await;
        let run = |command: Command, now: &str| {
            let p = &p;
            let now = at(now);
            async move {
                usecase::execute_case(
                    &p.db,
                    &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
                    id,
                    command,
                    None,
                )
                .await
            }
        };
        run(Command::Accept { by: market }, "2025-03-03T09:10")
            .await
            .unwrap();
        // Nothing asked yet: the supplement page has nothing to offer.
        let none = supplement::requested_materials(
            &p.db,
            &p.key,
            &submission.number,
            &submission.query_code,
        )
        .await;
        assert!(none.is_err());
        let request = Command::RequestSupplement {
            by: market,
            defects: vec![MaterialDefect {
                material: "食品经营许可申请书".into(),
                problem: "法定代表人未签字".into(),
            }],
        };
        let (case, _) = run(request, "2025-03-04T09:00").await.unwrap();
        assert_eq!(case.status, Status::Special);
        let paused = clock(&p, id, "SVC-PROMISE").await;
        assert_eq!(paused.status, ClockStatus::Paused);
        assert!(paused.clock.pauses()[0].reason.contains("法定代表人未签字"));
        let special = clock(&p, id, "SVC-SPECIAL").await;
        assert_eq!(
            special.clock.limit(),
            PROFILE.services.supplement_after_acceptance.limit()
        );
        let asked = supplement::requested_materials(
            &p.db,
            &p.key,
            &submission.number,
            &submission.query_code,
        )
        .await
        .unwrap();
        assert!(asked.after_acceptance);
        assert_eq!(
            asked.materials,
            vec![(
                "form".to_owned(),
                "食品经营许可申请书".to_owned(),
                "法定代表人未签字".to_owned()
            )]
        );
        // The applicant answers online with the material asked for.
        let file = MaterialUpload {
            code: "form".into(),
            upload: Upload {
                label: "食品经营许可申请书".into(),
                file_name: "form.pdf".into(),
                bytes: b"%PDF-1.4 signed".to_vec(),
            },
        };
        let case = supplement::resubmit_online(
            &p.db,
            &platform::workflow::Context::new(
                &p.key,
                &admin(),
                &CAL,
                &PROFILE,
                at("2025-03-06T09:00"),
            ),
            (&submission.number, &submission.query_code),
            vec![file],
            Default::default(),
        )
        .await
        .unwrap();
        assert_eq!(case.status, Status::InReview);
        let resumed = clock(&p, id, "SVC-PROMISE").await;
        assert_eq!(resumed.status, ClockStatus::Running);
        assert_eq!(
            resumed.due_at,
            at("2025-03-19T18:00"),
            "moved by the 2 WD paused"
        );
        assert_eq!(clock(&p, id, "SVC-SPECIAL").await.status, ClockStatus::Met);
    }
}
