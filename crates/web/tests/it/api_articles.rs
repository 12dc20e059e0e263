//! Issue 22: the site group's articles in the public API on both backends — the open sites,
//! a site's and a column's published articles 20 a page, one article as served; a draft is
//! never listed nor served, a column of another site and an unknown site are `not_found`, an
//! unknown parameter is `invalid_input`; the announcements are paged too.

use axum::http::StatusCode;
use serde_json::Value;
use sites::usecase::{self, read};

use crate::sites_portal::apps;
use crate::sites_world::{SiteWorld, news, t0};

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn api_public_articles_are_published_only_and_paged() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let mut ids = Vec::new();
        for n in 0..25 {
            ids.push(w.publish(w.news, news(&format!("教育动态第{n}号"))).await);
        }
        let by = &w.editor_a;
        let (draft, _) = usecase::create_draft(
            &app.platform.db,
            &w.context(by, t0()),
            &by.acting,
            w.news,
            news("尚未发布的草稿"),
            false,
        )
        .await
        .unwrap();
        let code = read::site(&app.platform.db, w.dept, &w.profile)
            .await
            .unwrap()
            .registration
            .site_code;

        let sites = app.get("/api/v1/public/sites", None).await;
        assert_eq!(sites.status, StatusCode::OK, "{}", sites.body);
        assert!(sites.body.contains(&code), "{}", sites.body);

        let first = app
            .get(&format!("/api/v1/public/articles?site={code}"), None)
            .await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        let page = json_of(&first.body);
        assert_eq!(page["total"], 25);
        assert_eq!(page["pages"], 2);
        assert_eq!(page["articles"].as_array().unwrap().len(), 20);
        assert!(!first.body.contains("草稿"));
        let second = app
            .get(&format!("/api/v1/public/articles?site={code}&page=2"), None)
            .await;
        assert_eq!(
            json_of(&second.body)["articles"].as_array().unwrap().len(),
            5
        );
        let column = app
            .get(
                &format!("/api/v1/public/articles?site={code}&column={}", w.news.0),
                None,
            )
            .await;
        assert_eq!(json_of(&column.body)["total"], 25, "{}", column.body);
        assert_eq!(
            json_of(&column.body)["articles"][0]["column_name"],
            "教育动态"
        );

        let one = app
            .get(&format!("/api/v1/public/articles/{}", ids[3].0), None)
            .await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        assert_eq!(json_of(&one.body)["title"], "教育动态第3号");
        assert_eq!(json_of(&one.body)["site"], code.as_str());

        for (path, status, error) in [
            (
                format!("/api/v1/public/articles/{}", draft.0),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                "/api/v1/public/articles/abc".to_owned(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
            ),
            (
                format!(
                    "/api/v1/public/articles?site={code}&column={}",
                    w.portal_news.0
                ),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                "/api/v1/public/articles?site=0000000000".to_owned(),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                format!("/api/v1/public/articles?site={code}&x=1"),
                StatusCode::BAD_REQUEST,
                "invalid_input",
            ),
            (
                format!("/api/v1/public/articles?site={code}&page=a"),
                StatusCode::BAD_REQUEST,
                "invalid_input",
            ),
            (
                "/api/v1/public/announcements?page=x".to_owned(),
                StatusCode::BAD_REQUEST,
                "invalid_input",
            ),
        ] {
            let answer = app.get(&path, None).await;
            assert_eq!(answer.status, status, "{path}: {}", answer.body);
            assert_eq!(json_of(&answer.body)["error"]["code"], error, "{path}");
        }
        let news_page = app.get("/api/v1/public/announcements?page=2", None).await;
        assert_eq!(news_page.status, StatusCode::OK, "{}", news_page.body);
    }
}
