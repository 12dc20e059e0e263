//! Issue 23 items 2–5 through the router, on SQLite and PostgreSQL: WEB-PERSONAL for a
//! logged-in person (subscribe on a column's page, the list in 我的空间, a new article as
//! the platform's message, unsubscribe), the ratings given and the messages of a business's
//! status; an enterprise's representative authorising and revoking an agent, who acts for
//! the enterprise only while authorised (refused and audited otherwise); the phone
//! corrected with an SMS code; 注册用户数 and the cases filed with an account in the
//! portal's annual report; and every new route refusing an anonymous visitor and a staff
//! session alike (the account's cookie only).

use axum::http::StatusCode;
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use sqlx::Row as _;

use crate::citizen_accounts::{account_id, registered};
use crate::common::{Answer, TestApp, app_on};
use crate::sites_submissions::session_by_name;
use crate::sites_world::{SiteWorld, news};

const USCC: &str = "91620702MA71ABCD1P";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn value_of<'a>(page: &'a Answer, marker: &str) -> &'a str {
    let start = page
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("{marker}: {}", page.body))
        + marker.len();
    let rest = &page.body[start..];
    &rest[..rest.find('<').unwrap_or(rest.len())]
}

/// WEB-PERSONAL: subscribe on the column's page, a new article as a message, the list in
/// the space, unsubscribe from it; the ratings given; the status of a business as a
/// message, once.
#[tokio::test]
async fn web_personal_subscriptions_messages_and_ratings_in_my_space() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let alice = registered(&app, "13800138052", "11010519491231002X").await;
        let bob = registered(&app, "13800138053", "110105194912310038").await;
        let column = format!("/sites/6207020003/columns/{}", w.news.0);
        let anonymous = app.get(&column, None).await;
        assert!(!anonymous.body.contains("account-follow"));
        let page = app.get(&column, Some(&alice)).await;
        assert!(
            page.body.contains("订阅本栏目（我的空间）"),
            "{}",
            page.body
        );
        let form = format!("column={}&action=add&back=column", w.news.0);
        let added = app
            .post("/account/subscriptions", Some(&alice), &form)
            .await;
        assert_eq!(added.location(), format!("/columns/{}", w.news.0));
        let page = app.get(&column, Some(&alice)).await;
        assert!(page.body.contains("您已订阅本栏目"));
        let soon = Instant::from_millis(now_ms() + 1_000);
        w.publish_at(w.news, news("区教育局发布秋季招生公告"), soon)
            .await;

        let space = app.get("/account/space", Some(&alice)).await;
        assert!(
            space.body.contains("id=\"subscriptions\""),
            "{}",
            space.body
        );
        assert!(space.body.contains("您订阅的栏目"), "{}", space.body);
        assert!(space.body.contains("区教育局发布秋季招生公告"));
        assert!(space.body.contains("<strong class=\"new\">新</strong>"));
        // Shown once as new; read the next time; Bob sees none of it.
        let again = app.get("/account/space", Some(&alice)).await;
        assert!(!again.body.contains("<strong class=\"new\">新</strong>"));
        assert_eq!(
            again.body.matches("区教育局发布秋季招生公告").count(),
            1,
            "one message per article"
        );
        let other = app.get("/account/space", Some(&bob)).await;
        assert!(!other.body.contains("区教育局发布秋季招生公告"));

        // A business of the space: its status is a message; a rating given is listed.
        let filing = format!(
            "category=complaint_report&content={}&location={}&phone=13912345678",
            enc("小区门口夜间施工噪音扰民，持续一周"),
            enc("甘州区青年东街"),
        );
        let filed = app.post("/hotline", Some(&alice), &filing).await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
        let alice_id = account_id(&app, &alice).await;
        let items = accounts::space::items(&app.platform.db, alice_id)
            .await
            .unwrap();
        let unit = scalar(&app, "SELECT MIN(id) AS n FROM units").await;
        sqlx::query(
            "INSERT INTO evaluations (subject_type, subject_id, round, unit_id, channel, level, \
             comment, created_at) VALUES ('order', $1, 1, $2, 'web', 4, '办理及时', $3)",
        )
        .bind(items[0].object_id.to_string())
        .bind(unit)
        .bind(now_ms())
        .execute(&app.platform.db.pool)
        .await
        .unwrap();
        let space = app.get("/account/space", Some(&alice)).await;
        assert!(space.body.contains("★★★★☆"), "{}", space.body);
        assert!(space.body.contains("办理及时"));
        assert!(
            space
                .body
                .contains(&format!("您的12345 诉求 {}", items[0].number)),
            "{}",
            space.body
        );

        if std::env::var("ZHENGWU_WALK23_SCREENSHOTS").as_deref() == Ok("1") {
            // A second article, so the space shows a new message next to a read one.
            let later = Instant::from_millis(now_ms() + 2_000);
            w.publish_at(w.news, news("区教育局公布义务教育学校划片范围"), later)
                .await;
            let pages = [
                ("/account/space", "space-messages"),
                (column.as_str(), "column-follow"),
                ("/hotline", "hotline-prefilled"),
                ("/account/contact", "contact"),
            ];
            crate::citizen_screens::take_pages(&app, &alice, &pages).await;
        }
        let form = format!("column={}&action=remove&back=space", w.news.0);
        let removed = app
            .post("/account/subscriptions", Some(&alice), &form)
            .await;
        assert_eq!(removed.location(), "/account/space");
        let space = app.get("/account/space", Some(&alice)).await;
        assert!(!space.body.contains("id=\"subscriptions\""));
        // The annual report: 注册用户数 and the cases filed with an account (issue 23 item 5).
        let leader = session_by_name(&app, "t.office.leader").await;
        let year = chrono::Utc::now().format("%Y").to_string();
        let path = format!("/office/sites/{}/annual/{year}", w.portal.0);
        let annual = app.get(&path, Some(&leader)).await;
        assert_eq!(annual.status, StatusCode::OK, "{}", annual.body);
        assert_eq!(value_of(&annual, "id=\"v-service_users\">"), "2");
        assert!(annual.body.contains("id=\"cases-with-account\""));
    }
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Issue 23 item 2 bad input: the representative authorises and revokes an agent; the agent
/// acts for the enterprise (its name and 统一社会信用代码 filled into a form) only while
/// authorised; anyone else is refused and the attempt audited, nothing changed.
#[tokio::test]
async fn an_agent_acts_for_the_enterprise_only_while_authorised() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        demo::catalogue::seed(&app.platform.db, &AuditActor::system("test"))
            .await
            .unwrap();
        let alice = registered(&app, "13800138062", "11010519491231002X").await;
        let bob = registered(&app, "13800138063", "110105194912310038").await;
        let carol = registered(&app, "13800138064", "110105194912310046").await;
        let form = format!("name={}&uscc={USCC}", enc("甘州区示例商贸有限公司"));
        let made = app.post("/account/enterprises", Some(&alice), &form).await;
        assert!(made.body.contains("已登记企业账号"), "{}", made.body);
        let enterprise = scalar(&app, "SELECT MAX(id) AS n FROM accounts").await;
        let form = format!("enterprise={enterprise}&phone=13800138063");
        let authorised = app
            .post("/account/enterprises/agents", Some(&alice), &form)
            .await;
        assert!(
            authorised.body.contains("已授权经办人"),
            "{}",
            authorised.body
        );
        assert!(authorised.body.contains("138****8063"));
        // Carol may not authorise anyone, nor act for it: refused, audited.
        let denied = "SELECT COUNT(*) AS n FROM audit_log WHERE action IN \
                      ('account.act_for', 'account.agent') AND outcome = 'denied'";
        let before = scalar(&app, denied).await;
        let form = format!("enterprise={enterprise}&phone=13800138064");
        let refused = app
            .post("/account/enterprises/agents", Some(&carol), &form)
            .await;
        assert!(refused.body.contains("notice error"), "{}", refused.body);
        let act = format!("enterprise={enterprise}");
        let refused = app
            .post("/account/enterprises/act", Some(&carol), &act)
            .await;
        assert!(refused.body.contains("notice error"), "{}", refused.body);
        assert_eq!(scalar(&app, denied).await, before + 2);
        let agents = "SELECT COUNT(*) AS n FROM account_agents";
        assert_eq!(scalar(&app, agents).await, 1);

        // Bob acts for it: the enterprise's form is pre-filled.
        let acting = app.post("/account/enterprises/act", Some(&bob), &act).await;
        assert!(
            acting.body.contains("已改为以企业名义办理"),
            "{}",
            acting.body
        );
        let apply = "/services/items/GZ-SC-0004/apply";
        let page = app.get(apply, Some(&bob)).await;
        assert!(
            page.body.contains(&format!("value=\"{USCC}\"")),
            "{}",
            page.body
        );
        // Revoked: no longer pre-filled, acting refused again.
        let bob_id = account_id(&app, &bob).await;
        let revoke = format!("enterprise={enterprise}&person={bob_id}");
        let revoked = app
            .post("/account/enterprises/agents/revoke", Some(&alice), &revoke)
            .await;
        assert!(revoked.body.contains("已撤销"), "{}", revoked.body);
        let page = app.get(apply, Some(&bob)).await;
        assert!(!page.body.contains(&format!("value=\"{USCC}\"")));
        let refused = app.post("/account/enterprises/act", Some(&bob), &act).await;
        assert!(refused.body.contains("notice error"), "{}", refused.body);
        let listed = app.get("/account/enterprises", Some(&bob)).await;
        assert!(!listed.body.contains("甘州区示例商贸有限公司"));
        if std::env::var("ZHENGWU_WALK23_SCREENSHOTS").as_deref() == Ok("1") {
            let pages = [("/account/enterprises", "enterprises")];
            crate::citizen_screens::take_pages(&app, &alice, &pages).await;
            let form = format!("enterprise={enterprise}&phone=13800138063");
            app.post("/account/enterprises/agents", Some(&alice), &form)
                .await;
            app.post("/account/enterprises/act", Some(&bob), &act).await;
            let pages = [(apply, "services-prefilled-agent")];
            crate::citizen_screens::take_pages(&app, &bob, &pages).await;
        }
    }
}

/// Issue 23 item 4: the phone corrected only with the new phone's SMS code; a wrong code
/// changes nothing.
#[tokio::test]
async fn the_phone_is_corrected_with_an_sms_code() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let alice = registered(&app, "13800138072", "11010519491231002X").await;
        let page = app.get("/account/contact", Some(&alice)).await;
        assert!(page.body.contains("138****8072"), "{}", page.body);
        let sent = app
            .post("/account/contact/code", Some(&alice), "phone=13900001234")
            .await;
        assert!(sent.body.contains("验证码已发送"), "{}", sent.body);
        let body: String = sqlx::query(
            "SELECT body FROM outbox WHERE subject = '账号注册验证码' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("body")
        .unwrap();
        let code: String = body.chars().filter(char::is_ascii_digit).take(6).collect();
        let wrong = app
            .post(
                "/account/contact",
                Some(&alice),
                "phone=13900001234&code=000000",
            )
            .await;
        assert!(wrong.body.contains("notice error"), "{}", wrong.body);
        assert!(wrong.body.contains("138****8072"));
        let right = app
            .post(
                "/account/contact",
                Some(&alice),
                &format!("phone=13900001234&code={code}"),
            )
            .await;
        assert!(right.body.contains("手机号码已更正"), "{}", right.body);
        assert!(right.body.contains("139****1234"));
    }
}

/// The new account routes answer only an account's session: an anonymous visitor and a
/// staff session (any role) are both sent to the account login, nothing done.
#[tokio::test]
async fn the_new_account_routes_refuse_anonymous_and_staff_sessions() {
    let app = crate::common::app().await;
    let routes: &[(&str, &str, &str)] = &[
        ("GET", "/account/enterprises", ""),
        ("POST", "/account/enterprises", "name=x&uscc=y"),
        ("POST", "/account/enterprises/act", "enterprise=1"),
        (
            "POST",
            "/account/enterprises/agents",
            "enterprise=1&phone=13800138000",
        ),
        (
            "POST",
            "/account/enterprises/agents/revoke",
            "enterprise=1&person=2",
        ),
        ("GET", "/account/contact", ""),
        ("POST", "/account/contact", "phone=13800138000&code=123456"),
        ("POST", "/account/contact/code", "phone=13800138000"),
        ("POST", "/account/subscriptions", "column=1&action=add"),
        ("GET", "/account/space/materials/1", ""),
        ("GET", "/account/space/licences/1", ""),
    ];
    let before = app.audit_seq().await;
    for role in [None, Some(Role::SystemAdmin), Some(Role::UnitLeader)] {
        let client = match role {
            Some(role) => Some(app.login_as(role).await),
            None => None,
        };
        let start = app.audit_seq().await;
        for (method, path, body) in routes {
            let answer = match *method {
                "GET" => app.get(path, client.as_ref()).await,
                _ => app.post(path, client.as_ref(), body).await,
            };
            assert_eq!(
                answer.status,
                StatusCode::SEE_OTHER,
                "{method} {path} {role:?}"
            );
            assert_eq!(answer.location(), "/account/login", "{method} {path}");
        }
        assert_eq!(app.audit_seq().await, start, "{role:?}: nothing recorded");
    }
    assert!(app.audit_seq().await >= before);
}
