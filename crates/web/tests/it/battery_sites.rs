//! The battery's objects of the site group (issue 15): a department site of unit A — its
//! host, operator and supervising unit — at a stage of the registry (WEB-REGISTRY), a column
//! of it whose A/B editors are unit A's editor and a colleague (WEB-COLUMNS), and an article
//! of such a column at a stage of the 三审三校 (WEB-REVIEW, PUB-ABOLISH), made through the
//! sites' use cases by unit A's staff as the battery knows them: the insider leader never
//! applies (a colleague does, so that the insider may decide), the insider editor writes, the
//! insider reviewer reviews and the insider publisher signs out.

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

use crate::battery_fixtures::{ArticleStage, ColumnStage, Made, SiteStage};
use crate::battery_world::{PDF, Staff, UNIT_A, World};

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
