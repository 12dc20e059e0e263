//! Public concerns stored and run on the workflow kernel, on both backends (PUB-RESPOND): the
//! government office's openness officer registers a concern about a document of the market
//! bureau (the bureau, its drafting unit, becomes the responding unit whatever unit the form
//! named), the 48 h response clock is on the shared clock table under the bureau; a concern
//! without a summary is refused and nothing is stored; a stranger and a stale page change
//! nothing; the bureau's handler responds, the office closes; an escalated concern runs the
//! 5 h and 24 h clocks; every step has its audit row.

use calendar::Instant;
use openness::concern::{Command, ConcernId, Filing, Gravity, Said, Source, Status};
use openness::register::{Attribute, Draft};
use openness::usecase::concerns as usecase;
use openness::usecase::documents;
use openness::{Acting, DocumentId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, t0};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

struct World {
    platform: Platform,
    market: UnitId,
    officer: Staff,
    handler: Staff,
    stranger: Staff,
}

async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let id = platform::users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(&platform.db, id)
        .await
        .unwrap()
        .unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let market = platform::units::find_by_code(&platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        worlds.push(World {
            officer: staff_of(&platform, "openness").await,
            handler: staff_of(&platform, "handler").await,
            stranger: staff_of(&platform, "clerk").await,
            market: UnitId(market),
            platform,
        });
    }
    worlds
}

fn later(hours: i64) -> Instant {
    Instant::from_millis(t0().millis() + hours * 3_600_000)
}

impl World {
    fn context<'a>(&'a self, by: &'a Staff, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, &by.audit, &CAL, &PROFILE, now)
    }

    fn filing(&self, summary: &str, gravity: Gravity) -> Filing {
        Filing {
            policy: "关于规范农贸市场经营秩序的通告".into(),
            document: None,
            unit: self.market,
            source: Source::Media,
            noticed_at: t0(),
            summary: summary.into(),
            gravity,
            false_information: false,
        }
    }

    async fn run(
        &self,
        id: ConcernId,
        command: Command,
        by: &Staff,
        at: i64,
        version: Option<i64>,
    ) -> platform::Result<i64> {
        usecase::execute(
            &self.platform.db,
            &self.context(by, later(at)),
            &by.acting,
            id,
            command,
            version,
        )
        .await
        .map(|(_, version)| version)
    }

    async fn count(&self, sql: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap();
        row.try_get(0).unwrap()
    }

    /// A document of the market bureau in the register, drafted by its leader.
    async fn market_document(&self) -> DocumentId {
        let leader = staff_of(&self.platform, "leader").await;
        let draft = Draft {
            title: "关于规范农贸市场经营秩序的通告".into(),
            number: "章市监发〔2026〕3号".into(),
            kind: None,
            attribute: Some(Attribute::Proactive),
            attribute_reason: String::new(),
            secrecy: None,
            topic: None,
            meeting: None,
            interests: Vec::new(),
        };
        let context = self.context(&leader, t0());
        documents::register_draft(&self.platform.db, &context, &leader.acting, draft)
            .await
            .unwrap()
            .document
            .id
    }
}

fn said(hours: i64) -> Said {
    Said {
        text: "市场监管局发布情况说明，通告暂缓执行并公开征求意见".into(),
        place: "县政府门户网站".into(),
        took_place_at: later(hours),
    }
}

#[tokio::test]
async fn pub_respond_registered_responded_and_closed_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let officer = &world.officer;
        let refused = usecase::register(
            db,
            &world.context(officer, later(1)),
            &officer.acting,
            world.filing(" ", Gravity::Other),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("舆情摘要"), "{refused}");
        assert_eq!(
            world.count("SELECT COUNT(*) FROM openness_concerns").await,
            0
        );

        let stored = usecase::register(
            db,
            &world.context(officer, later(1)),
            &officer.acting,
            world.filing("摊主质疑通告限制经营时间", Gravity::Other),
        )
        .await
        .unwrap();
        let id = stored.concern.id;
        assert!(stored.number.starts_with("YQ2026"), "{}", stored.number);
        let clocks = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_concern' \
             AND rule_id = 'PUB-RESPOND' AND status = 'running' AND unit_id = {}",
            world.market.0
        );
        assert_eq!(world.count(&clocks).await, 1);

        // A stranger learns nothing; the office may not respond for the bureau.
        let respond = Command::Respond(said(20));
        assert!(
            world
                .run(id, respond.clone(), &world.stranger, 21, None)
                .await
                .is_err()
        );
        assert!(
            world
                .run(id, respond.clone(), officer, 21, None)
                .await
                .is_err()
        );
        // A stale page changes nothing.
        let stale = world
            .run(id, respond.clone(), &world.handler, 21, Some(7))
            .await;
        assert!(stale.unwrap_err().to_string().contains("刷新"));
        let version = world
            .run(id, respond, &world.handler, 21, Some(1))
            .await
            .unwrap();
        assert_eq!(world.count(&clocks).await, 0);
        let met = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_concern' \
                   AND status = 'met'";
        assert_eq!(world.count(met).await, 1, "responded at 20 h of 48 h");
        let close = Command::Close {
            outcome: "通告暂缓执行，舆情平息".into(),
        };
        world
            .run(id, close, officer, 22, Some(version))
            .await
            .unwrap();
        let now = usecase::office_concern(db, id, &officer.acting)
            .await
            .unwrap();
        assert_eq!(now.concern.status, Status::Closed);
        assert!(now.available.is_empty());
        let audits = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'openness.concern.%'";
        assert_eq!(world.count(audits).await, 3);
        let history = format!(
            "SELECT COUNT(*) FROM openness_concern_events WHERE concern_id = {}",
            id.0
        );
        assert!(world.count(&history).await >= 4);
        assert!(
            usecase::office_concern(db, id, &world.stranger.acting)
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn pub_respond_the_documents_unit_responds_and_major_clocks_run() {
    for world in worlds().await {
        let db = &world.platform.db;
        let officer = &world.officer;
        let document = world.market_document().await;
        let mut filing = world.filing("市场摊位起火引发对通告的质疑", Gravity::Major);
        filing.document = Some(document);
        filing.policy = String::new();
        // The form named the office itself: the document's drafting unit responds instead.
        filing.unit = officer.acting.unit;
        let stored = usecase::register(
            db,
            &world.context(officer, later(1)),
            &officer.acting,
            filing,
        )
        .await
        .unwrap();
        assert_eq!(stored.concern.filing.unit, world.market);
        assert_eq!(
            stored.concern.filing.policy,
            "关于规范农贸市场经营秩序的通告"
        );
        let running = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_concern' \
                       AND status = 'running'";
        assert_eq!(
            world.count(running).await,
            2,
            "5 h information and 24 h conference"
        );
        let version = world
            .run(
                stored.concern.id,
                Command::HoldPressConference(said(6)),
                &world.handler,
                7,
                Some(1),
            )
            .await
            .unwrap();
        assert_eq!(version, 2);
        // Information due at 5 h, given at the conference at 6 h: overdue; the conference met.
        let overdue = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_concern' \
                       AND status = 'breached'";
        assert_eq!(world.count(overdue).await, 1);
        assert_eq!(world.count(running).await, 0);
    }
}
