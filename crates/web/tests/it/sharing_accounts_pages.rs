//! Platform accounts and handovers through the pages, on both backends (DATA-ACCOUNTS): on
//! the demo, a unit's handler may not allocate (refused, nothing stored) and the administrator
//! may not allocate without a purpose (400, nothing stored); the demo's seed allocated the
//! business bureau's two handlers theirs before they acted, the administrator allocates one to
//! its leader (a second to a holder is refused); a handler opens the handover of the holder
//! of the demo code to the other; the gateway then refuses the demo code naming the rule, another
//! unit's staff do not find the handover, both parties confirm, the administrator files it,
//! and the code is void; the register exports as .xlsx; every change is audited.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sqlx::Row as _;

use crate::common::{TestApp, app_on};

async fn number(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn call(app: &TestApp, resource: i64) -> (StatusCode, String) {
    let answer = app
        .send_request(
            Request::builder()
                .uri(format!("/share/v1/{resource}"))
                .header(
                    "authorization",
                    format!("Bearer {}", demo::sharing::DEMO_CODE),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn data_accounts_register_and_handover_through_the_pages() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
            .await
            .unwrap();
        demo::sharing::seed(&app.platform).await.unwrap();
        let admin = app.demo_session("dataadmin").await;
        let leaving = app.demo_session("business.a").await;
        let receiver = app.demo_session("business.b").await;
        let outsider = app.demo_session("handler").await;
        let accounts = "SELECT COUNT(*) AS n FROM sharing_accounts";
        let held = number(&app, accounts).await;
        let resource = number(&app, "SELECT MIN(resource_id) AS n FROM sharing_grants").await;
        assert_eq!(call(&app, resource).await.0, StatusCode::OK);

        // Only the administrator allocates, and with a purpose.
        let page = app.get("/office/sharing/accounts", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("分配平台账号"), "{}", page.body);
        let by_unit = app
            .post(
                "/office/sharing/accounts",
                Some(&leaving),
                &format!("username=business.a&purpose={}", enc("核验企业")),
            )
            .await;
        assert_eq!(by_unit.status, StatusCode::FORBIDDEN, "{}", by_unit.body);
        let no_purpose = app
            .post(
                "/office/sharing/accounts",
                Some(&admin),
                "username=business.a&purpose=",
            )
            .await;
        assert_eq!(no_purpose.status, StatusCode::BAD_REQUEST);
        assert!(no_purpose.body.contains("账号用途"), "{}", no_purpose.body);
        // DATA-ACCOUNTS: the demo's seed allocated its actors' accounts before they acted.
        assert_eq!(number(&app, accounts).await, held, "nothing allocated");
        let made = app
            .post(
                "/office/sharing/accounts",
                Some(&admin),
                &format!(
                    "username=business.leader&purpose={}",
                    enc("审核本局共享申请")
                ),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let twice = app
            .post(
                "/office/sharing/accounts",
                Some(&admin),
                &format!("username=business.a&purpose={}", enc("企业开办一件事核验")),
            )
            .await;
        assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
        assert_eq!(number(&app, accounts).await, held + 1);
        let of = |username: &str| {
            format!(
                "SELECT a.id AS n FROM sharing_accounts a JOIN users u ON u.id = a.user_id \
                 WHERE u.username = '{username}'"
            )
        };
        let a = number(&app, &of("business.a")).await;
        let b = number(&app, &of("business.b")).await;

        // The unit opens the handover: the demo code's holder is suspended at once.
        let form = app.get("/office/sharing/accounts", Some(&receiver)).await;
        assert!(form.body.contains("人员调整交接"), "{}", form.body);
        let opened = app
            .post(
                "/office/sharing/handovers",
                Some(&receiver),
                &format!(
                    "account={a}&to_account={b}&reason={}&items={}",
                    enc("调离本单位"),
                    enc("企业服务平台接口配置")
                ),
            )
            .await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
        let id = number(&app, "SELECT MAX(id) AS n FROM sharing_handovers").await;
        let (status, body) = call(&app, resource).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("DATA-ACCOUNTS"), "{body}");
        let shown = app.get("/office/sharing/accounts", Some(&leaving)).await;
        assert!(shown.body.contains("交接中（暂停使用）"), "{}", shown.body);
        assert!(
            shown.body.contains("的授权码"),
            "the code is listed: {}",
            shown.body
        );
        let foreign = app
            .post(
                &format!("/office/sharing/handovers/{id}/command"),
                Some(&outsider),
                "command=confirm_from",
            )
            .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
        let early = app
            .post(
                &format!("/office/sharing/handovers/{id}/command"),
                Some(&admin),
                "command=file",
            )
            .await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
        for (who, command) in [
            (&leaving, "confirm_from"),
            (&receiver, "confirm_to"),
            (&admin, "file"),
        ] {
            let done = app
                .post(
                    &format!("/office/sharing/handovers/{id}/command"),
                    Some(who),
                    &format!("command={command}"),
                )
                .await;
            assert_eq!(
                done.status,
                StatusCode::SEE_OTHER,
                "{command}: {}",
                done.body
            );
        }
        assert_eq!(call(&app, resource).await.0, StatusCode::UNAUTHORIZED);
        let status: String = sqlx::query("SELECT status FROM sharing_accounts WHERE id = $1")
            .bind(a)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("status")
            .unwrap();
        assert_eq!(status, "closed");

        let export = app
            .get("/office/sharing/accounts/export", Some(&admin))
            .await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.body.starts_with("PK"), "an .xlsx (zip) file");
        let audited = number(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'sharing.account.%' \
             OR action LIKE 'sharing.handover.%'",
        )
        .await;
        assert_eq!(
            audited,
            held + 5,
            "every allocation (the demo's and the leader's), the opening, three commands"
        );
    }
}
