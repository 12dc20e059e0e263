//! Backups (SEC-BACKUP): a consistent online copy of the SQLite database with `VACUUM INTO`
//! (never a file copy of a live database); PostgreSQL is backed up with `pg_dump`.

use std::path::Path;

use crate::db::{Backend, Db};
use crate::error::{Error, Result};

pub const PG_DUMP_ADVICE: &str = "PostgreSQL 请使用 pg_dump 备份，例如：\n  pg_dump --format=custom --file=zhengwu.dump \"$DATABASE_URL\"\n恢复：\n  pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" zhengwu.dump";

/// Writes a consistent copy of the live SQLite database to `target` (which must not exist).
pub async fn backup_to(db: &Db, target: &Path) -> Result<()> {
    if db.backend == Backend::Postgres {
        return Err(Error::invalid(PG_DUMP_ADVICE));
    }
    if target.exists() {
        return Err(Error::conflict(format!(
            "备份文件 {} 已存在，不覆盖",
            target.display()
        )));
    }
    let target_text = target
        .to_str()
        .ok_or_else(|| Error::invalid("备份文件路径必须是 UTF-8"))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target_text)
        .execute(&db.pool)
        .await?;
    Ok(())
}
