//! SEC-ACCOUNTS through HTTP, issue 12 finding 4: the security administrator's reset of the
//! system administrator's password is only a request; the second administrator who approves
//! it is the only one shown the temporary password; one person never resets both factors.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::{Answer, TestApp, app, app_on};
use crate::login_flow::urlencode;

async fn password_hash(app: &TestApp, username: &str) -> String {
    sqlx::query("SELECT password_hash FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .get("password_hash")
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    platform::users::id_by_username(&app.platform.db, username)
        .await
        .unwrap()
        .unwrap()
}

/// The temporary password in an approval's notice.
fn temporary_password(answer: &Answer) -> String {
    let (_, after) = answer
        .body
        .split_once("临时密码：")
        .expect("a temporary password");
    after.chars().take_while(|c| *c != '（').collect()
}

#[tokio::test]
async fn sec_accounts_secadmins_reset_of_sysadmin_waits_for_a_second_administrator() {
    for platform in platform::testing::each_backend().await {
        secadmins_reset_of_sysadmin_waits(app_on(platform).await).await;
    }
}

async fn secadmins_reset_of_sysadmin_waits(app: TestApp) {
    let sec = app.demo_session("secadmin").await;
    let audit = app.demo_session("auditadmin").await;
    let sysadmin = user_id(&app, "sysadmin").await;
    let before = password_hash(&app, "sysadmin").await;
    let mut seen_by_secadmin = Vec::new();

    let requested = app
        .post(
            &format!("/office/accounts/{sysadmin}/reset-password"),
            Some(&sec),
            "",
        )
        .await;
    assert_eq!(requested.status, StatusCode::OK, "{}", requested.body);
    assert!(requested.body.contains("须由另一位管理员"));
    assert!(!requested.body.contains("初始密码") && !requested.body.contains("临时密码："));
    assert_eq!(
        password_hash(&app, "sysadmin").await,
        before,
        "nothing reset"
    );
    seen_by_secadmin.push(requested.body);

    let request_id: i64 = sqlx::query("SELECT id FROM credential_resets WHERE status = 'pending'")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .get("id");
    let approve = format!("/office/accounts/resets/{request_id}/approve");
    let own = app.post(&approve, Some(&sec), "").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert!(own.body.contains("不能批准自己提出的"), "{}", own.body);
    assert_eq!(password_hash(&app, "sysadmin").await, before);
    seen_by_secadmin.push(own.body);

    let listed = app.get("/office/accounts/resets", Some(&audit)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.contains("sysadmin") && listed.body.contains(&approve));
    let approved = app.post(&approve, Some(&audit), "").await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let temporary = temporary_password(&approved);
    assert!(temporary.len() >= 12, "{temporary}");
    assert_ne!(password_hash(&app, "sysadmin").await, before);

    let form = format!("username=sysadmin&password={}", urlencode(&temporary));
    let login = app.post("/office/login", None, &form).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    for page in ["/office/accounts", "/office/accounts/resets"] {
        seen_by_secadmin.push(app.get(page, Some(&sec)).await.body);
    }
    for body in &seen_by_secadmin {
        assert!(!body.contains(&temporary), "the requester saw the password");
    }
}

#[tokio::test]
async fn sec_accounts_one_person_cannot_reset_both_factors_of_an_account_through_the_page() {
    let app = app().await;
    let sec = app.demo_session("secadmin").await;
    let handler = user_id(&app, "handler").await;
    let password = app
        .post(
            &format!("/office/accounts/{handler}/reset-password"),
            Some(&sec),
            "",
        )
        .await;
    assert_eq!(password.status, StatusCode::OK);
    assert!(password.body.contains("新的初始密码"), "{}", password.body);
    let totp = app
        .post(
            &format!("/office/accounts/{handler}/reset-totp"),
            Some(&sec),
            "",
        )
        .await;
    assert_eq!(totp.status, StatusCode::FORBIDDEN, "{}", totp.body);
    assert!(
        totp.body
            .contains("同一人 24 小时内不能既重置该账号的密码又重置其动态口令")
    );
}
