//! `zhengwu search rebuild` (WEB-SEARCH): the site search's index recreated from the database
//! (derived data) with a progress bar; a running server keeps the index it opened until it
//! restarts, and a server that finds its index missing or corrupt rebuilds it by itself.

use std::io::Write as _;

use clap::Subcommand;
use platform::Platform;
use platform::config::Config;

#[derive(Subcommand)]
pub enum SearchCommand {
    /// Recreate the search index of everything public from the database.
    Rebuild,
}

/// A progress bar on standard error: `[#####-----] done/total`.
fn bar(done: usize, total: usize) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r重建搜索索引 [{}{}] {done}/{total}",
        "#".repeat(filled),
        "-".repeat(width - filled)
    );
    let _ = err.flush();
}

pub async fn run(config: Config, command: SearchCommand) -> anyhow::Result<()> {
    match command {
        SearchCommand::Rebuild => {
            let platform = Platform::open(config).await?;
            let dir = platform.config.data_dir.join("search");
            let started = std::time::Instant::now();
            let count = search::rebuild_in(platform.db.clone(), &dir, bar).await?;
            eprintln!();
            println!(
                "搜索索引已重建：{count} 篇，用时 {:.1} 秒（{}）。正在运行的服务重启后使用新索引。",
                started.elapsed().as_secs_f64(),
                dir.display()
            );
            Ok(())
        }
    }
}
