//! Issue 22: the keyed exports on both backends — a full export read twice with cursors gets
//! every case exactly once; a cursor of another key, a forged one and one from the future
//! are refused (`invalid_cursor`); a key without read scope or revoked is refused; personal
//! data is masked unless the key's scope is unmasked, and each field sent in clear is audited.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::syskeys::{self, Cursor, Scope, SystemKey};

use crate::api_public::seeded;
use crate::common::{Answer, TestApp};
use crate::services_portal::{ID_NO, PDF, PHONE, PNG, apply, receipt};

async fn issue(app: &TestApp, scope: Scope) -> (SystemKey, String) {
    let admin = app.user_with(Role::SystemAdmin).await;
    let actor = platform::users::load_actor(&app.platform.db, admin)
        .await
        .unwrap()
        .unwrap();
    syskeys::issue(
        &app.platform.db,
        &actor,
        &AuditActor::staff(&actor, "10.0.0.1"),
        "省一体化平台",
        &scope,
        now_ms(),
    )
    .await
    .unwrap()
}

async fn call(app: &TestApp, path: &str, key: &str) -> Answer {
    let request = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    app.send_request(request).await
}

fn header(answer: &Answer, name: &str) -> String {
    answer
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn code(answer: &Answer) -> String {
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn lines(answer: &Answer) -> Vec<serde_json::Value> {
    answer
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

async fn unmask_rows(app: &TestApp) -> i64 {
    crate::services_portal::scalar(
        app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' AND actor_role = 'system_key'",
    )
    .await
}

#[tokio::test]
async fn a_full_export_read_twice_with_cursors_gets_every_case_exactly_once() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let mut numbers = Vec::new();
        for _ in 0..5 {
            let (number, _) = receipt(
                &apply(
                    &app,
                    "GZ-RS-0001",
                    PHONE,
                    &[("id_card", PDF), ("photo", PNG)],
                )
                .await,
            );
            numbers.push(number);
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let (_key, code_a) = issue(
            &app,
            Scope {
                read: true,
                ..Scope::default()
            },
        )
        .await;
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        let mut cursor = String::new();
        let mut pages = 0;
        loop {
            let page = call(
                &app,
                &format!("/api/v1/export/cases?limit=2&cursor={cursor}"),
                &code_a,
            )
            .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            for line in lines(&page) {
                *seen
                    .entry(line["projectNo"].as_str().unwrap().to_owned())
                    .or_default() += 1;
                // Masked by default.
                assert!(!page.body.contains(PHONE) && !page.body.contains(ID_NO));
            }
            cursor = header(&page, "x-next-cursor");
            pages += 1;
            if header(&page, "x-more") != "true" {
                break;
            }
        }
        assert!(pages >= 3);
        for number in &numbers {
            assert_eq!(
                seen.get(number),
                Some(&1),
                "{number} not exactly once: {seen:?}"
            );
        }
        assert!(seen.values().all(|n| *n == 1));
        // Read again from the last cursor: nothing new, the same cursor back.
        let again = call(
            &app,
            &format!("/api/v1/export/cases?cursor={cursor}"),
            &code_a,
        )
        .await;
        assert_eq!(again.status, StatusCode::OK);
        assert!(again.body.is_empty());
        // Every call is in the audit log.
        let calls = crate::services_portal::scalar(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'api_call' AND object_type = 'system_key'",
        )
        .await;
        assert!(calls > i64::from(pages));
        assert_eq!(unmask_rows(&app).await, 0);
    }
}

#[tokio::test]
async fn cursors_of_another_key_forged_or_from_the_future_are_refused() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        let read = Scope {
            read: true,
            ..Scope::default()
        };
        let (key_a, code_a) = issue(&app, read.clone()).await;
        let (_key_b, code_b) = issue(&app, read.clone()).await;
        let first = call(&app, "/api/v1/export/cases", &code_a).await;
        let cursor_a = header(&first, "x-next-cursor");
        assert!(!cursor_a.is_empty());
        let other = call(
            &app,
            &format!("/api/v1/export/cases?cursor={cursor_a}"),
            &code_b,
        )
        .await;
        assert_eq!(other.status, StatusCode::BAD_REQUEST);
        assert_eq!(code(&other), "invalid_cursor");
        let wrong_export = call(
            &app,
            &format!("/api/v1/export/ratings?cursor={cursor_a}"),
            &code_a,
        )
        .await;
        assert_eq!(code(&wrong_export), "invalid_cursor");
        let future = Cursor {
            at: now_ms() + 86_400_000,
            id: 1,
        }
        .encode(&key_a, "cases");
        let refused = call(
            &app,
            &format!("/api/v1/export/cases?cursor={future}"),
            &code_a,
        )
        .await;
        assert_eq!(code(&refused), "invalid_cursor");
        assert!(refused.body.contains("晚于当前时间"));
        let forged = call(&app, "/api/v1/export/cases?cursor=6361736573.00", &code_a).await;
        assert_eq!(code(&forged), "invalid_cursor");
        let unknown = call(&app, "/api/v1/export/cases?since=1", &code_a).await;
        assert_eq!(code(&unknown), "invalid_input");
        let no_key = app.get("/api/v1/export/cases", None).await;
        assert_eq!(no_key.status, StatusCode::UNAUTHORIZED);
        assert_eq!(code(&no_key), "unauthenticated");
        assert!(no_key.headers.contains_key("www-authenticate"));
        for path in ["/api/v1/export/orders", "/api/v1/export/ratings"] {
            let page = call(&app, path, &code_a).await;
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        }
    }
}

#[tokio::test]
async fn scope_refusals_revocation_and_unmasked_fields_audited() {
    for platform in platform::testing::each_backend().await {
        let app = seeded(platform).await;
        receipt(
            &apply(
                &app,
                "GZ-RS-0001",
                PHONE,
                &[("id_card", PDF), ("photo", PNG)],
            )
            .await,
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        // A write-only key may not read.
        let (_w, write_only) = issue(
            &app,
            Scope {
                write: true,
                ..Scope::default()
            },
        )
        .await;
        let refused = call(&app, "/api/v1/export/cases", &write_only).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(code(&refused), "out_of_scope");
        let denied = crate::services_portal::scalar(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'api_call' AND outcome = 'denied'",
        )
        .await;
        assert_eq!(denied, 1);
        // A key limited to another unit gets no case of this department.
        let elsewhere = platform::units::find_by_code(&app.platform.db, "gz-service")
            .await
            .unwrap()
            .unwrap()
            .id;
        let (_u, unit_key) = issue(
            &app,
            Scope {
                read: true,
                units: vec![elsewhere],
                ..Scope::default()
            },
        )
        .await;
        let none = call(&app, "/api/v1/export/cases", &unit_key).await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.body.is_empty(), "{}", none.body);
        // Unmasked: the applicant in clear, each field audited.
        let (_c, clear) = issue(
            &app,
            Scope {
                read: true,
                unmasked: true,
                ..Scope::default()
            },
        )
        .await;
        let page = call(&app, "/api/v1/export/cases", &clear).await;
        assert!(
            page.body.contains(PHONE) && page.body.contains(ID_NO),
            "{}",
            page.body
        );
        assert_eq!(unmask_rows(&app).await, 3);
        // Revoked: refused from then on.
        let admin = app.user_with(Role::SystemAdmin).await;
        let actor = platform::users::load_actor(&app.platform.db, admin)
            .await
            .unwrap()
            .unwrap();
        let (revoked, revoked_code) = issue(
            &app,
            Scope {
                read: true,
                ..Scope::default()
            },
        )
        .await;
        syskeys::revoke(
            &app.platform.db,
            &actor,
            &AuditActor::staff(&actor, ""),
            revoked.id,
            now_ms(),
        )
        .await
        .unwrap();
        let gone = call(&app, "/api/v1/export/cases", &revoked_code).await;
        assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
        // The code is stored only as its hash.
        let stored = crate::services_portal::scalar(
            &app,
            &format!("SELECT COUNT(*) AS n FROM system_keys WHERE key_hash = '{revoked_code}'"),
        )
        .await;
        assert_eq!(stored, 0);
    }
}
