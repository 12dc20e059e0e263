//! `zhengwu bench services`: the online services benchmark of issue 5. In a bench-only
//! database (the hotline bench's may be shared: its units are reused) it publishes
//! `--items` service items and generates `--cases` cases over the last twelve months, then
//! prints (a) the guide page's render time over HTTP, (b) what the e-supervision view
//! `/office/supervision` computes for all units, and (c) how many applications a second
//! `POST /services/items/{code}/apply` acknowledges, with latencies, and whether any
//! acknowledged application was lost. A benchmark, not a test: it prints, it asserts nothing.

use std::time::Instant as Stopwatch;

use anyhow::{Context as _, bail};
use calendar::Instant;
use platform::Platform;
use platform::config::Config;
use platform::db::{Backend, Db, now_ms};
use platform::workflow::esupervision::{self, Counts};
use sqlx::Row as _;

use super::http::Server;
use super::services_http;
use super::services_items::{self, ITEM_PREFIX};
use super::{ServicesArgs, median_max, services_generate, verdict};

const RUNS: usize = 7;

async fn count(db: &Db, sql: &'static str) -> anyhow::Result<i64> {
    let row = sqlx::query(sql).fetch_one(&db.pool).await?;
    Ok(row.try_get("n")?)
}

/// Publishes the items and generates the cases into the bench jurisdiction (created here
/// when the database is empty).
async fn generate(platform: &Platform, args: &ServicesArgs, has_bench: bool) -> anyhow::Result<()> {
    let db = &platform.db;
    let now = now_ms();
    let units = if has_bench {
        let units = services_items::bench_units(db).await?;
        println!("沿用先前基准测试的行政区划与 {} 个单位", units.len());
        units
    } else {
        super::generate::jurisdiction_and_units(db, args.units, now).await?
    };
    if units.is_empty() {
        bail!("基准测试行政区划没有单位：请换一个空数据库");
    }
    let started = Stopwatch::now();
    services_items::create_items(db, args.items, &units).await?;
    println!(
        "items: {} published over {} units in {:.1} s",
        args.items,
        units
            .len()
            .min(usize::try_from(args.items).unwrap_or(usize::MAX)),
        started.elapsed().as_secs_f64()
    );
    let items = services_items::load_items(db).await?;
    services_generate::generate(db, &platform.key, items, args.cases, now).await
}

/// (b) `platform::workflow::esupervision::by_unit` for every unit, as `/office/supervision` calls it, and the
/// drill-down of the unit on top (`unit_clocks`, 1000 lines as the page asks).
async fn supervision(db: &Db) -> anyhow::Result<()> {
    let registry = web::subjects();
    let mut samples = Vec::with_capacity(RUNS);
    let mut lines = Vec::new();
    for _ in 0..RUNS {
        let now = Instant::from_millis(now_ms());
        let started = Stopwatch::now();
        lines = esupervision::by_unit(db, &registry, now, None).await?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let (median, max) = median_max(&mut samples);
    // The registry's column order: cases, then orders (`web::subjects`).
    let (cases, orders) = (0, 1);
    let sum = |index: usize, pick: fn(Counts) -> i64| -> i64 {
        lines.iter().map(|l| pick(l.counts(index))).sum()
    };
    println!(
        "(b) e-supervision view: median {median:.1} ms, max {max:.1} ms over {RUNS} runs (target < 300 ms: {}); {} units, cases: {} open clocks, {} yellow, {} red, {} 超期办件; orders: {} open clocks, {} 超期工单",
        verdict(median < 300.0 && max < 300.0),
        lines.len(),
        sum(cases, |c| c.running),
        sum(cases, |c| c.yellow),
        sum(cases, |c| c.red),
        sum(cases, |c| c.overdue),
        sum(orders, |c| c.running),
        sum(orders, |c| c.overdue),
    );
    let Some(top) = lines.first() else {
        return Ok(());
    };
    let mut samples = Vec::with_capacity(RUNS);
    let mut listed = 0;
    for _ in 0..RUNS {
        let now = Instant::from_millis(now_ms());
        let started = Stopwatch::now();
        listed = esupervision::unit_clocks(db, &registry, now, top.unit_id, 1000)
            .await?
            .len();
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let (median, max) = median_max(&mut samples);
    println!(
        "(b) drill-down of {}: median {median:.1} ms, max {max:.1} ms over {RUNS} runs (target < 300 ms: {}); {listed} clocks listed",
        top.unit_name,
        verdict(median < 300.0 && max < 300.0),
    );
    Ok(())
}

pub async fn run(config: Config, args: ServicesArgs) -> anyhow::Result<()> {
    if args.items == 0 || args.cases == 0 || args.units == 0 || args.concurrency == 0 {
        bail!("--items、--cases、--units 与 --concurrency 须大于 0");
    }
    let where_ = match Backend::from_url(&config.effective_database_url())? {
        Backend::Sqlite => format!("SQLite，{}", config.data_dir.display()),
        Backend::Postgres => "PostgreSQL（DATABASE_URL）".to_owned(),
    };
    let platform = Platform::open(config)
        .await
        .context("无法打开基准测试数据库")?;
    let db = &platform.db;
    println!("政务服务基准测试（{where_}）");
    let has_bench = super::bench_jurisdiction(db).await?;
    let items = count(db, "SELECT COUNT(*) AS n FROM svc_items").await?;
    let cases = count(db, "SELECT COUNT(*) AS n FROM svc_cases").await?;
    if cases > 0 {
        println!(
            "沿用先前基准测试生成的数据：{items} 个事项、{cases} 个办件（--items/--cases/--units 不再生效）"
        );
    } else if items > 0 {
        bail!("先前的基准测试未完成（有事项但没有办件）：请换一个空数据库");
    } else {
        generate(&platform, &args, has_bench).await?;
    }
    let published = services_items::load_items(db).await?;
    if published.is_empty() {
        bail!("基准测试数据库中没有 {ITEM_PREFIX} 开头的已发布事项");
    }
    println!(
        "dataset: {} items, {} cases ({} open), {} case clocks ({} open), {} case history rows, {} order clocks",
        published.len(),
        count(db, "SELECT COUNT(*) AS n FROM svc_cases").await?,
        count(
            db,
            "SELECT COUNT(*) AS n FROM svc_cases WHERE status NOT IN ('rejected', 'concluded', 'withdrawn')"
        )
        .await?,
        count(db, "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case'").await?,
        count(
            db,
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' AND status IN ('running', 'paused')"
        )
        .await?,
        count(db, "SELECT COUNT(*) AS n FROM svc_case_events").await?,
        count(db, "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'order'").await?,
    );
    let server = Server::start(&platform).await?;
    let codes: Vec<String> = published.iter().map(|item| item.code.clone()).collect();
    services_http::guide_pages(&server, &codes, args.pages).await?;
    supervision(db).await?;
    services_http::applications(
        &platform,
        &server,
        published,
        args.requests,
        args.concurrency,
    )
    .await?;
    server.stop().await?;
    Ok(())
}
