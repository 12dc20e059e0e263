//! SEC-AUDIT, HL-PRIVACY: unmasking personal data writes an audit row naming the field,
//! never the value, in the same transaction.

use platform::audit::{AuditActor, AuditFilter};
use platform::db::now_ms;
use platform::personal::{PhoneNumber, UnmaskTarget, unmask};
use platform::testing::each_backend;

#[tokio::test]
async fn sec_audit_every_unmasking_is_audited_without_the_clear_value() {
    for platform in each_backend().await {
        let phone = PhoneNumber::parse("13912345678").unwrap();
        let place = platform::personal::aad("appeals.phone", "A-1");
        let sealed = platform.key.seal_for(phone.as_str(), &place).unwrap();
        let target = UnmaskTarget {
            object_type: "appeal",
            object_id: "A-1",
            field: "phone",
            reason: "",
            place: &place,
        };
        let mut tx = platform.db.begin().await.unwrap();
        let clear = unmask(
            &mut tx,
            &platform.key,
            &AuditActor::system("operator-test"),
            &sealed,
            &target,
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(clear, "13912345678");
        let rows = platform::audit::search(
            &platform.db,
            &AuditFilter {
                action: Some("unmask".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].object_type.as_str(), rows[0].object_id.as_str()),
            ("appeal", "A-1")
        );
        assert!(rows[0].detail.contains("phone") && !rows[0].detail.contains("13912345678"));
    }
}

#[tokio::test]
async fn sec_audit_an_unmasking_in_a_rolled_back_transaction_leaves_no_trace_and_a_bad_value_is_refused()
 {
    for platform in each_backend().await {
        let sealed = platform.key.seal("张三").unwrap();
        let target = UnmaskTarget {
            object_type: "appeal",
            object_id: "A-2",
            field: "name",
            reason: "",
            place: "",
        };
        let mut tx = platform.db.begin().await.unwrap();
        unmask(
            &mut tx,
            &platform.key,
            &AuditActor::system("t"),
            &sealed,
            &target,
            now_ms(),
        )
        .await
        .unwrap();
        drop(tx);
        let mut tx = platform.db.begin().await.unwrap();
        assert!(
            unmask(
                &mut tx,
                &platform.key,
                &AuditActor::system("t"),
                b"garbage",
                &target,
                now_ms()
            )
            .await
            .is_err()
        );
        drop(tx);
        let rows = platform::audit::search(
            &platform.db,
            &AuditFilter {
                action: Some("unmask".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(rows.is_empty());
    }
}
