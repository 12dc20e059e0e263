//! Public concerns by HTTP (PUB-RESPOND; 002 重大政策解读回应制度 §6), on both backends: the
//! government office's openness officer registers an ordinary concern about a policy of the
//! market bureau (without a summary it is refused, 400, what was typed kept, nothing stored);
//! the page shows the 48 h response clock; the office's response (403), a press conference for
//! an ordinary concern (400) and a stale page (409) are refused with a Chinese message and
//! nothing changed; the bureau's handler records the response with the time it took place; the
//! officer closes it; the list shows it to both units and nobody else. PUB-CLARIFY: false
//! information is released only after the recorded consent.

use axum::http::StatusCode;
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

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn pub_respond_registered_responded_and_closed_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let handler = app.demo_session("handler").await;
        let clerk = app.demo_session("clerk").await;
        let market = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let stored = "SELECT COUNT(*) AS n FROM openness_concerns";
        let form = app
            .get("/office/openness/concerns/new", Some(&officer))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body.contains("特别重大、重大突发事件舆情"),
            "{}",
            form.body
        );
        let policy = "关于农贸市场限时经营的通告";
        let base = format!(
            "policy={}&document=&unit={market}&source=media&noticed_at=&gravity=other",
            encoded(policy)
        );
        let refused = app
            .post("/office/openness/concerns", Some(&officer), &base)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("舆情摘要") && refused.body.contains(policy));
        assert_eq!(number(&app, stored).await, 0);
        let unknown = app
            .post(
                "/office/openness/concerns",
                Some(&officer),
                &format!("{base}&summary=x").replace("document=", "document=GW1"),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        assert!(
            unknown.body.contains("没有登记号为“GW1”的公文"),
            "{}",
            unknown.body
        );

        let made = app
            .post(
                "/office/openness/concerns",
                Some(&officer),
                &format!("{base}&summary={}", encoded("摊主质疑限时经营缺乏依据")),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let version = || async {
            number(
                &app,
                &format!("SELECT version AS n FROM openness_concerns WHERE id = {id}"),
            )
            .await
        };
        let office_page = app.get(&page, Some(&officer)).await;
        assert!(
            office_page.body.contains("回应期限（48小时）"),
            "{}",
            office_page.body
        );
        assert!(!office_page.body.contains("id=\"respond\""));

        let before = version().await;
        let respond = format!(
            "version={before}&text={}&place={}&at=",
            encoded("市场监管局说明限时经营的依据"),
            encoded("县政府门户网站")
        );
        let by_office = app
            .post(&format!("{page}/respond"), Some(&officer), &respond)
            .await;
        assert_eq!(by_office.status, StatusCode::FORBIDDEN);
        assert!(by_office.body.contains("回应主体"), "{}", by_office.body);
        let conference = app
            .post(
                &format!("{page}/press-conference"),
                Some(&handler),
                &respond,
            )
            .await;
        assert_eq!(conference.status, StatusCode::BAD_REQUEST);
        assert!(
            conference.body.contains("不适用于一般舆情"),
            "{}",
            conference.body
        );
        let stale = respond.replace(
            &format!("version={before}"),
            &format!("version={}", before - 1),
        );
        let stale = app
            .post(&format!("{page}/respond"), Some(&handler), &stale)
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("刷新"), "{}", stale.body);
        assert_eq!(version().await, before);

        let unit_page = app.get(&page, Some(&handler)).await;
        assert!(
            unit_page.body.contains("id=\"respond\""),
            "{}",
            unit_page.body
        );
        let responded = app
            .post(&format!("{page}/respond"), Some(&handler), &respond)
            .await;
        assert_eq!(
            responded.status,
            StatusCode::SEE_OTHER,
            "{}",
            responded.body
        );
        let close = format!(
            "version={}&outcome={}",
            version().await,
            encoded("舆情平息")
        );
        let closed = app
            .post(&format!("{page}/close"), Some(&officer), &close)
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
        let done = app.get(&format!("{page}?done=1"), Some(&officer)).await;
        assert!(
            done.body.contains("已办结") && done.body.contains("按期完成"),
            "{}",
            done.body
        );

        for (who, sees) in [(&officer, true), (&handler, true)] {
            let list = app.get("/office/openness/concerns", Some(who)).await;
            assert_eq!(list.body.contains(policy), sees, "{}", list.body);
        }
        let stranger = app.get(&page, Some(&clerk)).await;
        assert_ne!(stranger.status, StatusCode::OK);
    }
}

/// PUB-CLARIFY (002 发布协调 §8) by HTTP: a concern registered as false information shows the
/// bureau only the consent form; a response before the consent is refused (409, nothing
/// changed); after the bureau records the county government's consent the response goes
/// through, and the page shows who consented and with what reference.
#[tokio::test]
async fn pub_clarify_false_information_released_after_the_recorded_consent_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let handler = app.demo_session("handler").await;
        let market = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let made = app
            .post(
                "/office/openness/concerns",
                Some(&officer),
                &format!(
                    "policy={}&document=&unit={market}&source=internet&noticed_at=&gravity=other\
                     &summary={}&false_information=on",
                    encoded("关于农贸市场限时经营的通告"),
                    encoded("网传农贸市场将全部关停")
                ),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let version = || async {
            number(
                &app,
                &format!("SELECT version AS n FROM openness_concerns WHERE id = {id}"),
            )
            .await
        };
        let unit_page = app.get(&page, Some(&handler)).await;
        assert!(
            unit_page.body.contains("id=\"approval\""),
            "{}",
            unit_page.body
        );
        assert!(
            !unit_page.body.contains("id=\"respond\""),
            "{}",
            unit_page.body
        );

        let before = version().await;
        let respond = |version: i64| {
            format!(
                "version={version}&text={}&place={}&at=",
                encoded("农贸市场不会关停，仅调整早市时间"),
                encoded("县政府门户网站")
            )
        };
        let early = app
            .post(&format!("{page}/respond"), Some(&handler), &respond(before))
            .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert!(early.body.contains("PUB-CLARIFY"), "{}", early.body);
        assert_eq!(version().await, before);

        let consent = format!(
            "version={before}&by={}&reference={}&at=",
            encoded("县人民政府办公室"),
            encoded("县府办函〔2026〕12号")
        );
        let recorded = app
            .post(&format!("{page}/approval"), Some(&handler), &consent)
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let responded = app
            .post(
                &format!("{page}/respond"),
                Some(&handler),
                &respond(version().await),
            )
            .await;
        assert_eq!(
            responded.status,
            StatusCode::SEE_OTHER,
            "{}",
            responded.body
        );
        let seen = app.get(&page, Some(&officer)).await;
        assert!(
            seen.body.contains("县人民政府办公室同意") && seen.body.contains("已回应待办结"),
            "{}",
            seen.body
        );
    }
}
