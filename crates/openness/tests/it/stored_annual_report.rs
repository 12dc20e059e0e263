//! PUB-ANNUAL on both backends: the written sections and the publication of the annual
//! report. The government office's openness officer writes sections 一, 五 and 六 of its 2025
//! report (the first save starts the due clock of `openness.unit_annual_report_by` under the
//! office; an overlong section and a stranger change nothing); the office head signs it off
//! (not before the sections are written, not before the year is over, never the officer):
//! the tables are frozen — a figure entered afterwards changes the live tables, not the
//! published ones — and the clock is met; a published report is never changed again. The
//! county's report (by `openness.county_annual_report_by`) published after 31 March is late
//! and its clock breached; a market-bureau leader cannot sign it off.

use calendar::Instant;
use openness::annual::publication::Sections;
use openness::annual::two::Entered;
use openness::usecase::annual;
use openness::usecase::annual_reports::{self as usecase, SUBJECT_TYPE};
use openness::{Acting, UnitId};
use platform::Error;
use platform::Platform;
use platform::audit::AuditActor;
use platform::clocks::{self, ClockStatus};
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;

use crate::{CAL, PROFILE, at, date};

struct World {
    platform: Platform,
    office: UnitId,
    officer: (Acting, AuditActor),
    head: (Acting, AuditActor),
    handler: (Acting, AuditActor),
    leader: (Acting, AuditActor),
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
        let office = platform::units::find_by_code(&platform.db, "gz-office")
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut tx = platform.db.begin().await.unwrap();
        users::create(
            &mut tx,
            &AuditActor::system("test"),
            NewAccount {
                unit_id: office,
                username: "t.report.head".into(),
                display_name: "测试主任".into(),
                roles: vec![Role::UnitLeader],
            },
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        worlds.push(World {
            officer: staff(&platform, "openness").await,
            head: staff(&platform, "t.report.head").await,
            handler: staff(&platform, "handler").await,
            leader: staff(&platform, "leader").await,
            office: UnitId(office),
            platform,
        });
    }
    worlds
}

fn sections(overview: &str, problems: &str, other: &str) -> Sections {
    Sections {
        overview: overview.into(),
        problems: problems.into(),
        other: other.into(),
    }
}

impl World {
    async fn save(
        &self,
        by: &(Acting, AuditActor),
        unit: Option<UnitId>,
        year: i32,
        written: Sections,
        now: Instant,
    ) -> platform::Result<()> {
        let context = Context::new(&self.platform.key, &by.1, &CAL, &PROFILE, now);
        usecase::save(&self.platform.db, &context, &by.0, unit, year, written).await
    }

    async fn publish(
        &self,
        by: &(Acting, AuditActor),
        unit: Option<UnitId>,
        year: i32,
        now: Instant,
    ) -> platform::Result<()> {
        let context = Context::new(&self.platform.key, &by.1, &CAL, &PROFILE, now);
        usecase::publish(&self.platform.db, &context, &by.0, unit, year).await
    }

    async fn clock(&self, unit: Option<UnitId>, year: i32) -> clocks::StoredClock {
        let report = usecase::find(&self.platform.db, unit, year)
            .await
            .unwrap()
            .unwrap();
        let mut found = clocks::by_subject(&self.platform.db, SUBJECT_TYPE, &report.id.to_string())
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        found.remove(0)
    }
}

/// PUB-ANNUAL: a unit's report written, signed off by its head and frozen; its clock met.
#[tokio::test]
async fn pub_annual_a_units_report_is_written_signed_off_and_frozen_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let unit = Some(world.office);
        let written = at("2026-01-10T09:00");

        // A stranger writes nothing; an overlong section is refused and nothing is stored.
        let refused = world
            .save(&world.handler, unit, 2025, sections("x", "", ""), written)
            .await;
        assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
        let long = "长".repeat(20_001);
        let refused = world
            .save(&world.officer, unit, 2025, sections(&long, "", ""), written)
            .await;
        assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
        assert!(usecase::find(db, unit, 2025).await.unwrap().is_none());

        // The first save begins the report and its due clock under the office.
        world
            .save(
                &world.officer,
                unit,
                2025,
                sections("总体情况甲", "", ""),
                written,
            )
            .await
            .unwrap();
        let clock = world.clock(unit, 2025).await;
        assert_eq!(clock.rule_id, "PUB-ANNUAL");
        assert_eq!(clock.unit_id, world.office.0);
        assert_eq!(clock.status, ClockStatus::Running);
        assert_eq!(clock.due_at, Instant::from_local(date("2026-02-01"), 0));

        // Not signed off by the officer, not without sections 五 and 六.
        let refused = world
            .publish(&world.officer, unit, 2025, at("2026-01-20T09:00"))
            .await;
        assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
        let Err(Error::Invalid(problems)) = world
            .publish(&world.head, unit, 2025, at("2026-01-20T09:00"))
            .await
        else {
            panic!("a report without 五 and 六 was published");
        };
        assert!(
            problems.contains("五、存在的主要问题及改进情况"),
            "{problems}"
        );
        assert!(problems.contains("六、其他需要报告的事项"), "{problems}");

        world
            .save(
                &world.officer,
                unit,
                2025,
                sections("总体情况乙", "问题与改进", "无其他事项"),
                at("2026-01-15T09:00"),
            )
            .await
            .unwrap();
        world
            .publish(&world.head, unit, 2025, at("2026-01-20T09:00"))
            .await
            .unwrap();
        assert_eq!(world.clock(unit, 2025).await.status, ClockStatus::Met);
        let published = usecase::published(db, unit, 2025).await.unwrap().unwrap();
        assert_eq!(published.sections.overview, "总体情况乙");
        assert_eq!(published.signed_by, "测试主任");
        assert!(!published.late());

        // Frozen: a figure entered afterwards changes the live tables only.
        annual::enter_figures(
            db,
            &world.officer.0,
            2025,
            &[(Entered::Licences, "17".into())],
            at("2026-02-03T09:00"),
        )
        .await
        .unwrap();
        let live = annual::report(db, unit, 2025).await.unwrap();
        assert_eq!(live.two.entered(Entered::Licences), 17);
        let frozen = usecase::published(db, unit, 2025).await.unwrap().unwrap();
        assert_eq!(frozen.two.entered(Entered::Licences), 0);
        assert_eq!(frozen, published);

        // Never changed again.
        let refused = world
            .save(
                &world.officer,
                unit,
                2025,
                sections("改", "改", "改"),
                at("2026-02-03T09:00"),
            )
            .await;
        assert!(matches!(refused, Err(Error::Conflict(_))), "{refused:?}");
        let refused = world
            .publish(&world.head, unit, 2025, at("2026-02-03T09:00"))
            .await;
        assert!(matches!(refused, Err(Error::Conflict(_))), "{refused:?}");
        assert_eq!(
            usecase::published(db, unit, 2025).await.unwrap().unwrap(),
            published
        );
    }
}

/// PUB-ANNUAL: the county's report is the government office's, due 31 March; published later
/// it is late and its clock breached. A year not over is not published.
#[tokio::test]
async fn pub_annual_the_countys_report_is_late_after_31_march_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let written = sections("全县总体情况", "全县问题", "全县其他");
        let refused = world
            .save(
                &world.handler,
                None,
                2025,
                written.clone(),
                at("2026-03-01T09:00"),
            )
            .await;
        assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
        world
            .save(
                &world.officer,
                None,
                2025,
                written.clone(),
                at("2026-03-01T09:00"),
            )
            .await
            .unwrap();
        assert_eq!(
            world.clock(None, 2025).await.due_at,
            Instant::from_local(date("2026-04-01"), 0)
        );
        let refused = world
            .publish(&world.leader, None, 2025, at("2026-04-02T09:00"))
            .await;
        assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
        world
            .publish(&world.head, None, 2025, at("2026-04-02T09:00"))
            .await
            .unwrap();
        assert_eq!(world.clock(None, 2025).await.status, ClockStatus::Breached);
        let published = usecase::published(db, None, 2025).await.unwrap().unwrap();
        assert!(published.late());
        assert_eq!(published.whose, "全县");

        // The year under way is written but not published.
        world
            .save(&world.officer, None, 2026, written, at("2026-05-01T09:00"))
            .await
            .unwrap();
        let refused = world
            .publish(&world.head, None, 2026, at("2026-05-02T09:00"))
            .await;
        assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
        let list = usecase::published_list(db).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].0, None);
    }
}
