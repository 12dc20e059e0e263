//! `zhengwu counters rebuild`: recomputes every counter the reports read (issue 11 point 7,
//! `platform::workflow::counters`) from the clock table, the order history, the ratings and
//! the accountability events, in one transaction — after rows were loaded by hand (the
//! benchmarks) or on a database migrated from before the counters (`serve` and `migrate` do
//! it once by themselves).

use std::time::Instant as Stopwatch;

use calendar::Instant;
use clap::Subcommand;
use platform::config::Config;
use platform::db::{Db, now_ms};
use platform::workflow::counters::{self, Rebuild};

#[derive(Subcommand)]
pub enum CountersCommand {
    /// Recompute every counter from the rows (the commands keep them as they run).
    Rebuild,
}

pub async fn run(config: Config, command: CountersCommand) -> anyhow::Result<()> {
    let platform = platform::Platform::open(config).await?;
    match command {
        CountersCommand::Rebuild => {
            let started = Stopwatch::now();
            let rows = rebuild_all(&platform.db).await?;
            println!(
                "计数已重建：{rows} 行，用时 {:.1} 秒",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// Rebuilds every counter of every registered kind; returns the counter rows written.
pub async fn rebuild_all(db: &Db) -> anyhow::Result<u64> {
    let mut tx = db.begin().await?;
    let mut build = Rebuild::default();
    // The hotline's releases come from its history; then every kind's clocks.
    hotline::reports::rebuild::mark_released(&mut tx).await?;
    for kind in web::subjects().kinds() {
        build.clocks(&mut tx, kind.code, &kind.counting).await?;
    }
    hotline::supervision::count_accountability(&mut tx, &mut build).await?;
    build.ratings(&mut tx).await?;
    let rows = build.write(&mut tx, Instant::from_millis(now_ms())).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Rebuilds the counters once on a database that never had them built (a database from
/// before migration 0015); true when it did. Two nodes starting together build them once:
/// the second waits under `Db::lock_nodes` and finds them built (issue 12's two nodes).
pub async fn ensure_built(db: &Db) -> anyhow::Result<bool> {
    let lock = db.lock_nodes("counters.build").await?;
    let built = build_unless_built(db).await;
    lock.release().await?;
    built
}

async fn build_unless_built(db: &Db) -> anyhow::Result<bool> {
    if counters::is_built(db).await? {
        return Ok(false);
    }
    let rows = rebuild_all(db).await?;
    tracing::info!(rows, "counters built from the rows");
    Ok(true)
}
