//! The demo's disclosure applications (issue 16, PUB-APPLY, PUB-ANSWER): a dozen to the
//! government office at every stage — received, awaiting a correction, in handling, a third
//! party consulted, answered with several outcomes of table 三, delivered, withdrawn — made
//! through the use cases; a second seed makes nothing.

use sqlx::Row as _;

#[tokio::test]
async fn pub_apply_the_demo_has_applications_at_every_stage() {
    for platform in crate::seeded().await {
        demo::openness::seed(&platform).await.unwrap();
        let db = &platform.db;
        let rows = sqlx::query("SELECT status, outcome FROM openness_applications")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(rows.len(), 12);
        let statuses: std::collections::BTreeSet<String> = rows
            .iter()
            .map(|row| row.try_get("status").unwrap())
            .collect();
        for status in [
            "received",
            "supplementing",
            "in_handling",
            "third_party_consultation",
            "answered",
            "concluded",
        ] {
            assert!(statuses.contains(status), "{status}: {statuses:?}");
        }
        let notices: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_notices")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert!(notices >= 6, "{notices}");
        demo::openness::seed(&platform).await.unwrap();
        let again: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_applications")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(again, 12);
    }
}
