//! SVC-STATUS through HTTP (progress by web, phone, SMS or e-mail): the online application
//! and the window's walk-in registration take an optional e-mail address; a bad one is refused
//! beside its field in Chinese and nothing is stored; a good one is kept sealed and the case
//! page shows it masked to staff.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::services_office::{FOOD, FOOD_MATERIALS, ID_NO, PDF, PHONE, services_app, staff_in};
use crate::services_portal::{scalar, setup};
use crate::services_walkin::{CODE, COMPANY};

const EMAIL: &str = "zhang.san@example.com";

/// SVC-STATUS: a bad address on the online form is refused beside its field, nothing stored.
#[tokio::test]
async fn svc_status_online_form_refuses_a_bad_email_address() {
    let app = setup().await;
    let refused = app
        .post_multipart(
            "/services/items/GZ-RS-0001/apply",
            None,
            &[
                ("name", "张三"),
                ("id_no", "110105194912310021"),
                ("phone", "13800000000"),
                ("email", "zhang.san@"),
                ("action", "submit"),
            ],
            &[],
        )
        .await;
    assert_eq!(refused.status, 400);
    let at = refused
        .body
        .find("id=\"email-error\">")
        .expect("beside the field");
    assert!(
        refused.body[at..].contains("电子邮箱格式不正确"),
        "{}",
        refused.body
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM svc_cases").await, 0);
}

/// SVC-STATUS: the walk-in form refuses a bad address (nothing stored) and keeps a good one
/// sealed; the case page shows it masked.
#[tokio::test]
async fn svc_status_walk_in_takes_an_email_sealed_and_masked() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
        .iter()
        .map(|code| (format!("file.{code}"), "m.pdf", PDF))
        .collect();
    let files: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    let fields = |email: &'static str| {
        [
            ("item", FOOD),
            ("enterprise_name", COMPANY),
            ("credit_code", CODE),
            ("name", "李四"),
            ("id_no", ID_NO),
            ("phone", PHONE),
            ("email", email),
        ]
    };
    let before = app.audit_seq().await;
    let long: &'static str = Box::leak(format!("{}@example.com", "a".repeat(250)).into_boxed_str());
    for (bad, message) in [
        ("李四@例子", "电子邮箱格式不正确"),
        (long, "电子邮箱不能超过 254 个字符"),
    ] {
        let refused = app
            .post_multipart(
                "/office/services/walk-in",
                Some(&clerk),
                &fields(bad),
                &files,
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        let at = refused
            .body
            .find("id=\"email-error\">")
            .expect("beside the field");
        assert!(refused.body[at..].contains(message), "{}", refused.body);
        assert_eq!(app.audit_seq().await, before, "nothing stored");
    }
    let done = app
        .post_multipart(
            "/office/services/walk-in",
            Some(&clerk),
            &fields(EMAIL),
            &files,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let id = scalar(&app, "SELECT MAX(id) AS n FROM svc_cases").await;
    let page = app
        .get(&format!("/office/services/cases/{id}"), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("电子邮箱：z***@example.com"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(EMAIL));
}
