//! A month of demo activity (`demo::activity`): orders at every stage, open and overdue
//! clocks, a bad rating's rectification, concluded and running cases, all on time where the
//! rules say so and with an unbroken audit chain.

use crate::scalar;

/// The demo shows work at every stage: open and overdue clocks, closed orders, a bad
/// rating's rectification, concluded and running cases.
#[tokio::test]
async fn seeds_orders_and_cases_at_every_stage() {
    let platform = platform::testing::sqlite().await;
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    demo::catalogue::seed(&platform.db, &crate::actor())
        .await
        .unwrap();
    demo::activity::seed(&platform).await.unwrap();
    assert_eq!(
        scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_appeals").await,
        16
    );
    let statuses = scalar(
        &platform,
        "SELECT COUNT(DISTINCT status) AS n FROM hotline_orders",
    )
    .await;
    assert!(statuses >= 6, "{statuses} statuses");
    assert!(
        scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM clocks WHERE status = 'running'"
        )
        .await
            > 0
    );
    assert_eq!(
        scalar(&platform, "SELECT COUNT(*) AS n FROM svc_cases").await,
        8
    );
    assert!(scalar(&platform, "SELECT COUNT(*) AS n FROM rectifications").await >= 1);
    // SVC-PROMISE: the instant (即办件) cases decided on the day of acceptance are on time.
    assert_eq!(
        scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' \
             AND rule_id = 'SVC-PROMISE' AND status NOT IN ('met', 'running', 'paused')"
        )
        .await,
        0
    );
    assert_eq!(
        scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM svc_cases WHERE overdue_at IS NOT NULL"
        )
        .await,
        0
    );
    assert!(
        platform::audit::verify(&platform.db)
            .await
            .unwrap()
            .first_break
            .is_none()
    );
}
