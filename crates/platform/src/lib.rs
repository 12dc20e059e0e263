//! The zhengwu platform: configuration, storage, the jurisdiction and its rule profile,
//! units, staff accounts and roles, login, the audit log, personal-data protection, jobs,
//! notifications, backups, and the security administrator's incident register and drills.
//! Domain crates build on it; it knows nothing of HTTP.

pub mod access;
pub mod announcements;
pub mod assessment;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bearer;
pub mod clocks;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod evaluation;
pub mod filed_by;
pub mod group_commit;
pub mod held;
pub mod idempotency;
pub mod ids;
pub mod jobs;
pub mod jurisdiction;
pub mod notify;
pub mod personal;
pub mod phone_code;
pub mod privacy;
pub mod profile;
pub mod query_code;
pub mod roles;
pub mod search_feed;
pub mod security;
pub mod snapshot;
pub mod syskeys;
pub mod unit_contacts;
pub mod units;
pub mod users;
pub mod workcal;
pub mod workflow;

#[cfg(any(test, feature = "testing"))]
#[allow(clippy::expect_used)]
pub mod testing;

pub use error::{Error, Result};
pub use ids::{UnitId, UserId};

use config::Config;
use db::Db;
use personal::DataKey;

/// Everything a use case needs from the platform, cheap to clone.
#[derive(Clone, Debug)]
pub struct Platform {
    pub db: Db,
    pub key: DataKey,
    pub config: Config,
}

impl Platform {
    /// Connects, applies migrations and loads the personal-data key.
    pub async fn open(config: Config) -> Result<Self> {
        let url = config.effective_database_url();
        if db::Backend::from_url(&url)? == db::Backend::Sqlite {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| {
                Error::invalid(format!(
                    "无法创建数据目录 {}：{e}",
                    config.data_dir.display()
                ))
            })?;
            if config.database_url.is_none() {
                let file = config.data_dir.join("zhengwu.db");
                personal::private_database_file(&file).map_err(|e| {
                    Error::invalid(format!("无法设置数据库文件 {} 的权限：{e}", file.display()))
                })?;
            }
        }
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        let key = DataKey::load_or_create(config.data_key_hex.as_deref(), &config.data_dir)?;
        Ok(Self { db, key, config })
    }
}
