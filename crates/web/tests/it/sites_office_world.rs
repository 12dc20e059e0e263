//! The world of the site group's back-office tests (issue 15): the staff of the government
//! office (supervising and operator unit), the education bureau (host and responsible unit)
//! and the housing bureau (another unit), and the steps the tests take through the pages —
//! the bureau's site registered and opened, columns opened with the bureau's A/B editors.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp};

/// The staff of the tests: the government office hosts nothing but supervises and runs the
/// sites (its leader approves, its publisher signs out); the education bureau hosts its site
/// and is responsible for its columns; the housing bureau is another unit.
pub struct People {
    pub office_leader: Client,
    pub publisher: Client,
    pub edu_leader: Client,
    pub editor_a: Client,
    /// B editor who is also a reviewer of the bureau (to try reviewing their own draft).
    pub editor_b: Client,
    pub reviewer: Client,
    /// A site editor of the bureau who is no editor of its columns.
    pub editor_c: Client,
    pub housing_leader: Client,
    pub office: i64,
    pub edu: i64,
}

pub async fn unit(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A ready session of a new user of `unit` holding `roles`.
pub async fn staff(app: &TestApp, unit_code: &str, roles: &[Role]) -> Client {
    let unit = unit(app, unit_code).await;
    let mut tx = app.platform.db.begin().await.unwrap();
    let username = format!("s{}", rand::random::<u64>() % 1_000_000_000_000);
    let (id, _) = users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit,
            username,
            display_name: format!("测试{}", roles[0].label_zh()),
            roles: roles.to_vec(),
        },
        now_ms(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
        .bind(id)
        .execute(&app.platform.db.pool)
        .await
        .unwrap();
    app.session_of(id).await
}

impl People {
    pub async fn new(app: &TestApp) -> People {
        People {
            office_leader: staff(app, "gz-office", &[Role::UnitLeader]).await,
            publisher: staff(app, "gz-office", &[Role::Publisher]).await,
            edu_leader: staff(app, "gz-education", &[Role::UnitLeader]).await,
            editor_a: staff(app, "gz-education", &[Role::SiteEditor]).await,
            editor_b: staff(app, "gz-education", &[Role::SiteEditor, Role::Reviewer]).await,
            reviewer: staff(app, "gz-education", &[Role::Reviewer]).await,
            editor_c: staff(app, "gz-education", &[Role::SiteEditor]).await,
            housing_leader: staff(app, "gz-housing", &[Role::UnitLeader]).await,
            office: unit(app, "gz-office").await,
            edu: unit(app, "gz-education").await,
        }
    }
}

/// An urlencoded body of `pairs`.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        body.append_pair(name, value);
    }
    body.finish()
}

/// The id at the end of a redirect's location (`/office/sites/7?done=1` → 7).
pub fn id_in(answer: &Answer) -> i64 {
    let path = answer.location().split('?').next().unwrap();
    path.rsplit('/').next().unwrap().parse().unwrap()
}

pub async fn scalar(app: &TestApp, sql: &str, bind: i64) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

pub async fn version(app: &TestApp, table: &str, id: i64) -> String {
    scalar(
        app,
        &format!("SELECT version AS n FROM {table} WHERE id = $1"),
        id,
    )
    .await
    .to_string()
}

/// The registration form of the education bureau's site, `overrides` replacing fields.
pub fn registration(p: &People, overrides: &[(&str, &str)]) -> String {
    let (office, edu) = (p.office.to_string(), p.edu.to_string());
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", "甘州区教育局"),
        ("kind", "department"),
        ("domains", "jyj.gsgz.gov.cn"),
        ("site_code", "6207020003"),
        ("icp_number", "陇ICP备12345678号-3"),
        ("police_number", "甘公网安备 62070202000125号"),
        ("host_unit", &edu),
        ("host_unit_name", "甘州区教育局"),
        ("operator_unit", &office),
        ("supervising_unit", &office),
        ("contact_phone", "0936-8212345"),
        ("contact_address", "甘州区县府街"),
        ("principal", "王局长"),
        ("security", "李科长"),
        ("technical", ""),
        ("content", ""),
    ];
    for (name, value) in overrides {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    encode(&fields)
}

/// The bureau's site registered by its leader, applied for and approved by the office's
/// leader, through the pages.
pub async fn open_site(app: &TestApp, p: &People) -> i64 {
    let registered = app
        .post("/office/sites", Some(&p.edu_leader), &registration(p, &[]))
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let id = id_in(&registered);
    site_command(
        app,
        &p.edu_leader,
        id,
        "apply-open",
        &[("reason", "集约化平台开设")],
    )
    .await;
    site_command(app, &p.office_leader, id, "approve", &[("opinion", "同意")]).await;
    id
}

pub async fn site_command(
    app: &TestApp,
    who: &Client,
    site: i64,
    command: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let version = version(app, "sites", site).await;
    let mut pairs = vec![("version", version.as_str())];
    pairs.extend_from_slice(fields);
    let path = format!("/office/sites/{site}/{command}");
    app.post(&path, Some(who), &encode(&pairs)).await
}

/// A column of `site` opened by the office's publisher with the bureau's A/B editors.
pub async fn column(app: &TestApp, p: &People, site: i64, kind: &str, name: &str) -> i64 {
    let (a, b) = (
        p.editor_a.user_id.to_string(),
        p.editor_b.user_id.to_string(),
    );
    let edu = p.edu.to_string();
    let form = encode(&[
        ("parent", ""),
        ("name", name),
        ("kind", kind),
        ("responsible_unit", &edu),
        ("editor_a", &a),
        ("editor_b", &b),
        ("special_opened_by", ""),
        ("position", "0"),
    ]);
    let path = format!("/office/sites/{site}/columns");
    let created = app.post(&path, Some(&p.publisher), &form).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    id_in(&created)
}
