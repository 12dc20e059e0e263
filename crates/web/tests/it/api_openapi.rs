//! Issue 22: the OpenAPI document served at `/api/v1/openapi.json` validates against the
//! official OpenAPI 3.1 schema (2022-10-07, vendored from the OAI/OpenAPI-Specification
//! repository under `tests/it/data`) with an independent JSON Schema validator, and every route
//! of `/api/v1` is in it, with a Chinese description, examples and its error codes.

use std::collections::BTreeSet;

use axum::http::StatusCode;

use crate::common::app;

const OAS_31_SCHEMA: &str = include_str!("data/oas-3.1-schema-2022-10-07.json");

async fn document() -> serde_json::Value {
    let app = app().await;
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    serde_json::from_str(&doc.body).expect("the document is JSON")
}

#[tokio::test]
async fn the_openapi_document_validates_against_the_oas_3_1_schema() {
    let schema: serde_json::Value = serde_json::from_str(OAS_31_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the OAS schema compiles");
    let doc = document().await;
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "OpenAPI 3.1 violations: {errors:#?}");
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1")
    );
}

#[test]
fn the_validator_refuses_a_response_without_description() {
    // The fault the document had before issue 22: the validator must see it.
    let schema: serde_json::Value = serde_json::from_str(OAS_31_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let bad = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"content": {}}}}}}
    });
    assert!(!validator.is_valid(&bad));
}

fn documented(doc: &serde_json::Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[tokio::test]
async fn every_route_of_api_v1_is_in_the_document_and_nothing_else() {
    let doc = document().await;
    let routes: BTreeSet<(String, String)> = web::api::ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let documented = documented(&doc);
    let missing: Vec<_> = routes.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&routes).collect();
    assert!(
        missing.is_empty(),
        "routes not in the document: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "documented paths that are not routes: {stale:?}"
    );
}

/// No other module registers an `/api/v1` route behind the table's back.
#[test]
fn no_api_v1_route_is_registered_outside_the_table() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("api") {
                    walk(&path, found);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(".route(\"/api/v1") {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.is_empty(), "/api/v1 routes outside api/: {found:?}");
}

#[tokio::test]
async fn every_operation_has_a_chinese_description_examples_and_error_codes() {
    let doc = document().await;
    let chinese = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            let description = op["description"].as_str().unwrap_or_default();
            assert!(chinese(description), "{what}: no Chinese description");
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses
                    .keys()
                    .any(|s| s.starts_with('4') || s.starts_with('5')),
                "{what}: no error response"
            );
            for (status, response) in responses {
                assert!(
                    chinese(response["description"].as_str().unwrap_or_default()),
                    "{what} {status}: no Chinese description"
                );
                let content = response["content"].as_object();
                let example = content
                    .and_then(|c| c.values().next())
                    .map_or(&serde_json::Value::Null, |media| &media["example"]);
                if content.is_some() {
                    assert!(!example.is_null(), "{what} {status}: no example");
                }
                if !status.starts_with('2') {
                    let code = example["error"]["code"].as_str().unwrap_or_default();
                    assert!(!code.is_empty(), "{what} {status}: example without a code");
                }
            }
        }
    }
}
