//! SEC-ACCOUNTS through HTTP: first login of a role that needs TOTP, enrolment by QR secret,
//! forced password change, codes accepted once, one answer to every refused login with the
//! login delay (issue 12 finding 7) and the CSRF guard on the form.

use axum::http::StatusCode;
use platform::db::now_ms;
use sqlx::Row as _;

use crate::common::{SESSION_COOKIE, TestApp, app, csrf_cookie};

fn session_cookie(answer: &crate::common::Answer) -> String {
    let set_cookie = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{SESSION_COOKIE}=")))
        .expect("a session cookie");
    let pair = set_cookie.split(';').next().unwrap();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains("Secure")
    );
    format!("{pair}; {}", csrf_cookie())
}

async fn current_code(app: &TestApp, username: &str) -> String {
    let sealed: Vec<u8> = sqlx::query("SELECT totp_secret_sealed FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("totp_secret_sealed")
        .unwrap();
    let secret = hex::decode(app.platform.key.open(&sealed).unwrap()).unwrap();
    platform::auth::totp::code_at(&secret, u64::try_from(now_ms() / 1000).unwrap()).unwrap()
}

fn with_cookie(cookie: &str) -> crate::common::Client {
    crate::common::Client {
        user_id: 0,
        cookie: cookie.to_owned(),
    }
}

#[tokio::test]
async fn sec_accounts_first_login_enrols_totp_then_forces_a_new_password() {
    let app = app().await;
    let first = app.demo_password("operator");
    let answer = app
        .post(
            "/office/login",
            None,
            &format!("username=operator&password={}", urlencode(&first)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location(), "/office/login/enrol");
    let cookie = session_cookie(&answer);

    let home = app.get("/office", Some(&with_cookie(&cookie))).await;
    assert_eq!(
        home.location(),
        "/office/login/enrol",
        "no back office before the second factor"
    );

    let enrol = app
        .get("/office/login/enrol", Some(&with_cookie(&cookie)))
        .await;
    assert_eq!(enrol.status, StatusCode::OK);
    assert!(enrol.body.contains("<svg") && enrol.body.contains("class=\"secret\""));

    let code = current_code(&app, "operator").await;
    let enrolled = app
        .post(
            "/office/login/enrol",
            Some(&with_cookie(&cookie)),
            &format!("code={code}"),
        )
        .await;
    assert_eq!(enrolled.status, StatusCode::SEE_OTHER, "{}", enrolled.body);
    assert_eq!(enrolled.location(), "/office/account/password");
    let new_cookie = session_cookie(&enrolled);
    assert_ne!(
        new_cookie, cookie,
        "a new session id after the second factor"
    );
    let old = app.get("/office", Some(&with_cookie(&cookie))).await;
    assert_eq!(
        old.location(),
        "/office/login",
        "the pre-factor session is gone"
    );

    let weak = app
        .post(
            "/office/account/password",
            Some(&with_cookie(&new_cookie)),
            &format!(
                "old_password={}&new_password=short&new_password_again=short",
                urlencode(&first)
            ),
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.body.contains("密码至少需要"));
    let changed = app
        .post(
            "/office/account/password",
            Some(&with_cookie(&new_cookie)),
            &format!(
                "old_password={}&new_password=Hotline%232026ok&new_password_again=Hotline%232026ok",
                urlencode(&first)
            ),
        )
        .await;
    assert_eq!(changed.location(), "/office?notice=password");
    let home = app.get("/office", Some(&with_cookie(&new_cookie))).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("工作台") && home.body.contains("unread-count"));

    // The same code is refused at the next login (accepted once only).
    let again = app
        .post(
            "/office/login",
            None,
            "username=operator&password=Hotline%232026ok",
        )
        .await;
    assert_eq!(again.location(), "/office/login/totp");
    let replay = app
        .post(
            "/office/login/totp",
            Some(&with_cookie(&session_cookie(&again))),
            &format!("code={code}"),
        )
        .await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert!(
        replay.body.contains("已使用过") || replay.body.contains("不正确"),
        "{}",
        replay.body
    );
}

/// The text of the page's error notice.
fn error_text(body: &str) -> &str {
    let start = body
        .find("<div class=\"notice error\">")
        .expect("an error notice");
    let text = &body[start..];
    &text[..text.find("</div>").expect("the notice's end")]
}

async fn post_login(app: &TestApp, username: &str, password: &str) -> crate::common::Answer {
    let form = format!("username={username}&password={}", urlencode(password));
    app.post("/office/login", None, &form).await
}

/// Issue 12 finding 7 (SEC-ACCOUNTS): an unknown user, a wrong password, a disabled account
/// and an account in its login delay (with the right password) get the same status and a
/// byte-identical error on the page; once the delay has passed the owner logs in.
#[tokio::test]
async fn sec_accounts_every_refused_login_shows_the_same_error_and_status() {
    let app = app().await;
    let db = &app.platform.db;
    sqlx::query("UPDATE users SET active = 0 WHERE username = 'leader'")
        .execute(&db.pool)
        .await
        .unwrap();
    let delay_end = now_ms() + 10 * 60_000;
    sqlx::query(
        "UPDATE users SET failed_attempts = 5, login_delay_until = $1 WHERE username = 'handler'",
    )
    .bind(delay_end)
    .execute(&db.pool)
    .await
    .unwrap();
    let handler = app.demo_password("handler");
    let leader = app.demo_password("leader");
    let answers = [
        post_login(&app, "nobody", &handler).await,
        post_login(&app, "operator", "Wrong#Password1").await,
        post_login(&app, "leader", &leader).await,
        post_login(&app, "handler", &handler).await,
    ];
    let first = &answers[0];
    assert_eq!(first.status, StatusCode::BAD_REQUEST);
    for answer in &answers {
        assert_eq!(answer.status, first.status);
        assert_eq!(error_text(&answer.body), error_text(&first.body));
        let opened_session = answer
            .headers
            .get_all("set-cookie")
            .iter()
            .any(|cookie| cookie.to_str().unwrap().contains("session="));
        assert!(!opened_session);
    }
    assert!(error_text(&first.body).contains("用户名或密码不正确"));

    sqlx::query("UPDATE users SET login_delay_until = $1 WHERE username = 'handler'")
        .bind(now_ms() - 1)
        .execute(&db.pool)
        .await
        .unwrap();
    let after = post_login(&app, "handler", &handler).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "{}", after.body);
}

/// Issue 12 finding 7 (SEC-ACCOUNTS): a client that failed five times, on any accounts, is
/// refused with the same error even with another account's right password.
#[tokio::test]
async fn sec_accounts_a_client_failing_five_times_waits_with_the_same_error() {
    let app = app().await;
    let refused = post_login(&app, "nobody", "Whatever#1").await;
    for name in ["a1", "b2", "c3", "d4"] {
        post_login(&app, name, "Whatever#1").await;
    }
    let right = post_login(&app, "handler", &app.demo_password("handler")).await;
    assert_eq!(right.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_text(&right.body), error_text(&refused.body));
}

#[tokio::test]
async fn login_form_without_csrf_token_is_refused_and_changes_nothing() {
    let app = app().await;
    let before = app.audit_seq().await;
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/office/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", csrf_cookie())
        .body(axum::body::Body::from("username=handler&password=x"))
        .unwrap();
    let answer = app.send_request(request).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("令牌"));
    assert_eq!(app.audit_seq().await, before);
}

pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
