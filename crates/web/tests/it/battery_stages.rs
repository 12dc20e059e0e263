//! Orders and service cases at a stage, for the battery (issue 12): [`World::order`] brings a
//! fresh 12345 order of unit A to a [`Stage`] through the hotline's use cases and the pages'
//! own forms, [`World::case`] a fresh service case of unit A (食品经营许可) to a [`CaseStage`].

use axum::http::StatusCode;
use hotline::appeal::{Category, Channel, HandlingClass, Origin};
use hotline::evaluation::Rating;
use hotline::order::{
    Approval, Command, ContactOutcome, DispatchTerms, HandlingResult, ReplyChannel, ReviewFinding,
    UnitView,
};
use hotline::usecase::{self, Appellant, NewAppeal, Rules};
use hotline::{AppealId, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users;

use crate::battery_fixtures::{CaseStage, Stage};
use crate::battery_world::{PDF, UNIT_A, UNIT_B, WINDOW, World};

/// 食品经营许可: unit A's item, with pre-review and a site-inspection stage.
pub const FOOD: &str = "GZ-SC-0003";
const FOOD_MATERIALS: &[&str] = &[
    "application",
    "business_licence",
    "id_card",
    "food_rules",
    "layout",
];

impl World<'_> {
    async fn run(&self, id: i64, command: Command) {
        self.run_at(id, command, now_ms()).await;
    }

    async fn run_at(&self, id: i64, command: Command, at: i64) {
        let db = &self.app.platform.db;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let operator = AuditActor {
            user_id: users::id_by_username(db, "operator").await.unwrap(),
            ..AuditActor::system("battery")
        };
        usecase::execute(
            db,
            &Rules {
                calendar: &calendar,
                profile: &profile,
            }
            .context(
                &self.app.platform.key,
                &operator,
                calendar::Instant::from_millis(at),
            ),
            AppealId(id),
            command,
            None,
        )
        .await
        .unwrap_or_else(|error| panic!("order {id}: {error}"));
    }

    /// The optimistic version of an order.
    pub async fn order_version(&self, id: i64) -> i64 {
        self.scalar("SELECT version AS n FROM hotline_orders WHERE id = $1", id)
            .await
    }

    /// A fresh 12345 order at `stage`, led by unit A (assisted by it for `Assisting`).
    pub async fn order(&self, stage: Stage) -> i64 {
        let db = &self.app.platform.db;
        let operator = AuditActor {
            user_id: users::id_by_username(db, "operator").await.unwrap(),
            ..AuditActor::system("battery")
        };
        let registered = usecase::register_appeal(
            db,
            &self.app.platform.key,
            &operator,
            NewAppeal {
                channel: Channel::Web,
                // A registered order is a complaint (its dispatch asks whether the lead is
                // the accused); the others a suggestion, whose lead unit may see and reveal
                // the appellant's phone (HL-PRIVACY).
                category: if stage == Stage::Registered {
                    Category::ComplaintReport
                } else {
                    Category::Suggestion
                },
                origin: Origin::Local,
                content: "电池测试：商铺占道经营影响通行".into(),
                location: "甘州区南街".into(),
                is_private: false,
                publish_consent: false,
                confidential: false,
                province_due: None,
                appellant: Appellant::parse("电池测试人", "13900001111", "", "").unwrap(),
                ip: None,
            },
            calendar::Instant::from_millis(now_ms()),
        )
        .await
        .unwrap();
        let id = registered.appeal_id.0;
        if stage == Stage::Registered {
            return id;
        }
        let a = UnitId(self.unit(UNIT_A));
        let b = UnitId(self.unit(UNIT_B));
        let (lead, assisting) = if stage == Stage::Assisting {
            (b, vec![a])
        } else {
            (a, vec![])
        };
        self.run(
            id,
            Command::Dispatch {
                class: HandlingClass::Suggestion,
                lead,
                assisting,
                terms: DispatchTerms::default(),
            },
        )
        .await;
        if stage == Stage::Dispatched {
            return id;
        }
        if stage == Stage::Assisting {
            self.run(id, Command::Sign { unit: b }).await;
            self.run(id, Command::Sign { unit: a }).await;
            return id;
        }
        self.run(id, Command::Sign { unit: a }).await;
        let page = format!("/office/hotline/orders/{id}");
        let handler = self.staff(Role::UnitHandler, UNIT_A).await;
        let operator_staff = self.staff(Role::HotlineOperator, "gz-12345").await;
        let action = |name: &str| format!("/office/hotline/orders/{id}/{name}");
        match stage {
            Stage::Signed => return id,
            Stage::ExtensionApplied => {
                self.step(&page, &handler, &action("extend"), &[]).await;
                return id;
            }
            Stage::HangApplied | Stage::Hung => {
                self.step(&page, &handler, &action("hang"), &[]).await;
                if stage == Stage::Hung {
                    self.step(&page, &operator_staff, &action("hang-decision"), &[])
                        .await;
                }
                return id;
            }
            Stage::Urged | Stage::UrgeReported => {
                // HL-REMIND: the feedback is overdue ten days on.
                self.run_at(id, Command::Urge, now_ms() + 10 * 86_400_000)
                    .await;
                if stage == Stage::UrgeReported {
                    self.step(&page, &handler, &action("urge-report"), &[])
                        .await;
                }
                return id;
            }
            _ => {}
        }
        let rounds = if matches!(stage, Stage::ReviewFormDue | Stage::ReviewFormUploaded) {
            2
        } else {
            1
        };
        for round in 0..rounds {
            self.run(
                id,
                Command::SubmitResult {
                    unit: a,
                    result: HandlingResult::parse(
                        "已核查",
                        "现场检查",
                        "责令整改",
                        "已整改",
                        UnitView::Satisfied,
                    )
                    .unwrap(),
                },
            )
            .await;
            if stage == Stage::ResultSubmitted {
                return id;
            }
            self.run(
                id,
                Command::ApproveResult {
                    unit: a,
                    decision: Approval::Approve,
                },
            )
            .await;
            if stage == Stage::Approved {
                return id;
            }
            self.run(
                id,
                Command::ReplyAttempt {
                    channel: ReplyChannel::Phone,
                    outcome: ContactOutcome::Reached,
                    note: "已告知".into(),
                },
            )
            .await;
            if stage == Stage::Replied {
                return id;
            }
            let rating = if stage == Stage::Closed {
                Rating::Satisfied
            } else {
                Rating::Unsatisfied
            };
            self.run(
                id,
                Command::Callback {
                    rating,
                    comment: "回访".into(),
                },
            )
            .await;
            if matches!(stage, Stage::Closed | Stage::Unsatisfied) {
                return id;
            }
            if round == 0 {
                self.run(
                    id,
                    Command::Review {
                        finding: ReviewFinding::Inadequate,
                        note: "重办".into(),
                    },
                )
                .await;
            }
        }
        if stage == Stage::ReviewFormUploaded {
            let leader = self.staff(Role::UnitLeader, UNIT_A).await;
            self.step(&page, &leader, &action("review-form"), &[]).await;
        }
        id
    }

    /// A fresh service case of unit A (食品经营许可) at `stage`.
    pub async fn case(&self, stage: CaseStage) -> i64 {
        self.case_ref(stage).await.0
    }

    /// [`World::case`] with the number and query code the applicant was given (empty for a
    /// walk-in case).
    pub async fn case_ref(&self, stage: CaseStage) -> (i64, String, String) {
        let clerk = self.staff(Role::WindowClerk, WINDOW).await;
        if stage == CaseStage::WalkIn {
            let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
                .iter()
                .map(|code| (format!("file.{code}"), "m.pdf", PDF))
                .collect();
            let files: Vec<(&str, &str, &[u8])> =
                files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
            let done = self
                .app
                .post_multipart(
                    "/office/services/walk-in",
                    Some(&clerk.client),
                    &[
                        ("item", FOOD),
                        // 食品经营许可 serves legal persons: the window registers the company.
                        ("enterprise_name", "张掖市甘州区示例商贸有限公司"),
                        ("credit_code", "91620702MA71ABCD1P"),
                        ("name", "李四"),
                        ("id_no", "11010519491231002X"),
                        ("phone", "13812345678"),
                    ],
                    &files,
                )
                .await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            let id = self
                .scalar("SELECT MAX(id) AS n FROM svc_cases WHERE id > $1", 0)
                .await;
            return (id, String::new(), String::new());
        }
        let submission = crate::services_office::submit(self.app, FOOD, FOOD_MATERIALS).await;
        let id = submission.case_id.0;
        let reference = (id, submission.number.clone(), submission.query_code.clone());
        let page = format!("/office/services/cases/{id}");
        let action = |name: &str| format!("/office/services/cases/{id}/{name}");
        let handler = self.staff(Role::UnitHandler, UNIT_A).await;
        if stage == CaseStage::Submitted {
            return reference;
        }
        self.step(&page, &clerk, &action("prereview"), &[]).await;
        match stage {
            CaseStage::Prereviewed => return reference,
            CaseStage::Noticed => {
                let problem = format!("problem.{}", FOOD_MATERIALS[0]);
                self.step(
                    &page,
                    &clerk,
                    &action("supplement"),
                    &[(&problem, "缺少签字")],
                )
                .await;
                return reference;
            }
            _ => {}
        }
        self.step(&page, &clerk, &action("accept"), &[]).await;
        match stage {
            CaseStage::Accepted => return reference,
            CaseStage::Special => {
                self.step(&page, &handler, &action("special/start"), &[])
                    .await;
                return reference;
            }
            _ => {}
        }
        // Every stage of the item, until the department may decide.
        for _ in 0..6 {
            let shown = self.app.get(&page, Some(&handler.client)).await;
            if !shown
                .body
                .contains(&format!("action=\"{}\"", action("stage")))
            {
                break;
            }
            self.step(&page, &handler, &action("stage"), &[]).await;
        }
        if stage == CaseStage::StageDone {
            return reference;
        }
        self.step(&page, &handler, &action("decide"), &[]).await;
        reference
    }
}
