//! Issue 23 item 3 through the router: each public form — the 12345 hotline, the online
//! service application, the disclosure application, the e-participation message — filed
//! while logged in is in 我的空间 at once, linked in the filing's own transaction; another
//! account's request for it is a 404; the same form filed anonymously still works and is
//! linked to no one. On SQLite and PostgreSQL.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use sqlx::Row as _;

use crate::citizen_accounts::{account_id, registered};
use crate::common::{Client, TestApp, app_on};
use crate::services_portal::{ID_NO, PDF, PNG, receipt};

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn between<'a>(body: &'a str, start: &str) -> &'a str {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("{start}: {body}"))
        + start.len();
    let rest = &body[at..];
    &rest[..rest.find('<').unwrap()]
}

/// The number is in the owner's space at once, its item opens for the owner and is a 404
/// for `other`.
async fn only_the_owners(app: &TestApp, owner: &Client, other: &Client, number: &str) {
    let space = app.get("/account/space", Some(owner)).await;
    assert!(space.body.contains(number), "{number}: {}", space.body);
    let elsewhere = app.get("/account/space", Some(other)).await;
    assert!(!elsewhere.body.contains(number));
    let id = account_id(app, owner).await;
    let items = accounts::space::items(&app.platform.db, id).await.unwrap();
    let item = items.iter().find(|i| i.number == number).unwrap();
    assert_eq!(item.how, "filed");
    let path = format!("/account/space/items/{}", item.id);
    assert_eq!(app.get(&path, Some(owner)).await.status, StatusCode::OK);
    assert_eq!(
        app.get(&path, Some(other)).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn linked(app: &TestApp, number: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM account_items WHERE number = $1")
        .bind(number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn unit(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn hotline(app: &TestApp, client: Option<&Client>) -> String {
    let form = format!(
        "category=complaint_report&content={}&location={}&name={}&phone=13912345678",
        enc("小区门口夜间施工噪音扰民，持续一周"),
        enc("甘州区青年东街"),
        enc("王五"),
    );
    let filed = app.post("/hotline", client, &form).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    between(&filed.body, "id=\"appeal-number\">").to_owned()
}

async fn service(app: &TestApp, client: Option<&Client>) -> String {
    let answer = app
        .post_multipart(
            "/services/items/GZ-RS-0001/apply",
            client,
            &[
                ("name", "张三丰"),
                ("id_no", ID_NO),
                ("phone", "13812345678"),
                ("action", "submit"),
            ],
            &[
                ("m_id_card", "身份证.pdf", PDF),
                ("m_photo", "照片.png", PNG),
            ],
        )
        .await;
    receipt(&answer).0
}

async fn openness(app: &TestApp, client: Option<&Client>) -> String {
    let office = unit(app, "gz-office").await;
    let form = format!(
        "unit={office}&kind=natural_person&name={}&id_number=620702198001011234\
         &phone=13900000000&description={}&form=electronic",
        enc("张三"),
        enc("2025年城区道路改造立项批复"),
    );
    let applied = app.post("/openness/apply", client, &form).await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    between(&applied.body, "id=\"number\">").to_owned()
}

async fn message(app: &TestApp, client: Option<&Client>, phone: &str) -> String {
    let office = unit(app, "gz-office").await;
    let typed = format!(
        "channel=leader_mailbox&site={office}&name={}&title={}&content={}&page=&publish=yes",
        enc("王小明"),
        enc("学校门口积水"),
        enc("请处理"),
    );
    let sent = app
        .post("/messages/code", client, &format!("phone={phone}&{typed}"))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let body: String = sqlx::query(
        "SELECT body FROM outbox WHERE subject = '网站留言验证码' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap()
    .try_get("body")
    .unwrap();
    let code: String = body.chars().filter(char::is_ascii_digit).take(6).collect();
    let written = app
        .post(
            "/messages/submit",
            client,
            &format!("{typed}&phone={phone}&code={code}"),
        )
        .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.body);
    between(&written.body, "id=\"number\">").to_owned()
}

#[tokio::test]
async fn each_public_form_filed_while_logged_in_is_in_my_space_at_once() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let actor = AuditActor::system("test");
        demo::catalogue::seed(&app.platform.db, &actor)
            .await
            .unwrap();
        demo::catalogue::seed_files(&app.platform.db, &app.platform.key, &actor)
            .await
            .unwrap();
        let alice = registered(&app, "13800138032", "11010519491231002X").await;
        let bob = registered(&app, "13800138033", "110105194912310038").await;

        let number = hotline(&app, Some(&alice)).await;
        only_the_owners(&app, &alice, &bob, &number).await;
        let anonymous = hotline(&app, None).await;
        assert_eq!(linked(&app, &anonymous).await, 0);

        let number = service(&app, Some(&alice)).await;
        only_the_owners(&app, &alice, &bob, &number).await;
        let anonymous = service(&app, None).await;
        assert_eq!(linked(&app, &anonymous).await, 0);

        let number = openness(&app, Some(&bob)).await;
        only_the_owners(&app, &bob, &alice, &number).await;
        let anonymous = openness(&app, None).await;
        assert_eq!(linked(&app, &anonymous).await, 0);

        let number = message(&app, Some(&bob), "13700001111").await;
        only_the_owners(&app, &bob, &alice, &number).await;
        let anonymous = message(&app, None, "13700002222").await;
        assert_eq!(linked(&app, &anonymous).await, 0);
    }
}

/// Issue 23 item 3: the forms pre-filled from the account — the name written in, the ID
/// number and phone only masked in the page and filled in on the server when left empty.
#[tokio::test]
async fn forms_are_prefilled_from_the_account_the_numbers_masked() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let actor = AuditActor::system("test");
        demo::catalogue::seed(&app.platform.db, &actor)
            .await
            .unwrap();
        demo::catalogue::seed_files(&app.platform.db, &app.platform.key, &actor)
            .await
            .unwrap();
        let alice = registered(&app, "13800138042", "11010519491231002X").await;
        let anonymous = app.get("/services/items/GZ-RS-0001/apply", None).await;
        assert!(!anonymous.body.contains("已从您的账号填入"));

        let page = app
            .get("/services/items/GZ-RS-0001/apply", Some(&alice))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("value=\"张三\""), "{}", page.body);
        assert!(
            page.body.contains("已从您的账号填入 110105"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("11010519491231002X"));
        assert!(!page.body.contains("13800138042"));
        // Left empty: the account's ID number and phone are used.
        let answer = app
            .post_multipart(
                "/services/items/GZ-RS-0001/apply",
                Some(&alice),
                &[
                    ("name", "张三"),
                    ("id_no", ""),
                    ("phone", ""),
                    ("action", "submit"),
                ],
                &[
                    ("m_id_card", "身份证.pdf", PDF),
                    ("m_photo", "照片.png", PNG),
                ],
            )
            .await;
        let (number, _) = receipt(&answer);
        assert_eq!(linked(&app, &number).await, 1);

        let hotline_page = app.get("/hotline", Some(&alice)).await;
        assert!(hotline_page.body.contains("value=\"张三\""));
        assert!(hotline_page.body.contains("已从您的账号填入 138"));
        assert!(!hotline_page.body.contains("13800138042"));
        let form = format!(
            "category=complaint_report&content={}&location={}&name={}&phone=",
            enc("小区门口夜间施工噪音扰民，持续一周"),
            enc("甘州区青年东街"),
            enc("张三"),
        );
        let filed = app.post("/hotline", Some(&alice), &form).await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
        let number = between(&filed.body, "id=\"appeal-number\">").to_owned();
        assert_eq!(linked(&app, &number).await, 1);

        let openness_page = app.get("/openness/apply", Some(&alice)).await;
        assert!(openness_page.body.contains("id=\"account-note\""));
        assert!(!openness_page.body.contains("11010519491231002X"));
    }
}
