//! The battery's world (issue 12, the battery): staff of every role in the unit that owns an
//! object (unit A, 区市场监督管理局) and in another unit (unit B, 区住房和城乡建设局), their
//! sessions, and how a form is sent as its page would send it. The objects of unit A that the
//! routes with an id act on are made in `battery_objects.rs` and `battery_stages.rs`; which
//! object each route takes is [`fixtures`] (`battery_fixtures.rs`, `battery_openness.rs`),
//! re-exported here with the types the battery's parts name.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::{Method, StatusCode};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::{Actor, Role};
use platform::users::{self, NewAccount};
use sqlx::Row as _;

pub use crate::battery_fixtures::{
    CaseStage, Fixture, Made, Object, Stage, fixture, fixtures, home_unit,
};
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
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

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

    pub async fn new_staff(&self, role: Role, unit: &str) -> Client {
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

    pub async fn scalar(&self, sql: &str, bind: i64) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(bind)
            .fetch_one(&self.app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
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
