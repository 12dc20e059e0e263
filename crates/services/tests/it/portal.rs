//! The portal's use cases on both backends: the public catalogue's filters and pages
//! (SVC-ITEM-TYPES), online applications whose files are checked before anything is stored
//! and stored with the case (SVC-ACCEPT), reuse only when ID number and phone match
//! (SVC-NO-RESUBMIT) and ratings (EVAL-ALL, EVAL-BAD), over the small catalogue of
//! [`crate::fixture`].

use calendar::Instant;
use platform::Platform;
use platform::attachments::Upload;
use platform::evaluation::Level;
use platform::personal::PhoneNumber;
use services::case::{Command, Decision};
use services::item::{DeliveryMethod, ItemType, Target, Theme};
use services::usecase::catalogue::{self, CatalogueFilter};
use services::usecase::online::{self, MaterialUpload, Rater};
use services::usecase::phone_check::{self, PhoneProof};

use crate::fixture::{CARD, FOOD, JOB, PENSION, at_units, named, portal_items};
use crate::store::{admin, applicant, phone_proof, publish, scalar, seeded, unit};
use crate::{CAL, PROFILE, at};

fn file(code: &str, bytes: &[u8]) -> MaterialUpload {
    MaterialUpload {
        code: code.into(),
        upload: Upload {
            label: format!("材料 {code}"),
            file_name: format!("{code}.pdf"),
            bytes: bytes.to_vec(),
        },
    }
}

const PDF: &[u8] = b"%PDF-1.4 scan";

async fn submit(
    p: &Platform,
    code: &str,
    phone: &str,
    files: Vec<MaterialUpload>,
    now: Instant,
) -> platform::Result<services::usecase::Submission> {
    submit_proved(p, code, (phone, None), files, now).await
}

/// An online submission with the proof the portal redeems from the form's grant, if any.
async fn submit_proved(
    p: &Platform,
    code: &str,
    (phone, proof): (&str, Option<PhoneProof>),
    files: Vec<MaterialUpload>,
    now: Instant,
) -> platform::Result<services::usecase::Submission> {
    let mut who = applicant();
    who.phone = Some(PhoneNumber::parse(phone).unwrap());
    who.phone_proof = proof;
    online::submit_online(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        code,
        who,
        files,
    )
    .await
}

async fn run(p: &Platform, id: services::CaseId, command: Command, now: Instant) {
    services::usecase::execute_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        id,
        command,
        None,
    )
    .await
    .unwrap();
}

/// SVC-ITEM-TYPES: 24 published items page as 20 + 4; the filters by life-event theme and by
/// department, type and name find exactly theirs.
#[tokio::test]
async fn svc_item_types_catalogue_filters_and_pages_on_both_backends() {
    for p in seeded().await {
        portal_items(&p).await;
        for (code, name, theme) in [
            ("SP-FOUND-001", "企业设立登记", "设立变更"),
            ("SP-FOUND-002", "营业执照变更登记", "设立变更"),
            ("SP-DRUG-001", "药品零售企业经营许可", "准营准办"),
        ] {
            let item = named(name, ItemType::Licensing, Target::LegalPerson, theme);
            publish(&p, code, at_units(&p, item, "gz-market").await).await;
        }
        for n in 1..=17 {
            let item = named(
                &format!("便民服务事项{n:02}"),
                ItemType::PublicService,
                Target::NaturalPerson,
                "社会保障",
            );
            let item = at_units(&p, item, "gz-dongjie").await;
            publish(&p, &format!("SP-LOCAL-{n:03}"), item).await;
        }
        let all = catalogue::catalogue(&p.db, &CatalogueFilter::default())
            .await
            .unwrap();
        assert_eq!((all.total, all.pages, all.entries.len()), (24, 2, 20));
        let second = catalogue::catalogue(
            &p.db,
            &CatalogueFilter {
                page: 2,
                ..CatalogueFilter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(second.entries.len(), 4);
        let theme = Theme::parse(Target::LegalPerson, "设立变更").unwrap();
        let founding = catalogue::catalogue(
            &p.db,
            &CatalogueFilter {
                theme: Some(theme),
                ..CatalogueFilter::default()
            },
        )
        .await
        .unwrap();
        let codes: Vec<&str> = founding.entries.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["SP-FOUND-001", "SP-FOUND-002"]);
        let market = unit(&p, "gz-market").await;
        let licences = catalogue::catalogue(
            &p.db,
            &CatalogueFilter {
                department: Some(market),
                item_type: Some(ItemType::Licensing),
                name: Some("许可".into()),
                ..CatalogueFilter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(licences.total, 2, "食品经营许可, 药品零售企业经营许可");
        let departments = catalogue::departments(&p.db).await.unwrap();
        assert!(departments.contains(&(market, 4)), "{departments:?}");
    }
}

#[tokio::test]
async fn svc_accept_online_files_are_checked_first_and_stored_with_the_case() {
    for p in seeded().await {
        portal_items(&p).await;
        let now = at("2025-03-03T09:00");
        let count = |sql: &'static str| {
            let p = &p;
            async move { scalar(p, sql).await }
        };
        let bad = submit(
            &p,
            CARD,
            "13812345678",
            vec![file("id_card", PDF), file("photo", b"MZ\x90\0")],
            now,
        )
        .await
        .unwrap_err();
        assert!(bad.to_string().contains("文件类型不允许"), "{bad}");
        let missing = submit(&p, CARD, "13812345678", vec![file("id_card", PDF)], now)
            .await
            .unwrap_err();
        assert!(
            missing.to_string().contains("近期二寸免冠彩色照片"),
            "{missing}"
        );
        assert_eq!(count("SELECT COUNT(*) AS n FROM svc_cases").await, 0);
        assert_eq!(count("SELECT COUNT(*) AS n FROM attachments").await, 0);
        let done = submit(
            &p,
            CARD,
            "13812345678",
            vec![file("id_card", PDF), file("photo", PDF)],
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'").await,
            2
        );
        let owner = scalar(
            &p,
            "SELECT MIN(owner_id) AS n FROM attachments WHERE owner_kind = 'case'",
        )
        .await;
        assert_eq!(owner, done.case_id.0);
    }
}

/// SVC-PREREVIEW (003 §18): 食品经营许可 ([`FOOD`]) offers online pre-review; the same item registered at
/// the window starts no pre-review clock and the window accepts it at once, while an online
/// application has the pre-review clock.
#[tokio::test]
async fn svc_prereview_walk_in_registration_has_no_prereview_clock_on_both_backends() {
    for p in seeded().await {
        portal_items(&p).await;
        let now = at("2025-03-03T09:00");
        let codes = ["id_card", "form"];
        let files = || codes.iter().map(|code| file(code, PDF)).collect::<Vec<_>>();
        let window = unit(&p, "gz-service").await;
        let walk_in = services::backoffice::register_walk_in(
            &p.db,
            &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
            FOOD,
            applicant(),
            window,
            files(),
        )
        .await
        .unwrap();
        let online = submit(&p, FOOD, "13812345678", files(), now).await.unwrap();
        let prereview_clocks = |id: services::CaseId| {
            let p = &p;
            async move {
                scalar(
                    p,
                    &format!(
                        "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' \
                         AND subject_id = '{id}' AND rule_id = 'SVC-PREREVIEW'"
                    ),
                )
                .await
            }
        };
        assert_eq!(prereview_clocks(walk_in.case_id).await, 0);
        assert_eq!(prereview_clocks(online.case_id).await, 1);
        let (case, _) = services::usecase::execute_case(
            &p.db,
            &platform::workflow::Context::new(
                &p.key,
                &admin(),
                &CAL,
                &PROFILE,
                at("2025-03-03T09:10"),
            ),
            walk_in.case_id,
            Command::Accept { by: window },
            Some(walk_in.version),
        )
        .await
        .unwrap();
        assert_eq!(case.status, services::case::Status::InReview);
    }
}

#[tokio::test]
async fn svc_no_resubmit_needs_the_id_number_and_the_phone_of_an_earlier_case() {
    for p in seeded().await {
        portal_items(&p).await;
        let first = submit(
            &p,
            CARD,
            "13812345678",
            vec![file("id_card", PDF), file("photo", PDF)],
            at("2025-03-03T09:00"),
        )
        .await
        .unwrap();
        let window = unit(&p, "gz-service").await;
        run(
            &p,
            first.case_id,
            Command::Accept { by: window },
            at("2025-03-03T09:10"),
        )
        .await;
        let now = at("2025-03-04T09:00");
        let offer = |phone: &'static str| {
            let p = &p;
            async move {
                let verified = phone_proof(p, phone, now).await;
                online::reuse_offer_verified(&p.db, &p.key, JOB, &verified.proof, None, now)
                    .await
                    .unwrap()
            }
        };
        let names: Vec<String> = offer("13812345678")
            .await
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["申请人居民身份证", "近期二寸免冠彩色照片"]);
        assert!(offer("13900001111").await.is_empty());
        let refused = submit(&p, JOB, "13900001111", Vec::new(), now)
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("申请人居民身份证"),
            "{refused}"
        );
        // Issue 12 finding 13: ID number and phone alone reuse nothing; the grant of a code
        // sent to that phone does.
        let unproved = submit(&p, JOB, "13812345678", Vec::new(), now)
            .await
            .unwrap_err();
        assert!(
            unproved.to_string().contains("申请人居民身份证"),
            "{unproved}"
        );
        let grant = phone_proof(&p, "13812345678", at("2025-03-04T09:02"))
            .await
            .grant;
        let proof = phone_check::redeem(
            &p.db,
            &p.key,
            &applicant().id_no,
            &PhoneNumber::parse("13812345678").unwrap(),
            &grant,
            now,
        )
        .await
        .unwrap();
        assert!(proof.is_some());
        let reused = submit_proved(&p, JOB, ("13812345678", proof), Vec::new(), now)
            .await
            .unwrap();
        assert_eq!(reused.reused.len(), 2);
    }
}

#[tokio::test]
async fn eval_bad_web_rating_of_a_concluded_case_opens_a_rectification() {
    for p in seeded().await {
        portal_items(&p).await;
        let case = submit(
            &p,
            PENSION,
            "13812345678",
            vec![file("id_card", PDF), file("hukou", PDF)],
            at("2025-03-03T09:00"),
        )
        .await
        .unwrap();
        let window = unit(&p, "gz-service").await;
        let department = unit(&p, "gz-hrss").await;
        let rate = |level: Level| {
            let p = &p;
            let number = case.number.clone();
            let code = case.query_code.clone();
            async move {
                online::rate_case(
                    &p.db,
                    &platform::workflow::Context::new(
                        &p.key,
                        &admin(),
                        &CAL,
                        &PROFILE,
                        at("2025-03-05T09:00"),
                    ),
                    &number,
                    Rater::Web { query_code: code },
                    level,
                    "太慢",
                )
                .await
            }
        };
        let early = rate(Level::VeryUnsatisfied).await.unwrap_err();
        assert!(early.to_string().contains("办结后才能评价"));
        let t = at("2025-03-03T09:10");
        run(&p, case.case_id, Command::Accept { by: window }, t).await;
        let decide = Command::Decide {
            by: department,
            decision: Decision::Approve,
        };
        run(&p, case.case_id, decide, t).await;
        let deliver = Command::Deliver {
            by: window,
            method: DeliveryMethod::PickUp,
        };
        run(&p, case.case_id, deliver, t).await;
        let rated = rate(Level::VeryUnsatisfied).await.unwrap();
        assert!(rated.rectification_id.is_some());
        let rectification =
            platform::evaluation::get_rectification(&p.db, rated.rectification_id.unwrap())
                .await
                .unwrap();
        assert_eq!(rectification.unit_id, department.0);
        assert!(
            rate(Level::Satisfied).await.is_err(),
            "one web rating per case"
        );
    }
}

/// EVAL-ALL (000 §中心-38 咨询预约、申请受理、审查决定、结果送达): each stage of a case can be rated
/// once it is done, the unit answering for it rated (the accepting window for 受理 and 结果送达,
/// the department for 审查决定); a stage not done yet is refused and stores nothing; the whole
/// case is still rated at conclusion.
#[tokio::test]
async fn eval_all_every_stage_of_a_case_is_rated_once_it_is_done() {
    use platform::evaluation::{EvaluationStage as S, SubjectType};
    for p in seeded().await {
        portal_items(&p).await;
        let case = submit(
            &p,
            PENSION,
            "13812345678",
            vec![file("id_card", PDF), file("hukou", PDF)],
            at("2025-03-03T09:00"),
        )
        .await
        .unwrap();
        let window = unit(&p, "gz-service").await;
        let department = unit(&p, "gz-hrss").await;
        let rate = |stage: S| {
            let p = &p;
            let number = case.number.clone();
            let code = case.query_code.clone();
            async move {
                online::rate_case_stage(
                    &p.db,
                    &platform::workflow::Context::new(
                        &p.key,
                        &admin(),
                        &CAL,
                        &PROFILE,
                        at("2025-03-03T11:00"),
                    ),
                    &number,
                    Rater::Web { query_code: code },
                    stage,
                    Level::Satisfied,
                    "",
                )
                .await
            }
        };
        let rated_unit = |rated: platform::evaluation::Rated| {
            let p = &p;
            async move {
                platform::evaluation::get(&p.db, rated.evaluation_id)
                    .await
                    .unwrap()
                    .unit_id
            }
        };
        let early = rate(S::Acceptance).await.unwrap_err();
        assert!(
            early.to_string().contains("“申请受理”环节尚未完成"),
            "{early}"
        );
        assert_eq!(
            rated_unit(rate(S::Consultation).await.unwrap()).await,
            department.0
        );
        let t = at("2025-03-03T09:10");
        run(&p, case.case_id, Command::Accept { by: window }, t).await;
        assert_eq!(
            rated_unit(rate(S::Acceptance).await.unwrap()).await,
            window.0
        );
        assert!(rate(S::Decision).await.is_err(), "not decided yet");
        let decide = Command::Decide {
            by: department,
            decision: Decision::Approve,
        };
        run(&p, case.case_id, decide, t).await;
        assert_eq!(
            rated_unit(rate(S::Decision).await.unwrap()).await,
            department.0
        );
        assert!(
            rate(S::Whole).await.is_err(),
            "the whole case at conclusion"
        );
        let deliver = Command::Deliver {
            by: window,
            method: DeliveryMethod::PickUp,
        };
        run(&p, case.case_id, deliver, t).await;
        assert_eq!(rated_unit(rate(S::Delivery).await.unwrap()).await, window.0);
        rate(S::Whole).await.unwrap();
        assert!(
            rate(S::Acceptance).await.is_err(),
            "each stage once per channel"
        );
        let stages: Vec<S> =
            platform::evaluation::of_subject(&p.db, SubjectType::Case, &case.number)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.stage)
                .collect();
        assert_eq!(
            stages,
            [
                S::Consultation,
                S::Acceptance,
                S::Decision,
                S::Delivery,
                S::Whole
            ]
        );
        let view = online::public_case(&p.db, &p.key, &case.number, &case.query_code, &CAL, t)
            .await
            .unwrap();
        assert_eq!(view.rateable_stages, S::ALL);
        assert_eq!(view.rated.len(), 5);
    }
}
