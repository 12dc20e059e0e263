//! The count of failed query-code lookups (issue 12 finding 3) on both backends: the daily
//! maintenance forgets numbers not tried for 30 days and no longer locked, and only those.

use platform::db::now_ms;
use platform::query_code;
use platform::testing::each_backend;
use sqlx::Row as _;

use crate::backend;

const DAY_MS: i64 = 86_400_000;

#[tokio::test]
async fn stale_counts_are_forgotten_and_locked_or_recent_ones_kept() {
    for platform in each_backend().await {
        let db = &platform.db;
        let now = now_ms();
        for (number, last_failure_at, locked_until) in [
            ("GZ-OLD", now - 31 * DAY_MS, 0),
            ("GZ-OLD-LOCKED", now - 31 * DAY_MS, now + DAY_MS),
            ("GZ-RECENT", now - DAY_MS, 0),
        ] {
            sqlx::query(
                "INSERT INTO query_code_failures (scope, number, failures, locked_until, \
                 last_failure_at) VALUES ('hotline', $1, 3, $2, $3)",
            )
            .bind(number)
            .bind(locked_until)
            .bind(last_failure_at)
            .execute(&db.pool)
            .await
            .unwrap();
        }
        assert_eq!(
            query_code::forget_stale(db, now).await.unwrap(),
            1,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            query_code::forget_stale(db, now).await.unwrap(),
            0,
            "twice forgets nothing twice"
        );
        let kept: Vec<String> =
            sqlx::query("SELECT number FROM query_code_failures ORDER BY number")
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get("number").unwrap())
                .collect();
        assert_eq!(kept, ["GZ-OLD-LOCKED", "GZ-RECENT"]);
    }
}
