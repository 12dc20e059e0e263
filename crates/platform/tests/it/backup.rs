//! SEC-BACKUP: an online SQLite backup restores every row and an audit chain that verifies
//! the same; an existing file is never overwritten; PostgreSQL points to pg_dump.

use std::path::{Path, PathBuf};

use platform::backup::{self, PG_DUMP_ADVICE};
use platform::db::{Db, now_ms};
use platform::testing;
use platform::{Error, audit, demo};
use sqlx::Row as _;

use crate::count;

fn backup_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zhengwu-backup-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Every table of an SQLite database with its row count, in name order.
async fn table_row_counts(db: &Db) -> Vec<(String, i64)> {
    let names: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("name"))
        .collect();
    let mut counts = Vec::new();
    for name in names {
        let n = count(db, &format!("SELECT COUNT(*) AS n FROM \"{name}\""), &[]).await;
        counts.push((name, n));
    }
    counts
}

async fn open_backup(path: &Path) -> Db {
    Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

#[tokio::test]
async fn sec_backup_a_sqlite_backup_restores_every_row_and_the_same_audit_chain() {
    let platform = testing::sqlite().await;
    let db = &platform.db;
    demo::seed(db, &platform.key).await.unwrap();
    let target = backup_path("zhengwu-backup.db");

    backup::backup_to(db, &target).await.unwrap();
    // The live database keeps changing after the backup; the copy does not.
    let event = audit::AuditEvent::new("test.after_backup", "thing", 1);
    audit::record_alone(db, &crate::system(), event, now_ms())
        .await
        .unwrap();

    let copy = open_backup(&target).await;
    let mut live_counts = table_row_counts(db).await;
    let copy_counts = table_row_counts(&copy).await;
    assert!(
        copy_counts
            .iter()
            .any(|(name, n)| name == "users" && *n == 14),
        "{copy_counts:?}"
    );
    for (name, n) in &mut live_counts {
        if name == "audit_log" {
            *n -= 1;
        }
    }
    assert_eq!(copy_counts, live_counts);

    let copy_report = audit::verify(&copy).await.unwrap();
    assert_eq!(copy_report.first_break, None);
    assert_eq!(
        copy_report.rows_checked + 1,
        audit::verify(db).await.unwrap().rows_checked
    );
    let head = "SELECT seq AS n FROM audit_head WHERE id = 1";
    assert_eq!(
        count(&copy, head, &[]).await + 1,
        count(db, head, &[]).await
    );

    // The copy is a working database: migrations are recorded, accounts are there.
    copy.migrate().await.unwrap();
    assert!(demo::is_seeded(&copy).await.unwrap());
    assert_eq!(
        platform::users::list(&copy).await.unwrap(),
        platform::users::list(db).await.unwrap()
    );
}

#[tokio::test]
async fn sec_backup_backing_up_over_an_existing_file_is_refused() {
    let platform = testing::sqlite().await;
    let target = backup_path("existing.db");
    std::fs::write(&target, b"an older backup").unwrap();

    let refused = backup::backup_to(&platform.db, &target).await;

    assert!(matches!(refused, Err(Error::Conflict(_))), "{refused:?}");
    assert_eq!(std::fs::read(&target).unwrap(), b"an older backup");
}

#[tokio::test]
async fn sec_backup_on_postgres_backup_to_answers_with_the_pg_dump_advice() {
    let Some(platform) = testing::postgres().await else {
        eprintln!(
            "note: {} not set; PostgreSQL backup test skipped",
            testing::PG_URL_VAR
        );
        return;
    };
    let target = backup_path("never-written.db");
    let refused = backup::backup_to(&platform.db, &target).await;
    let Err(Error::Invalid(message)) = refused else {
        panic!("PostgreSQL backup must be refused: {refused:?}")
    };
    assert_eq!(message, PG_DUMP_ADVICE);
    assert!(!target.exists());
}
