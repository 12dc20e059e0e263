//! `zhengwu bench sites`: the site group's benchmark of issue 15. In a bench-only database it
//! opens `--sites` sites through the use cases, writes `--columns` columns and `--articles`
//! articles lived through the pure article machine (rows as the use cases write them, timed),
//! reads a sample back through the read API, then prints (a) the article page's and (b) the
//! column list page's latencies over HTTP (or, in a build without the site group's pages, of
//! the reads those pages make), (c) the freshness computation over every column and the
//! hourly scan, (d) how many articles a second go through the whole workflow (editor →
//! reviewer → publisher through `sites::usecase`), and (e) the tamper check over every served
//! page. A benchmark, not a test: it prints figures, it asserts none (but stops if the sample
//! does not read back as generated).

use std::time::Instant as Stopwatch;

use anyhow::{Context as _, bail};
use platform::Platform;
use platform::config::Config;
use platform::db::{Backend, Db, now_ms};

use super::http::Server;
use super::sites_measure::scalar;
use super::{
    SitesArgs, sites_generate, sites_http, sites_measure, sites_pages, sites_workflow, sites_world,
};

async fn dataset(db: &Db) -> anyhow::Result<()> {
    println!(
        "dataset: {} sites, {} columns, {} articles ({} published), {} content versions, {} history rows, {} pages served",
        scalar(db, "SELECT COUNT(*) FROM sites").await?,
        scalar(db, "SELECT COUNT(*) FROM site_columns").await?,
        scalar(db, "SELECT COUNT(*) FROM site_articles").await?,
        scalar(
            db,
            "SELECT COUNT(*) FROM site_articles WHERE status = 'published'"
        )
        .await?,
        scalar(db, "SELECT COUNT(*) FROM site_article_versions").await?,
        scalar(db, "SELECT COUNT(*) FROM site_article_events").await?,
        scalar(
            db,
            "SELECT COUNT(*) FROM site_pages WHERE withdrawn_at IS NULL"
        )
        .await?,
    );
    Ok(())
}

pub async fn run(config: Config, args: SitesArgs) -> anyhow::Result<()> {
    if args.sites == 0 || args.columns == 0 || args.units == 0 || args.concurrency == 0 {
        bail!("--sites、--columns、--units 与 --concurrency 须大于 0");
    }
    let where_ = match Backend::from_url(&config.effective_database_url())? {
        Backend::Sqlite => format!("SQLite，{}", config.data_dir.display()),
        Backend::Postgres => "PostgreSQL（DATABASE_URL）".to_owned(),
    };
    let platform = Platform::open(config)
        .await
        .context("无法打开基准测试数据库")?;
    let db = &platform.db;
    println!("站群基准测试（{where_}）");
    let has_bench = super::bench_jurisdiction(db).await?;
    let sites = scalar(db, "SELECT COUNT(*) FROM sites").await?;
    let articles = scalar(db, "SELECT COUNT(*) FROM site_articles").await?;
    if sites > 0 && articles == 0 {
        bail!("先前的基准测试未完成（有网站但没有稿件）：请换一个空数据库");
    } else if sites > 0 {
        println!(
            "沿用先前基准测试生成的数据：{sites} 个网站、{articles} 篇稿件（--sites/--columns/--articles/--units 不再生效）"
        );
    } else {
        let started = Stopwatch::now();
        let world =
            sites_world::build(&platform, has_bench, args.units, args.sites, now_ms()).await?;
        sites_generate::generate(db, world, args.columns, args.articles).await?;
        println!("generation total: {:.1} s", started.elapsed().as_secs_f64());
    }
    dataset(db).await?;
    super::http::settle(db).await?;
    let profile = platform::jurisdiction::require_current(db).await?.profile;
    let calendar = platform::workcal::load_current(db).await?;
    sites_measure::verify_sample(db, &profile, args.sample).await?;
    let picks = sites_pages::picks(db, args.pages).await?;
    let server = Server::start(&platform).await?;
    let over_http = sites_http::pages(&server, &picks).await?;
    server.stop().await?;
    sites_pages::through_reads(db, &profile, &picks, !over_http).await?;
    sites_measure::freshness(db, &platform.key, &calendar, &profile).await?;
    sites_workflow::publishing(&platform, args.publish, args.concurrency).await?;
    sites_measure::tamper(db, &platform.key, &calendar, &profile).await?;
    Ok(())
}
