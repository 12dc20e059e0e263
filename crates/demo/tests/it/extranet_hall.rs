//! The demo's extranet (NET-ACCESS, NET-IPAM) and hall (HALL-WINDOWS, HALL-QUEUE): pools
//! with allocations of every unit with a live application, applications at every stage, no
//! two live allocations overlapping; 12 windows and a day of tickets called and finished; a
//! second seed makes nothing.

use crate::scalar;

#[tokio::test]
async fn net_access_net_ipam_hall_queue_the_demo_extranet_and_hall() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        platform::demo::seed_contacts(db, &platform.key)
            .await
            .unwrap();
        demo::extranet::seed(&platform).await.unwrap();
        let applications = "SELECT COUNT(*) AS n FROM extranet_applications";
        let made = scalar(&platform, applications).await;
        assert!(made >= 12, "{made}");
        for status in [
            "applied",
            "refused",
            "approved",
            "planned",
            "implemented",
            "troubleshooting",
            "in_operation",
        ] {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM extranet_applications WHERE status = '{status}'"
            );
            assert!(scalar(&platform, &sql).await >= 1, "{status}");
        }
        let pools = "SELECT COUNT(*) AS n FROM extranet_pools";
        assert!(scalar(&platform, pools).await >= 2);
        let units =
            "SELECT COUNT(DISTINCT unit_id) AS n FROM extranet_allocations WHERE active = 1";
        assert!(scalar(&platform, units).await >= 10);
        // NET-IPAM: no two live allocations of a pool overlap.
        let overlaps = "SELECT COUNT(*) AS n FROM extranet_allocations a \
             JOIN extranet_allocations b ON a.pool_id = b.pool_id AND a.id < b.id \
             WHERE a.active = 1 AND b.active = 1 AND a.start_key <= b.end_key \
             AND b.start_key <= a.end_key";
        assert_eq!(scalar(&platform, overlaps).await, 0);
        demo::extranet::seed(&platform).await.unwrap();
        assert_eq!(scalar(&platform, applications).await, made);

        demo::hall::seed(&platform).await.unwrap();
        let windows = "SELECT COUNT(*) AS n FROM hall_windows";
        assert_eq!(scalar(&platform, windows).await, 12);
        let tickets = "SELECT COUNT(*) AS n FROM hall_tickets";
        let day = scalar(&platform, tickets).await;
        assert!(day >= 200, "{day}");
        let finished = "SELECT COUNT(*) AS n FROM hall_tickets WHERE status = 'finished'";
        assert!(scalar(&platform, finished).await >= 150);
        demo::hall::seed(&platform).await.unwrap();
        assert_eq!(scalar(&platform, tickets).await, day);
    }
}
