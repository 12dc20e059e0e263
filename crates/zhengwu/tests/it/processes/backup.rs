//! Backup drills (issue 12's battery; SEC-BACKUP, SEC-DRILL, SEC-AUDIT): after the demo
//! seed and some appeals, the database is backed up as docs/DEPLOY.md says (`zhengwu backup`
//! on SQLite, `pg_dump --format=custom` on PostgreSQL), restored into a fresh data directory
//! or database (a file copy, `pg_restore`), and the restore holds every table's rows exactly,
//! comes up as a server, takes new appeals without reusing a number and verifies its audit
//! chain. Its personal data opens only with the data key, which the backup does not hold.

use std::collections::HashSet;
use std::process::Command;

use platform::personal::DataKey;
use sqlx::Row as _;

use super::{Appeal, PgDatabase, PublicForm, Server, Target, path_arg, table_contents, text};

const APPEALS: u32 = 5;

/// What the drill filed before the backup: the appeals' numbers and the phone of the first.
struct Activity {
    numbers: Vec<String>,
    first_phone: String,
}

async fn activity(original: &Target) -> Activity {
    let server = Server::start(original, "serve").await;
    let form = PublicForm::open(server.addr).await;
    let mut numbers = Vec::new();
    for index in 0..APPEALS {
        let number = Appeal {
            marker: "备份演练",
            index,
        }
        .submit(server.addr, &form)
        .await
        .unwrap()
        .unwrap_or_else(|status| panic!("appeal {index} refused: {status}"));
        numbers.push(number);
    }
    drop(server);
    Activity {
        numbers,
        first_phone: Appeal {
            marker: "备份演练",
            index: 0,
        }
        .phone(),
    }
}

fn succeeded(what: &str, output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{what}: {}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The restore holds exactly the original's tables and rows, starts, takes an appeal with a
/// new number, and verifies its audit chain; its sealed data needs the data key.
async fn check_restore(original: &Target, restore: &Target, activity: &Activity) {
    let (before, after) = (
        table_contents(&original.db().await).await,
        table_contents(&restore.db().await).await,
    );
    let names = |tables: &[(String, Vec<String>)]| -> Vec<String> {
        tables.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(names(&before), names(&after), "the restore's tables");
    for ((table, rows), (_, restored)) in before.iter().zip(&after) {
        assert_eq!(rows.len(), restored.len(), "rows of {table}");
        if let Some((row, other)) = rows.iter().zip(restored).find(|(a, b)| a != b) {
            panic!("{table} differs after the restore:\n{row}\n{other}");
        }
    }
    let rows: usize = before.iter().map(|(_, rows)| rows.len()).sum();
    eprintln!(
        "backup drill ({}): {} tables compared, {rows} rows, all equal after the restore",
        original.backend(),
        before.len()
    );
    assert!(
        before
            .iter()
            .any(|(table, rows)| table == "hotline_appeals" && rows.len() > APPEALS as usize),
        "the drill backs up the demo's appeals and its own"
    );

    // The personal data of the restore opens with the data key and with no other: the key
    // is kept apart from the database backup (docs/DEPLOY.md).
    let sealed: Vec<u8> =
        sqlx::query("SELECT appellant_phone_sealed FROM hotline_appeals WHERE number = $1")
            .bind(&activity.numbers[0])
            .fetch_one(&restore.db().await.pool)
            .await
            .unwrap()
            .try_get("appellant_phone_sealed")
            .unwrap();
    // Where the hotline seals an appellant's phone (issue 12 finding 14 binds it there).
    let place = platform::personal::aad(
        "hotline_appeals.appellant_phone_sealed",
        &activity.numbers[0],
    );
    let right = DataKey::from_hex(&restore.key).unwrap();
    assert_eq!(
        right.open_for(&sealed, &place).unwrap(),
        activity.first_phone
    );
    let wrong = DataKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
    assert!(
        wrong.open_for(&sealed, &place).is_err(),
        "sealed data opened with another key"
    );

    let server = Server::start(restore, "restored").await;
    let after_restore = Appeal {
        marker: "备份演练",
        index: APPEALS,
    }
    .submit(server.addr, &PublicForm::open(server.addr).await)
    .await
    .unwrap()
    .unwrap_or_else(|status| panic!("the restored server refused an appeal: {status}"));
    let before_numbers: HashSet<&String> = activity.numbers.iter().collect();
    assert!(
        !before_numbers.contains(&after_restore),
        "{after_restore} given again after the restore"
    );
    drop(server);
    let verified = restore.verify_audit_chain();
    eprintln!("backup drill ({}): {verified}", restore.backend());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sec_backup_drill_restores_every_table_of_sqlite_into_a_fresh_data_directory() {
    let original = Target::sqlite("drill");
    let activity = activity(&original).await;
    let backup_dir = Target::sqlite("drill-backup");
    let file = path_arg(&backup_dir.dir, "zhengwu-backup.db");
    succeeded("zhengwu backup", &original.run(&["backup", &file]));

    let restore = Target::sqlite("drill-restore");
    assert!(
        !restore.dir.join("data.key").exists(),
        "the restore gets its key from ZHENGWU_DATA_KEY, not from the backup"
    );
    std::fs::copy(&file, restore.dir.join("zhengwu.db")).unwrap();
    check_restore(&original, &restore, &activity).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sec_backup_drill_restores_every_table_of_postgres_with_pg_dump_and_pg_restore() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    let original = Target::postgres("drill-pg", pg);
    let activity = activity(&original).await;
    let file = path_arg(&original.dir, "zhengwu.dump");
    let url = original.database_url();
    succeeded(
        "pg_dump",
        &Command::new("pg_dump")
            .args(["--format=custom", "--file", &file, &url])
            .output()
            .expect("pg_dump (Debian: postgresql-client) is installed"),
    );

    let restore = Target::postgres("drill-pg-restore", PgDatabase::create().await.unwrap());
    let restore_url = restore.database_url();
    succeeded(
        "pg_restore",
        &Command::new("pg_restore")
            .args([
                "--exit-on-error",
                "--no-owner",
                "--dbname",
                &restore_url,
                &file,
            ])
            .output()
            .expect("pg_restore is installed"),
    );
    check_restore(&original, &restore, &activity).await;
}
