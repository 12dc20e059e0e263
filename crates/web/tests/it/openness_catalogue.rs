//! The public catalogue and guide (PUB-CATALOG, PUB-PROACTIVE, PUB-APPLY), on both backends:
//! the guide states the time limits of the jurisdiction's profile, the catalogue answers with
//! its filters and says when nothing matches, and filters it does not know list everything
//! rather than fail.

use axum::http::StatusCode;

use crate::common::app_on;

/// PUB-CATALOG, PUB-PROACTIVE, PUB-APPLY: the guide's limits are the profile's.
#[tokio::test]
async fn pub_catalog_the_guide_states_the_profiles_limits_and_the_catalogue_answers() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let profile = platform::jurisdiction::current(&app.platform.db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let guide = app.get("/openness/guide", None).await;
        assert_eq!(guide.status, StatusCode::OK);
        for limit in [
            &profile.openness.proactive,
            &profile.openness.policy_document,
            &profile.openness.application_answer,
            &profile.openness.catalogue_update,
        ] {
            let words = format!("{}内", limit.0.label_zh());
            assert!(guide.body.contains(&words), "{words}");
        }
        assert!(guide.body.contains("href=\"/openness/catalogue\""));

        let empty = app.get("/openness/catalogue", None).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.body.contains("id=\"catalogue-empty\""));
        for query in [
            "topic=99&unit=x",
            "topic=%3Cscript%3E&unit=-1",
            "topic=10&unit=1",
        ] {
            let page = app.get(&format!("/openness/catalogue?{query}"), None).await;
            assert_eq!(page.status, StatusCode::OK, "{query}");
            assert!(!page.body.contains("<script>"), "{query}");
        }
    }
}
