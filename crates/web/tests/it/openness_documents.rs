//! The document register by HTTP (PUB-ATTR, PUB-CONFID, PUB-PROACTIVE, SEC-SECRET), on both
//! backends: the government office's openness officer registers a draft — without its
//! attribute it is returned (退文) with the title kept and nothing stored —, the office head
//! confirms it from its page, the officer records the review, and the portal's editor is
//! offered it on the new-draft page and drafts an article from it (then it is offered no more); a secret document is refused at the editor's page
//! with the reason, nothing stored. PUB-MEETING: a meeting plan states its openness or is
//! returned.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, TestApp, app_on};
use crate::sites_submissions::{session_by_name, staff_in};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn version(app: &TestApp, id: i64) -> i64 {
    count(
        app,
        &format!("SELECT version AS n FROM openness_documents WHERE id = {id}"),
    )
    .await
}

fn redirected(answer: &Answer, what: &str) -> String {
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        answer.body
    );
    answer.location().to_owned()
}

fn id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/office/openness/documents/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// PUB-ATTR, PUB-CONFID, PUB-PROACTIVE, SEC-SECRET: from the draft to the portal's article.
#[tokio::test]
async fn pub_attr_a_registered_document_reaches_the_portal_editor_and_a_secret_one_never_does() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let db = &app.platform.db;
        let officer = app.demo_session("openness").await;
        let head = staff_in(&app, "gz-office", Role::UnitLeader, "t.doc.head").await;
        let documents = "SELECT COUNT(*) AS n FROM openness_documents";

        // PUB-ATTR: no attribute — returned, the title kept, nothing stored.
        let form = app
            .get("/office/openness/documents/new", Some(&officer))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        let returned = app
            .post(
                "/office/openness/documents",
                Some(&officer),
                "title=%E5%85%B3%E4%BA%8E%E5%85%AC%E5%B8%83%E7%9A%84%E9%80%9A%E7%9F%A5",
            )
            .await;
        assert_eq!(returned.status, StatusCode::BAD_REQUEST);
        assert!(returned.body.contains("退文") && returned.body.contains("关于公布的通知"));
        assert_eq!(count(&app, documents).await, 0);

        let made = app
            .post(
                "/office/openness/documents",
                Some(&officer),
                "title=%E5%85%B3%E4%BA%8E%E5%85%AC%E5%B8%83%E7%9A%84%E9%80%9A%E7%9F%A5\
                 &issue_number=X1&kind=policy&attribute=proactive",
            )
            .await;
        let id = id_of(&redirected(&made, "register"));
        let page = app
            .get(&format!("/office/openness/documents/{id}"), Some(&officer))
            .await;
        assert!(page.body.contains("待签发人确认公开属性"), "{}", page.body);
        assert!(
            !page.body.contains("id=\"confirm\""),
            "only the signer confirms"
        );

        // PUB-ATTR: the signer confirms from the page; the officer reviews.
        let confirm = format!("version={}", version(&app, id).await);
        let path = format!("/office/openness/documents/{id}/confirm");
        redirected(&app.post(&path, Some(&head), &confirm).await, "confirm");
        let review = format!(
            "version={}&opinion=disclose&basis=%E4%BF%9D%E5%AF%86%E6%B3%95",
            version(&app, id).await
        );
        let path = format!("/office/openness/documents/{id}/review");
        redirected(&app.post(&path, Some(&officer), &review).await, "review");
        let list = app.get("/office/openness/documents", Some(&officer)).await;
        assert!(list.body.contains("可以发布"), "{}", list.body);
        // PUB-PROACTIVE: the signer's confirmation started the publication deadline.
        let page = app
            .get(&format!("/office/openness/documents/{id}"), Some(&officer))
            .await;
        assert!(page.body.contains("id=\"proactive\""), "{}", page.body);
        assert!(page.body.contains("尚未发布"), "{}", page.body);
        let number: String = sqlx::query("SELECT number FROM openness_documents WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("number")
            .unwrap();

        // PUB-PROACTIVE: the portal's editor drafts from the register number.
        let world = crate::sites_world::SiteWorld::new(&app).await;
        let column = world.portal_news.0;
        let editor = session_by_name(&app, "t.edu.a").await;
        let draft_page = format!("/office/sites/columns/{column}/draft");
        let offered = app.get(&draft_page, Some(&editor)).await;
        assert!(
            offered.body.contains(&number),
            "the editor is offered the document"
        );
        let path = format!("/office/sites/columns/{column}/from-document");
        let drafted = app
            .post(&path, Some(&editor), &format!("number={number}"))
            .await;
        let location = redirected(&drafted, "draft from the document");
        assert!(location.ends_with("/edit"), "{location}");
        let linked = format!(
            "SELECT COUNT(*) AS n FROM site_articles WHERE document_id = {id} \
             AND title = '关于公布的通知'"
        );
        assert_eq!(count(&app, &linked).await, 1);

        // SEC-SECRET: a secret document makes no draft; the page says why.
        let secret = app
            .post(
                "/office/openness/documents",
                Some(&officer),
                "title=%E5%86%85%E9%83%A8&attribute=proactive&secrecy=secret",
            )
            .await;
        let secret = id_of(&redirected(&secret, "register a secret document"));
        let articles = "SELECT COUNT(*) AS n FROM site_articles";
        let before = count(&app, articles).await;
        let secret_number: String =
            sqlx::query("SELECT number FROM openness_documents WHERE id = $1")
                .bind(secret)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("number")
                .unwrap();
        let offered = app.get(&draft_page, Some(&editor)).await;
        assert!(!offered.body.contains(&secret_number) && !offered.body.contains(&number));
        let refused = app
            .post(&path, Some(&editor), &format!("number={secret_number}"))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("涉密不上网"), "{}", refused.body);
        assert_eq!(count(&app, articles).await, before);
    }
}

/// PUB-MEETING by HTTP: a meeting plan without its openness opinions is returned (400, the
/// title kept, nothing stored); one on a major livelihood matter registered as not public is
/// returned too; with the opinions it is registered and its page shows them for the signer.
#[tokio::test]
async fn pub_meeting_a_meeting_plan_states_its_openness_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let documents = "SELECT COUNT(*) AS n FROM openness_documents";
        let before = count(&app, documents).await;
        let title = "%E5%85%AC%E4%BA%A4%E7%BA%BF%E8%B7%AF%E4%BC%9A%E8%AE%AE%E6%96%B9%E6%A1%88";
        let base = format!("title={title}&kind=meeting_plan&attribute=proactive");
        let bare = app
            .post("/office/openness/documents", Some(&officer), &base)
            .await;
        assert_eq!(bare.status, StatusCode::BAD_REQUEST);
        assert!(
            bare.body.contains("是否邀请有关方面人员列席")
                && bare.body.contains("公交线路会议方案"),
            "{}",
            bare.body
        );
        let closed = app
            .post(
                "/office/openness/documents",
                Some(&officer),
                &format!(
                    "{base}&meeting_major=on&meeting_invite=no&meeting_public=no\
                     &not_public_reason=%E5%86%85%E9%83%A8"
                ),
            )
            .await;
        assert_eq!(closed.status, StatusCode::BAD_REQUEST);
        assert!(
            closed.body.contains("应当通过电视、网络"),
            "{}",
            closed.body
        );
        assert_eq!(count(&app, documents).await, before);

        let made = app
            .post(
                "/office/openness/documents",
                Some(&officer),
                &format!(
                    "{base}&meeting_major=on&meeting_invite=yes&invite_public=on&invite_media=on\
                     &meeting_public=yes&way_internet=on&way_news=on&consulted=on\
                     &adoption=%E9%87%87%E7%BA%B329%E6%9D%A1"
                ),
            )
            .await;
        let id = id_of(&redirected(&made, "meeting plan"));
        let page = app
            .get(&format!("/office/openness/documents/{id}"), Some(&officer))
            .await;
        for words in [
            "会议方案",
            "公众代表、媒体",
            "公开：网络直播、新闻报道",
            "采纳29条",
        ] {
            assert!(page.body.contains(words), "{words}: {}", page.body);
        }
    }
}
