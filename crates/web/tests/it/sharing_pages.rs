//! Data sharing's back office by HTTP, on both backends (DATA-CLASS, DATA-CATALOG,
//! DATA-REQUEST, DATA-CROSS, DATA-GRANT, DATA-CALL, DATA-MAINT): the market bureau's handler
//! registers an entry from the form (a not-shared entry without its basis and a bad field
//! type are refused, 400, nothing stored), submits it, the administrator publishes it; a
//! handler of another unit applies for one field of its table (without purpose: 400, nothing
//! stored); the administrator cannot decide locally in the forward-upward mode, forwards the
//! request and records the upper level's approval (a refusal without basis: 400, nothing
//! changed); the consumer's grants page issues the code once, the gateway answers the granted
//! field only with it; the call log page counts the call per provider, resource and consumer
//! and exports Excel. Another unit's staff do not find the draft.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};

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

async fn version(app: &TestApp, table: &str, id: i64) -> i64 {
    number(
        app,
        &format!("SELECT version AS n FROM {table} WHERE id = {id}"),
    )
    .await
}

async fn entry_command(app: &TestApp, who: &Client, id: i64, body: &str) -> crate::common::Answer {
    let v = version(app, "sharing_entries", id).await;
    app.post(
        &format!("/office/sharing/entries/{id}/command"),
        Some(who),
        &format!("version={v}&{body}"),
    )
    .await
}

async fn request_command(
    app: &TestApp,
    who: &Client,
    id: i64,
    body: &str,
) -> crate::common::Answer {
    let v = version(app, "sharing_requests", id).await;
    app.post(
        &format!("/office/sharing/requests/{id}/command"),
        Some(who),
        &format!("version={v}&{body}"),
    )
    .await
}

fn id_of(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn data_catalog_request_grant_and_call_through_the_pages() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let provider = app.demo_session("handler").await;
        let admin = app.demo_session("dataadmin").await;
        let consumer_id = app.user_with(platform::roles::Role::UnitHandler).await;
        let consumer = app.session_of(consumer_id).await;
        // DATA-ACCOUNTS: the provider and the consumer hold platform accounts.
        crate::sharing_holders::hold_named(&app.platform.db, &["handler"]).await;
        crate::sharing_holders::hold(&app.platform.db, &[consumer_id]).await;
        let entries = "SELECT COUNT(*) AS n FROM sharing_entries";

        let form = app
            .get("/office/sharing/entries/new", Some(&provider))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("数据字典"), "{}", form.body);
        let fields =
            enc("uscc|统一社会信用代码|字符|否|\nname|企业名称|字符|否|\nphone|联系电话|字符|是|");
        let resources = enc("库表|企业登记库表|每日");
        // DATA-CLASS: not shared needs its basis; a field's type must be known. Nothing stored.
        let refused = app
            .post(
                "/office/sharing/entries",
                Some(&provider),
                &format!(
                    "name={}&class=not_shared&reason=x&basis=&fields={}&frequency=x&resources=",
                    enc("测试"),
                    enc("a|甲|图片|否|")
                ),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("依据"), "{}", refused.body);
        assert!(refused.body.contains("图片"), "{}", refused.body);
        assert_eq!(number(&app, entries).await, 0);
        let made = app
            .post(
                "/office/sharing/entries",
                Some(&provider),
                &format!(
                    "name={}&class=unconditional&fields={fields}&frequency={}&resources={resources}",
                    enc("企业登记信息"),
                    enc("每日")
                ),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let entry = id_of(&page);
        // A draft of another unit is not found.
        assert_eq!(
            app.get(&page, Some(&consumer)).await.status,
            StatusCode::NOT_FOUND
        );
        let submitted = entry_command(&app, &provider, entry, "command=submit").await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}",
            submitted.body
        );
        // DATA-CATALOG: the administrator reviews and publishes.
        let queue = app.get("/office/sharing/entries", Some(&admin)).await;
        assert!(queue.body.contains("待审核"), "{}", queue.body);
        let published = entry_command(&app, &admin, entry, "command=publish").await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
        let shown = app.get(&page, Some(&consumer)).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("申请使用"), "{}", shown.body);
        let resource = entry * 100 + 1;
        assert!(shown.body.contains(&format!("/share/v1/{resource}")));
        // Hosted rows for the table.
        let mut tx = app.platform.db.begin().await.unwrap();
        let rows = vec![
            vec![
                "91620702MA00000001".to_owned(),
                "甘州一号".to_owned(),
                "CANARY".to_owned(),
            ],
            vec![
                "91620702MA00000002".to_owned(),
                "甘州二号".to_owned(),
                "CANARY".to_owned(),
            ],
        ];
        sharing::store::rows::replace(&mut tx, resource, &rows)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // DATA-REQUEST: the form names the fields; a purpose is required.
        let apply = app
            .get(
                &format!("/office/sharing/requests/new?entry={entry}"),
                Some(&consumer),
            )
            .await;
        assert_eq!(apply.status, StatusCode::OK, "{}", apply.body);
        assert!(apply.body.contains("uscc"));
        let requests = "SELECT COUNT(*) AS n FROM sharing_requests";
        let base = format!(
            "entry={entry}&resource=1&fields=uscc&fields=name&flow={}&days=365",
            enc("企业服务系统")
        );
        let no_purpose = app
            .post(
                "/office/sharing/requests",
                Some(&consumer),
                &format!("{base}&purpose="),
            )
            .await;
        assert_eq!(no_purpose.status, StatusCode::BAD_REQUEST);
        assert!(no_purpose.body.contains("用途"), "{}", no_purpose.body);
        assert_eq!(number(&app, requests).await, 0);
        let filed = app
            .post(
                "/office/sharing/requests",
                Some(&consumer),
                &format!("{base}&purpose={}", enc("核验企业登记状态")),
            )
            .await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
        let request = id_of(filed.location());
        let at_admin = app
            .get(&format!("/office/sharing/requests/{request}"), Some(&admin))
            .await;
        assert!(at_admin.body.contains("审核授权期限"), "{}", at_admin.body);
        // DATA-REQUEST (ganzhou): no local decision; DATA-CROSS: forwarded upward.
        let local = request_command(&app, &admin, request, "command=approve").await;
        assert_eq!(local.status, StatusCode::BAD_REQUEST);
        let forwarded = request_command(
            &app,
            &admin,
            request,
            &format!(
                "command=forward-upward&level={}",
                enc("张掖市政务数据共享平台")
            ),
        )
        .await;
        assert_eq!(
            forwarded.status,
            StatusCode::SEE_OTHER,
            "{}",
            forwarded.body
        );
        // A refusal needs its basis: nothing changes.
        let v = version(&app, "sharing_requests", request).await;
        let no_basis = request_command(
            &app,
            &admin,
            request,
            "command=record-upper&approved=no&reason=x&basis=",
        )
        .await;
        assert_eq!(no_basis.status, StatusCode::BAD_REQUEST);
        assert!(no_basis.body.contains("依据"), "{}", no_basis.body);
        assert_eq!(version(&app, "sharing_requests", request).await, v);
        let approved =
            request_command(&app, &admin, request, "command=record-upper&approved=yes").await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

        // DATA-GRANT, DATA-CALL: the consumer's grant; the code shown once.
        let grants = app.get("/office/sharing/grants", Some(&consumer)).await;
        assert!(grants.body.contains("生成授权码"), "{}", grants.body);
        let grant = number(&app, "SELECT MAX(id) AS n FROM sharing_grants").await;
        let issued = app
            .post(
                &format!("/office/sharing/grants/{grant}/code"),
                Some(&consumer),
                "",
            )
            .await;
        assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
        let code = issued
            .body
            .split("<code id=\"code\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        assert!(
            !app.get("/office/sharing/grants", Some(&consumer))
                .await
                .body
                .contains(&code)
        );
        let call = app
            .send_request(
                Request::builder()
                    .uri(format!("/share/v1/{resource}"))
                    .header("authorization", format!("Bearer {code}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(call.status, StatusCode::OK, "{}", call.body);
        assert!(call.body.contains("甘州一号"));
        assert!(!call.body.contains("CANARY"), "{}", call.body);

        // DATA-MAINT: usage statistics per provider, resource and consumer, and the export.
        let calls = app.get("/office/sharing/calls", Some(&admin)).await;
        assert_eq!(calls.status, StatusCode::OK);
        assert!(calls.body.contains("by-provider") && calls.body.contains("by-consumer"));
        assert!(calls.body.contains("调用日志完整"), "{}", calls.body);
        let own = app.get("/office/sharing/calls", Some(&provider)).await;
        assert!(own.body.contains("企业登记信息"), "{}", own.body);
        let export = app.get("/office/sharing/calls/export", Some(&admin)).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(
            export.headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
    }
}
