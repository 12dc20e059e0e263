//! Issue 23 item 3 through the router (SVC-NO-RESUBMIT, SVC-ELICENCE): 我的空间 lists the
//! materials on file and the e-licences of the person's own cases and downloads them — the
//! owner's only: another account's id is a 404, the refusal and every download audited; a
//! case not yet concluded has no licence. A new application while logged in offers each
//! material on file as a checkbox and is filed without the ID number, the phone or a file;
//! a material of another account's case ticked instead is refused and nothing stored. On
//! SQLite and PostgreSQL.

use axum::http::StatusCode;
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use services::case::{Command, Decision, MaterialSource, Status};
use services::item::DeliveryMethod;
use sqlx::Row as _;

use crate::citizen_accounts::{account_id, registered};
use crate::common::{Answer, Client, TestApp, app_on};
use crate::services_portal::{PDF, PNG, receipt, unit};

async fn seeded() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let actor = AuditActor::system("test");
        demo::catalogue::seed(&app.platform.db, &actor)
            .await
            .unwrap();
        demo::catalogue::seed_files(&app.platform.db, &app.platform.key, &actor)
            .await
            .unwrap();
        apps.push(app);
    }
    apps
}

/// 社会保障卡申领 (its result the e-licence 社会保障卡) applied for while logged in, the ID
/// number and phone the account's.
async fn apply_logged_in(app: &TestApp, client: &Client) -> String {
    let answer = app
        .post_multipart(
            "/services/items/GZ-RS-0001/apply",
            Some(client),
            &[
                ("name", "张三"),
                ("id_no", ""),
                ("phone", ""),
                ("action", "submit"),
            ],
            &[
                ("m_id_card", "身份证.pdf", PDF),
                ("m_photo", "照片.png", PNG),
            ],
        )
        .await;
    receipt(&answer).0
}

async fn command(app: &TestApp, number: &str, command: Command) -> platform::Result<()> {
    let db = &app.platform.db;
    let stored = services::store::cases::by_number(db, number)
        .await?
        .unwrap();
    let calendar = platform::workcal::load_current(db).await?;
    let profile = RuleProfile::default();
    let actor = AuditActor::system("test");
    let now = Instant::from_millis(now_ms());
    let context =
        platform::workflow::Context::new(&app.platform.key, &actor, &calendar, &profile, now);
    services::usecase::execute_case(db, &context, stored.id, command, None).await?;
    Ok(())
}

async fn status(app: &TestApp, number: &str) -> Status {
    let db = &app.platform.db;
    let stored = services::store::cases::by_number(db, number).await;
    stored.unwrap().unwrap().case.status
}

/// Accepted by the comprehensive window (the materials go on file).
async fn accept(app: &TestApp, number: &str) {
    let window = unit(app, "gz-service").await;
    command(app, number, Command::Accept { by: window })
        .await
        .unwrap();
}

/// Signed, every stage completed, approved and delivered: concluded with its licence.
async fn conclude(app: &TestApp, number: &str) {
    let window = unit(app, "gz-service").await;
    let department = unit(app, "gz-hrss").await;
    let _ = command(app, number, Command::Sign { by: department }).await;
    while status(app, number).await == Status::InReview {
        let opinion = "同意".to_owned();
        let stage = Command::CompleteStage {
            by: department,
            opinion,
        };
        command(app, number, stage).await.unwrap();
    }
    let decide = Command::Decide {
        by: department,
        decision: Decision::Approve,
    };
    command(app, number, decide).await.unwrap();
    let deliver = Command::Deliver {
        by: window,
        method: DeliveryMethod::PickUp,
    };
    command(app, number, deliver).await.unwrap();
    assert_eq!(status(app, number).await, Status::Concluded);
}

async fn ids(app: &TestApp, client: &Client) -> (Vec<i64>, Vec<i64>) {
    let id = account_id(app, client).await;
    let db = &app.platform.db;
    let materials = accounts::library::materials(db, id).await.unwrap();
    let licences = accounts::library::licences(db, id).await.unwrap();
    (
        materials.iter().map(|m| m.id).collect(),
        licences.iter().map(|l| l.id).collect(),
    )
}

async fn audited(app: &TestApp, action: &str, outcome: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND outcome = $2")
        .bind(action)
        .bind(outcome)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn disposition(answer: &Answer) -> String {
    answer
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// SVC-ELICENCE, SVC-NO-RESUBMIT: own materials and licences listed and downloaded; another
/// account's id is a 404 and audited; a case not concluded has no licence.
#[tokio::test]
async fn my_space_lists_and_downloads_only_my_own_materials_and_licences() {
    for app in seeded().await {
        let alice = registered(&app, "13800138052", "11010519491231002X").await;
        let bob = registered(&app, "13800138053", "110105194912310038").await;
        let number = apply_logged_in(&app, &alice).await;
        // Submitted only: nothing on file, no licence.
        assert_eq!(ids(&app, &alice).await, (vec![], vec![]));
        accept(&app, &number).await;
        let (materials, licences) = ids(&app, &alice).await;
        assert_eq!(materials.len(), 2, "the two uploads are on file");
        assert!(licences.is_empty(), "a case not concluded has no licence");
        let space = app.get("/account/space", Some(&alice)).await;
        assert!(space.body.contains("id=\"materials\""), "{}", space.body);
        assert!(space.body.contains("暂无电子证照"));

        conclude(&app, &number).await;
        let (_, licences) = ids(&app, &alice).await;
        assert_eq!(licences.len(), 1);
        let space = app.get("/account/space", Some(&alice)).await;
        assert!(space.body.contains("社会保障卡"), "{}", space.body);
        assert!(space.body.contains(&format!("DZZZ-{number}")));
        let elsewhere = app.get("/account/space", Some(&bob)).await;
        assert!(!elsewhere.body.contains(&format!("DZZZ-{number}")));

        let downloads_before = audited(&app, "account.material", "success").await;
        for id in &materials {
            let path = format!("/account/space/materials/{id}");
            let mine = app.get(&path, Some(&alice)).await;
            assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
            assert!(disposition(&mine).starts_with("attachment"));
            assert!(mine.body.starts_with("%PDF") || mine.body.starts_with("\u{fffd}PNG"));
            let theirs = app.get(&path, Some(&bob)).await;
            assert_eq!(theirs.status, StatusCode::NOT_FOUND);
            let anonymous = app.get(&path, None).await;
            assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        }
        assert_eq!(
            audited(&app, "account.material", "success").await,
            downloads_before + 2
        );
        assert_eq!(audited(&app, "account.material", "denied").await, 2);
        let path = format!("/account/space/licences/{}", licences[0]);
        let mine = app.get(&path, Some(&alice)).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert!(mine.body.contains(&format!("DZZZ-{number}")));
        assert!(disposition(&mine).contains(&format!("licence-DZZZ-{number}.html")));
        assert_eq!(
            app.get(&path, Some(&bob)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(audited(&app, "account.licence", "success").await, 1);
        assert_eq!(audited(&app, "account.licence", "denied").await, 1);
        let unknown = app
            .get("/account/space/licences/999999", Some(&alice))
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    }
}

/// SVC-NO-RESUBMIT: a new application while logged in offers each material on file as a
/// checkbox; ticked, the case is filed without the ID number, the phone or any file, and the
/// materials are reused from file. Another account's material ticked instead is refused
/// next to its material, audited, and nothing is stored.
#[tokio::test]
async fn a_logged_in_application_reuses_materials_on_file_by_checkbox() {
    for app in seeded().await {
        let alice = registered(&app, "13800138062", "11010519491231002X").await;
        let bob = registered(&app, "13800138063", "110105194912310038").await;
        let first = apply_logged_in(&app, &alice).await;
        accept(&app, &first).await;
        let bobs = apply_logged_in(&app, &bob).await;
        accept(&app, &bobs).await;
        let alice_id = account_id(&app, &alice).await;
        let db = &app.platform.db;
        let on_file = accounts::library::materials(db, alice_id).await.unwrap();
        let id_card = on_file
            .iter()
            .find(|m| m.material_code == "id_card")
            .unwrap();
        let photo = on_file.iter().find(|m| m.material_code == "photo").unwrap();
        let bob_id = account_id(&app, &bob).await;
        let bob_files = accounts::library::materials(db, bob_id).await.unwrap();
        let bob_card = bob_files
            .iter()
            .find(|m| m.material_code == "id_card")
            .unwrap();

        // 就业创业证申领 asks for the ID card and the photo too.
        let form = app
            .get("/services/items/GZ-RS-0005/apply", Some(&alice))
            .await;
        assert!(
            form.body.contains(&format!(
                "name=\"reuse_id_card\" value=\"f{}\" checked",
                id_card.id
            )),
            "{}",
            form.body
        );
        assert!(form.body.contains(&format!("办件 {first}")));
        let anonymous = app.get("/services/items/GZ-RS-0005/apply", None).await;
        assert!(!anonymous.body.contains("reuse_id_card"));

        let cases_before = services_count(&app).await;
        let forged = app
            .post_multipart(
                "/services/items/GZ-RS-0005/apply",
                Some(&alice),
                &[
                    ("name", "张三"),
                    ("reuse_id_card", &format!("f{}", bob_card.id)),
                    ("reuse_photo", &format!("f{}", photo.id)),
                    ("action", "submit"),
                ],
                &[],
            )
            .await;
        assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", forged.body);
        assert!(forged.body.contains("所选的已有材料“"), "{}", forged.body);
        assert_eq!(services_count(&app).await, cases_before);
        assert_eq!(audited(&app, "account.reuse", "denied").await, 1);

        let reused = app
            .post_multipart(
                "/services/items/GZ-RS-0005/apply",
                Some(&alice),
                &[
                    ("name", "张三"),
                    ("reuse_id_card", &format!("f{}", id_card.id)),
                    ("reuse_photo", &format!("f{}", photo.id)),
                    ("action", "submit"),
                ],
                &[],
            )
            .await;
        let (number, _) = receipt(&reused);
        let stored = services::store::cases::by_number(db, &number)
            .await
            .unwrap()
            .unwrap();
        let sources: Vec<&MaterialSource> =
            stored.case.materials.iter().map(|m| &m.source).collect();
        assert_eq!(sources.len(), 2);
        assert!(
            sources
                .iter()
                .all(|s| matches!(s, MaterialSource::OnFile(_)))
        );
        assert!(
            accounts::space::items(db, alice_id)
                .await
                .unwrap()
                .iter()
                .any(|i| i.number == number)
        );
    }
}

async fn services_count(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM svc_cases")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}
