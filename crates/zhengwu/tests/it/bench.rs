//! `zhengwu bench hotline`, `zhengwu bench services`, `zhengwu bench sites` and `zhengwu bench
//! search` on small data sets: each runs to the end, prints every figure of its issue's
//! benchmark (4, 5, 15 and 18) and
//! loses no acknowledged submission; the sites bench reads its sample back as generated. No
//! timing is asserted.

use std::process::{Command, Output};

fn bench(dir: &std::path::Path, extra: &[&str]) -> Output {
    bench_of("hotline", dir, extra)
}

fn bench_of(which: &str, dir: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .arg("--data")
        .arg(dir)
        .args(["bench", which])
        .args(extra)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zhengwu-bench-{name}-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn bench_hotline_prints_every_figure_and_loses_nothing() {
    let dir = fresh_dir("smoke");
    let args = [
        "--orders",
        "2000",
        "--units",
        "10",
        "--requests",
        "50",
        "--concurrency",
        "4",
    ];
    let output = bench(&dir, &args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for figure in [
        "generation: 2000 orders",
        "(a) rates report",
        "(b) overdue list",
        "(b) supervisor view",
        "(c) throughput",
        "p99",
        "(d) acknowledged 50, stored 50, lost 0",
    ] {
        assert!(stdout.contains(figure), "missing {figure:?} in:\n{stdout}");
    }

    // A second run reuses the bench's own data instead of generating it again.
    let again = bench(&dir, &["--requests", "5", "--concurrency", "1"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(stdout.contains("沿用先前基准测试生成的数据"), "{stdout}");
    assert!(stdout.contains("lost 0"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_services_prints_every_figure_and_loses_nothing() {
    let dir = fresh_dir("services");
    let args = [
        "--items",
        "20",
        "--cases",
        "200",
        "--units",
        "5",
        "--pages",
        "20",
        "--requests",
        "20",
        "--concurrency",
        "4",
    ];
    let output = bench_of("services", &dir, &args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for figure in [
        "items: 20 published",
        "generation: 200 cases",
        "dataset: 20 items, 200 cases",
        "(a) guide page latency",
        "(b) e-supervision view",
        "(c) throughput",
        "(d) acknowledged 20, stored 20, lost 0",
    ] {
        assert!(stdout.contains(figure), "missing {figure:?} in:\n{stdout}");
    }

    // A second run reuses the bench's own data instead of generating it again.
    let again = bench_of("services", &dir, &["--pages", "2", "--requests", "2"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(stdout.contains("沿用先前基准测试生成的数据"), "{stdout}");
    assert!(stdout.contains("dataset: 20 items, 220 cases"), "{stdout}");
    assert!(stdout.contains("lost 0"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_sites_prints_every_figure_and_reads_its_sample_back() {
    let dir = fresh_dir("sites");
    let args = [
        "--sites",
        "3",
        "--columns",
        "60",
        "--articles",
        "600",
        "--units",
        "2",
        "--pages",
        "20",
        "--publish",
        "8",
        "--concurrency",
        "2",
        "--sample",
        "40",
    ];
    let output = bench_of("sites", &dir, &args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for figure in [
        "sites: 3 registered, applied for and opened through sites::usecase",
        "generation: 600 articles",
        "generation total:",
        "dataset: 3 sites, 60 columns, 600 articles",
        // The sample read back through the read API matches what was generated.
        "sample: 40 articles read back",
        "consistent",
        "(a) article page p50",
        "(b) column list page p50",
        "(b) the largest column",
        "(c) freshness over all columns",
        // WEB-FRESH: the overview over the stored marks counts what the live report counts.
        "(c) cross-check: the overview's counts equal the live report + tally",
        "(c) freshness scan job",
        "(d) publishing throughput",
        "(d) published 8, pages served 8, lost 0",
        // Every generated page carries the content its publisher approved (SEC-TAMPER).
        "0 alarms, 0 restored",
    ] {
        assert!(stdout.contains(figure), "missing {figure:?} in:\n{stdout}");
    }
    assert!(stdout.contains("(0 failed)"), "{stdout}");

    // A second run reuses the bench's own data instead of generating it again.
    let again = bench_of(
        "sites",
        &dir,
        &["--pages", "2", "--publish", "2", "--sample", "5"],
    );
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(stdout.contains("沿用先前基准测试生成的数据"), "{stdout}");
    assert!(
        stdout.contains("dataset: 3 sites, 60 columns, 608 articles"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(d) published 2, pages served 2, lost 0"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_refuses_a_database_with_a_real_jurisdiction() {
    let dir = fresh_dir("refuse");
    let insert = "INSERT INTO jurisdictions (code, name, host_unit, site_code, icp_number, \
                  police_number, contact_phone, contact_address, profile_preset, created_at, \
                  updated_at) VALUES ('620702', '甘州区', '', '', '', '', '', '', 'ganzhou', 0, 0)";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let platform = platform::Platform::open(platform::config::Config::new(&dir))
            .await
            .unwrap();
        sqlx::query(insert)
            .execute(&platform.db.pool)
            .await
            .unwrap();
    });
    let output = bench(&dir, &["--orders", "10", "--units", "1", "--requests", "1"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("620702"), "{stderr}");
    let output = bench_of("services", &dir, &["--cases", "10", "--requests", "1"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("620702"), "{stderr}");
    let output = bench_of("sites", &dir, &["--sites", "1", "--articles", "10"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("620702"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

/// WEB-SEARCH: `zhengwu bench search` on 2,000 documents runs the whole mix on both engines,
/// prints every figure, and our engine finds the intended term for pinyin, initials and typo
/// queries (FTS5 cannot). No timing is asserted.
#[test]
fn bench_search_runs_the_mix_and_finds_pinyin() {
    let dir = fresh_dir("search");
    let output = bench_of("search", &dir, &["--docs", "2000", "--queries", "20"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for figure in [
        "corpus: 2000 documents",
        "docs/s",
        "FTS5",
        "overall",
        "LIKE",
    ] {
        assert!(stdout.contains(figure), "{figure} missing:\n{stdout}");
    }
    // The first rate of the row is ours, the second FTS5's.
    let rates = |label: &str| -> Vec<f64> {
        let line = stdout
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("{label} row missing:\n{stdout}"));
        line.split_whitespace()
            .filter_map(|cell| cell.strip_suffix('%'))
            .map(|cell| cell.parse().unwrap())
            .collect()
    };
    for label in ["全拼", "首字母", "同音错字"] {
        let found = rates(label);
        assert!(found[0] > 50.0, "{label}: {found:?}\n{stdout}");
    }
}
