//! `zhengwu bench hotline`: the 12345 benchmark of issue 4. Generates a realistic hotline
//! (orders across units over the last twelve months) in a bench-only database, then prints
//! how long the monthly rate report and the supervisor's overdue list take, how many durable
//! appeals a second `POST /hotline` sustains with which latencies, and whether any
//! acknowledged appeal was lost. A benchmark, not a test: it prints figures, it asserts none.
//! `zhengwu bench hall` is issue 21's: the hall's calls and its 50 displays, see [`hall`].
//! `zhengwu bench services` is issue 5's: service items and cases, see [`services`];
//! `zhengwu bench sites` issue 15's: the site group's pages, freshness and workflow, see
//! [`sites`]; `zhengwu bench search` issue 18's: the site search against SQLite FTS5, see
//! [`search_run`]; `zhengwu bench words` issue 19's: the word checker against plain daachorse
//! and aho-corasick, see [`words`]; `zhengwu bench ipam` issue 21's: the extranet's next-free
//! /29, see [`ipam`]; `zhengwu bench share` issue 20's: the data-sharing gateway, see
//! [`share`].

mod generate;
mod hall;
mod http;
mod inspect_site;
mod ipam;
mod measure;
mod search_corpus;
mod search_fts;
mod search_run;
mod services;
mod services_cases;
mod services_generate;
mod services_http;
mod services_items;
mod share;
mod sites;
mod sites_articles;
mod sites_columns;
mod sites_generate;
mod sites_http;
mod sites_measure;
mod sites_pages;
mod sites_texts;
mod sites_workflow;
mod sites_world;
mod words;

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use platform::Platform;
use platform::config::Config;
use platform::db::{Backend, Db};
use sqlx::Row as _;

/// The jurisdiction code of a bench database; any other jurisdiction makes the bench refuse.
pub const BENCH_CODE: &str = "BENCH";

#[derive(Subcommand)]
pub enum BenchCommand {
    /// The service hall: a day of tickets, calls, and 50 displays following them.
    Hall(hall::HallArgs),
    /// The 12345 hotline: rate report, overdue list, appeal submissions over HTTP.
    Hotline(HotlineArgs),
    /// Online services: guide pages, the e-supervision view, applications over HTTP.
    Services(ServicesArgs),
    /// The site group: article and column pages, freshness, publishing through the workflow.
    Sites(SitesArgs),
    /// The site search: indexing throughput, query latencies, SQLite FTS5 on the same corpus.
    Search(SearchArgs),
    /// The word checker (WEB-INSPECT): MiB/s per core with normalisation, next to plain
    /// daachorse and aho-corasick on the same generated text.
    Words(words::WordsArgs),
    /// The extranet's addresses: next-free /29 in a /8 holding 100,000 allocations.
    Ipam(ipam::IpamArgs),
    /// The site inspector (WEB-INSPECT): a crawl of a generated local site of 10,000 pages
    /// with attachments; pages per second and peak memory.
    Inspect(inspect_site::InspectArgs),
    /// The data-sharing gateway (DATA-CALL): 20-row filtered pages of a hosted table of
    /// 1 million rows over 32 connections with the call log on; calls/s, p50/p99, and the
    /// log rows counted against the calls.
    Share(share::ShareArgs),
}

#[derive(Args, Debug, Clone)]
pub struct HotlineArgs {
    /// Orders generated over the last twelve months.
    #[arg(long, default_value_t = 2_000_000)]
    pub orders: u64,
    /// Units the orders are dispatched to.
    #[arg(long, default_value_t = 400)]
    pub units: u32,
    /// Appeals filed through `POST /hotline` (the run also stops after 60 s).
    #[arg(long, default_value_t = 5_000)]
    pub requests: u64,
    /// Concurrent keep-alive connections filing them.
    #[arg(long, default_value_t = 32)]
    pub concurrency: u32,
}

#[derive(Args, Debug, Clone)]
pub struct ServicesArgs {
    /// Published service items generated across the units.
    #[arg(long, default_value_t = 1_000)]
    pub items: u32,
    /// Cases generated over the last twelve months.
    #[arg(long, default_value_t = 1_000_000)]
    pub cases: u64,
    /// Units the items belong to (when the bench jurisdiction is created here).
    #[arg(long, default_value_t = 400)]
    pub units: u32,
    /// Guide pages requested (`GET /services/items/{code}` over random items).
    #[arg(long, default_value_t = 2_000)]
    pub pages: u64,
    /// Applications submitted through `POST /services/items/{code}/apply` (the run also
    /// stops after 60 s).
    #[arg(long, default_value_t = 5_000)]
    pub requests: u64,
    /// Concurrent keep-alive connections submitting them.
    #[arg(long, default_value_t = 32)]
    pub concurrency: u32,
}

#[derive(Args, Debug, Clone)]
pub struct SitesArgs {
    /// Sites of the group (the first is the portal), opened through the use cases.
    #[arg(long, default_value_t = 1_000)]
    pub sites: u32,
    /// Columns, spread evenly over the sites.
    #[arg(long, default_value_t = 245_000)]
    pub columns: u64,
    /// Articles over the columns and the last three years.
    #[arg(long, default_value_t = 2_000_000)]
    pub articles: u64,
    /// Units hosting the sites (when the bench jurisdiction is created here).
    #[arg(long, default_value_t = 400)]
    pub units: u32,
    /// Article pages and column list pages requested (each).
    #[arg(long, default_value_t = 2_000)]
    pub pages: u64,
    /// Articles taken through the whole workflow (the run also stops after 60 s).
    #[arg(long, default_value_t = 1_000)]
    pub publish: u64,
    /// Concurrent workers publishing them.
    #[arg(long, default_value_t = 8)]
    pub concurrency: u32,
    /// Articles read back and checked after generation.
    #[arg(long, default_value_t = 200)]
    pub sample: u64,
}

#[derive(Args, Debug, Clone)]
pub struct SearchArgs {
    /// Chinese documents generated and indexed.
    #[arg(long, default_value_t = 1_000_000)]
    pub docs: u64,
    /// Queries of each kind in the mix (words, two-character words, phrases, pinyin,
    /// initials, typos).
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// The generator's seed (the same seed, the same corpus and queries).
    #[arg(long, default_value_t = 18)]
    pub seed: u64,
    /// Indexing threads of the writer.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
}

/// Where the bench writes when neither `--data` nor `DATABASE_URL` was given: a fresh
/// directory, never the default `./data` of a real installation.
pub fn fresh_data_dir() -> PathBuf {
    std::env::temp_dir().join(format!(
        "zhengwu-bench-{}",
        platform::db::now_ms().div_euclid(1000)
    ))
}

pub async fn run(config: Config, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Hall(args) => hall::run(config, args).await,
        BenchCommand::Hotline(args) => hotline(config, args).await,
        BenchCommand::Services(args) => services::run(config, args).await,
        BenchCommand::Sites(args) => sites::run(config, args).await,
        BenchCommand::Search(args) => search_run::run(args).await,
        BenchCommand::Words(args) => words::run(args).await,
        BenchCommand::Ipam(args) => ipam::run(config, args).await,
        BenchCommand::Inspect(args) => inspect_site::run(args).await,
        BenchCommand::Share(args) => share::run(config, args).await,
    }
}

/// What the database holds before the bench writes anything.
enum Existing {
    Empty,
    /// A previous bench run's data: reused as it is.
    Bench {
        orders: u64,
    },
}

/// Refuses any database holding a jurisdiction other than the bench's own; true when the
/// bench's jurisdiction is there (a previous bench run), false when there is none.
async fn bench_jurisdiction(db: &Db) -> anyhow::Result<bool> {
    let rows = sqlx::query("SELECT code FROM jurisdictions ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let codes = rows
        .iter()
        .map(|row| row.try_get::<String, _>("code"))
        .collect::<Result<Vec<_>, _>>()?;
    if codes.iter().any(|code| code != BENCH_CODE) {
        bail!(
            "数据库中已有行政区划（{}），基准测试只在空数据库或先前基准测试建立的数据库上运行，以免污染真实数据",
            codes.join("、")
        );
    }
    Ok(!codes.is_empty())
}

/// What the hotline bench finds: nothing, or a previous hotline bench run's data.
async fn existing(db: &Db) -> anyhow::Result<Existing> {
    if !bench_jurisdiction(db).await? {
        return Ok(Existing::Empty);
    }
    let row = sqlx::query("SELECT COUNT(*) AS n FROM hotline_orders")
        .fetch_one(&db.pool)
        .await?;
    let orders: i64 = row.try_get("n")?;
    if orders == 0 {
        bail!("先前的基准测试未完成（有行政区划 BENCH 但没有工单）：请换一个空数据库");
    }
    Ok(Existing::Bench {
        orders: u64::try_from(orders).unwrap_or(0),
    })
}

async fn hotline(config: Config, args: HotlineArgs) -> anyhow::Result<()> {
    if args.orders == 0 || args.units == 0 || args.concurrency == 0 {
        bail!("--orders、--units 与 --concurrency 须大于 0");
    }
    let where_ = match Backend::from_url(&config.effective_database_url())? {
        Backend::Sqlite => format!("SQLite，{}", config.data_dir.display()),
        Backend::Postgres => "PostgreSQL（DATABASE_URL）".to_owned(),
    };
    let platform = Platform::open(config)
        .await
        .context("无法打开基准测试数据库")?;
    let db = &platform.db;
    println!("12345 基准测试（{where_}）");
    let generated = match existing(db).await? {
        Existing::Empty => {
            generate::generate(db, args.orders, args.units).await?;
            true
        }
        Existing::Bench { orders } => {
            println!("沿用先前基准测试生成的数据：{orders} 个工单（--orders/--units 不再生效）");
            false
        }
    };
    // The generator writes rows, not commands: the counters are rebuilt from them.
    if generated || !platform::workflow::counters::is_built(db).await? {
        let started = std::time::Instant::now();
        let rows = crate::counters_cmd::rebuild_all(db).await?;
        println!(
            "counters rebuilt from the rows: {rows} counter rows in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let dataset = measure::dataset(db).await?;
    println!(
        "dataset: {} orders, {} units, {} clocks ({} open)",
        dataset.orders, dataset.units, dataset.clocks, dataset.open_clocks
    );
    measure::rates_report(db).await?;
    measure::overdue_list(db).await?;
    http::appeals(&platform, args.requests, args.concurrency).await?;
    Ok(())
}

/// Median and maximum of a few timings, in milliseconds.
pub fn median_max(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let median = samples.get(samples.len() / 2).copied().unwrap_or(0.0);
    let max = samples.last().copied().unwrap_or(0.0);
    (median, max)
}

/// "met" or "MISSED" against a target.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}
