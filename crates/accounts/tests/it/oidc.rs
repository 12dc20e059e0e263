//! Issue 23 item 1: the relying party against the npm package `oidc-provider` started by the
//! test (browser/oidc_provider.mjs; no mock): discovery, authorization code with PKCE, the
//! ID token checked against the provider's keys with our nonce, the claims mapped, logout;
//! a tampered, expired, foreign-signed or wrong-nonce ID token, a replayed state, a state of
//! another browser and an unknown state refused with a Chinese message.

use accounts::oidc::{self, Identity};
use accounts::testing::{self, TestProvider};
use platform::Platform;

async fn login(
    platform: &Platform,
    provider: &TestProvider,
) -> (platform::Result<Identity>, (String, String, String)) {
    let http = oidc::http_client().unwrap();
    let config = provider.config();
    let now = platform::db::now_ms();
    let begun = oidc::begin(&platform.db, &platform.key, &http, &config, now)
        .await
        .unwrap();
    assert!(begun.authorize_url.contains("code_challenge_method=S256"));
    assert!(begun.authorize_url.contains("nonce="));
    let callback = testing::browse_to_callback(&begun.authorize_url).await;
    let (state, code) = testing::callback_params(&callback);
    let identity = oidc::finish(
        &platform.db,
        &platform.key,
        &http,
        &config,
        (&state, &code, Some(&begun.browser_token)),
        now,
    )
    .await;
    (identity, (state, code, begun.browser_token))
}

#[tokio::test]
async fn unified_identity_login_against_a_real_provider() {
    let Some(provider) = testing::start() else {
        return;
    };
    for platform in platform::testing::each_backend().await {
        let http = oidc::http_client().unwrap();
        oidc::configure(&platform.db, &platform.key, &provider.config(), 0)
            .await
            .unwrap();
        let config = oidc::configured(&platform.db, &platform.key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(config.client_secret, testing::CLIENT_SECRET);

        // A person: the claims the installation names.
        provider.next_login("person-1").await;
        let (identity, (state, code, browser)) = login(&platform, &provider).await;
        let identity = identity.unwrap();
        assert_eq!(identity.subject, "person-1");
        assert_eq!(identity.name.as_deref(), Some("张三"));
        assert_eq!(identity.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(identity.phone.as_deref(), Some("13800138000"));
        assert_eq!(identity.uscc, None);
        let id = accounts::enterprise::account_of_identity(
            &platform.db,
            &platform.key,
            &identity,
            "127.0.0.1",
            1,
        )
        .await
        .unwrap();
        let account = accounts::account::get(&platform.db, &platform.key, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.kind, accounts::Kind::Person);
        assert_eq!(account.name.as_deref(), Some("张三"));
        // The same subject again is the same account.
        let again = accounts::enterprise::account_of_identity(
            &platform.db,
            &platform.key,
            &identity,
            "127.0.0.1",
            2,
        )
        .await
        .unwrap();
        assert_eq!(again, id);

        // A replayed state (the same callback twice): refused, the state was spent.
        let replay = oidc::finish(
            &platform.db,
            &platform.key,
            &http,
            &config,
            (&state, &code, Some(&browser)),
            platform::db::now_ms(),
        )
        .await
        .unwrap_err();
        assert!(replay.to_string().contains("state 不匹配"), "{replay}");

        // A state this installation never sent.
        let unknown = oidc::finish(
            &platform.db,
            &platform.key,
            &http,
            &config,
            ("forged-state", "forged-code", Some(&browser)),
            platform::db::now_ms(),
        )
        .await
        .unwrap_err();
        assert!(unknown.to_string().contains("state 不匹配"), "{unknown}");

        // A state begun in another browser (the callback without its binding cookie).
        let begun = oidc::begin(
            &platform.db,
            &platform.key,
            &http,
            &config,
            platform::db::now_ms(),
        )
        .await
        .unwrap();
        let callback = testing::browse_to_callback(&begun.authorize_url).await;
        let (state, code) = testing::callback_params(&callback);
        let other = oidc::finish(
            &platform.db,
            &platform.key,
            &http,
            &config,
            (&state, &code, Some("another-browser")),
            platform::db::now_ms(),
        )
        .await
        .unwrap_err();
        assert!(other.to_string().contains("state 不匹配"), "{other}");

        // Spoiled ID tokens: refused by the token's checks.
        for mode in ["signature", "foreign", "expired", "nonce"] {
            provider.tamper_next(mode).await;
            let (refused, _) = login(&platform, &provider).await;
            let error = refused.expect_err(mode);
            assert!(
                error.to_string().contains("身份令牌校验失败"),
                "{mode}: {error}"
            );
        }

        // An enterprise: the 统一社会信用代码 claim makes an enterprise account.
        provider.next_login("enterprise-1").await;
        let (identity, _) = login(&platform, &provider).await;
        let identity = identity.unwrap();
        assert_eq!(identity.uscc.as_deref(), Some("91360702MA35G0XK08"));
        let id = accounts::enterprise::account_of_identity(
            &platform.db,
            &platform.key,
            &identity,
            "127.0.0.1",
            3,
        )
        .await
        .unwrap();
        let enterprise = accounts::account::get(&platform.db, &platform.key, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(enterprise.kind, accounts::Kind::Enterprise);
        assert_eq!(
            enterprise.enterprise_name.as_deref(),
            Some("赣州示例科技有限公司")
        );

        // Logout through the provider's end-session endpoint with the ID token as hint.
        let url = oidc::logout_url(&http, &config, &identity.id_token)
            .await
            .unwrap()
            .unwrap();
        assert!(url.starts_with(&provider.issuer), "{url}");
        assert!(url.contains("id_token_hint="), "{url}");
        assert!(url.contains("post_logout_redirect_uri="), "{url}");
    }
}
