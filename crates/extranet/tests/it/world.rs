//! The stored tests' world on each backend: the demo county seeded, the extranet office's
//! administrator (区信息化工作办公室), the market bureau's handler (an applying unit), a
//! window clerk (a stranger), and helpers to run use cases and count rows.

use std::sync::LazyLock;

use calendar::{Calendar, Instant};
use extranet::application::{ApplicationId, ApplicationKind, Command};
use extranet::usecase::applications as usecase;
use extranet::{Acting, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::filing;

pub static CAL: LazyLock<Calendar> = LazyLock::new(Calendar::national);
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);

pub struct Staff {
    pub acting: Acting,
    pub audit: AuditActor,
}

pub struct World {
    pub platform: Platform,
    pub office: UnitId,
    pub market: UnitId,
    pub netadmin: Staff,
    pub handler: Staff,
    pub stranger: Staff,
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

async fn unit(platform: &Platform, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

pub async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        worlds.push(World {
            office: unit(&platform, "gz-it").await,
            market: unit(&platform, "gz-market").await,
            netadmin: staff_of(&platform, "netadmin").await,
            handler: staff_of(&platform, "handler").await,
            stranger: staff_of(&platform, "clerk").await,
            platform,
        });
    }
    worlds
}

/// Monday 3 March 2025, 09:00 in Zhangye, plus `hours`.
pub fn later(hours: i64) -> Instant {
    let t0 = Instant::parse_rfc3339("2025-03-03T09:00:00+08:00").unwrap();
    Instant::from_millis(t0.millis() + hours * 3_600_000)
}

impl World {
    pub fn context<'a>(&'a self, by: &'a Staff, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, &by.audit, &CAL, &PROFILE, now)
    }

    /// Files an application of `kind` for the market bureau (a change or closing naming
    /// `of_access`).
    pub async fn apply(
        &self,
        kind: ApplicationKind,
        of_access: Option<ApplicationId>,
    ) -> platform::Result<ApplicationId> {
        let mut filing = filing(kind);
        filing.unit = self.market;
        filing.of_access = of_access;
        usecase::register(
            &self.platform.db,
            &self.context(&self.handler, later(0)),
            &self.handler.acting,
            self.office,
            filing,
        )
        .await
        .map(|stored| stored.application.id)
    }

    pub async fn run(
        &self,
        id: ApplicationId,
        command: Command,
        by: &Staff,
        at: i64,
    ) -> platform::Result<i64> {
        usecase::execute(
            &self.platform.db,
            &self.context(by, later(at)),
            &by.acting,
            id,
            command,
            None,
        )
        .await
        .map(|(_, version)| version)
    }

    /// An access application of the market bureau run to operation.
    pub async fn access_in_operation(&self) -> ApplicationId {
        let id = self.apply(ApplicationKind::Access, None).await.unwrap();
        let office = &self.netadmin;
        let unit = &self.handler;
        self.run(
            id,
            Command::Approve {
                opinion: String::new(),
            },
            office,
            1,
        )
        .await
        .unwrap();
        self.run(
            id,
            Command::SubmitPlan {
                plan: "专线方案".into(),
            },
            unit,
            2,
        )
        .await
        .unwrap();
        self.run(
            id,
            Command::Implement {
                note: "已开通".into(),
            },
            office,
            3,
        )
        .await
        .unwrap();
        self.run(
            id,
            Command::ReportTest {
                passed: true,
                result: "正常".into(),
            },
            unit,
            4,
        )
        .await
        .unwrap();
        id
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap();
        row.try_get(0).unwrap()
    }
}
