//! The stored world of the storage and use-case tests, on each backend: the demo jurisdiction's
//! units and accounts, a few more staff (leaders of the government office, the education
//! bureau's leader, A/B editors and reviewer, a second publisher), the portal (hosted,
//! operated and supervised by the government office, whose `publisher` publishes) and the
//! education bureau's site, both open, and columns of each.

use calendar::Instant;
use platform::Platform;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;
use sites::article::{Article, Command, Content};
use sites::check::Builtin;
use sites::column::ColumnKind;
use sites::registry::{self, Registration};
use sites::usecase::{self, ColumnInput};
use sites::{Acting, ArticleId, ColumnId, SiteId, UnitId};
use sqlx::Row as _;

use crate::{CAL, PROFILE, at, dept_registration, policy_content, portal_registration};

/// A staff user as the use cases take them.
#[derive(Debug, Clone)]
pub struct Staff {
    pub acting: Acting,
    pub audit: AuditActor,
}

/// The stored world.
pub struct World {
    pub platform: Platform,
    pub office: UnitId,
    pub edu: UnitId,
    pub portal: SiteId,
    pub dept: SiteId,
    /// The education site's policy column and news column (editors A/B of the bureau).
    pub policy: ColumnId,
    pub news: ColumnId,
    pub interpretations: ColumnId,
    pub office_leader: Staff,
    pub office_deputy: Staff,
    pub edu_leader: Staff,
    pub editor_a: Staff,
    pub editor_b: Staff,
    pub reviewer: Staff,
    pub publisher: Staff,
    /// The demo's `editor` of the government office: no column of the bureau's.
    pub outsider: Staff,
}

pub fn backend(platform: &Platform) -> &'static str {
    platform.db.backend.name()
}

pub async fn unit(platform: &Platform, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

pub async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let id = users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = users::load_actor(&platform.db, id).await.unwrap().unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

async fn account(platform: &Platform, username: &str, unit: UnitId, role: Role) -> Staff {
    let mut tx = platform.db.begin().await.unwrap();
    users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.0,
            username: username.into(),
            display_name: format!("测试{username}"),
            roles: vec![role],
        },
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    staff_of(platform, username).await
}

impl World {
    pub fn context<'a>(&'a self, staff: &'a Staff, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, &staff.audit, &CAL, &PROFILE, now)
    }

    pub async fn column(&self, site: SiteId, name: &str, kind: ColumnKind) -> ColumnId {
        let input = ColumnInput {
            parent: None,
            name: name.into(),
            kind,
            responsible_unit: self.edu,
            editor_a: Some(self.editor_a.acting.user),
            editor_b: Some(self.editor_b.acting.user),
            special_opened_by: None,
            position: 0,
        };
        let by = &self.publisher;
        usecase::create_column(
            &self.platform.db,
            &self.context(by, t0()),
            &by.acting,
            site,
            input,
        )
        .await
        .unwrap()
    }

    /// A draft of the policy document by editor A; its id and version.
    pub async fn draft(&self, column: ColumnId, content: Content) -> (ArticleId, i64) {
        let by = &self.editor_a;
        usecase::create_draft(
            &self.platform.db,
            &self.context(by, t0()),
            &by.acting,
            column,
            content,
            false,
        )
        .await
        .unwrap()
    }

    /// Runs `command` on `id` as `by` at `now`.
    pub async fn run(
        &self,
        id: ArticleId,
        command: Command,
        by: &Staff,
        now: Instant,
    ) -> platform::Result<(Article, i64)> {
        usecase::execute_article(
            &self.platform.db,
            &self.context(by, now),
            &by.acting,
            &Builtin,
            id,
            command,
            None,
        )
        .await
    }

    /// A draft taken through submission, review and publication at `t0`.
    pub async fn published(&self, column: ColumnId, content: Content) -> ArticleId {
        let (id, _) = self.draft(column, content).await;
        self.run(id, Command::Submit, &self.editor_a, t0())
            .await
            .unwrap();
        let review = Command::Review {
            opinion: "同意".into(),
        };
        self.run(id, review, &self.reviewer, t0()).await.unwrap();
        self.run(id, Command::Publish { at: None }, &self.publisher, t0())
            .await
            .unwrap();
        id
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    }

    pub fn backend(&self) -> &'static str {
        backend(&self.platform)
    }
}

/// When the world's steps happen: Monday 2025-03-03 09:00.
pub fn t0() -> Instant {
    at("2025-03-03T09:00")
}

/// A registration of the world's units: the portal's or the bureau's.
fn registration(template: Registration, host: UnitId, office: UnitId) -> Registration {
    Registration {
        host_unit: host,
        operator_unit: office,
        supervising_unit: office,
        ..template
    }
}

/// Registers `registration` as `leader` and opens it (applied by `leader`, approved by
/// `approver`).
pub async fn open_site(
    w: &World,
    registration: Registration,
    leader: &Staff,
    approver: &Staff,
) -> SiteId {
    let db = &w.platform.db;
    let id = usecase::register_site(db, &w.context(leader, t0()), &leader.acting, registration)
        .await
        .unwrap();
    let apply = registry::Command::ApplyOpen {
        reason: "集约化平台开设".into(),
    };
    usecase::execute_site(
        db,
        &w.context(leader, t0()),
        &leader.acting,
        id,
        apply,
        None,
    )
    .await
    .unwrap();
    let approve = registry::Command::Approve {
        opinion: "同意".into(),
    };
    usecase::execute_site(
        db,
        &w.context(approver, t0()),
        &approver.acting,
        id,
        approve,
        None,
    )
    .await
    .unwrap();
    id
}

/// The world on each backend.
pub async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let office = unit(&platform, "gz-office").await;
        let edu = unit(&platform, "gz-education").await;
        let office_leader = account(&platform, "t.office.leader", office, Role::UnitLeader).await;
        let office_deputy = account(&platform, "t.office.deputy", office, Role::UnitLeader).await;
        let edu_leader = account(&platform, "t.edu.leader", edu, Role::UnitLeader).await;
        let editor_a = account(&platform, "t.edu.a", edu, Role::SiteEditor).await;
        let editor_b = account(&platform, "t.edu.b", edu, Role::SiteEditor).await;
        let reviewer = account(&platform, "t.edu.reviewer", edu, Role::Reviewer).await;
        let publisher = staff_of(&platform, "publisher").await;
        let outsider = staff_of(&platform, "editor").await;
        let mut world = World {
            platform,
            office,
            edu,
            portal: SiteId(0),
            dept: SiteId(0),
            policy: ColumnId(0),
            news: ColumnId(0),
            interpretations: ColumnId(0),
            office_leader,
            office_deputy,
            edu_leader,
            editor_a,
            editor_b,
            reviewer,
            publisher,
            outsider,
        };
        let portal = registration(portal_registration(), office, office);
        world.portal = open_site(&world, portal, &world.office_deputy, &world.office_leader).await;
        let dept = registration(dept_registration(), edu, office);
        world.dept = open_site(&world, dept, &world.edu_leader, &world.office_leader).await;
        world.policy = world
            .column(world.dept, "政策文件", ColumnKind::Policy)
            .await;
        world.news = world.column(world.dept, "教育动态", ColumnKind::News).await;
        world.interpretations = world
            .column(world.dept, "政策解读", ColumnKind::Interpretation)
            .await;
        worlds.push(world);
    }
    worlds
}

/// A plain news article's content.
pub fn news_content(title: &str) -> Content {
    Content {
        title: title.into(),
        body: "<p>全区各中小学开展安全教育活动。</p>".into(),
        source: "甘州区教育局".into(),
        policy: None,
    }
}

/// The fixture policy document.
pub fn policy() -> Content {
    policy_content()
}
