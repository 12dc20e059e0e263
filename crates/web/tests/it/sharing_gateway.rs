//! The data-sharing gateway through the whole router (DATA-CALL), on both backends: a call
//! without a code or with an unknown one answers 401 as a JSON error with its
//! `WWW-Authenticate`, a malformed resource 401 too (the code is judged first), and every
//! one of them is in the chained call log, which verifies. The grant's field rules are
//! proved against the use case in `crates/sharing/tests/it/stored_gateway.rs`. The gateway is
//! in the OpenAPI document with its code scheme and every refusal.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use crate::common::{Answer, TestApp, app_on};

async fn call(app: &TestApp, path: &str, bearer: Option<&str>) -> Answer {
    let mut builder = Request::builder().uri(path);
    if let Some(code) = bearer {
        builder = builder.header("authorization", format!("Bearer {code}"));
    }
    app.send_request(builder.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn data_call_refused_calls_are_answered_as_json_errors_and_logged() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let missing = call(&app, "/share/v1/101", None).await;
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
        assert!(missing.headers.get("www-authenticate").is_some());
        let body: Value = serde_json::from_str(&missing.body).unwrap();
        assert_eq!(body["error"]["code"], "missing_code");
        let unknown = call(&app, "/share/v1/101?fields=name", Some("NOPE")).await;
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        assert!(unknown.body.contains("授权码无效"));
        let malformed = call(&app, "/share/v1/abc", Some("NOPE")).await;
        assert_eq!(malformed.status, StatusCode::UNAUTHORIZED);
        let db = &app.platform.db;
        assert_eq!(sharing::calllog::count(db).await.unwrap(), 3);
        let report = sharing::calllog::verify(db).await.unwrap();
        assert_eq!(report.first_break, None);
        assert_eq!(report.rows_checked, 3);
    }
}

/// DATA-CALL: the gateway is in the OpenAPI document with its code scheme and every refusal.
#[tokio::test]
async fn data_call_the_gateway_is_in_the_openapi_document() {
    let app = crate::common::app().await;
    let doc = app.get("/api/v1/openapi.json", None).await;
    let doc: Value = serde_json::from_str(&doc.body).unwrap();
    let op = &doc["paths"]["/share/v1/{resource}"]["get"];
    assert!(op["description"].as_str().unwrap().contains("授权码"));
    assert!(op["security"][0].get("share_code").is_some(), "{op}");
    for status in ["200", "400", "401", "403", "429", "503"] {
        assert!(op["responses"].get(status).is_some(), "{status}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["share_code"]["scheme"],
        "bearer"
    );
}
