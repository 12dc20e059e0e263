//! The demo's document register (issue 16 item 1: PUB-ATTR, PUB-CONFID, PUB-COORD,
//! SEC-SECRET, PUB-MEETING): eight documents of the government office at every stage of the
//! publication gate — one a meeting plan with its openness opinions —, made through the register's use cases, the market bureau's confirmation clock
//! running; a second seed makes nothing.

use std::collections::BTreeMap;

use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use sqlx::Row as _;

#[tokio::test]
async fn pub_attr_the_demo_register_has_a_document_at_every_stage_of_the_gate() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        let office = platform::units::find_by_code(db, "gz-office")
            .await
            .unwrap()
            .unwrap();
        let mut tx = db.begin().await.unwrap();
        let head = NewAccount {
            unit_id: office.id,
            username: "t.demo.head".into(),
            display_name: "测试主任".into(),
            roles: vec![Role::UnitLeader],
        };
        users::create(&mut tx, &AuditActor::system("test"), head, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        demo::documents::seed(&platform).await.unwrap();
        let stages = async || {
            let rows = sqlx::query("SELECT stage FROM openness_documents")
                .fetch_all(&db.pool)
                .await
                .unwrap();
            let mut stages = BTreeMap::<String, usize>::new();
            for row in &rows {
                *stages.entry(row.try_get("stage").unwrap()).or_default() += 1;
            }
            stages
        };
        let seeded = stages().await;
        let expected = [
            ("awaiting_confirmation", 2),
            ("awaiting_consent", 1),
            ("awaiting_coordination", 1),
            ("classified", 1),
            ("not_for_publication", 2),
            ("publishable", 1),
        ];
        let expected: BTreeMap<String, usize> = expected
            .iter()
            .map(|(s, n)| ((*s).to_owned(), *n))
            .collect();
        assert_eq!(seeded, expected);
        let plan: String =
            sqlx::query("SELECT state FROM openness_documents WHERE state LIKE '%会议方案%'")
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("state")
                .unwrap();
        assert!(plan.contains("\"meeting\":{\"major\":true"), "{plan}");
        let market = platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap();
        let clocks: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'openness_document' \
             AND unit_id = $1 AND rule_id = 'PUB-COORD' AND status = 'running'",
        )
        .bind(market.id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(clocks, 1);
        demo::documents::seed(&platform).await.unwrap();
        assert_eq!(stages().await, seeded);
    }
}

/// PUB-PROACTIVE, PUB-CATALOG: with the demo sites, the work plan is published on the
/// portal's 通知公告 the day after it was reviewed — its deadline's clock stopped, met — and
/// is the catalogue's one entry, with its 索引号 under 综合政务.
#[tokio::test]
async fn pub_catalog_the_demo_work_plan_is_published_and_catalogued() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        demo::sites::seed(&platform).await.unwrap();
        let office = platform::units::find_by_code(db, "gz-office")
            .await
            .unwrap()
            .unwrap();
        let mut tx = db.begin().await.unwrap();
        let head = NewAccount {
            unit_id: office.id,
            username: "t.demo.head".into(),
            display_name: "测试主任".into(),
            roles: vec![Role::UnitLeader],
        };
        users::create(&mut tx, &AuditActor::system("test"), head, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        demo::documents::seed(&platform).await.unwrap();
        let filter = openness::usecase::catalogue::Filter::default();
        let entries = openness::usecase::catalogue::entries(db, filter)
            .await
            .unwrap();
        assert_eq!(entries.len(), 1);
        assert!(entries[0].title.contains("政务公开工作要点"));
        assert!(entries[0].index_number.starts_with("gz-office/01/"));
        assert!(entries[0].url.contains("/articles/"));
        let met: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'openness_document' \
             AND rule_id = 'PUB-PROACTIVE' AND status = 'met'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(met, 1);
    }
}
