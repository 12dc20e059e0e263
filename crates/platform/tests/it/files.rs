//! Issue 12 finding 10: the personal-data key and the SQLite database of a data directory are
//! readable by their owner only — created 0600, and a database found wider is narrowed.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use platform::Platform;
use platform::config::Config;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn hardening_the_data_key_and_the_database_are_the_owners_only() {
    let dir = std::env::temp_dir().join(format!(
        "zhengwu-files-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    let platform = Platform::open(Config::new(&dir)).await.unwrap();
    assert_eq!(mode(&dir.join("data.key")), 0o600);
    assert_eq!(mode(&dir.join("zhengwu.db")), 0o600);
    let wal = dir.join("zhengwu.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "SQLite's journal follows the database");
    }
    platform.db.pool.close().await;

    // A database left world-readable by an older version is narrowed on the next open.
    std::fs::set_permissions(
        dir.join("zhengwu.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let again = Platform::open(Config::new(&dir)).await.unwrap();
    assert_eq!(mode(&dir.join("zhengwu.db")), 0o600);
    again.db.pool.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
