//! Supervisors and their findings stored and run on the workflow kernel, on both backends
//! (PUB-SUPERVISOR): the office's openness officer appoints a supervisor (name and contact
//! sealed, masked in the snapshot and the list), registers a finding about the market bureau
//! (one outside the term is refused and nothing stored), sends it with the reply clock on the
//! shared clock table under the bureau, the bureau's handler replies without learning who found
//! it, the office returns it once and then accepts it; a stale page and a stranger change
//! nothing.

use calendar::Instant;
use openness::supervisor::{Command, FindingFiling, Link, Status};
use openness::usecase::supervisors::{self as usecase, NewSupervisor};
use openness::{Acting, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, date, t0};

const CANARY: &str = "监督员甲乙丙";
const CONTACT: &str = "13698765432";

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

    async fn run(
        &self,
        id: openness::supervisor::FindingId,
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

    fn filing(&self, found_on: &str) -> FindingFiling {
        FindingFiling {
            supervisor: None,
            unit: self.market,
            link: Link::Result,
            found_on: date(found_on),
            matter: "市场监管局未公开2025年抽查结果".into(),
        }
    }
}

#[tokio::test]
async fn pub_supervisor_register_send_reply_return_accept_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let officer = &world.officer;
        let new = NewSupervisor {
            name: CANARY.into(),
            contact: CONTACT.into(),
            origin: "县政协委员".into(),
            term_from: date("2025-03-01"),
            term_until: date("2027-02-28"),
        };
        // Only the openness office appoints.
        assert!(
            usecase::register_supervisor(
                db,
                &world.context(&world.handler, t0()),
                &world.handler.acting,
                new.clone()
            )
            .await
            .is_err()
        );
        let supervisor =
            usecase::register_supervisor(db, &world.context(officer, t0()), &officer.acting, new)
                .await
                .unwrap();
        assert!(!supervisor.name.contains(CANARY));

        // Outside the term: refused, nothing stored.
        let refused = usecase::register_finding(
            db,
            &world.context(officer, t0()),
            &officer.acting,
            supervisor.id,
            world.filing("2025-02-01"),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("聘期"), "{refused}");
        assert_eq!(
            world.count("SELECT COUNT(*) FROM openness_findings").await,
            0
        );

        let (finding, number) = usecase::register_finding(
            db,
            &world.context(officer, t0()),
            &officer.acting,
            supervisor.id,
            world.filing("2026-02-27"),
        )
        .await
        .unwrap();
        assert!(number.starts_with("JD2026"), "{number}");
        let id = finding.id;
        assert!(
            world
                .run(id, Command::Send, &world.stranger, 1, None)
                .await
                .is_err()
        );
        assert!(
            world
                .run(id, Command::Send, &world.handler, 1, None)
                .await
                .is_err()
        );
        let version = world
            .run(id, Command::Send, officer, 1, Some(1))
            .await
            .unwrap();
        let unit_clock = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_finding' \
             AND rule_id = 'PUB-SUPERVISOR' AND status = 'running' AND unit_id = {}",
            world.market.0
        );
        assert_eq!(world.count(&unit_clock).await, 1);
        // The bureau reads the matter, not who found it.
        let seen = usecase::office_finding(db, id, &world.handler.acting)
            .await
            .unwrap();
        assert!(!seen.as_office && seen.finding.filing.supervisor.is_none());
        // A stale page changes nothing.
        let reply = Command::Reply {
            text: "已在网站公开抽查结果".into(),
        };
        assert!(
            world
                .run(id, reply.clone(), &world.handler, 2, Some(1))
                .await
                .is_err()
        );
        let version = world
            .run(id, reply.clone(), &world.handler, 2, Some(version))
            .await
            .unwrap();
        let version = world
            .run(
                id,
                Command::Return {
                    reason: "缺少链接".into(),
                },
                officer,
                3,
                Some(version),
            )
            .await
            .unwrap();
        assert_eq!(world.count(&unit_clock).await, 1);
        let version = world
            .run(id, reply, &world.handler, 4, Some(version))
            .await
            .unwrap();
        world
            .run(
                id,
                Command::Accept {
                    note: "核实已公开".into(),
                },
                officer,
                5,
                Some(version),
            )
            .await
            .unwrap();
        assert_eq!(
            world.texts("SELECT status FROM openness_findings").await,
            Status::Closed.code()
        );
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_finding' AND status = 'running'")
                .await,
            0
        );
        // Sealed: no snapshot, history or audit row carries the name or contact.
        let everything = [
            world.texts("SELECT state FROM openness_supervisors").await,
            world.texts("SELECT state FROM openness_findings").await,
            world
                .texts("SELECT detail FROM openness_finding_events")
                .await,
            world
                .texts("SELECT COALESCE(detail, '') FROM audit_log")
                .await,
        ]
        .join("\n");
        assert!(!everything.contains(CANARY) && !everything.contains(CONTACT));
        assert!(
            world
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'openness.finding.accept'")
                .await
                == 1
        );
    }
}
