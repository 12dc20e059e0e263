//! SEC-AUDIT: the audit log is written in the caller's transaction, its hash chain names the
//! first changed, deleted or reordered row, concurrent writers never fork it, and pruning
//! keeps six months and leaves a chain that still verifies.

use platform::audit::{self, AuditEvent, VerifyReport};
use platform::db::now_ms;
use platform::testing::each_backend;
use platform::{Error, Platform};

use crate::{backend, count, execute, system};

const DAY_MS: i64 = 86_400_000;

/// Records `n` rows, one transaction each, with details `row 1` … `row n`.
async fn record_rows(platform: &Platform, n: usize, at: i64) {
    for i in 1..=n {
        let event = AuditEvent::new("test.write", "thing", i).detail(format!("row {i}"));
        audit::record_alone(&platform.db, &system(), event, at)
            .await
            .unwrap();
    }
}

/// Records five rows, applies `tampering` in plain SQL and checks that `verify` names
/// `expected_seq` as the first break with a message containing `expected_words`.
async fn assert_tampering_is_named(tampering: &[&str], expected_seq: i64, expected_words: &str) {
    for platform in each_backend().await {
        record_rows(&platform, 5, now_ms()).await;
        for statement in tampering {
            execute(&platform.db, statement).await;
        }
        let report = audit::verify(&platform.db).await.unwrap();
        let (seq, why) = report
            .first_break
            .unwrap_or_else(|| panic!("{} missed {tampering:?}", backend(&platform)));
        assert_eq!(seq, expected_seq, "{}: {why}", backend(&platform));
        assert!(
            why.contains(expected_words),
            "{}: {why}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn sec_audit_a_row_recorded_in_a_rolled_back_transaction_leaves_no_row() {
    for platform in each_backend().await {
        let mut tx = platform.db.begin().await.unwrap();
        audit::record(
            &mut tx,
            &system(),
            AuditEvent::new("test.write", "thing", 1),
            now_ms(),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();

        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await,
            0
        );
        // The head moved back too, so the next row continues the chain at seq 1.
        record_rows(&platform, 1, now_ms()).await;
        assert_eq!(
            count(&platform.db, "SELECT MAX(seq) AS n FROM audit_log", &[]).await,
            1
        );
        let report = audit::verify(&platform.db).await.unwrap();
        assert_eq!(
            report,
            VerifyReport {
                rows_checked: 1,
                first_break: None
            },
            "{}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn sec_audit_verify_reports_no_break_on_an_untouched_chain() {
    for platform in each_backend().await {
        let empty = audit::verify(&platform.db).await.unwrap();
        assert_eq!(
            empty,
            VerifyReport {
                rows_checked: 0,
                first_break: None
            }
        );
        record_rows(&platform, 5, now_ms()).await;
        let report = audit::verify(&platform.db).await.unwrap();
        assert_eq!(
            report,
            VerifyReport {
                rows_checked: 5,
                first_break: None
            },
            "{}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn sec_audit_an_edited_row_is_named_as_the_first_break() {
    assert_tampering_is_named(
        &["UPDATE audit_log SET detail = 'row 3, edited' WHERE seq = 3"],
        3,
        "内容被修改",
    )
    .await;
}

#[tokio::test]
async fn sec_audit_an_edited_time_is_named_as_the_first_break() {
    assert_tampering_is_named(
        &["UPDATE audit_log SET at = at - 86400000 WHERE seq = 4"],
        4,
        "内容被修改",
    )
    .await;
}

#[tokio::test]
async fn sec_audit_a_deleted_middle_row_is_named() {
    assert_tampering_is_named(&["DELETE FROM audit_log WHERE seq = 3"], 3, "缺失").await;
}

#[tokio::test]
async fn sec_audit_a_deleted_first_row_is_named() {
    assert_tampering_is_named(&["DELETE FROM audit_log WHERE seq = 1"], 1, "缺失").await;
}

#[tokio::test]
async fn sec_audit_a_deleted_last_row_is_named() {
    assert_tampering_is_named(&["DELETE FROM audit_log WHERE seq = 5"], 5, "被删除").await;
}

#[tokio::test]
async fn sec_audit_two_rows_with_swapped_seq_are_named() {
    let swap = [
        "UPDATE audit_log SET seq = -1 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -1",
    ];
    assert_tampering_is_named(&swap, 2, "链接断开").await;
}

#[tokio::test]
async fn sec_audit_two_rows_with_swapped_content_are_named() {
    let swap = [
        "UPDATE audit_log SET detail = 'row 4' WHERE seq = 2",
        "UPDATE audit_log SET detail = 'row 2' WHERE seq = 4",
    ];
    assert_tampering_is_named(&swap, 2, "内容被修改").await;
}

#[tokio::test]
async fn sec_audit_a_row_replaced_with_a_recomputed_seq_but_old_links_is_named() {
    // A deleted row whose successors are renumbered to close the gap: seq is continuous
    // again, but row 3 (formerly 4) does not link to row 2.
    let renumber = [
        "DELETE FROM audit_log WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = 5",
    ];
    assert_tampering_is_named(&renumber, 3, "链接断开").await;
}

#[tokio::test]
async fn sec_audit_a_row_appended_past_the_head_is_named() {
    let append = "INSERT INTO audit_log (seq, at, actor_user_id, actor_name, actor_unit_id, actor_role, action, \
        object_type, object_id, outcome, detail, ip, prev_hash, hash) \
        SELECT 6, at, actor_user_id, actor_name, actor_unit_id, actor_role, action, object_type, object_id, \
        outcome, 'forged', ip, hash, hash FROM audit_log WHERE seq = 5";
    assert_tampering_is_named(&[append], 6, "内容被修改").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sec_audit_twenty_concurrent_writers_produce_an_unbroken_chain() {
    for platform in each_backend().await {
        let mut writers = tokio::task::JoinSet::new();
        for i in 0..20 {
            let db = platform.db.clone();
            writers.spawn(async move {
                let mut tx = db.begin().await.unwrap();
                let event =
                    AuditEvent::new("test.concurrent", "thing", i).detail(format!("writer {i}"));
                let seq = audit::record(&mut tx, &system(), event, now_ms())
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                seq
            });
        }
        let mut seqs = writers.join_all().await;
        seqs.sort_unstable();
        assert_eq!(
            seqs,
            (1..=20).collect::<Vec<i64>>(),
            "{}",
            backend(&platform)
        );
        let report = audit::verify(&platform.db).await.unwrap();
        assert_eq!(
            report,
            VerifyReport {
                rows_checked: 20,
                first_break: None
            },
            "{}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn sec_audit_prune_refuses_a_retention_under_six_months() {
    for platform in each_backend().await {
        let now = now_ms();
        record_rows(&platform, 2, now - 400 * DAY_MS).await;
        let refused = audit::prune(&platform.db, 5, now).await;
        assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await,
            2
        );
    }
}

#[tokio::test]
async fn sec_audit_prune_deletes_rows_older_than_the_retention_and_the_chain_still_verifies() {
    for platform in each_backend().await {
        let db = &platform.db;
        let now = now_ms();
        record_rows(&platform, 3, now - 250 * DAY_MS).await;
        record_rows(&platform, 2, now - 10 * DAY_MS).await;

        assert_eq!(
            audit::prune(db, 6, now).await.unwrap(),
            3,
            "{}",
            backend(&platform)
        );

        // Two recent rows and the prune's own row remain, and the chain from the new anchor
        // verifies; a row missing after the anchor is still caught.
        let report = audit::verify(db).await.unwrap();
        assert_eq!(
            report,
            VerifyReport {
                rows_checked: 3,
                first_break: None
            },
            "{}",
            backend(&platform)
        );
        let pruned =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.prune' AND detail LIKE $1";
        assert_eq!(count(db, pruned, &["%删除 3 条%"]).await, 1);
        assert_eq!(
            audit::prune(db, 6, now).await.unwrap(),
            0,
            "a second prune finds nothing"
        );
        execute(db, "DELETE FROM audit_log WHERE seq = 4").await;
        assert_eq!(
            audit::verify(db).await.unwrap().first_break.map(|b| b.0),
            Some(4)
        );
    }
}

#[tokio::test]
async fn sec_audit_search_filters_by_action_and_actor_prefix_newest_first() {
    for platform in each_backend().await {
        record_rows(&platform, 3, now_ms()).await;
        audit::record_alone(
            &platform.db,
            &platform::audit::AuditActor::anonymous("10.0.0.1"),
            AuditEvent::new("login.failed", "user", ""),
            now_ms(),
        )
        .await
        .unwrap();
        let filter = audit::AuditFilter {
            action: Some("test.write".into()),
            actor_name: Some("i".into()),
            limit: 10,
            ..Default::default()
        };
        let rows = audit::search(&platform.db, &filter).await.unwrap();
        let seqs: Vec<i64> = rows.iter().map(|row| row.seq).collect();
        assert_eq!(seqs, vec![3, 2, 1], "{}", backend(&platform));
    }
}

/// SEC-AUDIT: a batch of rows appended with one turn at the head chains exactly like rows
/// appended one by one.
#[tokio::test]
async fn record_many_appends_a_batch_that_chains_like_single_rows() {
    for platform in each_backend().await {
        record_rows(&platform, 2, now_ms()).await;
        let mut tx = platform.db.begin().await.unwrap();
        let entries = (3..=5)
            .map(|i| {
                let event = AuditEvent::new("test.batch", "thing", i).detail(format!("row {i}"));
                (system(), event, now_ms())
            })
            .collect();
        let last = audit::record_many(&mut tx, entries).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(last, 5, "{}", backend(&platform));
        record_rows(&platform, 1, now_ms()).await;
        let report = audit::verify(&platform.db).await.unwrap();
        assert!(report.first_break.is_none(), "{:?}", report.first_break);
        let details = count(
            &platform.db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'test.batch' AND seq BETWEEN 3 AND 5",
            &[],
        )
        .await;
        assert_eq!(details, 3);
    }
}
