//! Consultations and interviews by HTTP, on both backends (MSG-CONSULT, PUB-PRECONSULT,
//! MSG-INTERVIEW): the editor decides (a draft without the no-secrets confirmation refused)
//! and publishes; a citizen asks for a code, votes (a second vote refused, nothing changed)
//! and comments on the public page, which shows the results; another unit's editor finds
//! nothing; an interview announced, started, a question asked and answered, its answer
//! arriving on the event stream, then ended with its transcript.

use axum::http::StatusCode;
use calendar::Instant;
use consultation::usecase::phone;
use platform::audit::AuditActor;
use platform::personal::PhoneNumber;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};
use crate::sites_submissions::staff_in;

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The portal of the site group (made through the sites' use cases).
async fn site(app: &TestApp) -> i64 {
    crate::sites_world::SiteWorld::new(app).await.portal.0
}

/// A code for `mobile` sent `ahead` ms from now (one code a minute per phone).
async fn code(app: &TestApp, mobile: &str, ahead: i64) -> String {
    let now = Instant::from_millis(platform::db::now_ms() + ahead);
    let actor = AuditActor::anonymous("127.0.0.1");
    let number = PhoneNumber::parse(mobile).unwrap();
    phone::send_code(&app.platform.db, &app.platform.key, &actor, &number, now)
        .await
        .unwrap()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// MSG-CONSULT, PUB-PRECONSULT: a topic decided, published, voted and commented on.
#[tokio::test]
async fn msg_consult_a_topic_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let site = site(&app).await;
        let editor = app.demo_session("editor").await;
        let list = app.get("/office/consultations", Some(&editor)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("决定征求意见"));
        let questions = enc("您的意见？\n单选：是否赞成｜赞成｜不赞成");
        let form = format!(
            "site={site}&title={}&draft={}&days=10&questions={questions}",
            enc("停车收费调整"),
            enc("拟调整停车收费。")
        );
        let refused = app
            .post("/office/consultations", Some(&editor), &form)
            .await;
        assert!(
            refused.body.contains("请确认草案不涉及国家秘密"),
            "{}",
            refused.body
        );
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM consultation_topics").await,
            0
        );
        let decided = app
            .post(
                "/office/consultations",
                Some(&editor),
                &format!("{form}&no_secrets=yes"),
            )
            .await;
        assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
        let page = decided.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let office = app.get(&page, Some(&editor)).await;
        assert!(office.body.contains("预公开期限"));
        let stranger = staff_in(&app, "gz-market", Role::SiteEditor, "c.stranger").await;
        let hidden = app.get(&page, Some(&stranger)).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let published = app
            .post(&format!("{page}/publish"), Some(&editor), "version=1")
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
        let early = app
            .post(
                &format!("{page}/report"),
                Some(&editor),
                "version=2&summary=x",
            )
            .await;
        assert!(early.body.contains("征集期尚未结束"), "{}", early.body);

        let public = format!("/consultations/{id}");
        assert!(
            app.get("/consultations", None)
                .await
                .body
                .contains("停车收费调整")
        );
        let shown = app.get(&public, None).await;
        assert!(shown.body.contains("征集中"), "{}", shown.body);
        let sent = app
            .post(&format!("{public}/code"), None, "phone=13800001234")
            .await;
        assert!(sent.body.contains("验证码已发送至"), "{}", sent.body);

        let first = code(&app, "13800005678", 0).await;
        let voted = app
            .post(
                &format!("{public}/vote"),
                None,
                &format!("q1=0&phone=13800005678&code={first}"),
            )
            .await;
        assert!(voted.body.contains("投票成功"), "{}", voted.body);
        let again = code(&app, "13800005678", 61_000).await;
        let twice = app
            .post(
                &format!("{public}/vote"),
                None,
                &format!("q1=1&phone=13800005678&code={again}"),
            )
            .await;
        assert!(twice.body.contains("只能投票一次"), "{}", twice.body);
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM consultation_votes").await,
            1
        );
        let bad = app
            .post(
                &format!("{public}/vote"),
                None,
                "q1=0&phone=13800005679&code=000000",
            )
            .await;
        assert!(bad.body.contains("验证码"), "{}", bad.body);

        let said = code(&app, "13800009876", 0).await;
        let comment = format!(
            "body={}&nickname={}&phone=13800009876&code={said}",
            enc("建议夜间免费"),
            enc("老王")
        );
        let commented = app.post(&format!("{public}/comment"), None, &comment).await;
        assert!(
            commented.body.contains("意见已提交并显示"),
            "{}",
            commented.body
        );
        assert!(commented.body.contains("建议夜间免费"));
        let office = app.get(&page, Some(&editor)).await;
        assert!(office.body.contains("138****9876"), "the phone masked");
        assert!(!office.body.contains("13800009876"));
    }
}

/// MSG-INTERVIEW: announced, live with an answer on the event stream, ended as a transcript.
#[tokio::test]
async fn msg_interview_by_http_with_live_answers() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let site = site(&app).await;
        let editor = app.demo_session("editor").await;
        let past = format!(
            "site={site}&title={}&summary={}&guests={}&starts=2020-01-01T09:00",
            enc("营商环境"),
            enc("解读措施"),
            enc("主任")
        );
        let refused = app.post("/office/interviews", Some(&editor), &past).await;
        assert!(refused.body.contains("提前发布预告"), "{}", refused.body);
        let tomorrow = Instant::from_millis(platform::db::now_ms() + 86_400_000).local_date();
        let form = past.replace("2020-01-01", &tomorrow.format("%Y-%m-%d").to_string());
        let announced = app.post("/office/interviews", Some(&editor), &form).await;
        assert_eq!(
            announced.status,
            StatusCode::SEE_OTHER,
            "{}",
            announced.body
        );
        let page = announced.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let public = format!("/interviews/{id}");
        assert!(app.get(&public, None).await.body.contains("访谈预告"));
        let asked_code = code(&app, "13800004321", 0).await;
        let ask = format!(
            "body={}&phone=13800004321&code={asked_code}",
            enc("何时办结？")
        );
        let asked = app.post(&format!("{public}/ask"), None, &ask).await;
        assert!(asked.body.contains("提问已提交"), "{}", asked.body);
        let started = app.post(&format!("{page}/start"), Some(&editor), "").await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
        assert!(app.get(&public, None).await.body.contains("data-live"));
        let question: i64 = scalar(&app, "SELECT MAX(id) FROM interview_questions").await;
        let events = format!("{public}/events");
        let (stream, ()) = tokio::join!(app.get(&events, None), async {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let answer = format!(
                "question={question}&guest={}&answer={}",
                enc("主任"),
                enc("三个工作日。")
            );
            let answered = app
                .post(&format!("{page}/answer"), Some(&editor), &answer)
                .await;
            assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
            tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
            let ended = app.post(&format!("{page}/end"), Some(&editor), "").await;
            assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
        });
        assert!(stream.body.contains("event: answer"), "{}", stream.body);
        assert!(stream.body.contains("三个工作日。"));
        assert!(stream.body.contains("event: ended"));
        let transcript = app.get(&public, None).await;
        assert!(transcript.body.contains("文字实录"));
        assert!(transcript.body.contains("三个工作日。"));
        let late_code = code(&app, "13800004322", 0).await;
        let late = format!("body=x&phone=13800004322&code={late_code}");
        let late = app.post(&format!("{public}/ask"), None, &late).await;
        assert!(late.body.contains("访谈已经结束"), "{}", late.body);
    }
}
