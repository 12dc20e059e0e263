//! The site group as the public pages' tests (and the browser suite) find it, made through the
//! sites' use cases as the staff would: the portal 甘州区人民政府 (www.gsgz.gov.cn, 6207020001,
//! hosted by the government office) and the education bureau's site (jyj.gsgz.gov.cn,
//! 6207020003), both registered, applied for and approved by different leaders; columns of
//! each with the bureau's A/B editors; articles drafted, submitted, reviewed and signed out.

use calendar::Instant;
use chrono::NaiveDate;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;
use sites::article::{Article, Command, Content, PolicyMeta};
use sites::check::Builtin;
use sites::column::ColumnKind;
use sites::registry::{self, Duty, Registration, Responsible, SiteKind};
use sites::usecase::{self, ColumnInput};
use sites::{Acting, ArticleId, ColumnId, SiteId, UnitId};

use crate::common::TestApp;

/// A staff member as the use cases take them.
pub struct Staff {
    pub acting: Acting,
    pub audit: AuditActor,
}

/// The site group of a test.
pub struct SiteWorld<'a> {
    pub app: &'a TestApp,
    pub calendar: calendar::Calendar,
    pub profile: platform::profile::RuleProfile,
    pub office: UnitId,
    pub edu: UnitId,
    pub portal: SiteId,
    pub dept: SiteId,
    /// The portal's columns.
    pub portal_news: ColumnId,
    pub portal_notices: ColumnId,
    /// The bureau's columns.
    pub news: ColumnId,
    pub policy: ColumnId,
    pub interpretations: ColumnId,
    pub office_leader: Staff,
    pub office_deputy: Staff,
    pub edu_leader: Staff,
    pub editor_a: Staff,
    pub reviewer: Staff,
    pub publisher: Staff,
}

/// When the fixtures are published: Monday 2025-03-03 09:00 (Asia/Shanghai).
pub fn t0() -> Instant {
    at("2025-03-03T09:00")
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn unit(app: &TestApp, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&app.platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

async fn staff_of(app: &TestApp, username: &str) -> Staff {
    let id = users::id_by_username(&app.platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = users::load_actor(&app.platform.db, id)
        .await
        .unwrap()
        .unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

async fn account(app: &TestApp, username: &str, unit: UnitId, role: Role) -> Staff {
    let mut tx = app.platform.db.begin().await.unwrap();
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
    staff_of(app, username).await
}

/// The bureau's site; `portal` makes it the district's portal instead.
pub fn registration(portal: bool, host: UnitId, office: UnitId) -> Registration {
    let responsible = vec![
        Responsible {
            duty: Duty::Principal,
            name: "王明".into(),
        },
        Responsible {
            duty: Duty::Security,
            name: "李强".into(),
        },
    ];
    let (name, kind, domain, code, icp, police, host_name) = if portal {
        (
            "甘州区人民政府",
            SiteKind::Portal,
            "www.gsgz.gov.cn",
            "6207020001",
            "陇ICP备05000123号-1",
            "甘公网安备 62070202000123号",
            "甘州区人民政府办公室",
        )
    } else {
        (
            "甘州区教育局",
            SiteKind::Department,
            "jyj.gsgz.gov.cn",
            "6207020003",
            "陇ICP备05000123号-3",
            "甘公网安备 62070202000125号",
            "甘州区教育局",
        )
    };
    Registration {
        name: name.into(),
        kind,
        domains: vec![domain.into()],
        site_code: code.into(),
        icp_number: icp.into(),
        police_number: police.into(),
        host_unit: host,
        host_unit_name: host_name.into(),
        operator_unit: office,
        supervising_unit: office,
        contact_phone: "0936-8212345".into(),
        contact_address: "甘州区县府街1号".into(),
        responsible,
    }
}

impl<'a> SiteWorld<'a> {
    pub fn context<'c>(&'c self, staff: &'c Staff, now: Instant) -> Context<'c> {
        Context::new(
            &self.app.platform.key,
            &staff.audit,
            &self.calendar,
            &self.profile,
            now,
        )
    }

    /// The portal and the bureau's site, open, with their columns and nothing published.
    pub async fn new(app: &'a TestApp) -> SiteWorld<'a> {
        let office = unit(app, "gz-office").await;
        let edu = unit(app, "gz-education").await;
        let mut world = SiteWorld {
            app,
            calendar: calendar::Calendar::try_national().unwrap(),
            profile: platform::profile::RuleProfile::default(),
            office,
            edu,
            portal: SiteId(0),
            dept: SiteId(0),
            portal_news: ColumnId(0),
            portal_notices: ColumnId(0),
            news: ColumnId(0),
            policy: ColumnId(0),
            interpretations: ColumnId(0),
            office_leader: account(app, "t.office.leader", office, Role::UnitLeader).await,
            office_deputy: account(app, "t.office.deputy", office, Role::UnitLeader).await,
            edu_leader: account(app, "t.edu.leader", edu, Role::UnitLeader).await,
            editor_a: account(app, "t.edu.a", edu, Role::SiteEditor).await,
            reviewer: account(app, "t.edu.reviewer", edu, Role::Reviewer).await,
            publisher: staff_of(app, "publisher").await,
        };
        let _editor_b = account(app, "t.edu.b", edu, Role::SiteEditor).await;
        world.portal = world
            .open_site(registration(true, office, office), true)
            .await;
        world.dept = world
            .open_site(registration(false, edu, office), false)
            .await;
        world.portal_news = world
            .column(world.portal, "今日甘州", ColumnKind::News)
            .await;
        world.portal_notices = world
            .column(world.portal, "通知公告", ColumnKind::Notice)
            .await;
        world.news = world.column(world.dept, "教育动态", ColumnKind::News).await;
        world.policy = world
            .column(world.dept, "政策文件", ColumnKind::Policy)
            .await;
        world.interpretations = world
            .column(world.dept, "政策解读", ColumnKind::Interpretation)
            .await;
        world
    }

    /// Registers `registration` and opens it: applied for by a leader of its host unit,
    /// approved by the office's leader.
    pub async fn open_site(&self, registration: Registration, portal: bool) -> SiteId {
        let db = &self.app.platform.db;
        let leader = if portal {
            &self.office_deputy
        } else {
            &self.edu_leader
        };
        let context = self.context(leader, t0());
        let id = usecase::register_site(db, &context, &leader.acting, registration)
            .await
            .unwrap();
        let apply = registry::Command::ApplyOpen {
            reason: "集约化平台开设".into(),
        };
        self.site_command(id, apply, leader).await.unwrap();
        let approve = registry::Command::Approve {
            opinion: "同意".into(),
        };
        self.site_command(id, approve, &self.office_leader)
            .await
            .unwrap();
        id
    }

    pub async fn site_command(
        &self,
        id: SiteId,
        command: registry::Command,
        by: &Staff,
    ) -> platform::Result<()> {
        let context = self.context(by, t0());
        usecase::execute_site(
            &self.app.platform.db,
            &context,
            &by.acting,
            id,
            command,
            None,
        )
        .await
        .map(|_| ())
    }

    /// A column of `site` whose editors are the bureau's A and B.
    pub async fn column(&self, site: SiteId, name: &str, kind: ColumnKind) -> ColumnId {
        let editor_b = users::id_by_username(&self.app.platform.db, "t.edu.b")
            .await
            .unwrap()
            .unwrap();
        let input = ColumnInput {
            parent: None,
            name: name.into(),
            kind,
            responsible_unit: self.edu,
            editor_a: Some(self.editor_a.acting.user),
            editor_b: Some(sites::UserId(editor_b)),
            special_opened_by: None,
            position: 0,
        };
        let by = &self.publisher;
        usecase::create_column(
            &self.app.platform.db,
            &self.context(by, t0()),
            &by.acting,
            site,
            input,
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
            &self.app.platform.db,
            &self.context(by, now),
            &by.acting,
            &Builtin,
            id,
            command,
            None,
        )
        .await
    }

    /// `content` drafted in `column`, submitted, reviewed and published at `now`.
    pub async fn publish_at(&self, column: ColumnId, content: Content, now: Instant) -> ArticleId {
        let by = &self.editor_a;
        let (id, _) = usecase::create_draft(
            &self.app.platform.db,
            &self.context(by, now),
            &by.acting,
            column,
            content,
            false,
        )
        .await
        .unwrap();
        self.run(id, Command::Submit, by, now).await.unwrap();
        let review = Command::Review {
            opinion: "同意".into(),
        };
        self.run(id, review, &self.reviewer, now).await.unwrap();
        self.run(id, Command::Publish { at: None }, &self.publisher, now)
            .await
            .unwrap();
        id
    }

    pub async fn publish(&self, column: ColumnId, content: Content) -> ArticleId {
        self.publish_at(column, content, t0()).await
    }
}

/// A news article's content.
pub fn news(title: &str) -> Content {
    Content {
        title: title.into(),
        body: "<p>全区各中小学开展安全教育活动。</p>".into(),
        source: "甘州区教育局".into(),
        policy: None,
    }
}

/// A policy document written on 2025-02-28.
pub fn policy_document() -> Content {
    Content {
        title: "关于印发《甘州区义务教育阶段招生入学实施办法》的通知".into(),
        body:
            "<p>各乡镇人民政府，区直各部门：</p><p>现将《实施办法》印发给你们，请认真贯彻执行。</p>"
                .into(),
        source: "甘州区教育局".into(),
        policy: Some(PolicyMeta {
            index_number: "620702-JYJ-2025-0012".into(),
            issuer: "甘州区教育局".into(),
            document_number: "甘州教发〔2025〕12号".into(),
            written_on: date("2025-02-28"),
            subject: "教育".into(),
            interpretations: Vec::new(),
        }),
    }
}

/// The site group the browser suite reads (issue 15): the portal's news and notices, the
/// bureau's news, a policy document with its interpretation, another abolished; the pages
/// to open besides what the crawl finds from `/` and `/sites`: the bureau's home, a column, the
/// documents, the print view, the sitemap.
pub async fn browser_fixture(app: &TestApp) -> Vec<String> {
    let w = SiteWorld::new(app).await;
    for title in [
        "甘州区召开全区经济工作会议 部署2025年重点工作",
        "全区春季植树造林工作现场推进会召开",
        "区政务服务中心推出延时错时预约服务",
    ] {
        w.publish(w.portal_news, news(title)).await;
    }
    for title in [
        "关于2025年清明节放假的通知",
        "甘州区2025年公开招聘社区工作者公告",
    ] {
        w.publish(w.portal_notices, news(title)).await;
    }
    let dept_news = w
        .publish(w.news, news("区教育局召开2025年春季开学工作会议"))
        .await;
    let document = w.publish(w.policy, policy_document()).await;
    let reading = w
        .publish(
            w.interpretations,
            news("《甘州区义务教育阶段招生入学实施办法》政策解读"),
        )
        .await;
    let link = Command::LinkInterpretation {
        interpretation: reading,
    };
    w.run(document, link, &w.reviewer, t0()).await.unwrap();
    let mut old = policy_document();
    old.title = "关于印发《甘州区中小学校外培训机构管理办法（试行）》的通知".into();
    if let Some(meta) = old.policy.as_mut() {
        meta.index_number = "620702-JYJ-2021-0003".into();
        meta.document_number = "甘州教发〔2021〕3号".into();
        meta.written_on = date("2021-03-01");
    }
    let abolished = w.publish(w.policy, old).await;
    let mark = Command::MarkValidity {
        validity: sites::article::Validity::Abolished,
        since: date("2025-03-01"),
        note: "被甘州教发〔2025〕12号废止".into(),
    };
    w.run(abolished, mark, &w.publisher, t0()).await.unwrap();
    let base = "/sites/6207020003";
    vec![
        "/sites".into(),
        format!("{base}/"),
        format!("{base}/columns/{}", w.policy),
        format!("{base}/articles/{document}"),
        format!("{base}/articles/{document}/print"),
        format!("{base}/articles/{reading}"),
        format!("{base}/articles/{abolished}"),
        format!("{base}/articles/{dept_news}"),
        format!("{base}/sitemap"),
    ]
}
