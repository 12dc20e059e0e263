//! The zhengwu binary as an administrator uses it: `audit verify` names an edited row
//! (SEC-AUDIT), `backup` writes a restorable copy (SEC-BACKUP), `calendar due` (CAL-DUE).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use platform::Platform;
use platform::config::Config;

struct Fixture {
    dir: PathBuf,
    key: String,
}

impl Fixture {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "zhengwu-cli-{}",
            hex::encode(rand::random::<[u8; 6]>())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            dir,
            key: hex::encode(rand::random::<[u8; 16]>()),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_zhengwu"))
            .arg("--data")
            .arg(&self.dir)
            .args(args)
            .env_remove("DATABASE_URL")
            .env("ZHENGWU_DATA_KEY", &self.key)
            .output()
            .unwrap()
    }

    async fn platform(&self) -> Platform {
        let mut config = Config::new(&self.dir);
        config.data_key_hex = Some(self.key.clone());
        Platform::open(config).await.unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn sec_audit_verify_command_names_an_edited_row() {
    let fixture = Fixture::new();
    let migrate = fixture.run(&["migrate"]);
    assert!(migrate.status.success(), "{}", text(&migrate.stderr));
    let platform = fixture.platform().await;
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();

    let clean = fixture.run(&["audit", "verify"]);
    assert!(clean.status.success(), "{}", text(&clean.stderr));
    assert!(text(&clean.stdout).contains("审计日志完整"));

    sqlx::query("UPDATE audit_log SET detail = '被改过' WHERE seq = 5")
        .execute(&platform.db.pool)
        .await
        .unwrap();
    let tampered = fixture.run(&["audit", "verify"]);
    assert!(!tampered.status.success());
    let stderr = text(&tampered.stderr);
    assert!(
        stderr.contains("第 5 条") && stderr.contains("被修改"),
        "{stderr}"
    );
}

#[tokio::test]
async fn sec_backup_command_writes_a_copy_that_opens_with_the_same_rows() {
    let fixture = Fixture::new();
    let platform = fixture.platform().await;
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    let file = fixture.dir.join("backup.db");
    let backup = fixture.run(&["backup", file.to_str().unwrap()]);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    let copy = platform::db::Db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    assert!(
        platform::audit::verify(&copy)
            .await
            .unwrap()
            .first_break
            .is_none()
    );
    let again = fixture.run(&["backup", file.to_str().unwrap()]);
    assert!(!again.status.success(), "never overwrites a backup");
    assert!(Path::new(&file).exists());
}

#[test]
fn cal_due_command_prints_the_due_instant_and_refuses_bad_arguments() {
    let fixture = Fixture::new();
    let due = fixture.run(&["calendar", "due", "2025-09-30T17:59:00+08:00", "1", "wd"]);
    assert!(due.status.success(), "{}", text(&due.stderr));
    assert_eq!(text(&due.stdout).trim(), "2025-10-09T18:00:00+08:00");
    for args in [
        ["calendar", "due", "2025-09-30T17:59:00+08:00", "-1", "wd"],
        ["calendar", "due", "2025-09-30T17:59:00+08:00", "1", "weeks"],
        ["calendar", "due", "yesterday", "1", "wd"],
    ] {
        let bad = fixture.run(&args);
        assert!(!bad.status.success(), "{args:?}");
        assert!(
            text(&bad.stderr).contains("错误"),
            "{args:?}: {}",
            text(&bad.stderr)
        );
    }
}

/// WEB-ARCHIVE: `site export CODE DIR` writes the demo bureau's site as files that open from
/// disk and says what it wrote; an unknown code and a directory that is not empty are refused
/// in Chinese with a failing exit code, and change nothing.
#[tokio::test]
async fn web_archive_site_export_command_writes_the_copy_and_refuses_bad_input() {
    let fixture = Fixture::new();
    let platform = fixture.platform().await;
    demo::seed(&platform).await.unwrap();
    drop(platform);
    let out = fixture.dir.join("export");
    let out_text = out.to_str().unwrap();

    let unknown = fixture.run(&["site", "export", "6207029999", out_text]);
    assert!(!unknown.status.success());
    let stderr = text(&unknown.stderr);
    assert!(
        stderr.contains("没有网站标识码为“6207029999”的网站"),
        "{stderr}"
    );
    assert!(!out.exists(), "a refused export makes no directory");

    let done = fixture.run(&["site", "export", "6207020003", out_text]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    let stdout = text(&done.stdout);
    assert!(
        stdout.contains("已导出网站") && stdout.contains("6207020003"),
        "{stdout}"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"static/app.css\""), "{home}");
    assert!(!home.contains("href=\"/sites/"));
    assert!(out.join("export.json").is_file() && out.join("sitemap/index.html").is_file());

    let again = fixture.run(&["site", "export", "6207020003", out_text]);
    assert!(!again.status.success());
    let stderr = text(&again.stderr);
    assert!(
        stderr.contains("不是空目录") && stderr.contains("--force"),
        "{stderr}"
    );
    let forced = fixture.run(&["site", "export", "6207020003", out_text, "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
}
