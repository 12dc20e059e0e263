//! HL-CONTACTS through the pages: a unit's leader registers the own unit's 12345 contacts and
//! sees them on the unit tree; another unit's contacts are refused with 403 and nothing
//! changes; bad input gets a Chinese message; the hotline lists the units whose registration
//! is missing until the demo's contacts are seeded.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};

use crate::common::{TestApp, app};

async fn unit_id(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    users::id_by_username(&app.platform.db, username)
        .await
        .unwrap()
        .unwrap()
}

async fn handler_of(app: &TestApp, unit: i64, username: &str) -> i64 {
    let mut tx = app.platform.db.begin().await.unwrap();
    let new = NewAccount {
        unit_id: unit,
        username: username.into(),
        display_name: "吕备岗".into(),
        roles: vec![Role::UnitHandler],
    };
    let (id, _) = users::create(&mut tx, &AuditActor::system("test"), new, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn n_registrations(app: &TestApp) -> usize {
    platform::unit_contacts::list(&app.platform.db)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn hl_contacts_a_unit_leader_registers_the_own_unit_and_gets_403_for_another_unit() {
    let app = app().await;
    let market = unit_id(&app, "gz-market").await;
    let hrss = unit_id(&app, "gz-hrss").await;
    let leader_id = user_id(&app, "leader").await;
    let handler_id = user_id(&app, "handler").await;
    let second = handler_of(&app, market, "market.second").await;
    let leader = app.demo_session("leader").await;

    let form = app.get("/office/units/contacts", Some(&leader)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("区市场监督管理局") && form.body.contains("尚未登记"));

    // Another unit's form and registration: refused, nothing changes.
    let other_form = app
        .get(
            &format!("/office/units/contacts?unit={hrss}"),
            Some(&leader),
        )
        .await;
    assert_eq!(other_form.status, StatusCode::FORBIDDEN);
    let before = app.audit_seq().await;
    let other = app
        .post(
            "/office/units/contacts",
            Some(&leader),
            &format!(
                "unit_id={hrss}&leader={leader_id}&staff_a={handler_id}&staff_b={second}&duty_phone=0936-8212345"
            ),
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(other.body.contains("无权"));
    assert_eq!(app.audit_seq().await, before);
    assert_eq!(n_registrations(&app).await, 0);

    // Bad input: a clear message, nothing stored.
    let bad_phone = app
        .post(
            "/office/units/contacts",
            Some(&leader),
            &format!(
                "unit_id={market}&leader={leader_id}&staff_a={handler_id}&staff_b={second}&duty_phone=12345"
            ),
        )
        .await;
    assert_eq!(bad_phone.status, StatusCode::BAD_REQUEST);
    assert!(bad_phone.body.contains("电话号码格式不正确"));
    let same_staff = app
        .post(
            "/office/units/contacts",
            Some(&leader),
            &format!(
                "unit_id={market}&leader={leader_id}&staff_a={handler_id}&staff_b={handler_id}&duty_phone=0936-8212345"
            ),
        )
        .await;
    assert_eq!(same_staff.status, StatusCode::BAD_REQUEST);
    assert!(same_staff.body.contains("A岗与B岗"));
    assert_eq!(app.audit_seq().await, before);

    // The own unit: stored, audited, shown on the unit tree to every staff user.
    let saved = app
        .post(
            "/office/units/contacts",
            Some(&leader),
            &format!(
                "unit_id={market}&leader={leader_id}&staff_a={handler_id}&staff_b={second}&duty_phone=13909368888"
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location(),
        format!("/office/units/contacts?unit={market}")
    );
    assert!(app.audit_seq().await > before);
    let clerk = app.demo_session("clerk").await;
    let tree = app.get("/office/units", Some(&clerk)).await;
    assert!(
        tree.body.contains("黄局长 / 杨承办 / 吕备岗 / 139****8888"),
        "{}",
        tree.body
    );
    assert!(!tree.body.contains("13909368888"), "a mobile is masked");
    assert!(tree.body.contains("未登记"), "the other units are not yet");

    // A handler may not keep the contacts at all; the system administrator may for any unit.
    let handler = app.demo_session("handler").await;
    let denied = app.get("/office/units/contacts", Some(&handler)).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let admin = app.login_as(Role::SystemAdmin).await;
    let any = app
        .get(&format!("/office/units/contacts?unit={hrss}"), Some(&admin))
        .await;
    assert_eq!(any.status, StatusCode::OK);
}

#[tokio::test]
async fn hl_contacts_the_hotline_lists_units_without_a_complete_registration() {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let page = app.get("/office/hotline/contacts", Some(&operator)).await;
    assert_eq!(page.status, StatusCode::OK);
    let gaps = page
        .body
        .split("id=\"contacts-gaps\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(gaps.contains("区人力资源和社会保障局") && gaps.contains("未登记"));
    platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
        .await
        .unwrap();
    let page = app.get("/office/hotline/contacts", Some(&operator)).await;
    assert!(
        page.body.contains("各承办单位均已完整登记"),
        "{}",
        page.body
    );
    assert!(page.body.contains("0936"), "office lines shown whole");
}
