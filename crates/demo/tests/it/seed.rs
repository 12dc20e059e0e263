//! The whole demo (`demo::seed`): seeded once on an empty database, through the use cases,
//! with an unbroken audit chain; a database that has a jurisdiction is left untouched.

use crate::scalar;

#[tokio::test]
async fn the_demo_is_seeded_once_and_a_database_with_a_jurisdiction_is_left_alone() {
    let platform = platform::testing::sqlite().await;
    let seeded = demo::seed(&platform).await.unwrap().unwrap();
    assert!(seeded.accounts.iter().any(|a| a.username == "sysadmin"));
    assert!(seeded.contacts > 0, "12345 contact accounts");
    for (table, n) in [
        ("kb_versions", 12),
        ("svc_items", 30),
        // The month's sixteen appeals, and the portal message transferred to 12345 (MSG-ROUTE).
        ("hotline_appeals", 17),
        ("svc_cases", 8),
        ("open311_keys", 1),
        // HALL-BOX: a box slip, a QR complaint concluded, a page complaint waiting.
        ("hall_complaints", 3),
        ("hall_box_openings", 1),
        // HALL-STAFF: two on the register, a day's attendance, a leave request, a notice.
        ("hall_staff", 2),
        ("hall_attendance", 2),
        ("hall_staff_requests", 1),
        ("hall_staff_notices", 1),
        // DATA-ACCOUNTS: nine platform accounts (sharing_accounts), a filed and an open handover.
        ("sharing_accounts", 9),
        ("sharing_handovers", 2),
    ] {
        let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}");
        assert_eq!(scalar(&platform, &sql).await, n, "{table}");
    }
    let audit = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM audit_log";
    let before = scalar(&platform, audit).await;
    assert!(demo::seed(&platform).await.unwrap().is_none());
    assert_eq!(scalar(&platform, audit).await, before, "nothing written");
    assert!(
        platform::audit::verify(&platform.db)
            .await
            .unwrap()
            .first_break
            .is_none()
    );
}
