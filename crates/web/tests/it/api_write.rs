//! Issue 22: the keyed write paths on both backends — a walk-in case, a 12345 order and a
//! hall terminal's rating created through the pages' own use cases; a retried POST with the
//! same `Idempotency-Key` gets the first answer and creates nothing more, the key with
//! another body is refused; unknown fields, wrong types, a missing key, a read-only key and a
//! unit outside the key's scope are JSON errors with stable codes and Chinese messages, and
//! change nothing (no case, no reserved key, no audit row but the call's own).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::syskeys::{self, Scope};
use serde_json::{Value, json};
use services::case::Command;

use crate::api_public::seeded;
use crate::common::{Answer, TestApp};
use crate::services_portal::{ID_NO, PDF, PHONE, PNG, run, scalar, unit};

async fn key(app: &TestApp, scope: Scope) -> String {
    let admin = app.user_with(Role::SystemAdmin).await;
    let actor = platform::users::load_actor(&app.platform.db, admin)
        .await
        .unwrap()
        .unwrap();
    syskeys::issue(
        &app.platform.db,
        &actor,
        &AuditActor::staff(&actor, "10.0.0.1"),
        "大厅自助机",
        &scope,
        now_ms(),
    )
    .await
    .unwrap()
    .1
}

async fn post(app: &TestApp, path: &str, key: &str, idem: Option<&str>, body: &str) -> Answer {
    let mut request = Request::builder()
        .method("POST")
        .uri(path)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json");
    if let Some(idem) = idem {
        request = request.header("idempotency-key", idem);
    }
    app.send_request(request.body(Body::from(body.to_owned())).unwrap())
        .await
}

fn json_of(answer: &Answer) -> Value {
    serde_json::from_str(&answer.body).unwrap_or_default()
}

fn code(answer: &Answer) -> String {
    json_of(answer)["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn walk_in(window: i64) -> Value {
    json!({
        "item_code": "GZ-RS-0001",
        "window_unit": window,
        "applicant": {"name": "张三", "id_no": ID_NO, "phone": PHONE},
        "materials": [
            {"code": "id_card", "file_name": "身份证.pdf", "content_base64": b64(PDF)},
            {"code": "photo", "file_name": "照片.png", "content_base64": b64(PNG)}
        ]
    })
}

async fn cases(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) AS n FROM svc_cases").await
}

async fn reserved(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) AS n FROM api_idempotency").await
}

/// Audit rows other than the API calls themselves (`api_call`, allowed or denied).
async fn changes(app: &TestApp) -> i64 {
    scalar(
        app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'api_call'",
    )
    .await
}

#[tokio::test]
async fn api_write_walk_in_case_is_created_once_per_idempotency_key() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let window = unit(&app, "gz-service").await.0;
        let code_w = key(
            &app,
            Scope {
                write: true,
                units: vec![window],
                ..Scope::default()
            },
        )
        .await;
        let before = cases(&app).await;
        let body = walk_in(window).to_string();
        let first = post(&app, "/api/v1/intake/cases", &code_w, Some("k-1"), &body).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        let created = json_of(&first);
        let number = created["number"].as_str().unwrap().to_owned();
        let query_code = created["query_code"].as_str().unwrap().to_owned();
        // The retry gets the same answer, marked replayed, and creates nothing.
        let again = post(&app, "/api/v1/intake/cases", &code_w, Some("k-1"), &body).await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
        assert_eq!(json_of(&again)["number"], created["number"]);
        assert_eq!(
            again
                .headers
                .get("idempotent-replayed")
                .and_then(|v| v.to_str().ok()),
            Some("true")
        );
        assert_eq!(cases(&app).await, before + 1);
        // The same key with another body is refused.
        let other = walk_in(window).to_string().replace("张三", "李四");
        let reused = post(&app, "/api/v1/intake/cases", &code_w, Some("k-1"), &other).await;
        assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code(&reused), "idempotency_key_reused");
        assert_eq!(cases(&app).await, before + 1);
        // The case is the window's walk-in, found by the public status lookup.
        let state: String =
            sqlx::query_scalar::<_, String>("SELECT state FROM svc_cases ORDER BY id DESC LIMIT 1")
                .fetch_one(&app.platform.db.pool)
                .await
                .unwrap();
        assert!(state.contains("Window"), "{state}");
        let status = app
            .get(
                &format!("/api/v1/public/cases/status?number={number}&code={query_code}"),
                None,
            )
            .await;
        assert_eq!(status.status, StatusCode::OK, "{}", status.body);
        // Audited: the submission by the key, every call.
        let by_key = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE actor_role = 'system_key' AND action <> 'api_call'",
        )
        .await;
        assert!(by_key >= 1);
        let calls = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'api_call'",
        )
        .await;
        assert_eq!(calls, 3);
    }
}

/// A refused call: key, idempotency key, body, status, error code, words of the message.
type Refusal<'a> = (
    &'a str,
    Option<&'a str>,
    String,
    StatusCode,
    &'a str,
    &'a str,
);

#[tokio::test]
async fn api_write_refusals_are_json_errors_and_change_nothing() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let window = unit(&app, "gz-service").await.0;
        let elsewhere = unit(&app, "gz-hrss").await.0;
        let code_w = key(
            &app,
            Scope {
                write: true,
                units: vec![window],
                ..Scope::default()
            },
        )
        .await;
        let code_r = key(
            &app,
            Scope {
                read: true,
                ..Scope::default()
            },
        )
        .await;
        let before = (cases(&app).await, changes(&app).await);
        let path = "/api/v1/intake/cases";
        let mut unknown = walk_in(window);
        unknown["priority"] = json!("high");
        let mut wrong_type = walk_in(window);
        wrong_type["window_unit"] = json!("一号窗口");
        let mut bad_id = walk_in(window);
        bad_id["applicant"]["id_no"] = json!("110105194912310021");
        // SVC-STATUS: the optional e-mail address is checked like the phone.
        let mut bad_email = walk_in(window);
        bad_email["applicant"]["email"] = json!("zhang@");
        let mut short = walk_in(window);
        short["materials"] = json!([]);
        let mut bad_file = walk_in(window);
        bad_file["materials"][0]["content_base64"] = json!(b64(b"MZ\x90\x00binary"));
        let mut not_b64 = walk_in(window);
        not_b64["materials"][0]["content_base64"] = json!("%%%");
        let mut no_item = walk_in(window);
        no_item["item_code"] = json!("GZ-XX-9999");
        let good = walk_in(window).to_string();
        let cases_refused: Vec<Refusal<'_>> = vec![
            (
                &code_w,
                Some("a"),
                unknown.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "unknown field",
            ),
            (
                &code_w,
                Some("a"),
                wrong_type.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "invalid type",
            ),
            (
                &code_w,
                Some("a"),
                "{".to_owned(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "JSON",
            ),
            (
                &code_w,
                None,
                good.clone(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "Idempotency-Key",
            ),
            (
                &code_w,
                Some("a"),
                bad_id.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "applicant.id_no",
            ),
            (
                &code_w,
                Some("a"),
                bad_email.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "applicant.email：电子邮箱格式不正确",
            ),
            (
                &code_w,
                Some("a"),
                short.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "缺少必要材料",
            ),
            (
                &code_w,
                Some("a"),
                bad_file.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "文件类型不允许",
            ),
            (
                &code_w,
                Some("a"),
                not_b64.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
                "base64",
            ),
            (
                &code_w,
                Some("a"),
                no_item.to_string(),
                StatusCode::NOT_FOUND,
                "not_found",
                "GZ-XX-9999",
            ),
            (
                &code_w,
                Some("a"),
                walk_in(elsewhere).to_string(),
                StatusCode::FORBIDDEN,
                "out_of_scope",
                "单位",
            ),
            (
                &code_r,
                Some("a"),
                good.clone(),
                StatusCode::FORBIDDEN,
                "out_of_scope",
                "写入",
            ),
            (
                "zwk_unknown",
                Some("a"),
                good.clone(),
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "密钥",
            ),
        ];
        for (key, idem, body, status, expected, words) in cases_refused {
            let answer = post(&app, path, key, idem, &body).await;
            assert_eq!(answer.status, status, "{words}: {}", answer.body);
            assert_eq!(code(&answer), expected, "{words}: {}", answer.body);
            let message = json_of(&answer)["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.contains(words), "{words}: {message}");
            assert_eq!(
                (cases(&app).await, changes(&app).await),
                before,
                "{words}: refused, nothing changed"
            );
            assert_eq!(reserved(&app).await, 0, "{words}: the key is free again");
        }
        // A refusal out of scope is audited as denied.
        let denied = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'api_call' AND outcome = 'denied'",
        )
        .await;
        assert_eq!(denied, 2);
        // The key of a refused call is free: the corrected call goes through with it.
        let done = post(&app, path, &code_w, Some("a"), &good).await;
        assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
        assert_eq!(cases(&app).await, before.0 + 1);
    }
}

#[tokio::test]
async fn api_write_order_and_hall_rating_go_through_the_pages_use_cases_once() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let window = unit(&app, "gz-service").await.0;
        let all = key(
            &app,
            Scope {
                write: true,
                ..Scope::default()
            },
        )
        .await;
        let window_only = key(
            &app,
            Scope {
                write: true,
                units: vec![window],
                ..Scope::default()
            },
        )
        .await;
        let orders = "SELECT COUNT(*) AS n FROM hotline_appeals";
        let order = json!({
            "channel": "wechat",
            "category": "suggestion",
            "content": "建议在南关小区门口增设路灯",
            "location": "甘州区南关小区",
            "appellant": {"name": "李四", "phone": "13900139000"}
        })
        .to_string();
        let outside = post(
            &app,
            "/api/v1/intake/orders",
            &window_only,
            Some("o-1"),
            &order,
        )
        .await;
        assert_eq!(outside.status, StatusCode::FORBIDDEN, "{}", outside.body);
        assert_eq!(code(&outside), "out_of_scope");
        let bad = order.replace("suggestion", "praise");
        let refused = post(&app, "/api/v1/intake/orders", &all, Some("o-1"), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("未知的诉求类别"));
        let before = scalar(&app, orders).await;
        let first = post(&app, "/api/v1/intake/orders", &all, Some("o-1"), &order).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        let again = post(&app, "/api/v1/intake/orders", &all, Some("o-1"), &order).await;
        assert_eq!(json_of(&again)["number"], json_of(&first)["number"]);
        assert_eq!(scalar(&app, orders).await, before + 1);
        let number = json_of(&first)["number"].as_str().unwrap().to_owned();
        let query_code = json_of(&first)["query_code"].as_str().unwrap().to_owned();
        let progress = app
            .get(
                &format!("/api/v1/public/hotline/progress?number={number}&code={query_code}"),
                None,
            )
            .await;
        assert_eq!(progress.status, StatusCode::OK, "{}", progress.body);

        // A walk-in case accepted at the window; its terminal rates the acceptance.
        let case = post(
            &app,
            "/api/v1/intake/cases",
            &window_only,
            Some("c-1"),
            &walk_in(window).to_string(),
        )
        .await;
        let case_number = json_of(&case)["number"].as_str().unwrap().to_owned();
        let rating = |stage: &str, unit: i64| {
            json!({"number": case_number, "level": 5, "stage": stage, "comment": "等了很久", "window_unit": unit})
                .to_string()
        };
        let ratings = "SELECT COUNT(*) AS n FROM evaluations";
        run(
            &app,
            &case_number,
            Command::Accept {
                by: unit(&app, "gz-service").await,
            },
        )
        .await;
        let early = post(
            &app,
            "/api/v1/intake/ratings",
            &window_only,
            Some("r-1"),
            &rating("decision", window),
        )
        .await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
        assert!(early.body.contains("尚未完成"), "{}", early.body);
        let hrss = unit(&app, "gz-hrss").await.0;
        let out = post(
            &app,
            "/api/v1/intake/ratings",
            &window_only,
            Some("r-1"),
            &rating("acceptance", hrss),
        )
        .await;
        assert_eq!(code(&out), "out_of_scope", "{}", out.body);
        let not_here = post(
            &app,
            "/api/v1/intake/ratings",
            &all,
            Some("r-1"),
            &rating("acceptance", unit(&app, "gz-housing").await.0),
        )
        .await;
        assert_eq!(
            not_here.status,
            StatusCode::BAD_REQUEST,
            "{}",
            not_here.body
        );
        assert!(not_here.body.contains("不是本窗口受理或办理的"));
        assert_eq!(scalar(&app, ratings).await, 0);
        let rated = post(
            &app,
            "/api/v1/intake/ratings",
            &window_only,
            Some("r-1"),
            &rating("acceptance", window),
        )
        .await;
        assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.body);
        // EVAL-BAD: a bad rating opens the window unit's rectification.
        assert!(
            json_of(&rated)["rectification_id"].is_i64(),
            "{}",
            rated.body
        );
        let again = post(
            &app,
            "/api/v1/intake/ratings",
            &window_only,
            Some("r-1"),
            &rating("acceptance", window),
        )
        .await;
        assert_eq!(again.body, rated.body);
        assert_eq!(scalar(&app, ratings).await, 1);
        let channel: String = sqlx::query_scalar::<_, String>("SELECT channel FROM evaluations")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap();
        assert_eq!(channel, "hall");
    }
}
