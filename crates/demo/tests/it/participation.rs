//! The demo's messages (issue 17 item 6, MSG-*): a year of messages in every channel and
//! state — at the desk, with a unit (one overdue, one unanswered for months: 互动回应差),
//! awaiting review and publication, published and rated, not published with its reason,
//! transferred to 12345, invalid — made through the use cases; a second seed makes nothing.

use sqlx::Row as _;

#[tokio::test]
async fn msg_the_demo_has_a_year_of_messages_in_every_channel_and_state() {
    for platform in crate::seeded().await {
        demo::participation::seed(&platform).await.unwrap();
        let db = &platform.db;
        let rows =
            sqlx::query("SELECT status, channel, hotline_order_id FROM participation_messages")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        let n = rows.len();
        assert!(n >= 15, "{n}");
        let set = |column: &str| -> std::collections::BTreeSet<String> {
            rows.iter()
                .map(|row| row.try_get(column).unwrap())
                .collect()
        };
        let statuses = set("status");
        for status in [
            "received",
            "routed",
            "replied",
            "approved",
            "published",
            "not_published",
            "transferred",
            "invalid",
        ] {
            assert!(statuses.contains(status), "{status}: {statuses:?}");
        }
        assert_eq!(set("channel").len(), 5);
        assert!(rows.iter().any(|row| {
            row.try_get::<Option<i64>, _>("hotline_order_id")
                .unwrap()
                .is_some()
        }));
        let now = calendar::Instant::from_millis(platform::db::now_ms());
        let gaps = participation::usecase::response_gaps(db, now)
            .await
            .unwrap();
        assert_eq!(gaps.len(), 1, "互动回应差 of the portal");
        demo::participation::seed(&platform).await.unwrap();
        let again: i64 = sqlx::query("SELECT COUNT(*) AS n FROM participation_messages")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(again as usize, n);
    }
}
