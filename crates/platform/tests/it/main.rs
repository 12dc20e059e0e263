//! Integration tests of the platform crate, on SQLite and PostgreSQL.
//!
//! Every storage test runs its body once per backend from `platform::testing::each_backend`
//! (PostgreSQL when `ZHENGWU_TEST_DATABASE_URL` is set). Run with
//! `cargo test -p platform --features testing`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod account_records;
mod accounts;
mod attachments;
mod audit;
mod backup;
mod clocks;
mod demo;
mod evaluation;
mod evaluation_stages;
mod evaluation_statistics;
mod files;
mod held;
mod jobs;
mod kernel;
mod login;
mod login_delay;
mod migrations;
mod notify;
mod profile;
mod query_codes;
mod resets;
mod satisfaction;
mod security;
mod tidy;
mod unit_contacts;
mod unmask;
mod workbench;
mod workcal;

use platform::Platform;
use platform::audit::AuditActor;
use platform::db::{Db, now_ms};
use platform::jurisdiction::{self, NewJurisdiction};
use platform::roles::Role;
use platform::units::{self, NewUnit, UnitKind};
use platform::users::{self, NewAccount};
use sqlx::Row as _;

/// Runs one `SELECT COUNT(*) AS n …` with the given text binds and returns `n`.
pub async fn count(db: &Db, sql: &str, binds: &[&str]) -> i64 {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for bind in binds {
        query = query.bind(*bind);
    }
    query
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Runs one statement written by a test (tampering, time travel), returning rows affected.
pub async fn execute(db: &Db, sql: &str) -> u64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&db.pool)
        .await
        .unwrap()
        .rows_affected()
}

pub fn system() -> AuditActor {
    AuditActor::system("it")
}

/// A jurisdiction with the `ganzhou` preset and one department; returns the unit's id.
pub async fn new_unit(platform: &Platform) -> i64 {
    let now = now_ms();
    let mut tx = platform.db.begin().await.unwrap();
    let jurisdiction_id = jurisdiction::create(
        &mut tx,
        &system(),
        &NewJurisdiction {
            code: "990001".into(),
            name: "测试区".into(),
            host_unit: "测试区人民政府办公室".into(),
            site_code: "9900010001".into(),
            icp_number: String::new(),
            police_number: String::new(),
            contact_phone: "0000-12345".into(),
            contact_address: "测试地址".into(),
            profile_preset: "ganzhou".into(),
            is_demo: false,
        },
        now,
    )
    .await
    .unwrap();
    let unit_id = units::create(
        &mut tx,
        &system(),
        NewUnit {
            jurisdiction_id,
            parent_id: None,
            code: "test-market".into(),
            name: "测试区市场监督管理局".into(),
            kind: UnitKind::Department,
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    unit_id
}

/// A committed account with one role; returns its id and first password.
pub async fn new_account(
    platform: &Platform,
    unit_id: i64,
    username: &str,
    role: Role,
) -> (i64, String) {
    let mut tx = platform.db.begin().await.unwrap();
    let created = users::create(
        &mut tx,
        &system(),
        NewAccount {
            unit_id,
            username: username.into(),
            display_name: "测试人员".into(),
            roles: vec![role],
        },
        now_ms(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    created
}

/// The backend's name, to say in an assertion message which half of a test failed.
pub fn backend(platform: &Platform) -> &'static str {
    platform.db.backend.name()
}
