//! Issue 22: the public paths of `/api/v1` on both backends — the published catalogue and
//! guide (SVC-ITEM-LIFE), announcements, and the case status and 12345 progress by number and
//! query code (SVC-STATUS): a wrong code answers exactly as an unknown number, bad input is a
//! JSON error with a stable code and a Chinese message.

use axum::http::StatusCode;
use hotline::appeal::{Category, Channel, Origin};
use hotline::usecase::{self as hl, Appellant, NewAppeal};
use platform::audit::AuditActor;
use platform::db::now_ms;

use crate::common::{Answer, TestApp, app_on};
use crate::services_portal::{PDF, PHONE, PNG, apply, receipt};

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|_| panic!("not JSON: {}", answer.body))
}

fn error_code(answer: &Answer) -> String {
    json(answer)["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub async fn seeded(platform: platform::Platform) -> TestApp {
    let app = app_on(platform).await;
    let actor = AuditActor::system("test");
    demo::catalogue::seed(&app.platform.db, &actor)
        .await
        .unwrap();
    demo::catalogue::seed_files(&app.platform.db, &app.platform.key, &actor)
        .await
        .unwrap();
    app
}

pub async fn appeal(app: &TestApp) -> (String, String) {
    let new = NewAppeal {
        channel: Channel::Web,
        category: Category::Suggestion,
        origin: Origin::Local,
        content: "建议在南关小区门口增设路灯".into(),
        location: "甘州区南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: Appellant::default(),
        ip: None,
    };
    let registration = hl::register_appeal(
        &app.platform.db,
        &app.platform.key,
        &AuditActor::anonymous("10.9.9.9"),
        new,
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    (registration.number, registration.query_code)
}

fn wrong(code: &str) -> String {
    if code.starts_with('2') {
        code.replacen('2', "3", 1)
    } else {
        format!("2{}", &code[1..])
    }
}

#[tokio::test]
async fn public_catalogue_guide_and_announcements_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let list = app.get("/api/v1/public/items?q=GZ-RS", None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let list = json(&list);
        assert!(list["total"].as_i64().unwrap() >= 1);
        let code = list["items"][0]["code"].as_str().unwrap().to_owned();
        // SVC-ITEM-LIFE: the published version's guide.
        let guide = app.get(&format!("/api/v1/public/items/{code}"), None).await;
        assert_eq!(guide.status, StatusCode::OK, "{}", guide.body);
        assert!(json(&guide)["version"].as_u64().unwrap() >= 1);
        let missing = app.get("/api/v1/public/items/NO-SUCH", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(error_code(&missing), "not_found");
        let unknown = app.get("/api/v1/public/items?colour=red", None).await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        assert_eq!(error_code(&unknown), "invalid_input");
        assert!(
            json(&unknown)["error"]["message"]
                .as_str()
                .unwrap()
                .contains("查询参数不正确")
        );
        let wrong_type = app.get("/api/v1/public/items?page=abc", None).await;
        assert_eq!(error_code(&wrong_type), "invalid_input");
        let news = app.get("/api/v1/public/announcements", None).await;
        assert_eq!(news.status, StatusCode::OK);
        assert!(json(&news).is_array());
    }
}

#[tokio::test]
async fn svc_status_by_number_and_code_and_a_wrong_code_reveals_nothing() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let (number, code) = receipt(
            &apply(
                &app,
                "GZ-RS-0001",
                PHONE,
                &[("id_card", PDF), ("photo", PNG)],
            )
            .await,
        );
        let found = app
            .get(
                &format!("/api/v1/public/cases/status?number={number}&code={code}"),
                None,
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        assert_eq!(json(&found)["number"], number.as_str());
        assert!(!found.body.contains(PHONE));
        let bad_code = app
            .get(
                &format!(
                    "/api/v1/public/cases/status?number={number}&code={}",
                    wrong(&code)
                ),
                None,
            )
            .await;
        let no_number = app
            .get(
                &format!("/api/v1/public/cases/status?number=SV20990101999999&code={code}"),
                None,
            )
            .await;
        assert_eq!(bad_code.status, StatusCode::NOT_FOUND);
        assert_eq!(bad_code.status, no_number.status);
        assert_eq!(
            bad_code.body, no_number.body,
            "a wrong code reveals the number"
        );
        let missing = app.get("/api/v1/public/cases/status?number=1", None).await;
        assert_eq!(error_code(&missing), "invalid_input");
    }
}

#[tokio::test]
async fn hotline_progress_by_number_and_code_and_a_wrong_code_reveals_nothing() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let (number, code) = appeal(&app).await;
        let found = app
            .get(
                &format!("/api/v1/public/hotline/progress?number={number}&code={code}"),
                None,
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        let body = json(&found);
        assert_eq!(body["number"], number.as_str());
        assert!(!body["stages"].as_array().unwrap().is_empty());
        let bad_code = app
            .get(
                &format!(
                    "/api/v1/public/hotline/progress?number={number}&code={}",
                    wrong(&code)
                ),
                None,
            )
            .await;
        let no_number = app
            .get(
                &format!("/api/v1/public/hotline/progress?number=GZ20990101999999&code={code}"),
                None,
            )
            .await;
        assert_eq!(bad_code.status, StatusCode::NOT_FOUND);
        assert_eq!(
            bad_code.body, no_number.body,
            "a wrong code reveals the number"
        );
        let extra = app
            .get(
                &format!("/api/v1/public/hotline/progress?number={number}&code={code}&x=1"),
                None,
            )
            .await;
        assert_eq!(error_code(&extra), "invalid_input");
    }
}
