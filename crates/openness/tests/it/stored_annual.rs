//! PUB-ANNUAL on both backends: the annual report of the government office and of the county
//! computed from what is stored — two 行政规范性文件 confirmed by the signer (one in the year
//! before), applications received and decided across the year boundary, figures entered by
//! two units (summed for the county; a bad figure refused with nothing stored), and reviews
//! and suits registered and concluded (a second conclusion and a stranger refused).

use calendar::Instant;
use openness::annual::four::{CaseKind, CaseResult};
use openness::annual::two::Entered;
use openness::register::{Attribute, DocumentCommand, DocumentKind, Draft};
use openness::usecase::annual as usecase;
use openness::usecase::documents;
use openness::{Acting, UnitId, UserId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;

use crate::{CAL, PROFILE, at, date};

struct World {
    platform: Platform,
    office: UnitId,
    education: UnitId,
    officer: (Acting, AuditActor),
    head: (Acting, AuditActor),
}

async fn staff(platform: &Platform, username: &str) -> (Acting, AuditActor) {
    let id = users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = users::load_actor(&platform.db, id).await.unwrap().unwrap();
    (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
}

async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let unit = |code: &'static str| {
            let db = platform.db.clone();
            async move {
                UnitId(
                    platform::units::find_by_code(&db, code)
                        .await
                        .unwrap()
                        .unwrap()
                        .id,
                )
            }
        };
        let office = unit("gz-office").await;
        let education = unit("gz-education").await;
        let mut tx = platform.db.begin().await.unwrap();
        users::create(
            &mut tx,
            &AuditActor::system("test"),
            NewAccount {
                unit_id: office.0,
                username: "t.annual.head".into(),
                display_name: "测试负责人".into(),
                roles: vec![Role::UnitLeader],
            },
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        worlds.push(World {
            officer: staff(&platform, "openness").await,
            head: staff(&platform, "t.annual.head").await,
            platform,
            office,
            education,
        });
    }
    worlds
}

impl World {
    /// A 行政规范性文件 drafted and confirmed by the signer at `on`.
    async fn normative(&self, title: &str, on: Instant) {
        let draft = Draft {
            title: title.into(),
            number: "章府发〔2025〕1号".into(),
            kind: Some(DocumentKind::Normative),
            attribute: Some(Attribute::Proactive),
            attribute_reason: String::new(),
            secrecy: None,
            topic: None,
            meeting: None,
            interests: Vec::new(),
        };
        let db = &self.platform.db;
        let key = &self.platform.key;
        let context = Context::new(key, &self.officer.1, &CAL, &PROFILE, on);
        let stored = documents::register_draft(db, &context, &self.officer.0, draft)
            .await
            .unwrap();
        let context = Context::new(key, &self.head.1, &CAL, &PROFILE, on);
        let id = stored.document.id;
        documents::execute(
            db,
            &context,
            &self.head.0,
            id,
            DocumentCommand::Confirm,
            None,
        )
        .await
        .unwrap();
    }

    /// An application row as the ledger keeps it.
    async fn application(&self, n: i64, kind: &str, received: &str, decided: Option<(&str, &str)>) {
        sqlx::query(
            "INSERT INTO openness_applications (number, query_code, unit_id, applicant_kind, \
             channel, form, applicant_sealed, applicant_key, description, status, outcome, \
             received_at, decided_at, state, version, created_at, updated_at) VALUES \
             ($1, 'x', $2, $3, 'online', 'electronic', $4, 'k', '测试', 'received', $5, $6, $7, \
             '{}', 1, 0, 0)",
        )
        .bind(format!("T{n}"))
        .bind(self.office.0)
        .bind(kind)
        .bind(vec![0u8])
        .bind(decided.map(|(outcome, _)| outcome.to_owned()))
        .bind(at(received).millis())
        .bind(decided.map(|(_, on)| at(on).millis()))
        .execute(&self.platform.db.pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn pub_annual_the_report_is_computed_from_the_stored_records() {
    for world in worlds().await {
        let db = &world.platform.db;
        let now = at("2026-01-20T10:00");
        // Table 二: two 行政规范性文件, one of each year.
        world
            .normative("关于规范行政事业性收费的通知", at("2024-11-03T09:00"))
            .await;
        world
            .normative("关于加强城区道路管理的规定", at("2025-04-07T09:00"))
            .await;

        // Table 三: one carried in from 2024 and decided in 2025, one of 2025 decided, one of
        // 2025 open at the year's end.
        world
            .application(
                1,
                "natural_person",
                "2024-12-20T09:00",
                Some(("disclosed", "2025-01-10T09:00")),
            )
            .await;
        world
            .application(
                2,
                "commercial",
                "2025-03-03T09:00",
                Some(("partly_disclosed", "2025-03-20T09:00")),
            )
            .await;
        world
            .application(3, "natural_person", "2025-12-22T09:00", None)
            .await;

        // Figures: a bad one refuses the whole entry.
        let officer = &world.officer.0;
        let refused = usecase::enter_figures(
            db,
            officer,
            2025,
            &[
                (Entered::Licences, "35".into()),
                (Entered::Fees, "1.23456".into()),
            ],
            now,
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("万元"), "{refused}");
        assert_eq!(
            usecase::report(db, None, 2025).await.unwrap().two.entered,
            [0; 4]
        );
        usecase::enter_figures(
            db,
            officer,
            2025,
            &[
                (Entered::Licences, "35".into()),
                (Entered::Penalties, "4".into()),
                (Entered::Fees, "1.2".into()),
            ],
            now,
        )
        .await
        .unwrap();
        let bureau = Acting::new(
            UserId(officer.user.0),
            world.education,
            &[Role::OpennessOfficer],
        );
        usecase::enter_figures(db, &bureau, 2025, &[(Entered::Licences, "5".into())], now)
            .await
            .unwrap();
        let leader = Acting::new(officer.user, world.office, &[Role::UnitLeader]);
        assert!(
            usecase::enter_figures(db, &leader, 2025, &[], now)
                .await
                .is_err()
        );

        // Table 四: a review upheld, a suit pending; a second conclusion is refused.
        let review = usecase::register_case(
            db,
            officer,
            CaseKind::Review,
            "申请人不服答复",
            date("2025-03-01"),
            now,
        )
        .await
        .unwrap();
        usecase::register_case(
            db,
            officer,
            CaseKind::DirectSuit,
            "起诉不予公开决定",
            date("2025-09-01"),
            now,
        )
        .await
        .unwrap();
        usecase::conclude_case(
            db,
            officer,
            review,
            CaseResult::Upheld,
            date("2025-05-10"),
            now,
        )
        .await
        .unwrap();
        let again = usecase::conclude_case(
            db,
            officer,
            review,
            CaseResult::Corrected,
            date("2025-06-10"),
            now,
        );
        assert!(again.await.is_err());
        let stranger = usecase::conclude_case(
            db,
            &bureau,
            review,
            CaseResult::Corrected,
            date("2025-06-10"),
            now,
        );
        assert!(stranger.await.is_err());
        let future = usecase::register_case(
            db,
            officer,
            CaseKind::Review,
            "未来",
            date("2026-02-01"),
            now,
        );
        assert!(future.await.is_err());

        let report = usecase::report(db, Some(world.office), 2025).await.unwrap();
        assert_eq!(
            (
                report.two.normative.issued,
                report.two.normative.abolished,
                report.two.normative.in_force
            ),
            (1, 0, 2)
        );
        assert_eq!(report.two.entered, [35, 4, 0, 12_000]);
        assert_eq!(report.three.new_this_year, [1, 1, 0, 0, 0, 0, 2]);
        assert_eq!(report.three.carried_from_last_year, [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(report.three.results_total(), [1, 1, 0, 0, 0, 0, 2]);
        assert_eq!(report.three.carried_to_next_year, [1, 0, 0, 0, 0, 0, 1]);
        assert!(report.three.check().is_ok());
        assert_eq!(
            report.four.row(),
            vec![1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
        );

        // The county sums its units; the bureau alone has its own figure.
        let county = usecase::report(db, None, 2025).await.unwrap();
        assert_eq!(county.two.entered, [40, 4, 0, 12_000]);
        let bureau_report = usecase::report(db, Some(world.education), 2025)
            .await
            .unwrap();
        assert_eq!(bureau_report.two.entered, [5, 0, 0, 0]);
        assert_eq!(bureau_report.four.row(), vec![0; 15]);
    }
}
