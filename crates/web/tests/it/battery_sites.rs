//! The battery's objects of the site group (issue 15): a department site of unit A — its
//! host, operator and supervising unit — at a stage of the registry (WEB-REGISTRY), a column
//! of it whose A/B editors are unit A's editor and a colleague (WEB-COLUMNS), and an article
//! of such a column at a stage of the 三审三校 (WEB-REVIEW, PUB-ABOLISH), made through the
//! sites' use cases by unit A's staff as the battery knows them: the insider leader never
//! applies (a colleague does, so that the insider may decide), the insider editor writes, the
//! insider reviewer reviews and the insider publisher signs out. [`FIXTURES`] holds the site
//! group's rows of the fixture map (which object each route with an id takes).

use std::sync::atomic::{AtomicU32, Ordering};

use calendar::Instant;
use chrono::NaiveDate;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sites::article::{Command, Content, PolicyMeta};
use sites::check::Builtin;
use sites::column::ColumnKind;
use sites::registry::{self, Duty, Registration, Responsible, SiteKind};
use sites::usecase::{self, ColumnInput};
use sites::{Acting, ArticleId, ColumnId, SiteId, UnitId};

use crate::battery_fixtures::{
    ArticleStage, ColumnStage, Fixture, Made, Object, SiteStage, SubmissionStage, row,
};

use crate::battery_world::{PDF, Staff, UNIT_A, World};
use ArticleStage as A;
use Object::{Article, Site, Submission};

/// Each made site's number: its 网站标识码 and domain are unique in the group.
static SEQ: AtomicU32 = AtomicU32::new(1);

/// A user as the sites' use cases take them.
pub struct Doer {
    pub acting: Acting,
    pub audit: AuditActor,
}

impl World<'_> {
    pub async fn doer(&self, staff: &Staff) -> Doer {
        let db = &self.app.platform.db;
        let actor = platform::users::load_actor(db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        Doer {
            acting: Acting::from(&actor),
            audit: AuditActor::staff(&actor, "127.0.0.1"),
        }
    }

    async fn with<T, F>(&self, who: &Staff, run: F) -> T
    where
        F: for<'c> AsyncFnOnce(&'c Context<'c>, &'c Acting) -> platform::Result<T>,
    {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let doer = self.doer(who).await;
        let now = Instant::from_millis(now_ms());
        let context = Context::new(
            &self.app.platform.key,
            &doer.audit,
            &calendar,
            &profile,
            now,
        );
        run(&context, &doer.acting).await.unwrap()
    }

    /// A department site of unit A at `stage`.
    pub async fn made_site(&self, stage: SiteStage) -> SiteId {
        let n = SEQ.fetch_add(1, Ordering::SeqCst);
        let unit = UnitId(self.unit(UNIT_A));
        let registration = Registration {
            name: format!("电池测试网站{n}"),
            kind: SiteKind::Department,
            domains: vec![format!("b{n}.battery.gov.cn")],
            site_code: format!("B{n:09}"),
            icp_number: "陇ICP备12345678号".into(),
            police_number: "甘公网安备 62070202000123号".into(),
            host_unit: unit,
            host_unit_name: "区市场监督管理局".into(),
            operator_unit: unit,
            supervising_unit: unit,
            contact_phone: "0936-8212345".into(),
            contact_address: "甘州区县府街".into(),
            responsible: vec![
                Responsible {
                    duty: Duty::Principal,
                    name: "张三".into(),
                },
                Responsible {
                    duty: Duty::Security,
                    name: "李四".into(),
                },
            ],
        };
        let applicant = self.colleague(Role::UnitLeader, UNIT_A).await;
        let db = &self.app.platform.db;
        let site = self
            .with(&applicant, async |c, a| {
                usecase::register_site(db, c, a, registration).await
            })
            .await;
        if stage == SiteStage::Proposed {
            return site;
        }
        let apply = registry::Command::ApplyOpen {
            reason: "电池测试开设".into(),
        };
        self.site_command(&applicant, site, apply).await;
        if stage == SiteStage::OpeningApplied {
            return site;
        }
        let leader = self.staff(Role::UnitLeader, UNIT_A).await;
        let approve = registry::Command::Approve {
            opinion: "同意".into(),
        };
        self.site_command(&leader, site, approve).await;
        if stage == SiteStage::Offline {
            let report = registry::Command::ReportEmergency {
                report: "机房断电，紧急关停".into(),
            };
            self.site_command(&applicant, site, report).await;
        }
        site
    }

    async fn site_command(&self, who: &Staff, site: SiteId, command: registry::Command) {
        let db = &self.app.platform.db;
        self.with(who, async |c, a| {
            usecase::execute_site(db, c, a, site, command, None).await
        })
        .await;
    }

    /// A column of `site` whose A/B editors are unit A's editor and a colleague, opened by
    /// unit A's publisher (the operator unit's).
    pub async fn made_column(&self, site: SiteId, kind: ColumnKind, name: &str) -> ColumnId {
        let unit = UnitId(self.unit(UNIT_A));
        let editor_a = self.staff(Role::SiteEditor, UNIT_A).await.client.user_id;
        let editor_b = self
            .colleague(Role::SiteEditor, UNIT_A)
            .await
            .client
            .user_id;
        let input = ColumnInput {
            parent: None,
            name: name.into(),
            kind,
            responsible_unit: unit,
            editor_a: Some(sites::UserId(editor_a)),
            editor_b: Some(sites::UserId(editor_b)),
            special_opened_by: (kind == ColumnKind::Special).then_some(unit),
            position: 0,
        };
        let publisher = self.staff(Role::Publisher, UNIT_A).await;
        let db = &self.app.platform.db;
        self.with(&publisher, async |c, a| {
            usecase::create_column(db, c, a, site, input).await
        })
        .await
    }

    /// A column object: its own open site, and the page of the column or its draft editor.
    pub async fn column_object(&self, stage: ColumnStage) -> Made {
        let site = self.made_site(SiteStage::Open).await;
        let (kind, page) = match stage {
            ColumnStage::Plain => (ColumnKind::News, ""),
            ColumnStage::Special => (ColumnKind::Special, ""),
            ColumnStage::Draft => (ColumnKind::News, "/draft"),
        };
        let column = self.made_column(site, kind, "电池测试栏目").await;
        if stage == ColumnStage::Draft {
            // PUB-PROACTIVE: the editor's page offers a register document to draft from.
            let publishable = crate::battery_openness::DocumentStage::Publishable;
            self.document_object(publishable).await;
        }
        Made {
            ids: vec![column.0],
            page: format!("/office/sites/columns/{}{page}", column.0),
            other: Some(self.unit(UNIT_A)),
        }
    }

    /// A site object: its page.
    pub async fn site_object(&self, stage: SiteStage) -> Made {
        let site = self.made_site(stage).await;
        Made {
            ids: vec![site.0],
            page: format!("/office/sites/{}", site.0),
            other: Some(self.unit(UNIT_A)),
        }
    }

    async fn article_command(&self, who: &Staff, id: ArticleId, command: Command) {
        let db = &self.app.platform.db;
        self.with(who, async |c, a| {
            usecase::execute_article(db, c, a, &Builtin, id, command, None).await
        })
        .await;
    }

    /// An article of unit A's editor at `stage` in a fresh site's column.
    pub async fn made_article(&self, stage: ArticleStage) -> ArticleId {
        let site = self.made_site(SiteStage::Open).await;
        let policy = stage == ArticleStage::PublishedPolicy;
        let kind = if policy {
            ColumnKind::Policy
        } else {
            ColumnKind::News
        };
        let column = self.made_column(site, kind, "电池测试栏目").await;
        let editor = self.staff(Role::SiteEditor, UNIT_A).await;
        let reviewer = self.staff(Role::Reviewer, UNIT_A).await;
        let publisher = self.staff(Role::Publisher, UNIT_A).await;
        let content = Content {
            title: "电池测试稿件".into(),
            body: "<p>电池测试的正文。</p>".into(),
            source: "区市场监督管理局".into(),
            policy: policy.then(|| PolicyMeta {
                index_number: "11620702MB1234567A/2026-00001".into(),
                issuer: "区市场监督管理局".into(),
                document_number: "甘州市监发〔2026〕1号".into(),
                written_on: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                subject: "市场监管".into(),
                interpretations: Vec::new(),
            }),
        };
        let major = stage == ArticleStage::AtLeader;
        let db = &self.app.platform.db;
        let (id, _) = self
            .with(&editor, async |c, a| {
                usecase::create_draft(db, c, a, column, content, major).await
            })
            .await;
        if matches!(stage, ArticleStage::Draft | ArticleStage::Editor) {
            return id;
        }
        self.article_command(&editor, id, Command::Submit).await;
        if stage == ArticleStage::AtReviewer {
            return id;
        }
        let review = Command::Review {
            opinion: "同意".into(),
        };
        self.article_command(&reviewer, id, review).await;
        if matches!(stage, ArticleStage::AtLeader | ArticleStage::AtPublisher) {
            return id;
        }
        let at =
            (stage == ArticleStage::Scheduled).then(|| Instant::from_millis(now_ms() + 86_400_000));
        self.article_command(&publisher, id, Command::Publish { at })
            .await;
        if policy {
            // PUB-INTERPRET: an interpretation published on the same site, to be linked.
            let column = self
                .made_column(site, ColumnKind::Interpretation, "政策解读")
                .await;
            let content = Content {
                title: "电池测试政策解读".into(),
                body: "<p>解读正文。</p>".into(),
                source: "区市场监督管理局".into(),
                policy: None,
            };
            let (interpretation, _) = self
                .with(&editor, async |c, a| {
                    usecase::create_draft(db, c, a, column, content, false).await
                })
                .await;
            self.article_command(&editor, interpretation, Command::Submit)
                .await;
            let review = Command::Review {
                opinion: "同意".into(),
            };
            self.article_command(&reviewer, interpretation, review)
                .await;
            let publish = Command::Publish { at: None };
            self.article_command(&publisher, interpretation, publish)
                .await;
        }
        id
    }

    /// An article object: its page (the editor's for `Editor`).
    pub async fn article_object(&self, stage: ArticleStage) -> Made {
        let id = self.made_article(stage).await;
        let page = match stage {
            ArticleStage::Editor => format!("/office/sites/articles/{}/edit", id.0),
            _ => format!("/office/sites/articles/{}", id.0),
        };
        Made {
            ids: vec![id.0],
            page,
            other: None,
        }
    }

    /// A draft with a PDF attached by its editor.
    pub async fn article_file_object(&self) -> Made {
        let id = self.made_article(ArticleStage::Draft).await;
        let editor = self.staff(Role::SiteEditor, UNIT_A).await;
        let upload = platform::attachments::Upload {
            label: "附件1".into(),
            file_name: "通知.pdf".into(),
            bytes: PDF.to_vec(),
        };
        let db = &self.app.platform.db;
        let files = self
            .with(&editor, async |c, a| {
                usecase::attach_files(db, c, a, id, std::slice::from_ref(&upload)).await
            })
            .await;
        Made {
            ids: vec![id.0, files[0]],
            page: format!("/office/sites/articles/{}", id.0),
            other: None,
        }
    }
}

/// The site group's routes with an id and the object of unit A each takes (issue 15:
/// WEB-REGISTRY, WEB-COLUMNS, WEB-REVIEW, PUB-ABOLISH, WEB-SUBMIT, WEB-ANNUAL, WEB-INSPECT),
/// chained into `battery_fixtures::fixtures()`.
pub const FIXTURES: &[Fixture] = &[
    row("/office/sites/{id}", Site(SiteStage::Open)),
    Fixture {
        fixed_form: Some((
            "version={version}&name=%E7%94%B5%E6%B1%A0%E6%B5%8B%E8%AF%95%E7%BD%91%E7%AB%99%EF%BC%88%E5%8F%98%E6%9B%B4%EF%BC%89&kind=department&domains=battery-change.gsgz.gov.cn&site_code=B999999999&icp_number=%E9%99%87ICP%E5%A4%8712345678%E5%8F%B7&police_number=%E7%94%98%E5%85%AC%E7%BD%91%E5%AE%89%E5%A4%87%2062070202000123%E5%8F%B7&host_unit={other}&host_unit_name=%E5%8C%BA%E5%B8%82%E5%9C%BA%E7%9B%91%E7%9D%A3%E7%AE%A1%E7%90%86%E5%B1%80&operator_unit={other}&supervising_unit={other}&contact_phone=0936-8212345&contact_address=%E7%94%98%E5%B7%9E%E5%8C%BA%E5%8E%BF%E5%BA%9C%E8%A1%97&principal=%E5%BC%A0%E4%B8%89&security=%E6%9D%8E%E5%9B%9B&reason=%E6%9C%BA%E6%9E%84%E8%B0%83%E6%95%B4",
            "the change of registration is its own page's form, and the same data unchanged is \
             refused (登记信息没有变化)",
        )),
        ..row("/office/sites/{id}/registration", Site(SiteStage::Open))
    },
    Fixture {
        fixed_form: Some((
            "kind=gov_cloud&provider=%E5%BC%A0%E6%8E%96%E5%B8%82%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1%E4%BA%91%E5%B9%B3%E5%8F%B0&province=%E7%94%98%E8%82%83%E7%9C%81&city=%E5%BC%A0%E6%8E%96%E5%B8%82&county=%E7%94%98%E5%B7%9E%E5%8C%BA&addresses=10.62.7.0%2F24",
            "the hosting form is shown only to a leader of the site's host or supervising unit",
        )),
        ..row("/office/sites/{id}/hosting", Site(SiteStage::Open))
    },
    row("/office/sites/{id}/apply-open", Site(SiteStage::Proposed)),
    row("/office/sites/{id}/apply-offline", Site(SiteStage::Open)),
    row("/office/sites/{id}/apply-close", Site(SiteStage::Open)),
    row("/office/sites/{id}/emergency", Site(SiteStage::Open)),
    row(
        "/office/sites/{id}/approve",
        Site(SiteStage::OpeningApplied),
    ),
    row("/office/sites/{id}/reject", Site(SiteStage::OpeningApplied)),
    row("/office/sites/{id}/restore", Site(SiteStage::Offline)),
    Fixture {
        fixed_form: Some((
            "parent=&name=%E7%94%B5%E6%B1%A0%E6%B5%8B%E8%AF%95%E6%96%B0%E6%A0%8F%E7%9B%AE&kind=news&responsible_unit={other}&editor_a=&editor_b=&special_opened_by=&position=0",
            "a new column is opened on the column tree's page, not the site's",
        )),
        ..row("/office/sites/{id}/columns", Site(SiteStage::Open))
    },
    row(
        "/office/sites/columns/{id}",
        Object::Column(ColumnStage::Plain),
    ),
    row(
        "/office/sites/columns/{id}/edit",
        Object::Column(ColumnStage::Plain),
    ),
    row(
        "/office/sites/columns/{id}/archive",
        Object::Column(ColumnStage::Plain),
    ),
    row(
        "/office/sites/columns/{id}/approve",
        Object::Column(ColumnStage::Special),
    ),
    row(
        "/office/sites/columns/{id}/draft",
        Object::Column(ColumnStage::Draft),
    ),
    row("/office/sites/articles/{id}", Article(A::Draft)),
    row("/office/sites/articles/{id}/edit", Article(A::Editor)),
    row("/office/sites/articles/{id}/diff", Article(A::Draft)),
    row(
        "/office/sites/articles/{id}/files/{file}",
        Object::ArticleFile,
    ),
    row("/office/sites/articles/{id}/submit", Article(A::Draft)),
    // WEB-INSPECT: 忽略，误报 on a draft's hit; the security administrator's lists.
    row("/office/sites/articles/{id}/ignore", Object::ArticleHit),
    row("/office/inspect/lists/{id}/deactivate", Object::InspectList),
    row(
        "/office/inspect/whitelist/{id}/remove",
        Object::WhitelistPhrase,
    ),
    row("/office/sites/articles/{id}/review", Article(A::AtReviewer)),
    row("/office/sites/articles/{id}/approve", Article(A::AtLeader)),
    row(
        "/office/sites/articles/{id}/send-back",
        Article(A::AtReviewer),
    ),
    row(
        "/office/sites/articles/{id}/publish",
        Article(A::AtPublisher),
    ),
    row(
        "/office/sites/articles/{id}/unschedule",
        Article(A::Scheduled),
    ),
    row(
        "/office/sites/articles/{id}/withdraw",
        Article(A::PublishedPolicy),
    ),
    row(
        "/office/sites/articles/{id}/validity",
        Article(A::PublishedPolicy),
    ),
    row(
        "/office/sites/articles/{id}/link",
        Article(A::PublishedPolicy),
    ),
    // WEB-SUBMIT: units' submissions and the runs of missed weeks.
    row(
        "/office/sites/submissions/{id}",
        Submission(SubmissionStage::Draft),
    ),
    row(
        "/office/sites/submissions/{id}/edit",
        Submission(SubmissionStage::Editor),
    ),
    row(
        "/office/sites/submissions/{id}/submit",
        Submission(SubmissionStage::Draft),
    ),
    row(
        "/office/sites/submissions/{id}/withdraw",
        Submission(SubmissionStage::Draft),
    ),
    row(
        "/office/sites/submissions/{id}/mobile",
        Submission(SubmissionStage::Draft),
    ),
    row(
        "/office/sites/submissions/{id}/approve",
        Submission(SubmissionStage::AtLeader),
    ),
    row(
        "/office/sites/submissions/{id}/send-back",
        Submission(SubmissionStage::AtLeader),
    ),
    row(
        "/office/sites/submissions/{id}/adopt",
        Submission(SubmissionStage::AtEditors),
    ),
    row(
        "/office/sites/submissions/{id}/return",
        Submission(SubmissionStage::AtEditors),
    ),
    row(
        "/office/sites/submissions/runs/{id}/explain",
        Object::LateRun,
    ),
    // WEB-ACCOUNT: an open accountability record of unit A, its 书面检查 due.
    row(
        "/office/sites/accountability/{id}/examine",
        Object::Accountability,
    ),
    // WEB-ANNUAL: a site's annual report of last year (its id and the year in the path).
    row(
        "/office/sites/{id}/annual/{year}",
        Object::Annual { signed: false },
    ),
    row(
        "/office/sites/{id}/annual/{year}/publish",
        Object::Annual { signed: true },
    ),
    row(
        "/office/sites/{id}/annual/{year}/print",
        Object::Annual { signed: false },
    ),
    row(
        "/office/sites/{id}/annual/{year}/report.xlsx",
        Object::Annual { signed: false },
    ),
];
