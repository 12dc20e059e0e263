//! Walk-in registration in the services back office (SVC-ACCEPT, SVC-PREREVIEW): the window
//! registers a case with its materials, which are served only to that case, and a walk-in
//! case page offers acceptance at once, never the online pre-review (003 §18). The helpers
//! are `services_office.rs`'s.

use axum::http::StatusCode;
use platform::roles::Role;
use services::CaseId;
use sqlx::Row as _;

use crate::services_office::{
    FOOD, FOOD_MATERIALS, ID_NO, PDF, PHONE, act, services_app, staff_in, status_code, submit,
};

#[tokio::test]
async fn svc_accept_walk_in_registers_with_materials_and_serves_them_only_to_the_case() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let form = app
        .get(
            &format!("/office/services/walk-in?item={FOOD}"),
            Some(&clerk),
        )
        .await;
    assert!(form.body.contains("name=\"file.layout\""), "{}", form.body);
    let fields = [
        ("item", FOOD),
        ("name", "李四"),
        ("id_no", ID_NO),
        ("phone", PHONE),
    ];
    // A missing required material stores nothing.
    let before = app.audit_seq().await;
    let short = app
        .post_multipart(
            "/office/services/walk-in",
            Some(&clerk),
            &fields,
            &[("file.application", "a.pdf", PDF)],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST, "{}", short.body);
    assert!(short.body.contains("缺少必要材料"));
    assert_eq!(app.audit_seq().await, before);
    // A file of the wrong type stores nothing.
    let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
        .iter()
        .map(|code| (format!("file.{code}"), "m.pdf", PDF))
        .collect();
    let mut bad: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    bad[0] = ("file.application", "evil.exe", b"MZ\x90\x00binary");
    let wrong = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &bad)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("文件类型不允许"), "{}", wrong.body);
    assert_eq!(app.audit_seq().await, before);
    let good: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    let done = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &good)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("id=\"query-code\""), "{}", done.body);
    let row = sqlx::query("SELECT id, state FROM svc_cases ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let id: i64 = row.try_get("id").unwrap();
    let state: String = row.try_get("state").unwrap();
    assert!(state.contains("Window"), "channel is the window: {state}");
    let file: i64 = sqlx::query("SELECT id FROM attachments WHERE owner_kind = 'case' AND owner_id = $1 ORDER BY id LIMIT 1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let download = app
        .get(
            &format!("/office/services/cases/{id}/files/{file}"),
            Some(&clerk),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF"));
    // The file is not served under another case.
    let other = submit(
        &app,
        "GZ-SC-0001",
        &["application", "id_card", "articles", "premises"],
    )
    .await;
    let elsewhere = app
        .get(
            &format!("/office/services/cases/{}/files/{file}", other.case_id.0),
            Some(&clerk),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let stranger = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
    let denied = app
        .get(
            &format!("/office/services/cases/{id}/files/{file}"),
            Some(&stranger),
        )
        .await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
}

/// SVC-PREREVIEW (003 §18): the case page of a walk-in registration offers acceptance at once,
/// never the online pre-review; an online application to the same item offers pre-review.
#[tokio::test]
async fn svc_prereview_walk_in_case_page_offers_acceptance_not_prereview() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let fields = [
        ("item", FOOD),
        ("name", "李四"),
        ("id_no", ID_NO),
        ("phone", PHONE),
    ];
    let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
        .iter()
        .map(|code| (format!("file.{code}"), "m.pdf", PDF))
        .collect();
    let files: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    let done = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &files)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let walk_in: i64 = sqlx::query("SELECT MAX(id) AS id FROM svc_cases")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let page = app
        .get(&format!("/office/services/cases/{walk_in}"), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"accept\""), "{}", page.body);
    assert!(!page.body.contains(&format!("/cases/{walk_in}/prereview")));
    let accepted = act(&app, &clerk, CaseId(walk_in), "accept", "").await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(status_code(&app, CaseId(walk_in)).await, "in_review");
    let online = submit(&app, FOOD, FOOD_MATERIALS).await.case_id;
    let page = app
        .get(
            &format!("/office/services/cases/{}", online.0),
            Some(&clerk),
        )
        .await;
    assert!(
        page.body
            .contains(&format!("/cases/{}/prereview", online.0))
    );
    assert!(!page.body.contains("id=\"accept\""));
}
