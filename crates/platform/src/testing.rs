//! Test helpers: a fresh database on each backend. SQLite always; PostgreSQL when
//! `ZHENGWU_TEST_DATABASE_URL` is set (then each test gets its own schema, and an unreachable
//! server fails the test instead of skipping it).

use std::path::PathBuf;

use crate::Platform;
use crate::config::Config;
use crate::db::Db;
use crate::personal::DataKey;

pub const PG_URL_VAR: &str = "ZHENGWU_TEST_DATABASE_URL";

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}", hex::encode(rand::random::<[u8; 6]>()))
}

/// A fresh, migrated SQLite database in its own temporary directory.
pub async fn sqlite() -> Platform {
    let dir: PathBuf = std::env::temp_dir().join(unique_name("zhengwu-test"));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let mut config = Config::new(&dir);
    config.data_key_hex = Some(hex::encode(rand::random::<[u8; 16]>()));
    Platform::open(config)
        .await
        .expect("open sqlite test database")
}

/// A fresh, migrated PostgreSQL schema, or `None` when no test server is configured.
pub async fn postgres() -> Option<Platform> {
    let base = std::env::var(PG_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty())?;
    let schema = unique_name("t");
    let admin = Db::connect(&base)
        .await
        .expect("PostgreSQL test server unreachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin.pool)
        .await
        .expect("create test schema");
    admin.pool.close().await;
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    let dir = std::env::temp_dir().join(unique_name("zhengwu-test-pg"));
    let mut config = Config::new(&dir);
    config.database_url = Some(url);
    config.data_key_hex = Some(hex::encode(rand::random::<[u8; 16]>()));
    Some(
        Platform::open(config)
            .await
            .expect("open postgres test database"),
    )
}

/// SQLite, and PostgreSQL when configured: run a test body against each.
pub async fn each_backend() -> Vec<Platform> {
    let mut platforms = vec![sqlite().await];
    match postgres().await {
        Some(platform) => platforms.push(platform),
        None => eprintln!("note: {PG_URL_VAR} not set; PostgreSQL half of this test skipped"),
    }
    platforms
}

/// A data key for tests that need one without a database.
pub fn data_key() -> DataKey {
    DataKey::generate()
}
