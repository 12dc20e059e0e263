//! Storage of appeals and orders on both backends (HL-REGISTER, HL-MERGE): registration
//! commits a numbered appeal with sealed personal data, the citizen finds it by number and
//! code, and the same phone finds open appeals.

use calendar::Instant;
use hotline::appeal::{Category, Channel, Origin};
use hotline::usecase::{self, Appellant, NewAppeal, Registration};
use platform::Platform;
use platform::audit::AuditActor;
use platform::personal::PhoneNumber;
use platform::testing::each_backend;
use sqlx::Row as _;

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// Monday 2025-03-03 09:00, a working morning.
pub fn monday_nine() -> Instant {
    at("2025-03-03T09:00:00+08:00")
}

/// The demo's hotline operator (the fourth account the demo seed creates), as the audit
/// and the evaluation record them: callbacks are always entered by a staff member.
pub fn operator_audit() -> AuditActor {
    AuditActor {
        user_id: Some(4),
        name: "operator".into(),
        unit_id: None,
        role: "hotline_operator".into(),
        ip: String::new(),
    }
}

pub async fn seeded() -> Vec<Platform> {
    let mut platforms = each_backend().await;
    for platform in &mut platforms {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
    }
    platforms
}

pub fn new_appeal(content: &str, appellant: Appellant) -> NewAppeal {
    NewAppeal {
        channel: Channel::Phone,
        category: Category::ComplaintReport,
        origin: Origin::Local,
        content: content.into(),
        location: "甘州区东街街道南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant,
        ip: None,
    }
}

pub async fn register(platform: &Platform, appeal: NewAppeal) -> Registration {
    usecase::register_appeal(
        &platform.db,
        &platform.key,
        &operator_audit(),
        appeal,
        monday_nine(),
    )
    .await
    .unwrap()
}

pub fn backend(platform: &Platform) -> &'static str {
    platform.db.backend.name()
}

#[tokio::test]
async fn hl_register_commits_a_numbered_appeal_in_registered_with_the_code_hashed() {
    for platform in seeded().await {
        let appellant = Appellant::parse("张三", "13812341234", "", "").unwrap();
        let first = register(&platform, new_appeal("小区门口路灯不亮已经一周", appellant)).await;
        let second = register(&platform, new_appeal("噪音扰民", Appellant::default())).await;
        assert_eq!(first.number, "GZ20250303000001", "{}", backend(&platform));
        assert_eq!(second.number, "GZ20250303000002");
        assert_eq!(first.query_code.len(), 9, "{}", first.query_code);
        let row = sqlx::query("SELECT query_code, status FROM hotline_appeals a JOIN hotline_orders o ON o.id = a.id WHERE a.id = $1")
            .bind(first.appeal_id.0)
            .fetch_one(&platform.db.pool)
            .await
            .unwrap();
        let stored_code: String = row.try_get("query_code").unwrap();
        assert_ne!(
            stored_code, first.query_code,
            "the query code is stored hashed"
        );
        assert_eq!(row.try_get::<String, _>("status").unwrap(), "registered");
        let history = usecase::history(&platform.db, first.appeal_id)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].kind, "registered");
    }
}

#[tokio::test]
async fn hl_register_refuses_missing_content_or_location_and_a_bad_phone_in_chinese() {
    for platform in seeded().await {
        let error = usecase::register_appeal(
            &platform.db,
            &platform.key,
            &operator_audit(),
            new_appeal("  ", Appellant::default()),
            monday_nine(),
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("诉求内容不能为空"), "{error}");
        let mut no_place = new_appeal("路灯不亮", Appellant::default());
        no_place.location = String::new();
        let error = usecase::register_appeal(
            &platform.db,
            &platform.key,
            &operator_audit(),
            no_place,
            monday_nine(),
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("诉求地点不能为空"), "{error}");
        let error = Appellant::parse("张三", "12345", "", "").unwrap_err();
        assert!(error.to_string().contains("电话号码格式不正确"), "{error}");
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hotline_appeals")
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 0, "{}", backend(&platform));
    }
}

#[tokio::test]
async fn a_citizen_finds_the_appeal_by_number_and_code_and_a_wrong_code_is_not_found() {
    for platform in seeded().await {
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let view = usecase::find_by_number(
            &platform.db,
            &platform.key,
            &registration.number,
            &registration.query_code,
        )
        .await
        .unwrap();
        assert_eq!(
            view.appeal_id,
            registration.appeal_id,
            "{}",
            backend(&platform)
        );
        let wrong = if registration.query_code == "000000" {
            "000001"
        } else {
            "000000"
        };
        let error =
            usecase::find_by_number(&platform.db, &platform.key, &registration.number, wrong)
                .await
                .unwrap_err();
        assert!(matches!(error, platform::Error::NotFound(_)), "{error}");
        let error = usecase::find_by_number(
            &platform.db,
            &platform.key,
            "GZ00000000000000",
            &registration.query_code,
        )
        .await
        .unwrap_err();
        assert!(matches!(error, platform::Error::NotFound(_)), "{error}");
    }
}

#[tokio::test]
async fn hl_merge_similar_open_finds_the_same_phone_and_similar_text() {
    for platform in seeded().await {
        let phone = PhoneNumber::parse("13912345678").unwrap();
        let appellant = Appellant {
            phone: Some(phone.clone()),
            ..Appellant::default()
        };
        let mut first = new_appeal("供暖温度太低家里很冷", appellant);
        first.location = "党寨镇".into();
        let first = register(&platform, first).await;
        let mut other = new_appeal("噪音扰民", Appellant::default());
        other.location = "梁家墩镇".into();
        let other = register(&platform, other).await;

        let found = usecase::similar_open(
            &platform.db,
            &platform.key,
            Some(&phone),
            "别处",
            "无关内容",
        )
        .await
        .unwrap();
        assert_eq!(found.len(), 1, "{}", backend(&platform));
        assert_eq!(found[0].appeal_id, first.appeal_id);
        assert!(found[0].same_phone);

        let found = usecase::similar_open(
            &platform.db,
            &platform.key,
            None,
            "别处",
            "供暖温度太低家里冷",
        )
        .await
        .unwrap();
        assert_eq!(
            found.iter().map(|s| s.appeal_id).collect::<Vec<_>>(),
            vec![first.appeal_id]
        );
        let found = usecase::similar_open(&platform.db, &platform.key, None, "梁家墩镇", "")
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|s| s.appeal_id).collect::<Vec<_>>(),
            vec![other.appeal_id]
        );
    }
}
