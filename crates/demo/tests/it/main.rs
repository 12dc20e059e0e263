//! Integration tests of the demo seed, built as one binary: each part of the demo is made
//! once, through the domains' use cases, and the whole seed leaves a database with a real
//! jurisdiction alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod activity;
mod catalogue;
mod complaints;
mod concerns;
mod consultation;
mod documents;
mod extranet_hall;
mod knowledge;
mod openness;
mod openness_evaluation;
mod participation;
mod seed;
mod sharing;
mod sites;

use platform::Platform;
use platform::audit::AuditActor;
use sqlx::Row as _;

/// A fresh database per backend with the demo jurisdiction (units, accounts).
pub async fn seeded() -> Vec<Platform> {
    let mut platforms = platform::testing::each_backend().await;
    for platform in &mut platforms {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
    }
    platforms
}

pub fn actor() -> AuditActor {
    AuditActor::system("test-demo")
}

pub fn backend(platform: &Platform) -> &'static str {
    platform.db.backend.name()
}

/// The `n` column of a one-row query.
pub async fn scalar(platform: &Platform, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}
