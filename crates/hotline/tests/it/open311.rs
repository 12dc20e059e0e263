//! Open311 over the hotline on both backends (HL-REGISTER, HL-PRIVACY): keys are stored
//! hashed and verified, revoked keys stop working, a request becomes an appeal of channel
//! App, categories and statuses map to services and open/closed, filters select, and no
//! answer carries the appellant.

use hotline::appeal::{Category, HandlingClass};
use hotline::open311::map::{self, OpenStatus};
use hotline::open311::{self, DEMO_KEY, Filter, KeyId, RequestInput};
use hotline::order::{Command, Status};
use hotline::usecase::Appellant;
use platform::Platform;
use platform::audit::AuditActor;
use sqlx::Row as _;

use crate::store::{at, backend, monday_nine, new_appeal, register, seeded};
use crate::usecase::{run, unit};

fn input(service_code: &str, description: &str) -> RequestInput {
    RequestInput {
        service_code: service_code.into(),
        lat: "38.9321".into(),
        long: "100.4552".into(),
        address_string: "甘州区南关小区东门".into(),
        description: description.into(),
        first_name: "三".into(),
        last_name: "张".into(),
        phone: "13812341234".into(),
        email: "zhangsan@example.com".into(),
        ..RequestInput::default()
    }
}

async fn demo_key(platform: &Platform) -> KeyId {
    open311::seed_demo_key(&platform.db, &platform.key, DEMO_KEY)
        .await
        .unwrap();
    open311::verify(&platform.db, &platform.key, DEMO_KEY)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn open311_keys_are_stored_hashed_verified_and_revocable() {
    for platform in seeded().await {
        let name = backend(&platform);
        let actor = AuditActor::system("test");
        let created = open311::create_key(&platform.db, &platform.key, &actor, "甘州随手拍", 1)
            .await
            .unwrap();
        let id = open311::verify(&platform.db, &platform.key, &created.key)
            .await
            .unwrap();
        assert_eq!(id, Some(created.id), "{name}");
        for wrong in ["", "nope", &created.key[..created.key.len() - 1]] {
            assert_eq!(
                open311::verify(&platform.db, &platform.key, wrong)
                    .await
                    .unwrap(),
                None,
                "{name}: {wrong}"
            );
        }
        let stored: String = sqlx::query("SELECT key_hash FROM open311_keys WHERE id = $1")
            .bind(created.id.0)
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("key_hash")
            .unwrap();
        assert!(
            !stored.contains(&created.key),
            "{name}: the clear key is never stored"
        );
        open311::revoke(&platform.db, &actor, created.id, 2)
            .await
            .unwrap();
        assert_eq!(
            open311::verify(&platform.db, &platform.key, &created.key)
                .await
                .unwrap(),
            None,
            "{name}: a revoked key stops working"
        );
        // The demo key is idempotent and works.
        let first = demo_key(&platform).await;
        assert_eq!(demo_key(&platform).await, first, "{name}");
    }
}

#[test]
fn open311_services_are_the_four_categories_and_statuses_map_to_open_or_closed() {
    let codes: Vec<&str> = map::services().iter().map(|s| s.service_code).collect();
    assert_eq!(
        codes,
        [
            "consultation_help",
            "suggestion",
            "complaint_report",
            "other"
        ]
    );
    assert_eq!(
        map::service(Category::ComplaintReport).service_name,
        "投诉举报"
    );
    for status in Status::ALL {
        let expected = if status.is_open() {
            OpenStatus::Open
        } else {
            OpenStatus::Closed
        };
        assert_eq!(map::open_status(status), expected, "{status:?}");
        assert_eq!(map::status_notes(status), status.label_zh());
    }
    assert_eq!(map::open_status(Status::Registered), OpenStatus::Open);
    assert_eq!(map::open_status(Status::Closed), OpenStatus::Closed);
    assert_eq!(
        map::person_name("三", "张").unwrap().unwrap().as_str(),
        "张三"
    );
    assert_eq!(
        map::person_name("San", "Zhang").unwrap().unwrap().as_str(),
        "San Zhang"
    );
    assert!(map::person_name(" ", "").unwrap().is_none());
    assert!(map::coordinate("91", "lat", 90.0).is_err());
    assert!(map::coordinate("abc", "long", 180.0).is_err());
}

#[tokio::test]
async fn hl_register_an_open311_request_is_an_app_appeal_with_sealed_contact() {
    for platform in seeded().await {
        let name = backend(&platform);
        let key = demo_key(&platform).await;
        let created = open311::create_request(
            &platform.db,
            &platform.key,
            key,
            input("complaint_report", "夜间施工噪音扰民"),
            "10.0.0.7",
            monday_nine(),
        )
        .await
        .unwrap();
        assert_eq!(created.service_request_id, "GZ20250303000001", "{name}");
        assert!(created.service_notice.contains("查询码"));
        let row = sqlx::query(
            "SELECT channel, category, location, appellant_name_sealed, appellant_phone_sealed \
             FROM hotline_appeals WHERE number = $1",
        )
        .bind(&created.service_request_id)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
        assert_eq!(row.try_get::<String, _>("channel").unwrap(), "app");
        assert_eq!(
            row.try_get::<String, _>("category").unwrap(),
            "complaint_report"
        );
        assert_eq!(
            row.try_get::<String, _>("location").unwrap(),
            "甘州区南关小区东门"
        );
        let number = &created.service_request_id;
        let open = |column: &str| {
            let sealed: Vec<u8> = row.try_get(column).unwrap();
            let place = hotline::usecase::place(column, number);
            platform.key.open_for(&sealed, &place).unwrap()
        };
        assert_eq!(open("appellant_name_sealed"), "张三", "{name}");
        assert_eq!(open("appellant_phone_sealed"), "13812341234");
    }
}

#[tokio::test]
async fn hl_register_bad_open311_input_is_refused_and_stores_nothing() {
    for platform in seeded().await {
        let key = demo_key(&platform).await;
        let no_place = RequestInput {
            lat: String::new(),
            long: String::new(),
            address_string: String::new(),
            ..input("other", "路灯不亮")
        };
        let cases = [
            input("", "路灯不亮"),
            input("potholes", "路灯不亮"),
            input("other", "  "),
            no_place,
            RequestInput {
                phone: "12ab".into(),
                ..input("other", "路灯不亮")
            },
            RequestInput {
                lat: "200".into(),
                ..input("other", "路灯不亮")
            },
        ];
        for case in cases {
            let error = open311::create_request(
                &platform.db,
                &platform.key,
                key,
                case.clone(),
                "",
                monday_nine(),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(error, platform::Error::Invalid(_)),
                "{case:?}: {error}"
            );
        }
        let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hotline_appeals")
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(count, 0, "{}", backend(&platform));
    }
}

/// A suggestion whose appellant agreed to publication, as the form or the desk files it.
fn consenting(content: &str, appellant: Appellant) -> hotline::usecase::NewAppeal {
    hotline::usecase::NewAppeal {
        category: Category::Suggestion,
        publish_consent: true,
        ..new_appeal(content, appellant)
    }
}

fn publishing(service_code: &str, description: &str) -> RequestInput {
    RequestInput {
        attributes: vec![("publish".into(), "yes".into())],
        ..input(service_code, description)
    }
}

#[tokio::test]
async fn hl_privacy_open311_queries_filter_and_never_carry_the_appellant() {
    for platform in seeded().await {
        let name = backend(&platform);
        let key = demo_key(&platform).await;
        let posted = open311::create_request(
            &platform.db,
            &platform.key,
            key,
            publishing("suggestion", "建议夜间施工改到白天"),
            "",
            monday_nine(),
        )
        .await
        .unwrap();
        let appellant = Appellant::parse("李四", "13900001111", "甘州区某路1号", "").unwrap();
        let dispatched = register(&platform, consenting("路灯不亮已经一周", appellant)).await;
        let lead = unit(&platform, "gz-market").await;
        run(
            &platform,
            dispatched.appeal_id,
            Command::Dispatch {
                class: HandlingClass::Suggestion,
                lead,
                assisting: vec![],
                terms: hotline::order::DispatchTerms::default(),
            },
            monday_nine(),
        )
        .await
        .unwrap();
        let private = register(
            &platform,
            hotline::usecase::NewAppeal {
                is_private: true,
                publish_consent: false,
                ..consenting("不公开的诉求", Appellant::default())
            },
        )
        .await;
        let now = at("2025-03-04T09:00:00+08:00");

        let all = open311::requests_by_filter(&platform.db, &Filter::default(), now)
            .await
            .unwrap();
        let ids: Vec<&str> = all.iter().map(|r| r.service_request_id.as_str()).collect();
        assert_eq!(
            ids,
            [dispatched.number.as_str(), &posted.service_request_id],
            "{name}"
        );
        assert!(
            !ids.contains(&private.number.as_str()),
            "private appeals are never listed"
        );

        let one = open311::request_by_id(&platform.db, &dispatched.number)
            .await
            .unwrap();
        assert_eq!(one.status, OpenStatus::Open);
        assert_eq!(one.status_notes, "待签收");
        assert!(
            one.agency_responsible.is_some(),
            "{name}: the lead unit's name"
        );
        assert_eq!(one.description, "路灯不亮已经一周");
        let posted_one = open311::request_by_id(&platform.db, &posted.service_request_id)
            .await
            .unwrap();
        assert_eq!(posted_one.lat.as_deref(), Some("38.9321"));
        assert_eq!(posted_one.long.as_deref(), Some("100.4552"));
        let text = format!("{all:?}{one:?}{posted_one:?}");
        for secret in [
            "张三",
            "13812341234",
            "zhangsan",
            "李四",
            "13900001111",
            "某路1号",
        ] {
            assert!(!text.contains(secret), "{name}: {secret} leaked");
        }

        let closed = Filter {
            status: Some(OpenStatus::Closed),
            ..Filter::default()
        };
        assert!(
            open311::requests_by_filter(&platform.db, &closed, now)
                .await
                .unwrap()
                .is_empty()
        );
        let others = Filter {
            service_code: Some(Category::Other),
            ..Filter::default()
        };
        assert!(
            open311::requests_by_filter(&platform.db, &others, now)
                .await
                .unwrap()
                .is_empty()
        );
        let long_ago = Filter {
            end: Some(at("2025-01-01T00:00:00+08:00")),
            ..Filter::default()
        };
        assert!(
            open311::requests_by_filter(&platform.db, &long_ago, now)
                .await
                .unwrap()
                .is_empty()
        );
        let window = Filter {
            start: Some(at("2025-03-03T00:00:00+08:00")),
            end: Some(at("2025-03-03T23:59:59+08:00")),
            status: Some(OpenStatus::Open),
            service_code: Some(Category::Suggestion),
            ..Filter::default()
        };
        assert_eq!(
            open311::requests_by_filter(&platform.db, &window, now)
                .await
                .unwrap()
                .len(),
            2
        );
        let by_ids = open311::requests_by_ids(
            &platform.db,
            &[
                posted.service_request_id.clone(),
                private.number.clone(),
                "nope".into(),
            ],
        )
        .await
        .unwrap();
        assert_eq!(by_ids.len(), 1, "{name}");
        assert!(matches!(
            open311::request_by_id(&platform.db, &private.number).await,
            Err(platform::Error::NotFound(_))
        ));
    }
}
