//! The CKAN action API subset over the demo's published catalogue (issue 20 item 6;
//! DATA-CATALOG, DATA-CLASS), on both backends: `package_list` names the five published
//! entries and never the not-shared one; `package_show` by name answers CKAN's package dict
//! (organization, resources with the gateway URL, extras with the sharing class); a missing
//! id is a 409 Validation Error, an unknown or not-shared package a 404 Not Found Error, an
//! unknown action a 400, all in CKAN's envelope; `package_search` pages with `rows`/`start`
//! and matches `q`; `organization_list` names the three providers; a POST with a JSON body
//! (as ckanapi sends) answers the same.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use crate::common::{TestApp, app_on};

async fn action(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let answer = app.get(path, None).await;
    let body: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    (answer.status, body)
}

#[tokio::test]
async fn data_catalog_the_ckan_action_api_lists_only_published_shared_entries() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
            .await
            .unwrap();
        demo::sharing::seed(&app.platform).await.unwrap();

        let (status, list) = action(&app, "/api/3/action/package_list").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["success"], true);
        assert!(list["help"].as_str().unwrap().contains("package_list"));
        let names: Vec<String> = list["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names.len(), 5, "{names:?}");
        // DATA-CLASS: the not-shared entry is never listed, shown or found.
        let filed = sharing::store::entries::list(&app.platform.db, &["filed"], None)
            .await
            .unwrap();
        let hidden = filed[0].number.to_lowercase();
        assert!(!names.contains(&hidden));
        let (status, shown) =
            action(&app, &format!("/api/3/action/package_show?id={hidden}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(shown["success"], false);
        assert_eq!(shown["error"]["__type"], "Not Found Error");
        let (_, everything) = action(&app, "/api/3/action/package_search?rows=1000").await;
        assert_eq!(everything["result"]["count"], 5);
        assert!(!everything.to_string().contains("劳动保障监察"));

        let (status, package) =
            action(&app, &format!("/api/3/action/package_show?id={}", names[0])).await;
        assert_eq!(status, StatusCode::OK);
        let result = &package["result"];
        assert_eq!(result["name"], names[0].as_str());
        assert_eq!(result["title"], "企业登记信息");
        assert_eq!(result["organization"]["name"], "gz-market");
        assert_eq!(result["num_resources"], 1);
        let url = result["resources"][0]["url"].as_str().unwrap();
        assert!(url.contains("/share/v1/"), "{url}");
        assert!(
            result["extras"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["key"] == "sharing_class" && e["value"] == "无条件共享")
        );

        let (status, missing) = action(&app, "/api/3/action/package_show").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(missing["error"]["__type"], "Validation Error");
        assert!(missing["error"]["id"].is_array());
        let (status, unknown) = action(&app, "/api/3/action/package_create").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(unknown["success"], false);
        let (status, _) = action(&app, "/api/3/action/package_search?rows=x").await;
        assert_eq!(status, StatusCode::CONFLICT);

        let (_, page) = action(&app, "/api/3/action/package_search?rows=2&start=1").await;
        assert_eq!(page["result"]["count"], 5);
        let results = page["result"]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0]["name"], names[1].as_str());
        let q: String = form_urlencoded::byte_serialize("社保".as_bytes()).collect();
        let (_, found) = action(&app, &format!("/api/3/action/package_search?q={q}")).await;
        assert_eq!(found["result"]["count"], 1);
        assert_eq!(found["result"]["results"][0]["title"], "社保参保信息");

        let (_, orgs) = action(&app, "/api/3/action/organization_list").await;
        let orgs = orgs["result"].as_array().unwrap();
        assert_eq!(orgs.len(), 3, "{orgs:?}");
        assert!(orgs.iter().any(|o| o == "gz-hrss"));

        // ckanapi's POST with a JSON body.
        let posted = app
            .send_request(
                Request::builder()
                    .method("POST")
                    .uri("/api/3/action/package_show")
                    .header("content-type", "application/json")
                    .body(Body::from(format!("{{\"id\": \"{}\"}}", names[0])))
                    .unwrap(),
            )
            .await;
        assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
        let body: Value = serde_json::from_str(&posted.body).unwrap();
        assert_eq!(body["result"]["title"], "企业登记信息");
    }
}
