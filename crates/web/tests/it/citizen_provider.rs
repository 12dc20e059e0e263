//! Issue 23 item 1 through the router: the system administrator's 统一身份认证配置 page. Bad
//! values are refused in Chinese beside their fields and nothing is stored; a save stores the
//! client secret sealed and never shows or echoes it back (an empty field keeps it); the
//! switch turns the login's offer off and on; every save is audited without the
//! secret. On SQLite and PostgreSQL.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};

const SECRET: &str = "s3cret-Client-Value-2026";

fn form(secret: &str, enabled: bool, issuer: &str) -> String {
    let enc = |t: &str| form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>();
    format!(
        "issuer={}&client_id=zhengwu-portal&client_secret={}&redirect_url={}\
         &post_logout_url={}&display_name={}&scopes=profile+phone&claim_name=name\
         &claim_id_number=id_number&claim_phone=phone_number&claim_uscc=uscc\
         &claim_enterprise_name=enterprise_name{}",
        enc(issuer),
        enc(secret),
        enc("https://zw.example.gov.cn/account/oidc/callback"),
        enc("https://zw.example.gov.cn/"),
        enc("甘肃政务服务网统一身份认证"),
        if enabled { "&enabled=1" } else { "" },
    )
}

async fn audit_details(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT outcome, detail FROM audit_log WHERE action = 'account.provider' ORDER BY seq",
    )
    .fetch_all(&app.platform.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get("outcome").unwrap(), r.try_get("detail").unwrap()))
    .collect()
}

#[tokio::test]
async fn the_identity_provider_page_validates_seals_the_secret_and_switches_the_login() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let admin = app.login_as(Role::SystemAdmin).await;
        let db = &app.platform.db;
        let key = &app.platform.key;
        let page = app.get("/office/identity-provider", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("尚未设置"));

        // Bad input: every problem in Chinese, nothing stored.
        let bad = form("", true, "ftp://idp")
            .replace("claim_phone=phone_number", "claim_phone=%E6%89%8B%E6%9C%BA");
        let refused = app
            .post("/office/identity-provider", Some(&admin), &bad)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused
                .body
                .contains("签发者地址（issuer）应为以 https:// 开头")
        );
        assert!(refused.body.contains("请填写客户端密钥"));
        assert!(refused.body.contains("手机号码的声明名称只能由字母"));
        assert!(accounts::provider::settings(db).await.unwrap().is_none());

        // Saved: the secret sealed, never shown.
        let issuer = "https://idp.example.gov.cn/oidc";
        let saved = app
            .post(
                "/office/identity-provider",
                Some(&admin),
                &form(SECRET, true, issuer),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert!(saved.body.contains("id=\"saved\""));
        assert!(!saved.body.contains(SECRET));
        assert!(saved.body.contains("已设置（********）"));
        let config = accounts::oidc::configured(db, key).await.unwrap().unwrap();
        assert_eq!(config.client_secret, SECRET);
        assert_eq!(config.issuer, issuer);
        let stored: Vec<u8> =
            sqlx::query("SELECT client_secret_sealed FROM account_identity_provider")
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("client_secret_sealed")
                .unwrap();
        assert!(!String::from_utf8_lossy(&stored).contains(SECRET));
        let login = app.get("/account/login", None).await;
        assert!(login.body.contains("甘肃政务服务网统一身份认证"));

        // An empty secret keeps it; switched off, the login no longer offers it.
        let off = app
            .post(
                "/office/identity-provider",
                Some(&admin),
                &form("", false, issuer),
            )
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert!(accounts::oidc::configured(db, key).await.unwrap().is_none());
        let kept = accounts::oidc::configured_any(db, key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.client_secret, SECRET);
        let login = app.get("/account/login", None).await;
        assert!(!login.body.contains("甘肃政务服务网统一身份认证"));

        let audited = audit_details(&app).await;
        assert_eq!(audited.len(), 2, "the refusal changed nothing: {audited:?}");
        assert!(audited[0].1.contains("新建"));
        assert!(audited[1].1.contains("停用") && !audited[1].1.contains("密钥已更换"));
        assert!(audited.iter().all(|(_, d)| !d.contains(SECRET)));
        // Another role: refused by the guard.
        let editor = app.login_as(Role::UnitHandler).await;
        let other = app.get("/office/identity-provider", Some(&editor)).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN);
    }
}
