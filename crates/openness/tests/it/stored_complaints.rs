//! Complaints about disclosure stored and run on the workflow kernel, on both backends
//! (PUB-COMPLAINT): the government office's openness officer registers a complaint about the
//! market bureau (a complaint without its matter is refused and nothing is stored), the
//! forwarding clock is on the shared clock table under the office, forwarding starts the
//! bureau's conclusion clock, the bureau's handler replies, the office feeds back with the
//! satisfaction and closes; the complainant is sealed, masked in the snapshot, absent from
//! the history and from what the bureau reads, revealed only to the office with an audit
//! row; a stale page and a stranger change nothing.

use calendar::Instant;
use openness::complaint::{
    Channel, Command, Complainant, ComplaintId, FeedbackMeans, Filing, Ground, Satisfaction, Status,
};
use openness::usecase::complaints as usecase;
use openness::{Acting, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, t0};

/// A name no other fixture uses: it must never reach the bureau (§7).
const CANARY: &str = "投诉人甲乙丙丁";
const CONTACT: &str = "13712345678";

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

    fn filing(&self, matter: &str) -> Filing {
        Filing {
            complainant: Complainant {
                name: CANARY.into(),
                contact: CONTACT.into(),
            },
            channel: Channel::Phone,
            received_at: t0(),
            unit: self.market,
            matter: matter.into(),
            ground: Ground::NotCompiledOrUpdated,
        }
    }

    async fn run(
        &self,
        id: ComplaintId,
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

    async fn texts(&self, sql: &str) -> String {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&self.platform.db.pool)
            .await
            .unwrap();
        rows.iter()
            .map(|row| row.try_get::<String, _>(0).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[tokio::test]
async fn pub_complaint_registered_forwarded_replied_fed_back_and_closed_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let officer = &world.officer;
        // Bad input: no matter — refused, nothing stored.
        let refused = usecase::register(
            db,
            &world.context(officer, t0()),
            &officer.acting,
            world.filing(" "),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("主要事项"), "{refused}");
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM openness_complaints")
                .await,
            0
        );

        let stored = usecase::register(
            db,
            &world.context(officer, t0()),
            &officer.acting,
            world.filing("市场监管局网站行政处罚信息未公开"),
        )
        .await
        .unwrap();
        let id = stored.complaint.id;
        assert!(stored.number.starts_with("TS2026"), "{}", stored.number);
        // The forwarding clock is the office's, on the shared clock table.
        let clocks = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_complaint' \
                      AND rule_id = 'PUB-COMPLAINT' AND status = 'running'";
        assert_eq!(world.count(clocks).await, 1);

        // A stranger learns nothing of it; the bureau may not forward it.
        let by_stranger = world
            .run(id, Command::Forward, &world.stranger, 1, None)
            .await;
        assert!(by_stranger.is_err());
        assert!(
            world
                .run(id, Command::Forward, &world.handler, 1, None)
                .await
                .is_err()
        );
        let version = world
            .run(id, Command::Forward, officer, 1, Some(1))
            .await
            .unwrap();
        // A stale page changes nothing.
        let stale = Command::MarkComplex {
            reason: "需调取三年档案".into(),
        };
        assert!(
            world
                .run(id, stale.clone(), officer, 2, Some(1))
                .await
                .is_err()
        );
        let unit_clock = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_complaint' \
             AND status = 'running' AND unit_id = {}",
            world.market.0
        );
        assert_eq!(world.count(&unit_clock).await, 1);

        // Feedback before the reply is refused.
        let feedback = Command::FeedBack {
            means: FeedbackMeans::InPerson,
            satisfaction: Satisfaction::Basically,
            note: "当面签字".into(),
        };
        assert!(
            world
                .run(id, feedback.clone(), officer, 2, None)
                .await
                .is_err()
        );
        // §7: what the bureau reads has the matter but not the complainant.
        let seen = usecase::office_complaint(db, id, &world.handler.acting)
            .await
            .unwrap();
        assert!(!seen.as_office);
        assert_eq!(
            seen.complaint.filing.matter,
            "市场监管局网站行政处罚信息未公开"
        );
        let text = format!("{:?}", seen.complaint);
        assert!(
            !text.contains(&CANARY[..3]) && !text.contains("5678"),
            "{text}"
        );
        // … nor can it reveal them.
        let reveal = usecase::unmask_complainant(
            db,
            &world.context(&world.handler, later(2)),
            &world.handler.acting,
            id,
            "想知道是谁",
        )
        .await;
        assert!(reveal.is_err());

        let version = world
            .run(
                id,
                Command::Reply {
                    text: "已公开2026年行政处罚信息".into(),
                },
                &world.handler,
                3,
                Some(version),
            )
            .await
            .unwrap();
        let version = world
            .run(id, feedback, officer, 4, Some(version))
            .await
            .unwrap();
        world
            .run(id, Command::Close, officer, 5, Some(version))
            .await
            .unwrap();
        let status = world.texts("SELECT status FROM openness_complaints").await;
        assert_eq!(status, Status::Closed.code());
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_complaint' AND status = 'running'")
                .await,
            0
        );

        // Sealed: neither the snapshot, the history nor the audit rows carry the complainant.
        let everything = [
            world.texts("SELECT state FROM openness_complaints").await,
            world
                .texts("SELECT detail FROM openness_complaint_events")
                .await,
            world
                .texts("SELECT COALESCE(detail, '') FROM audit_log")
                .await,
        ]
        .join("\n");
        assert!(!everything.contains(CANARY) && !everything.contains(CONTACT));
        // The office's officer reveals them, with an audit row.
        let clear = usecase::unmask_complainant(
            db,
            &world.context(officer, later(6)),
            &officer.acting,
            id,
            "反馈办理结果",
        )
        .await
        .unwrap();
        assert_eq!(
            (clear.name.as_str(), clear.contact.as_str()),
            (CANARY, CONTACT)
        );
    }
}
