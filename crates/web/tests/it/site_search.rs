//! The site search through the web (WEB-SEARCH, issue 18), on both backends: the results
//! page and the JSON API find the demo's guides and answers by words, pinyin and synonyms,
//! with highlighted snippets; bad input answers a page, never an error; queries are counted
//! for the hot keywords without who asked; the synonym dictionary edited in the back office
//! is in force at once.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::roles::Role;

use crate::common::{TestApp, app_on};

async fn apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let actor = AuditActor::system("test-search");
        demo::knowledge::seed(&app.platform.db, &actor)
            .await
            .unwrap();
        demo::catalogue::seed(&app.platform.db, &actor)
            .await
            .unwrap();
        apps.push(app);
    }
    apps
}

fn encoded(text: &str) -> String {
    search::store::url_component(text)
}

/// WEB-SEARCH: words, pinyin, initials and a citizen's phrasing find the service guide, with
/// the words highlighted; the API answers total, took_ms and hits.
#[tokio::test]
async fn web_search_page_and_api_find_the_demo_content() {
    for app in apps().await {
        let backend = app.platform.db.backend.name();
        let page = app
            .get(&format!("/search?q={}", encoded("社会保障卡")), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{backend}");
        assert!(page.body.contains("申领（首次申领）"), "{backend}");
        assert!(
            page.body.contains("<b>社会保障</b>"),
            "{backend}: highlighted"
        );
        assert!(page.body.contains("办事指南"), "{backend}");
        // The citizen's phrasing (shipped synonym) and the pinyin.
        let page = app
            .get(&format!("/search?q={}", encoded("社保卡")), None)
            .await;
        assert!(page.body.contains("申领（首次申领）"), "{backend}: synonym");
        let api = app
            .get("/api/v1/search?q=shehuibaozhangka&type=guide", None)
            .await;
        assert_eq!(api.status, StatusCode::OK, "{backend}");
        let body: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert!(body["total"].as_u64().unwrap() >= 1, "{backend}: {body}");
        assert!(body["took_ms"].is_number());
        let hit = &body["hits"][0];
        assert_eq!(hit["type"], "guide", "{backend}");
        assert!(
            hit["title"].as_str().unwrap().contains("社会保障卡"),
            "{backend}"
        );
        assert!(hit["url"].as_str().unwrap().starts_with("/services/items/"));
        assert!(hit["snippet"].is_string() && hit["date"].is_string());
        // A filter that excludes it.
        let api = app
            .get("/api/v1/search?q=shehuibaozhangka&type=policy", None)
            .await;
        let body: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!(body["total"], 0, "{backend}");
        // The header of every portal page links the search.
        assert!(app.get("/", None).await.body.contains("action=\"/search\""));
        // The OpenAPI document describes it.
        let doc = app.get("/api/v1/openapi.json", None).await;
        assert!(doc.body.contains("/api/v1/search"), "{backend}");
        // Suggestions as the user types.
        let suggest = app
            .get(&format!("/search/suggest?q={}", encoded("社会保障")), None)
            .await;
        assert!(
            suggest.body.contains("社会保障卡申领（首次申领）"),
            "{backend}: {}",
            suggest.body
        );
    }
}

/// WEB-SEARCH: bad input answers a page or an empty list with a hint, never an error.
#[tokio::test]
async fn web_search_bad_input_answers_normally() {
    for app in apps().await {
        let long = encoded(&"社".repeat(1000));
        for query in [
            "",
            "q=",
            "q=%E3%80%82",
            "q=%01%02%1B%7F",
            "q=title%3A*",
            "q=%22%E7%A4%BE%E4%BF%9D",
            "q=*",
            "q=%FF%FE",
            "q=a&q=b",
            "type=nonsense&site=%27--&unit=abc&page=-1&from=2025-13-45&until=x",
            "page=99999999999999999999",
            &format!("q={long}"),
        ] {
            for path in ["/search", "/api/v1/search", "/search/suggest"] {
                let answer = app.get(&format!("{path}?{query}"), None).await;
                assert_eq!(answer.status, StatusCode::OK, "{path}?{query}");
            }
        }
        let empty = app.get("/search", None).await;
        assert!(empty.body.contains("请输入要搜索的内容"));
        let none = app
            .get(&format!("/search?q={}", encoded("火星移民登记")), None)
            .await;
        assert!(none.body.contains("没有找到"), "hint");
    }
}

/// WEB-SEARCH: queries are counted per day without who asked; the back office shows hot
/// keywords and queries with no result.
#[tokio::test]
async fn web_search_hot_keywords_counted_without_who_asked() {
    for app in apps().await {
        let backend = app.platform.db.backend.name();
        for _ in 0..3 {
            app.get(&format!("/search?q={}", encoded("营业执照")), None)
                .await;
        }
        app.get(&format!("/search?q={}", encoded("火星移民登记")), None)
            .await;
        let editor = app.login_as(Role::SiteEditor).await;
        let page = app.get("/office/search/keywords", Some(&editor)).await;
        assert_eq!(page.status, StatusCode::OK, "{backend}");
        assert!(
            page.body.contains("<td>营业执照</td><td>3</td>"),
            "{backend}: {}",
            page.body
        );
        let empty_table = page.body.split("empty-keywords").nth(1).unwrap();
        assert!(empty_table.contains("火星移民登记"), "{backend}");
        assert!(!empty_table.contains("营业执照"), "{backend}");
        let columns: Vec<String> = sqlx::query_scalar::<_, String>(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'search_queries_daily'",
        )
        .fetch_all(&app.platform.db.pool)
        .await
        .unwrap_or_default();
        assert!(
            !columns
                .iter()
                .any(|c| c.contains("user") || c.contains("ip"))
        );
    }
}

/// WEB-SEARCH: a synonym group added in the back office is in force at once; a bad one is
/// refused in Chinese and nothing is stored; removed, it is no longer searched.
#[tokio::test]
async fn web_search_synonyms_edited_in_the_back_office() {
    for app in apps().await {
        let backend = app.platform.db.backend.name();
        let publisher = app.login_as(Role::Publisher).await;
        let query = format!("/search?q={}", encoded("一卡通"));
        assert!(
            !app.get(&query, None)
                .await
                .body
                .contains("申领（首次申领）"),
            "{backend}"
        );
        let token = app.token(Some(&publisher));
        let bad = app
            .post(
                "/office/search/synonyms",
                Some(&publisher),
                &format!("_csrf={token}&phrasings={}", encoded("一卡通")),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(bad.body.contains("请填写2至10个说法"), "{backend}");
        let added = app
            .post(
                "/office/search/synonyms",
                Some(&publisher),
                &format!("_csrf={token}&phrasings={}", encoded("一卡通，社会保障卡")),
            )
            .await;
        assert_eq!(
            added.status,
            StatusCode::SEE_OTHER,
            "{backend}: {}",
            added.body
        );
        assert!(
            app.get(&query, None)
                .await
                .body
                .contains("申领（首次申领）"),
            "{backend}"
        );
        let page = app.get("/office/search/synonyms", Some(&publisher)).await;
        let id = page
            .body
            .split("id=\"synonym-group-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let removed = app
            .post(
                "/office/search/synonyms/remove",
                Some(&publisher),
                &format!("_csrf={token}&id={id}"),
            )
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{backend}");
        assert!(
            !app.get(&query, None)
                .await
                .body
                .contains("申领（首次申领）"),
            "{backend}"
        );
        let missing = app
            .post(
                "/office/search/synonyms/remove",
                Some(&publisher),
                &format!("_csrf={token}&id=abc"),
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{backend}");
    }
}
