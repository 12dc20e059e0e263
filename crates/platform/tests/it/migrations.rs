//! Migrations are history (style.md): both folders hold the same files, every migration
//! applies on both backends, and applying them again changes nothing.

use std::path::Path;

use platform::testing::each_backend;

use crate::{backend, count};

fn migration_names(backend_folder: &str) -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(backend_folder);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    names.sort();
    names
}

#[test]
fn sqlite_and_postgres_migration_folders_hold_the_same_file_names() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
}

#[tokio::test]
async fn all_migrations_apply_on_both_backends_and_a_second_migrate_is_a_no_op() {
    let n_files = i64::try_from(migration_names("sqlite").len()).unwrap();
    for platform in each_backend().await {
        let db = &platform.db;
        let applied = "SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success = TRUE";
        assert_eq!(
            count(db, applied, &[]).await,
            n_files,
            "{}",
            backend(&platform)
        );
        // The seed row of the audit head is written by the migration: a rerun must not add
        // or reset it.
        sqlx::query("UPDATE audit_head SET seq = 41 WHERE id = 1")
            .execute(&db.pool)
            .await
            .unwrap();

        db.migrate().await.unwrap();

        assert_eq!(
            count(db, applied, &[]).await,
            n_files,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            count(db, "SELECT seq AS n FROM audit_head WHERE id = 1", &[]).await,
            41
        );
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM audit_head", &[]).await,
            1
        );
    }
}
