//! The demo's public concerns (PUB-RESPOND): one ordinary concern awaiting the market bureau's
//! response with its 48 h clock running under the bureau, and one major concern answered —
//! the information clock met at 3 h, the conference clock met at 20 h — and closed; a second
//! seed makes nothing.

use crate::scalar;

#[tokio::test]
async fn pub_respond_the_demo_has_an_open_and_a_closed_concern() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        demo::concerns::seed(&platform).await.unwrap();
        let market = platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let count = "SELECT COUNT(*) AS n FROM openness_concerns";
        assert_eq!(scalar(&platform, count).await, 2);
        let open = format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'openness_concern' \
             AND status = 'running' AND rule_id = 'PUB-RESPOND' AND unit_id = {market}"
        );
        assert_eq!(scalar(&platform, &open).await, 1);
        let met = "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'openness_concern' \
                   AND status = 'met'";
        assert_eq!(scalar(&platform, met).await, 2);
        let closed = "SELECT COUNT(*) AS n FROM openness_concerns WHERE status = 'closed'";
        assert_eq!(scalar(&platform, closed).await, 1);
        demo::concerns::seed(&platform).await.unwrap();
        assert_eq!(scalar(&platform, count).await, 2);
    }
}
