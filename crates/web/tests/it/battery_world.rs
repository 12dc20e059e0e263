//! The battery's world (issue 12, the battery): staff of every role in the unit that owns an
//! object (unit A, 区市场监督管理局) and in another unit (unit B, 区住房和城乡建设局), and the
//! objects of unit A the routes with an id act on — orders at each stage, service cases,
//! knowledge entries, rectifications, supervisions, inbox messages, accounts — each made
//! fresh through the domains' use cases or the pages' own forms. [`FIXTURES`] says, for every
//! back-office route with an id in its path, which object it takes; the battery fails when a
//! route has none (`battery_authz::every_route_with_an_id_has_an_object_fixture`).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::{Method, StatusCode};
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
use platform::roles::{Actor, Role};
use platform::users::{self, NewAccount};
use sqlx::Row as _;

use crate::battery_forms::{self, HtmlForm};
use crate::common::{Answer, Client, TestApp};

/// The unit that owns every object of the battery.
pub const UNIT_A: &str = "gz-market";
/// The other unit, whose staff must not reach unit A's objects.
pub const UNIT_B: &str = "gz-housing";
/// The hall's window, which accepts unit A's service cases.
pub const WINDOW: &str = "gz-service";
/// The profile's bureau deciding reports after an urge (HL-REMIND).
pub const BUREAU: &str = "gz-business";
/// 食品经营许可: unit A's item, with pre-review and a site-inspection stage.
pub const FOOD: &str = "GZ-SC-0003";
const FOOD_MATERIALS: &[&str] = &[
    "application",
    "business_licence",
    "id_card",
    "food_rules",
    "layout",
];
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Where a 12345 order stands (each made by the use cases or the pages' forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Registered,
    Dispatched,
    /// Unit B leads, unit A assists (and has signed).
    Assisting,
    Signed,
    ResultSubmitted,
    Approved,
    Replied,
    /// Called back unsatisfied: the hotline reviews.
    Unsatisfied,
    ExtensionApplied,
    HangApplied,
    Hung,
    Urged,
    UrgeReported,
    /// Two unsatisfied rounds: the unit uploads the head-signed review form.
    ReviewFormDue,
    ReviewFormUploaded,
    /// Called back satisfied: the hotline archives.
    Closed,
}

/// Where a service case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStage {
    /// Applied online; pre-review offered.
    Submitted,
    /// Pre-reviewed: acceptance offered.
    Prereviewed,
    /// A one-time notice of missing materials was issued.
    Noticed,
    Accepted,
    /// In a special procedure (suspended).
    Special,
    /// The stage done: the department decides.
    StageDone,
    Decided,
    /// Registered at the window with uploaded materials (a file to download).
    WalkIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbStage {
    Draft,
    Submitted,
    Published,
}

/// What a route with an id acts on: an object of unit A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A message in the inbox of the insider (an object of one user, not of a unit).
    Notification,
    /// A staff account of unit A (disabled, for the route that enables it).
    Account {
        disabled: bool,
    },
    /// A pending reset of an administrator's credentials, waiting for a second administrator
    /// (issue 12 finding 4).
    ResetRequest,
    Rectification {
        answered: bool,
    },
    Order(Stage),
    /// An order of unit A with the unit's uploaded review form (a file the unit may open).
    OrderFile,
    /// An open supervision (督办) of an order of unit A.
    Supervision,
    Kb(KbStage),
    Case(CaseStage),
    /// A case of unit A with a material file.
    CaseFile,
    /// Unit A itself (its electronic supervision).
    Unit,
    /// A staff account of unit A on its own page: its trainings and 保密协议 (SEC-ACCOUNTS).
    AccountFile,
    /// An open incident of the register (SEC-INCIDENT): the platform's, no unit's.
    Incident,
    /// A planned emergency drill (SEC-DRILL): the platform's, no unit's.
    Drill,
}

impl Object {
    /// Roles whose scope is every unit's object of this kind by design (SEC-ROLES): they are
    /// no outsider anywhere, so no unit of theirs is tried.
    pub fn jurisdiction_wide(self) -> &'static [Role] {
        match self {
            Object::Notification => &[],
            Object::Account { .. } | Object::AccountFile => {
                &[Role::SystemAdmin, Role::SecurityAdmin]
            }
            Object::Incident | Object::Drill => {
                &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin]
            }
            Object::ResetRequest => &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin],
            Object::Order(_) | Object::OrderFile => {
                &[Role::HotlineOperator, Role::HotlineSupervisor]
            }
            Object::Rectification { .. }
            | Object::Supervision
            | Object::Kb(_)
            | Object::Case(_)
            | Object::CaseFile
            | Object::Unit => &[Role::HotlineSupervisor],
        }
    }

    /// Whether the object belongs to one user (another user of the same unit is an outsider).
    pub fn per_user(self) -> bool {
        self == Object::Notification
    }

    /// The unit in which `role` acts on this object legitimately.
    pub fn insider_unit(self, role: Role) -> &'static str {
        match (self, role) {
            (Object::Case(_) | Object::CaseFile, Role::WindowClerk) => WINDOW,
            (Object::Order(Stage::UrgeReported), Role::UnitLeader) => BUREAU,
            (_, role) if self.jurisdiction_wide().contains(&role) => home_unit(role),
            _ => UNIT_A,
        }
    }
}

/// Where the staff of a role work when the object does not say.
pub fn home_unit(role: Role) -> &'static str {
    match role {
        Role::SystemAdmin
        | Role::SecurityAdmin
        | Role::AuditAdmin
        | Role::DataAdmin
        | Role::ExtranetAdmin => "gz-it",
        Role::HotlineOperator | Role::HotlineSupervisor => "gz-12345",
        Role::WindowClerk => WINDOW,
        Role::SiteEditor | Role::Reviewer | Role::Publisher | Role::OpennessOfficer => "gz-office",
        Role::UnitHandler | Role::UnitLeader => UNIT_A,
    }
}

/// One row of the fixture map: a route with an id and the object it is tried on.
pub struct Fixture {
    pub path: &'static str,
    pub object: Object,
    /// Outsiders besides the other unit's staff (role, unit code).
    pub also_refused: &'static [(Role, &'static str)],
    /// When no page offers the route's form for this object: the form to send, and why.
    pub fixed_form: Option<(&'static str, &'static str)>,
}

const fn row(path: &'static str, object: Object) -> Fixture {
    Fixture {
        path,
        object,
        also_refused: &[],
        fixed_form: None,
    }
}

use CaseStage as C;
use KbStage as K;
use Object::{Case, Kb, Order};
use Stage as S;
const ACCOUNT: Object = Object::Account { disabled: false };

/// Every back-office route with an id, and how to get an object of unit A for it. A route
/// added to the guard table without a row here fails the battery.
pub const FIXTURES: &[Fixture] = &[
    row("/office/inbox/{id}/read", Object::Notification),
    row("/office/accounts/{id}/disable", ACCOUNT),
    row(
        "/office/accounts/{id}/enable",
        Object::Account { disabled: true },
    ),
    row("/office/accounts/{id}/roles", ACCOUNT),
    row("/office/accounts/{id}/reset-password", ACCOUNT),
    row("/office/accounts/{id}/reset-totp", ACCOUNT),
    row("/office/accounts/resets/{id}/approve", Object::ResetRequest),
    row("/office/accounts/resets/{id}/refuse", Object::ResetRequest),
    row(
        "/office/rectifications/{id}",
        Object::Rectification { answered: false },
    ),
    row(
        "/office/rectifications/{id}/submit",
        Object::Rectification { answered: false },
    ),
    // EVAL-BAD: never the responsible unit's own supervisor.
    Fixture {
        also_refused: &[(Role::HotlineSupervisor, UNIT_A)],
        ..row(
            "/office/rectifications/{id}/review",
            Object::Rectification { answered: true },
        )
    },
    row("/office/hotline/orders/{id}", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/dispatch", Order(S::Registered)),
    row("/office/hotline/orders/{id}/refuse", Order(S::Registered)),
    row("/office/hotline/orders/{id}/sign", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/return", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/result", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/approve",
        Order(S::ResultSubmitted),
    ),
    row("/office/hotline/orders/{id}/reply", Order(S::Approved)),
    row("/office/hotline/orders/{id}/callback", Order(S::Replied)),
    row("/office/hotline/orders/{id}/reveal", Order(S::Dispatched)),
    row(
        "/office/hotline/orders/{id}/answer-kb",
        Order(S::Registered),
    ),
    row("/office/hotline/orders/{id}/extend", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/extension-decision",
        Order(S::ExtensionApplied),
    ),
    row("/office/hotline/orders/{id}/hang", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/hang-decision",
        Order(S::HangApplied),
    ),
    row("/office/hotline/orders/{id}/urge-report", Order(S::Urged)),
    row(
        "/office/hotline/orders/{id}/duty-supervision",
        Order(S::Dispatched),
    ),
    row(
        "/office/hotline/orders/{id}/urge-report-decision",
        Order(S::UrgeReported),
    ),
    row("/office/hotline/orders/{id}/unhang", Order(S::Hung)),
    row("/office/hotline/orders/{id}/review", Order(S::Unsatisfied)),
    row("/office/hotline/orders/{id}/withdraw", Order(S::Dispatched)),
    row(
        "/office/hotline/orders/{id}/contribute",
        Order(S::Assisting),
    ),
    Fixture {
        fixed_form: Some((
            "version={version}&target={other}",
            "the merge form lists only similar open appeals; the battery names another order",
        )),
        ..row("/office/hotline/orders/{id}/merge", Order(S::Registered))
    },
    row(
        "/office/hotline/orders/{id}/review-form",
        Order(S::ReviewFormDue),
    ),
    row(
        "/office/hotline/orders/{id}/conclude-form",
        Order(S::ReviewFormUploaded),
    ),
    row(
        "/office/hotline/orders/{id}/files/{file}",
        Object::OrderFile,
    ),
    row("/office/hotline/orders/{id}/archive", Order(S::Closed)),
    row("/office/hotline/orders/{id}/credit", Order(S::Registered)),
    row(
        "/office/hotline/orders/{id}/refuse-credit",
        Order(S::Registered),
    ),
    row("/office/kb/{id}", Kb(K::Draft)),
    row("/office/kb/{id}/edit", Kb(K::Draft)),
    row("/office/kb/{id}/submit", Kb(K::Draft)),
    row("/office/kb/{id}/revise", Kb(K::Published)),
    row("/office/kb/{id}/publish", Kb(K::Submitted)),
    row("/office/kb/{id}/send-back", Kb(K::Submitted)),
    row("/office/kb/{id}/withdraw", Kb(K::Published)),
    row(
        "/office/hotline/supervision/{id}/escalate",
        Object::Supervision,
    ),
    row("/office/services/cases/{id}", Case(C::Submitted)),
    row("/office/services/cases/{id}/notice", Case(C::Noticed)),
    row("/office/services/cases/{id}/files/{file}", Object::CaseFile),
    row("/office/services/cases/{id}/reveal", Case(C::Submitted)),
    row("/office/services/cases/{id}/prereview", Case(C::Submitted)),
    row("/office/services/cases/{id}/accept", Case(C::Prereviewed)),
    row("/office/services/cases/{id}/reject", Case(C::Prereviewed)),
    row(
        "/office/services/cases/{id}/supplement",
        Case(C::Prereviewed),
    ),
    row("/office/services/cases/{id}/stage", Case(C::Accepted)),
    row(
        "/office/services/cases/{id}/special/start",
        Case(C::Accepted),
    ),
    row("/office/services/cases/{id}/special/end", Case(C::Special)),
    Fixture {
        fixed_form: Some((
            "version={version}&approve=yes&opinion=%E5%90%8C%E6%84%8F",
            "no demo item is approved jointly (SVC-PARALLEL), so no page offers the form",
        )),
        ..row("/office/services/cases/{id}/joint", Case(C::Accepted))
    },
    row("/office/services/cases/{id}/decide", Case(C::StageDone)),
    row("/office/services/cases/{id}/deliver", Case(C::Decided)),
    row("/office/supervision/units/{id}", Object::Unit),
    row("/office/accounts/{id}", Object::AccountFile),
    row("/office/accounts/{id}/trainings", Object::AccountFile),
    row("/office/accounts/{id}/agreements", Object::AccountFile),
    row("/office/security/incidents/{id}", Object::Incident),
    row("/office/security/incidents/{id}/steps", Object::Incident),
    row("/office/security/incidents/{id}/reports", Object::Incident),
    row("/office/security/incidents/{id}/close", Object::Incident),
    row("/office/security/drills/{id}", Object::Drill),
    row("/office/security/drills/{id}/held", Object::Drill),
];

/// The fixture of `path`.
pub fn fixture(path: &str) -> &'static Fixture {
    FIXTURES
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no fixture for {path}"))
}

/// An object of unit A as a route addresses it.
pub struct Made {
    /// The ids of the path's placeholders, in order.
    pub ids: Vec<i64>,
    /// The page that offers the object's forms.
    pub page: String,
    /// Another object of the same kind (for forms naming a second one).
    pub other: Option<i64>,
}

impl Made {
    /// `pattern` with its placeholders replaced by the ids.
    pub fn path(&self, pattern: &str) -> String {
        let mut path = pattern.to_owned();
        for id in &self.ids {
            let Some(open) = path.find('{') else { break };
            let close = open + path[open..].find('}').unwrap_or(0);
            path.replace_range(open..=close, &id.to_string());
        }
        path
    }
}

/// A user who holds a role, and the unit they work in.
#[derive(Clone)]
pub struct Staff {
    pub role: Role,
    pub unit: &'static str,
    pub client: Client,
}

/// The app with the demo catalogue, the staff of the battery and a working day to put in
/// date fields.
pub struct World<'a> {
    pub app: &'a TestApp,
    staff: Mutex<HashMap<(Role, &'static str, u8), Client>>,
    pub working_day: String,
    units: HashMap<String, i64>,
}

impl<'a> World<'a> {
    pub async fn new(app: &'a TestApp) -> World<'a> {
        let db = &app.platform.db;
        let actor = AuditActor::system("battery");
        demo::catalogue::seed(db, &actor).await.unwrap();
        demo::knowledge::seed(db, &actor).await.unwrap();
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let mut day = chrono::Local::now().date_naive() + chrono::Days::new(20);
        while !calendar.is_working_day(day) {
            day = day + chrono::Days::new(1);
        }
        let units = platform::units::list(db)
            .await
            .unwrap()
            .into_iter()
            .map(|unit| (unit.code, unit.id))
            .collect();
        World {
            app,
            staff: Mutex::new(HashMap::new()),
            working_day: day.format("%Y-%m-%d").to_string(),
            units,
        }
    }

    pub fn unit(&self, code: &str) -> i64 {
        *self
            .units
            .get(code)
            .unwrap_or_else(|| panic!("no unit {code}"))
    }

    /// A ready session of a user holding `role` in `unit` (the same one each time).
    pub async fn staff(&self, role: Role, unit: &'static str) -> Staff {
        self.staff_nth(role, unit, 0).await
    }

    /// A second user of the same role and unit (for objects of one user).
    pub async fn colleague(&self, role: Role, unit: &'static str) -> Staff {
        self.staff_nth(role, unit, 1).await
    }

    async fn staff_nth(&self, role: Role, unit: &'static str, nth: u8) -> Staff {
        let cached = self.staff.lock().unwrap().get(&(role, unit, nth)).cloned();
        let client = match cached {
            Some(client) => client,
            None => {
                let client = self.new_staff(role, unit).await;
                self.staff
                    .lock()
                    .unwrap()
                    .insert((role, unit, nth), client.clone());
                client
            }
        };
        Staff { role, unit, client }
    }

    async fn new_staff(&self, role: Role, unit: &str) -> Client {
        let db = &self.app.platform.db;
        let mut tx = db.begin().await.unwrap();
        let username = format!("b{}", rand::random::<u64>() % 1_000_000_000_000);
        let (id, _) = users::create(
            &mut tx,
            &AuditActor::system("battery"),
            NewAccount {
                unit_id: self.unit(unit),
                username,
                display_name: "电池测试".into(),
                roles: vec![role],
            },
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
        self.app.session_of(id).await
    }

    /// Whether the guard of a route lets `role` in (the policy of its row, asked with a user
    /// holding that role alone).
    pub fn guard_allows(guard: &web::guard::Guard, role: Role) -> bool {
        match guard {
            web::guard::Guard::Public | web::guard::Guard::Session => true,
            web::guard::Guard::Staff(policy) => policy(&Actor {
                user_id: 0,
                username: String::new(),
                display_name: String::new(),
                unit_id: 0,
                unit_name: String::new(),
                unit_path: String::new(),
                roles: vec![role],
            }),
        }
    }

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

    async fn scalar(&self, sql: &str, bind: i64) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(bind)
            .fetch_one(&self.app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
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

    /// Submits the form of `page` whose action is `action` as `who` would, filled plausibly
    /// with `overrides`, and expects it to be taken.
    pub async fn step(&self, page: &str, who: &Staff, action: &str, overrides: &[(&str, &str)]) {
        let shown = self.app.get(page, Some(&who.client)).await;
        let form = battery_forms::forms(&shown.body)
            .into_iter()
            .find(|form| form.action == action)
            .unwrap_or_else(|| {
                panic!(
                    "{page} offers {} no form for {action}: {}",
                    who.role.code(),
                    shown.body
                )
            });
        let answer = self.submit(&form, who, overrides, None).await;
        assert!(
            answer.status.is_redirection() || answer.status == StatusCode::OK,
            "{action} as {}: {} {}",
            who.role.code(),
            answer.status,
            answer.body
        );
        assert!(
            !answer.body.contains("notice error"),
            "{action} as {}: {}",
            who.role.code(),
            answer.body
        );
    }

    /// Sends `form` as `who`, filled plausibly with `overrides`; `raw` is a field whose value
    /// is sent as already-encoded bytes.
    pub async fn submit(
        &self,
        form: &HtmlForm,
        who: &Staff,
        overrides: &[(&str, &str)],
        raw: Option<(&str, &str)>,
    ) -> Answer {
        send_form(
            self.app,
            form,
            Some(&who.client),
            &self.working_day,
            overrides,
            raw,
        )
        .await
    }

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

/// Sends `form` as the page would: urlencoded, or multipart with a small PDF in each file
/// field; a GET form as a query string.
pub async fn send_form(
    app: &TestApp,
    form: &HtmlForm,
    client: Option<&Client>,
    working_day: &str,
    overrides: &[(&str, &str)],
    raw: Option<(&str, &str)>,
) -> Answer {
    let pairs = battery_forms::filled(form, working_day, overrides);
    if form.method == Method::GET {
        let query = battery_forms::urlencoded(&pairs, raw);
        let path = format!("{}?{query}", form.action);
        return app.get(&path, client).await;
    }
    if form.multipart {
        let raw_text = raw.map(|(name, value)| (name.to_owned(), value.to_owned()));
        let fields: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(name, value)| match &raw_text {
                Some((raw_name, raw_value)) if raw_name == name => {
                    (name.as_str(), raw_value.as_str())
                }
                _ => (name.as_str(), value.as_str()),
            })
            .collect();
        let names = form.files();
        let files: Vec<(&str, &str, &[u8])> = names
            .iter()
            .map(|name| (name.as_str(), "电池测试.pdf", PDF))
            .collect();
        return app
            .post_multipart(&form.action, client, &fields, &files)
            .await;
    }
    app.post(
        &form.action,
        client,
        &battery_forms::urlencoded(&pairs, raw),
    )
    .await
}
