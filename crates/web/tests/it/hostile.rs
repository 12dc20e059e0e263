//! Bad input on every route: malformed, oversized and hostile requests get a clear Chinese
//! answer with 400, 403, 404 or 409 (never 500), change nothing, and are never echoed raw.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use platform::roles::Role;

use crate::common::{CSRF, Client, TestApp, app};

/// A role that passes each route's guard, so the input reaches the handler.
fn role_for(path: &str, method: &Method) -> Role {
    match (path, method) {
        (p, _) if p.starts_with("/office/services") && p.ends_with("/decide") => Role::UnitHandler,
        (p, _) if p.starts_with("/office/services") => Role::WindowClerk,
        (p, _) if p.starts_with("/office/supervision") => Role::HotlineSupervisor,
        (p, _) if p.starts_with("/office/audit") => Role::AuditAdmin,
        (p, _) if p.starts_with("/office/security") => Role::SecurityAdmin,
        (p, &Method::POST) if p.contains("/roles") || p.contains("/reset-") => Role::SecurityAdmin,
        (p, _) if p.starts_with("/office/rectifications") && p.ends_with("/review") => {
            Role::HotlineSupervisor
        }
        (p, _) if p.starts_with("/office/rectifications") => Role::UnitHandler,
        (p, _) if p.ends_with("/approve") => Role::UnitLeader,
        (p, _)
            if ["/sign", "/return", "/result", "/extend", "/hang", "/unhang"]
                .iter()
                .any(|end| p.ends_with(end)) =>
        {
            Role::UnitHandler
        }
        (p, _) if p.starts_with("/office/hotline") => Role::HotlineOperator,
        _ => Role::SystemAdmin,
    }
}

const ACCEPTABLE: &[StatusCode] = &[
    StatusCode::BAD_REQUEST,
    StatusCode::FORBIDDEN,
    StatusCode::NOT_FOUND,
    StatusCode::CONFLICT,
];

const HOSTILE_FORMS: &[&str] = &[
    "",
    "evil=1",
    "username=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "name=x%27%20OR%201%3D1%20--&code=%3Bdrop%20table%20users&kind=department&parent_id=1",
    "unit_id=99999999999999999999999999&parent_id=-99999999999999999999&role=x",
    "code=%FF%FE%FD",
    "hotline.sign=%00%01",
];

async fn post_raw(
    app: &TestApp,
    client: &Client,
    path: &str,
    body: Vec<u8>,
) -> crate::common::Answer {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("cookie", &client.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    app.send_request(request).await
}

#[tokio::test]
async fn malformed_and_hostile_posts_are_refused_on_every_route_and_change_nothing() {
    let app = app().await;
    let victim = app.user_with(Role::UnitHandler).await;
    let posts: Vec<String> = web::guard::route_list()
        .into_iter()
        .filter(|(method, path)| {
            *method == Method::POST
                && *path != "/office/logout"
                && !path.starts_with("/office/login")
        })
        .map(|(_, path)| path.replace("{id}", &victim.to_string()))
        .collect();
    assert!(
        posts.len() >= 10,
        "expected every POST route, got {posts:?}"
    );
    for path in &posts {
        let client = app.login_as(role_for(path, &Method::POST)).await;
        for form in HOSTILE_FORMS {
            let before = app.audit_seq().await;
            let answer = app.post(path, Some(&client), form).await;
            let context = format!(
                "POST {path} [{form}] -> {}: {}",
                answer.status,
                answer.body.chars().take(200).collect::<String>()
            );
            if ACCEPTABLE.contains(&answer.status) {
                assert_eq!(
                    app.audit_seq().await,
                    before,
                    "refused input changed something: {context}"
                );
                assert!(
                    answer
                        .body
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "no Chinese message: {context}"
                );
            } else {
                // Some hostile-looking text is valid input (a name may contain quotes): it may
                // succeed, but must never come back unescaped.
                assert!(
                    matches!(answer.status, StatusCode::OK | StatusCode::SEE_OTHER),
                    "{context}"
                );
            }
            assert!(
                !answer.body.contains("<script>alert"),
                "unescaped: {context}"
            );
        }
        let oversized = post_raw(
            &app,
            &client,
            path,
            format!(
                "_csrf={}&name={}",
                app.token(Some(&client)),
                "长".repeat(200_000)
            )
            .into_bytes(),
        )
        .await;
        assert_eq!(
            oversized.status,
            StatusCode::BAD_REQUEST,
            "oversized POST {path}"
        );
        let mut invalid_utf8 = format!("_csrf={}&name=", app.token(Some(&client))).into_bytes();
        invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
        let answer = post_raw(&app, &client, path, invalid_utf8).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "invalid UTF-8 POST {path}"
        );
        assert!(answer.body.contains("UTF-8"));
    }
}

#[tokio::test]
async fn hostile_paths_and_queries_never_fail_with_500() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let auditor = app.login_as(Role::AuditAdmin).await;
    let cases: &[(&str, &Client)] = &[
        ("/announcements/99999999999999999999999", &admin),
        ("/announcements/%27%20OR%201=1", &admin),
        ("/office/accounts/abc/reset-password", &admin),
        ("/office/audit?from=2026-13-45", &auditor),
        (
            "/office/audit?actor=%27%20OR%201%3D1%20--&action=%3Cscript%3E",
            &auditor,
        ),
        ("/office/audit?unknown=1", &auditor),
        ("/office?notice=%3Cscript%3Ealert(1)%3C/script%3E", &admin),
        ("/static/..%2F..%2Fetc%2Fpasswd", &admin),
        ("/api/v1/units?x=%FF", &admin),
    ];
    for (path, client) in cases {
        let answer = app.get(path, Some(client)).await;
        let context = format!("GET {path} -> {}", answer.status);
        assert_ne!(
            answer.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{context}"
        );
        assert!(
            answer.status.is_success()
                || ACCEPTABLE.contains(&answer.status)
                || answer.status == StatusCode::METHOD_NOT_ALLOWED,
            "{context}"
        );
        assert!(
            !answer.body.contains("<script>alert"),
            "unescaped: {context}"
        );
    }
}

/// Issue 12 finding 6: the token is bound to the session. A made-up token, the token of
/// another session, the bare cookie value (the old double-submit scheme) and a request
/// carrying a second, planted session cookie are all refused, and nothing changes.
#[tokio::test]
async fn a_post_with_a_forged_csrf_token_is_refused() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let other = app.login_as(Role::SystemAdmin).await;
    let before = app.audit_seq().await;
    let form = "parent_id=1&name=x&code=x&kind=department";
    let planted = Client {
        user_id: admin.user_id,
        cookie: format!("{}; {}", admin.cookie, other.cookie),
    };
    let cases = [
        (&admin, "f".repeat(64)),
        (&admin, app.token(Some(&other))),
        (&admin, CSRF.to_owned()),
        (&admin, app.token(None)),
        (&planted, app.token(Some(&admin))),
    ];
    for (client, token) in cases {
        let answer = post_raw(
            &app,
            client,
            "/office/units",
            format!("_csrf={token}&{form}").into_bytes(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{token}");
    }
    assert_eq!(app.audit_seq().await, before);
    // The session's own token passes.
    let answer = post_raw(
        &app,
        &admin,
        "/office/units",
        format!("_csrf={}&{form}", app.token(Some(&admin))).into_bytes(),
    )
    .await;
    assert_ne!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}
