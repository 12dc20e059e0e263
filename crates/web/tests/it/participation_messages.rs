//! The sites' messages by HTTP (MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH,
//! MSG-QUERY), on both backends: the channels with their limits shown publicly, a citizen's
//! message with a phone verified by an SMS code — every problem at once, nothing stored —
//! its number and query code, the editor's desk routing it, another unit told it does not
//! exist, the unit's reply, its leader's review, the publication, the published page, and
//! the writer's query and rating, and the published message drafted as an FAQ entry of the
//! knowledge base.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app_on};
use crate::sites_submissions::staff_in;

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body.find(start).map(|i| i + start.len()).unwrap_or(0);
    let rest = &body[from..];
    &rest[..rest.find(end).unwrap_or(0)]
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
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

fn redirected(answer: &Answer, what: &str) {
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        between(&answer.body, "role=\"alert\">", "<")
    );
}

async fn command(app: &TestApp, who: &Client, id: i64, form: &str) -> Answer {
    let version = scalar(
        app,
        &format!("SELECT version AS n FROM participation_messages WHERE id = {id}"),
    )
    .await;
    let path = format!("/office/participation/messages/{id}/command");
    app.post(&path, Some(who), &format!("version={version}&{form}"))
        .await
}

/// MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY: a citizen's message
/// to the leader mailbox through to its published reply and the writer's rating.
#[tokio::test]
async fn msg_a_citizens_message_through_to_its_published_reply_and_rating() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let office = unit(&app, "gz-office").await;
        let education = unit(&app, "gz-education").await;
        // MSG-LIMITS: the limits are shown publicly (ganzhou: mailbox 5 WD, errors 3 WD).
        let list = app.get("/messages", None).await;
        assert_eq!(list.status, StatusCode::OK);
        let limits = between(&list.body, "id=\"limits\"", "</table>");
        assert!(limits.contains("领导信箱") && limits.contains("我为政府网站找错"));
        assert!(limits.contains('5') && limits.contains('3'), "{limits}");
        let jiucuo = app.get("/jiucuo", None).await;
        assert!(jiucuo.body.contains("/messages/new?channel=site_error"));

        // Every problem at once, nothing stored.
        let refused = app
            .post("/messages/submit", None, "channel=leader_mailbox")
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        for part in ["姓名", "手机号码", "标题", "留言内容"] {
            assert!(refused.body.contains(part), "{part}");
        }
        let count = "SELECT COUNT(*) AS n FROM participation_messages";
        assert_eq!(scalar(&app, count).await, 0);

        // The phone verified by an SMS code: the code button is a button of the letter's own
        // form (formaction), so what was typed before asking for the code comes back with it.
        let page = app.get("/messages/new", None).await;
        assert!(
            page.body
                .contains("formaction=\"/messages/code\" formnovalidate"),
            "{}",
            page.body
        );
        let phone = "13900000077";
        let typed = "title=%E5%B7%B2%E5%86%99%E5%A5%BD%E7%9A%84%E6%A0%87%E9%A2%98\
                     &content=%E5%B7%B2%E5%86%99%E5%A5%BD%E7%9A%84%E5%86%85%E5%AE%B9";
        let sent = app
            .post("/messages/code", None, &format!("phone={phone}&{typed}"))
            .await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(sent.body.contains("验证码已发送"));
        assert!(
            sent.body.contains("已写好的标题") && sent.body.contains("已写好的内容"),
            "{}",
            sent.body
        );
        let body: String = sqlx::query(
            "SELECT body FROM outbox WHERE subject = '网站留言验证码' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("body")
        .unwrap();
        let code: String = body.chars().filter(char::is_ascii_digit).take(6).collect();
        let form = |code: &str| {
            format!(
                "channel=leader_mailbox&site={office}&name=%E7%8E%8B%E5%B0%8F%E6%98%8E&phone={phone}\
                 &code={code}&title=%E5%AD%A6%E6%A0%A1%E9%97%A8%E5%8F%A3%E7%A7%AF%E6%B0%B4\
                 &content=%E8%AF%B7%E5%A4%84%E7%90%86&page=&publish=yes"
            )
        };
        let wrong = app.post("/messages/submit", None, &form("000000x")).await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert!(wrong.body.contains("验证码不正确"));
        let written = app.post("/messages/submit", None, &form(&code)).await;
        assert_eq!(written.status, StatusCode::OK, "{}", written.body);
        let number = between(&written.body, "id=\"number\">", "<").to_owned();
        let query_code = between(&written.body, "id=\"query-code\">", "<").to_owned();
        assert!(number.starts_with("LY"), "{number}");
        let id = scalar(&app, "SELECT MAX(id) AS n FROM participation_messages").await;

        // MSG-ROUTE: the editor's desk; the writer masked.
        let editor = staff_in(&app, "gz-office", Role::SiteEditor, "t.msg.editor").await;
        let desk = app
            .get("/office/participation/messages", Some(&editor))
            .await;
        assert!(desk.body.contains(&number));
        let page_path = format!("/office/participation/messages/{id}");
        let page = app.get(&page_path, Some(&editor)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("王小明") && !page.body.contains(phone));
        let routed = command(
            &app,
            &editor,
            id,
            &format!("command=route&unit={education}&note="),
        )
        .await;
        redirected(&routed, "route");

        // Another unit is told the message does not exist; its command changes nothing.
        let stranger = staff_in(&app, "gz-market", Role::UnitHandler, "t.msg.market").await;
        assert_eq!(
            app.get(&page_path, Some(&stranger)).await.status,
            StatusCode::NOT_FOUND
        );
        let reply = "command=reply&note=%E5%B7%B2%E5%A4%84%E7%90%86";
        let refused = command(&app, &stranger, id, reply).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);

        let handler = staff_in(&app, "gz-education", Role::UnitHandler, "t.msg.edu").await;
        redirected(&command(&app, &handler, id, reply).await, "reply");
        // MSG-REVIEW: the leader mailbox's reply is reviewed by the petition bureau.
        let leader = staff_in(&app, "gz-education", Role::UnitLeader, "t.msg.edul").await;
        let not_reviewer = command(&app, &leader, id, "command=approve&note=").await;
        assert_eq!(not_reviewer.status, StatusCode::FORBIDDEN);
        assert!(not_reviewer.body.contains("信访部门审核"));
        let petition = staff_in(&app, "gz-petition", Role::UnitHandler, "t.msg.pet").await;
        redirected(
            &command(&app, &petition, id, "command=approve&note=").await,
            "approve",
        );
        redirected(
            &command(&app, &editor, id, "command=publish").await,
            "publish",
        );

        // MSG-PUBLISH: the published page with acceptance date, reply date, unit, content.
        let public = app.get(&format!("/messages/{id}"), None).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("区教育局") && public.body.contains("已处理"));
        assert!(!public.body.contains(phone));

        // MSG-QUERY: the writer's query and rating; a wrong code finds nothing.
        let bad = app
            .post(
                "/messages/query",
                None,
                &format!("number={number}&code=XXXX-XXXX"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let found = app
            .post(
                "/messages/query",
                None,
                &format!("number={number}&code={query_code}"),
            )
            .await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.body.contains("rate-form"));
        let rated = app
            .post(
                "/messages/rate",
                None,
                &format!("number={number}&code={query_code}&timeliness=5&quality=4&comment="),
            )
            .await;
        assert!(rated.body.contains("评价已提交"), "{}", rated.body);
        let stats = app
            .get("/office/participation/statistics", Some(&editor))
            .await;
        assert_eq!(stats.status, StatusCode::OK);
        assert!(stats.body.contains("区教育局"));
        // MSG-PUBLISH: the statistics are published on the portal too (counts, never a writer).
        let public = app.get("/messages/statistics", None).await;
        assert_eq!(public.status, StatusCode::OK);
        let row = public
            .body
            .split("<tr>")
            .find(|row| row.contains("区教育局"))
            .unwrap_or_default()
            .to_owned();
        assert!(row.contains("<td>1</td>"), "one message answered: {row}");
        assert!(
            app.get("/messages", None)
                .await
                .body
                .contains("/messages/statistics")
        );

        // MSG-PUBLISH: a frequent question becomes an FAQ entry of the knowledge base — once,
        // as a draft of the replying unit that the hotline reviews as usual.
        assert!(
            app.get(&page_path, Some(&editor))
                .await
                .body
                .contains("faq-form")
        );
        let faq = format!("{page_path}/faq");
        let drafts = format!(
            "SELECT COUNT(*) AS n FROM kb_entries WHERE owner_unit_id = {education} \
             AND status = 'draft' AND category = '政民互动'"
        );
        let stale = app.post(&faq, Some(&editor), "version=x").await;
        assert_eq!(stale.status, StatusCode::BAD_REQUEST);
        assert!(stale.body.contains("notice error"));
        assert_eq!(scalar(&app, &drafts).await, 0);
        let version = format!("SELECT version AS n FROM participation_messages WHERE id = {id}");
        let current = scalar(&app, &version).await;
        let made = app
            .post(&faq, Some(&editor), &format!("version={current}"))
            .await;
        redirected(&made, "faq");
        assert_eq!(scalar(&app, &drafts).await, 1);
        let page = app.get(&page_path, Some(&editor)).await;
        assert!(!page.body.contains("faq-form") && page.body.contains("已转为知识库问答"));
        let current = scalar(&app, &version).await;
        let again = app
            .post(&faq, Some(&handler), &format!("version={current}"))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert!(again.body.contains("不能重复转换"));
        assert_eq!(scalar(&app, &drafts).await, 1);
        let kb = app.get("/office/kb", Some(&handler)).await;
        assert!(
            kb.body.contains("学校门口积水"),
            "the unit's drafts list it"
        );
    }
}
