//! Issue 23 through the router: the unified identity login's two legs against the real
//! `oidc-provider` (browser/oidc_provider.mjs) — the session opened, a replayed callback and
//! a tampered ID token refused on the login page with nothing opened; local registration
//! with the SMS code and a wrong GB 11643 check refused; 我的空间 showing an appeal and a
//! case, another account's item a 404; the data download (HTML and JSON); the deletion's
//! answer. With `ZHENGWU_WALK23_SCREENSHOTS=1` it also serves the app on a port and takes
//! docs/screenshots/walk23-*.png with Chromium.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::db::now_ms;

use crate::common::{Answer, CSRF, Client, TestApp, app_on};

const COOKIE: &str = "__Host-zw_citizen";

pub(crate) fn cookie_of(answer: &Answer, name: &str) -> Option<String> {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, v)| *n == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

pub(crate) fn citizen(token: &str) -> Client {
    Client {
        user_id: 0,
        cookie: format!("{COOKIE}={token}; __Host-zw_csrf={CSRF}"),
    }
}

/// A registered, logged-in person with `phone`.
pub(crate) async fn registered(app: &TestApp, phone: &str, id_number: &str) -> Client {
    let code = accounts::account::send_code(
        &app.platform.db,
        &app.platform.key,
        phone,
        "10.0.0.1",
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    let form = format!(
        "phone={phone}&code={code}&password=mima2026ok&name=%E5%BC%A0%E4%B8%89&id_number={id_number}"
    );
    let answer = app.post("/account/register", None, &form).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    citizen(&cookie_of(&answer, COOKIE).unwrap())
}

async fn appeal(app: &TestApp) -> (i64, String) {
    use hotline::appeal::{Category, Channel, Origin};
    use hotline::usecase::{Appellant, NewAppeal};
    let new = NewAppeal {
        channel: Channel::Web,
        category: Category::Suggestion,
        origin: Origin::Local,
        content: "建议在南关小区门口增设路灯".into(),
        location: "南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: Appellant::default(),
        ip: None,
    };
    let registration = hotline::usecase::register_appeal(
        &app.platform.db,
        &app.platform.key,
        &AuditActor::anonymous("10.9.9.9"),
        new,
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    (registration.appeal_id.0, registration.number)
}

#[tokio::test]
async fn my_space_registration_claims_and_data_rights() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        demo::catalogue::seed(&app.platform.db, &AuditActor::system("test"))
            .await
            .unwrap();
        // A wrong check character: refused on the page, nothing registered.
        let code = accounts::account::send_code(
            &app.platform.db,
            &app.platform.key,
            "13800138021",
            "10.0.0.1",
            calendar::Instant::from_millis(now_ms()),
        )
        .await
        .unwrap();
        let wrong = app
            .post(
                "/account/register",
                None,
                &format!("phone=13800138021&code={code}&password=mima2026ok&name=x&id_number=110105194912310021"),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::OK);
        assert!(wrong.body.contains("身份证号码不正确"), "{}", wrong.body);
        assert!(cookie_of(&wrong, COOKIE).is_none());

        let alice = registered(&app, "13800138022", "11010519491231002X").await;
        let bob = registered(&app, "13800138023", "110105194912310038").await;
        // Anonymous: 我的空间 sends to the login choice.
        let anonymous = app.get("/account/space", None).await;
        assert_eq!(anonymous.location(), "/account/login");

        // Alice claims an appeal with its number and query code; a wrong code is refused.
        let (number, query_code) = {
            use hotline::appeal::{Category, Channel, Origin};
            use hotline::usecase::{Appellant, NewAppeal};
            let registration = hotline::usecase::register_appeal(
                &app.platform.db,
                &app.platform.key,
                &AuditActor::anonymous("10.9.9.9"),
                NewAppeal {
                    channel: Channel::Web,
                    category: Category::ComplaintReport,
                    origin: Origin::Local,
                    content: "小区门口道路破损，请尽快修复".into(),
                    location: "南关小区".into(),
                    is_private: false,
                    publish_consent: false,
                    confidential: false,
                    province_due: None,
                    appellant: Appellant::default(),
                    ip: None,
                },
                calendar::Instant::from_millis(now_ms()),
            )
            .await
            .unwrap();
            (registration.number, registration.query_code)
        };
        let refused = app
            .post(
                "/account/space/claim",
                Some(&alice),
                &format!("kind=appeal&number={number}&code=WRONG-CODE"),
            )
            .await;
        assert!(refused.body.contains("notice error"), "{}", refused.body);
        let claimed = app
            .post(
                "/account/space/claim",
                Some(&alice),
                &format!("kind=appeal&number={number}&code={query_code}"),
            )
            .await;
        assert!(claimed.body.contains("已将12345 诉求"), "{}", claimed.body);
        // Bob cannot claim it again.
        let again = app
            .post(
                "/account/space/claim",
                Some(&bob),
                &format!("kind=appeal&number={number}&code={query_code}"),
            )
            .await;
        assert!(again.body.contains("其他账号"), "{}", again.body);

        // A case filed while logged in (linked by the filing) and another appeal.
        let submission = crate::services_office::submit(
            &app,
            crate::services_office::FOOD,
            crate::services_office::FOOD_MATERIALS,
        )
        .await;
        let alice_id = accounts::space::items(&app.platform.db, 0)
            .await
            .unwrap()
            .len() as i64;
        assert_eq!(alice_id, 0);
        let alice_account = account_id(&app, &alice).await;
        accounts::space::link_filed(
            &app.platform.db,
            alice_account,
            accounts::ItemKind::Case,
            (submission.case_id.0, &submission.number),
            "10.0.0.1",
            now_ms(),
        )
        .await
        .unwrap();
        let (appeal_id, appeal_number) = appeal(&app).await;
        accounts::space::link_filed(
            &app.platform.db,
            alice_account,
            accounts::ItemKind::Appeal,
            (appeal_id, &appeal_number),
            "10.0.0.1",
            now_ms(),
        )
        .await
        .unwrap();
        let space = app.get("/account/space", Some(&alice)).await;
        assert_eq!(space.status, StatusCode::OK);
        assert!(space.body.contains(&number), "{}", space.body);
        assert!(space.body.contains(&submission.number));
        assert!(space.body.contains("登录后提交"));

        // Another account's item id: 404, like an unknown one.
        let items = accounts::space::items(&app.platform.db, alice_account)
            .await
            .unwrap();
        let own = app
            .get(
                &format!("/account/space/items/{}", items[0].id),
                Some(&alice),
            )
            .await;
        assert_eq!(own.status, StatusCode::OK);
        let foreign = app
            .get(&format!("/account/space/items/{}", items[0].id), Some(&bob))
            .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);

        // The download: readable and JSON.
        let data = app.get("/account/data", Some(&alice)).await;
        assert!(data.body.contains("11010519491231002X"), "{}", data.body);
        assert!(data.body.contains("依法保留"));
        let json = app.get("/account/data.json", Some(&alice)).await;
        let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(value["account"]["phone"], "13800138022");
        assert_eq!(value["items"].as_array().unwrap().len(), 3);

        if std::env::var("ZHENGWU_WALK23_SCREENSHOTS").as_deref() == Ok("1") {
            // The login choice as an installation with a provider shows it (the provider is
            // not contacted to draw the page).
            let mut config = accounts::testing::TestProvider::example_config();
            config.issuer = "https://tyrz.example.gov.cn".into();
            accounts::oidc::configure(&app.platform.db, &app.platform.key, &config, 0)
                .await
                .unwrap();
            crate::citizen_screens::take(&app, &alice).await;
        }

        // Deletion: the answer names what is kept; the session ends.
        let deleted = app
            .post("/account/delete", Some(&bob), "confirm=%E6%B3%A8%E9%94%80")
            .await;
        assert!(deleted.body.contains("审计日志"), "{}", deleted.body);
        let after = app.get("/account/space", Some(&bob)).await;
        assert_eq!(after.location(), "/account/login");
    }
}

pub(crate) async fn account_id(app: &TestApp, client: &Client) -> i64 {
    let data = app.get("/account/data.json", Some(client)).await;
    let value: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    value["account"]["id"].as_i64().unwrap()
}

/// The unified identity login through the router against the real provider.
#[tokio::test]
async fn unified_identity_login_through_the_pages() {
    let Some(provider) = accounts::testing::start() else {
        return;
    };
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        // Without a provider the choice offers only the local login.
        let choice = app.get("/account/login", None).await;
        assert!(!choice.body.contains("oidc-login"));
        accounts::oidc::configure(&app.platform.db, &app.platform.key, &provider.config(), 0)
            .await
            .unwrap();
        let choice = app.get("/account/login", None).await;
        assert!(
            choice.body.contains("测试省统一身份认证平台"),
            "{}",
            choice.body
        );

        for round in ["ok", "tampered"] {
            provider.next_login("person-2").await;
            let start = app.get("/account/oidc/start", None).await;
            assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
            let flow = cookie_of(&start, "__Host-zw_oidc").unwrap();
            if round == "tampered" {
                provider.tamper_next("signature").await;
            }
            let callback = accounts::testing::browse_to_callback(start.location()).await;
            let path = callback.trim_start_matches("https://zhengwu.test");
            let browser = Client {
                user_id: 0,
                cookie: format!("__Host-zw_oidc={flow}; __Host-zw_csrf={CSRF}"),
            };
            let answer = app.get(path, Some(&browser)).await;
            if round == "tampered" {
                assert_eq!(answer.status, StatusCode::OK);
                assert!(answer.body.contains("身份令牌校验失败"), "{}", answer.body);
                assert!(cookie_of(&answer, COOKIE).is_none());
                continue;
            }
            assert_eq!(answer.location(), "/account/space", "{}", answer.body);
            let session = citizen(&cookie_of(&answer, COOKIE).unwrap());
            let space = app.get("/account/space", Some(&session)).await;
            assert!(space.body.contains("李四"), "{}", space.body);
            assert!(space.body.contains("统一身份认证"));
            // The same callback again: the state was spent.
            let replay = app.get(path, Some(&browser)).await;
            assert!(replay.body.contains("state 不匹配"), "{}", replay.body);
            assert!(cookie_of(&replay, COOKIE).is_none());
            // Logout goes on to the provider's end-session endpoint.
            let logout = app.post("/account/logout", Some(&session), "").await;
            assert!(
                logout.location().starts_with(&provider.issuer),
                "{}",
                logout.location()
            );
        }
        let refusals = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.oidc' AND outcome = 'denied'",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
        let n: i64 = sqlx::Row::try_get(&refusals, "n").unwrap();
        assert_eq!(n, 2);
    }
}
