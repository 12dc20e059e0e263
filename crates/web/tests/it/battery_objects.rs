//! The battery's objects (issue 12, the battery): [`World::make`] makes a fresh object of
//! unit A for a fixture — an account, a pending reset of credentials, a rectification, a
//! supervision, a knowledge entry, an inbox message, an incident or a drill — through the
//! domains' use cases or the pages' own forms; orders and service cases at a stage come from
//! `battery_stages.rs`, the site group's sites, columns and articles from `battery_sites.rs`.

use axum::http::{Method, StatusCode};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;

use crate::battery_fixtures::{CaseStage, KbStage, Made, Object, Stage};
use crate::battery_forms;
use crate::battery_world::{PDF, Staff, UNIT_A, World};

impl World<'_> {
    /// A fresh object for `object`, owned by unit A; `owner` is the insider whose object it
    /// is when it belongs to one user.
    pub async fn make(&self, object: Object, owner: &Staff) -> Made {
        match object {
            Object::Notification => self.notification(owner).await,
            Object::Account { disabled } => {
                let id = self.new_staff(Role::UnitHandler, UNIT_A).await.user_id;
                if disabled {
                    let admin = self.staff(Role::SystemAdmin, "gz-it").await;
                    let action = format!("/office/accounts/{id}/disable");
                    self.step("/office/accounts", &admin, &action, &[]).await;
                }
                Made {
                    ids: vec![id],
                    page: "/office/accounts".into(),
                    other: None,
                }
            }
            Object::ResetRequest => self.reset_request().await,
            Object::Rectification { answered } => self.rectification(answered).await,
            Object::Order(stage) => {
                let id = self.order(stage).await;
                let other = self.order(Stage::Registered).await;
                Made {
                    ids: vec![id],
                    page: format!("/office/hotline/orders/{id}"),
                    other: Some(other),
                }
            }
            Object::OrderFile => {
                let id = self.order(Stage::ReviewFormUploaded).await;
                let file = self.last_attachment().await;
                Made {
                    ids: vec![id, file],
                    page: format!("/office/hotline/orders/{id}"),
                    other: None,
                }
            }
            Object::AppealFile => {
                let id = self.order(Stage::Registered).await;
                let mut tx = self.app.platform.db.begin().await.unwrap();
                let upload = platform::attachments::Upload {
                    label: "附件1".into(),
                    file_name: "receipt.pdf".into(),
                    bytes: PDF.to_vec(),
                };
                let owner = platform::attachments::Owner {
                    kind: hotline::usecase::APPEAL_ATTACHMENT,
                    id,
                };
                let policy = &platform::attachments::Policy::APPEAL;
                let key = &self.app.platform.key;
                let file = platform::attachments::store(&mut tx, key, owner, policy, &upload, 0)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                Made {
                    ids: vec![id, file],
                    page: format!("/office/hotline/orders/{id}"),
                    other: None,
                }
            }
            Object::Supervision => self.supervision().await,
            Object::Kb(stage) => self.kb(stage).await,
            Object::Case(stage) => {
                let id = self.case(stage).await;
                Made {
                    ids: vec![id],
                    page: format!("/office/services/cases/{id}"),
                    other: None,
                }
            }
            Object::CaseFile => {
                let id = self.case(CaseStage::WalkIn).await;
                let file = self.last_attachment().await;
                Made {
                    ids: vec![id, file],
                    page: format!("/office/services/cases/{id}"),
                    other: None,
                }
            }
            Object::Unit => {
                let id = self.unit(UNIT_A);
                Made {
                    ids: vec![id],
                    page: format!("/office/supervision/units/{id}"),
                    other: None,
                }
            }
            Object::AccountFile => {
                let id = self.new_staff(Role::UnitHandler, UNIT_A).await.user_id;
                Made {
                    ids: vec![id],
                    page: format!("/office/accounts/{id}"),
                    other: None,
                }
            }
            Object::Incident => self.security_record("incidents").await,
            Object::Drill => self.security_record("drills").await,
            Object::Site(stage) => self.site_object(stage).await,
            Object::Column(stage) => self.column_object(stage).await,
            Object::Article(stage) => self.article_object(stage).await,
            Object::ArticleFile => self.article_file_object().await,
            Object::ArticleHit => self.article_hit_object().await,
            Object::InspectList => self.inspect_object(false).await,
            Object::WhitelistPhrase => self.inspect_object(true).await,
            Object::InspectSite => self.inspection_object(false).await,
            Object::InspectFinding => self.inspection_object(true).await,
            Object::Submission(stage) => self.submission_object(stage, owner).await,
            Object::LateRun => self.late_run_object().await,
            Object::Accountability => self.accountability_object().await,
            Object::Annual { signed } => self.annual_object(signed).await,
            Object::Application(stage) => self.application_object(stage).await,
            Object::Message(stage) => self.message_object(stage).await,
            Object::Document(stage) => self.document_object(stage).await,
            Object::OpennessCase => self.openness_case_object().await,
            Object::Topic(stage) => self.topic_object(stage).await,
            Object::Interview(stage) => self.interview_object(stage).await,
            Object::Complaint(stage) => self.complaint_object(stage).await,
            Object::Finding(stage) => self.finding_object(stage).await,
            Object::AccountCase(stage) => self.account_case_object(stage).await,
            Object::Concern(stage) => self.concern_object(stage).await,
            Object::Extranet(stage) => self.extranet_object(stage).await,
            Object::ExtranetPool => self.extranet_address_object(false).await,
            Object::ExtranetAllocation => self.extranet_address_object(true).await,
            Object::ExtranetPoint => self.extranet_point_object().await,
            Object::ExtranetFinding => self.extranet_finding_object().await,
            Object::CatalogueItem(stage) => self.catalogue_object(stage).await,
            Object::SharingEntry(stage) => self.sharing_entry_object(stage).await,
            Object::SharingRequest => self.sharing_request_object().await,
            Object::SharingGrant => self.sharing_grant_object().await,
            Object::SharingReport => self.sharing_report_object().await,
            Object::SharingMaintenance => self.sharing_maintenance_object().await,
            Object::SharingHandover => self.sharing_handover_object().await,
            Object::HallComplaint => self.hall_complaint_object().await,
            Object::HallStaffMember => self.hall_staff_member_object().await,
            Object::HallStaffRequest => self.hall_staff_request_object().await,
            Object::HallStaffNotice => self.hall_staff_notice_object().await,
            Object::HallHardcase => self.hall_hardcase_object(owner).await,
            Object::HallCentre => self.hall_centre_object().await,
        }
    }

    /// A fresh incident (a 一般 outage, which may be closed without a report upward) or a
    /// planned drill, by the security administrator through the register's own form.
    async fn security_record(&self, register: &str) -> Made {
        let security = self.staff(Role::SecurityAdmin, "gz-it").await;
        let list = format!("/office/security/{register}");
        let overrides: &[(&str, &str)] = if register == "incidents" {
            &[("level", "general"), ("kind", "outage")]
        } else {
            &[]
        };
        // The list page also has its filter (a GET form to the same path): take the POST one.
        let shown = self.app.get(&list, Some(&security.client)).await;
        let form = battery_forms::forms(&shown.body)
            .into_iter()
            .find(|form| form.action == list && form.method == Method::POST)
            .unwrap_or_else(|| panic!("{list} offers no form to record: {}", shown.body));
        let answer = self.submit(&form, &security, overrides, None).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{list}: {}",
            answer.body
        );
        let sql = format!("SELECT MAX(id) AS n FROM security_{register} WHERE id > $1");
        let id = self.scalar(&sql, 0).await;
        Made {
            ids: vec![id],
            page: format!("{list}/{id}"),
            other: None,
        }
    }

    async fn last_attachment(&self) -> i64 {
        self.scalar("SELECT MAX(id) AS n FROM attachments WHERE id > $1", 0)
            .await
    }

    async fn notification(&self, owner: &Staff) -> Made {
        let db = &self.app.platform.db;
        let mut tx = db.begin().await.unwrap();
        let message = platform::notify::Notification::inbox(
            owner.client.user_id,
            "电池测试消息",
            "只属于收件人的一条消息",
            "/office",
        );
        platform::notify::enqueue(&mut tx, &self.app.platform.key, &message, now_ms())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let deliver = platform::notify::Deliver {
            key: self.app.platform.key.clone(),
            sms: std::sync::Arc::new(platform::notify::LogSender),
            email: std::sync::Arc::new(platform::notify::LogSender),
        };
        deliver.deliver_due(db, 1000).await.unwrap();
        let id = self
            .scalar(
                "SELECT MAX(id) AS n FROM inbox_messages WHERE user_id = $1",
                owner.client.user_id,
            )
            .await;
        Made {
            ids: vec![id],
            page: "/office/inbox".into(),
            other: None,
        }
    }

    async fn reset_request(&self) -> Made {
        let admin = self.new_staff(Role::SystemAdmin, "gz-it").await.user_id;
        let security = self.staff(Role::SecurityAdmin, "gz-it").await;
        self.step(
            "/office/accounts",
            &security,
            &format!("/office/accounts/{admin}/reset-password"),
            &[],
        )
        .await;
        let id = self
            .scalar(
                "SELECT MAX(id) AS n FROM credential_resets WHERE user_id = $1",
                admin,
            )
            .await;
        Made {
            ids: vec![id],
            page: "/office/accounts/resets".into(),
            other: None,
        }
    }

    async fn rectification(&self, answered: bool) -> Made {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let rated = platform::evaluation::rate(
            &mut tx,
            &self.app.platform.key,
            &AuditActor::system("battery"),
            platform::evaluation::NewEvaluation {
                subject_type: platform::evaluation::SubjectType::Order,
                subject_id: format!("GZ-BATTERY-{}", rand::random::<u32>()),
                round: 1,
                unit_id: self.unit(UNIT_A),
                staff_user_id: None,
                item_code: None,
                channel: platform::evaluation::Channel::Web,
                level: platform::evaluation::Level::from_level(4).unwrap(),
                comment: "办理拖延".into(),
                rater_contact: None,
                entered_by_user_id: None,
            },
            &calendar,
            &profile,
            calendar::Instant::from_millis(now_ms()),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let id = rated.rectification_id.unwrap();
        let page = format!("/office/rectifications/{id}");
        if answered {
            let handler = self.staff(Role::UnitHandler, UNIT_A).await;
            self.step(
                &page,
                &handler,
                &format!("/office/rectifications/{id}/submit"),
                &[],
            )
            .await;
        }
        Made {
            ids: vec![id],
            page,
            other: None,
        }
    }

    async fn supervision(&self) -> Made {
        let order = self.order(Stage::Dispatched).await;
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let later = calendar::Instant::from_millis(now_ms() + 10 * 86_400_000);
        hotline::supervision::scan(db, &self.app.platform.key, &calendar, &profile, later, 1000)
            .await
            .unwrap();
        let id = self
            .scalar(
                "SELECT MAX(id) AS n FROM hotline_supervisions WHERE order_id = $1",
                order,
            )
            .await;
        Made {
            ids: vec![id],
            page: "/office/hotline/supervision".into(),
            other: None,
        }
    }

    async fn kb(&self, stage: KbStage) -> Made {
        let handler = self.staff(Role::UnitHandler, UNIT_A).await;
        let title = format!("电池测试条目{}", rand::random::<u32>());
        let form = battery_forms::urlencoded(
            &[
                ("title".into(), title),
                ("category".into(), "测试".into()),
                ("question".into(), "怎么办？".into()),
                ("answer".into(), "这样办。".into()),
                ("keywords".into(), "电池".into()),
            ],
            None,
        );
        let created = self
            .app
            .post("/office/kb", Some(&handler.client), &form)
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let page = created.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        if stage != KbStage::Draft {
            self.step(&page, &handler, &format!("/office/kb/{id}/submit"), &[])
                .await;
        }
        if stage == KbStage::Published {
            let supervisor = self.staff(Role::HotlineSupervisor, "gz-12345").await;
            self.step(&page, &supervisor, &format!("/office/kb/{id}/publish"), &[])
                .await;
        }
        Made {
            ids: vec![id],
            page,
            other: None,
        }
    }
}
