//! SEC-ACCOUNTS through HTTP: first login of a role that needs TOTP, enrolment by QR secret,
//! forced password change, codes accepted once, lockout and the CSRF guard on the form.

use axum::http::StatusCode;
use platform::db::now_ms;
use sqlx::Row as _;

use crate::common::{CSRF, TestApp, app};

fn session_cookie(answer: &crate::common::Answer) -> String {
    let set_cookie = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("zw_session="))
        .expect("a session cookie");
    let pair = set_cookie.split(';').next().unwrap();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains("Secure")
    );
    format!("{pair}; zw_csrf={CSRF}")
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

#[tokio::test]
async fn sec_accounts_wrong_password_and_unknown_user_answer_alike_then_lock() {
    let app = app().await;
    let unknown = app
        .post("/office/login", None, "username=nobody&password=whatever")
        .await;
    let wrong = app
        .post("/office/login", None, "username=handler&password=whatever")
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("用户名或密码不正确") && wrong.body.contains("用户名或密码不正确")
    );
    for _ in 0..4 {
        app.post("/office/login", None, "username=handler&password=whatever")
            .await;
    }
    let right = app.demo_password("handler");
    let locked = app
        .post(
            "/office/login",
            None,
            &format!("username=handler&password={}", urlencode(&right)),
        )
        .await;
    assert_eq!(locked.status, StatusCode::BAD_REQUEST);
    assert!(locked.body.contains("已锁定"), "{}", locked.body);
}

#[tokio::test]
async fn login_form_without_csrf_token_is_refused_and_changes_nothing() {
    let app = app().await;
    let before = app.audit_seq().await;
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/office/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("zw_csrf={CSRF}"))
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
