//! The sites bench's page figures: (a) article pages over random published articles and
//! (b) column list pages over random columns (four in five the first page, the rest a random
//! page of the list), one after another, with their percentiles; and the column with the most
//! articles, its first and its last page. Measured as the reads each page makes through
//! `sites::usecase::read`: the site by its code (header and footer), its column tree
//! (navigation and breadcrumb), then the article as served (with its policy elements,
//! interpretations and attachments) or a page of 20 of the column's list with its total.

use std::time::Instant as Stopwatch;

use platform::db::Db;
use platform::profile::RuleProfile;
use sites::usecase::read;
use sites::{ArticleId, ColumnId};
use sqlx::Row as _;

use super::generate::Rng;
use super::http::percentile;
use super::sites_measure::{id_from, scalar};
use super::{median_max, verdict};

/// Articles on a column list page.
pub(super) const PER_PAGE: i64 = 20;
const RUNS: usize = 7;

/// What the pages are asked for: articles and column pages, each with its site's code.
pub(super) struct Picks {
    pub articles: Vec<(String, i64)>,
    /// Site code, column, page (from 1).
    pub columns: Vec<(String, i64, i64)>,
    /// The column with the most listed articles: site code, column, its list's pages.
    pub largest: Option<(String, i64, i64, i64)>,
}

async fn code_of(db: &Db, sql: &'static str, id: i64) -> anyhow::Result<String> {
    let row = sqlx::query(sql).bind(id).fetch_one(&db.pool).await?;
    Ok(row.try_get(0)?)
}

/// Picks `n` published articles and `n` column pages at random.
pub(super) async fn picks(db: &Db, n: u64) -> anyhow::Result<Picks> {
    let mut rng = Rng::new(0x9A6E_5000_0000_0015);
    let max_article = scalar(db, "SELECT MAX(article_id) FROM site_pages").await?;
    let max_column = scalar(db, "SELECT MAX(id) FROM site_columns").await?;
    let site_of_page = "SELECT s.number FROM site_pages p JOIN sites s ON s.id = p.site_id \
                        WHERE p.article_id = $1";
    let site_of_column = "SELECT s.number FROM site_columns c JOIN sites s ON s.id = c.site_id \
                          WHERE c.id = $1";
    let mut picks = Picks {
        articles: Vec::new(),
        columns: Vec::new(),
        largest: None,
    };
    for _ in 0..n {
        let from = 1 + rng.below(u64::try_from(max_article).unwrap_or(1)) as i64;
        let sql = "SELECT article_id FROM site_pages WHERE article_id >= $1 \
                   AND withdrawn_at IS NULL ORDER BY article_id LIMIT 1";
        if let Some(id) = id_from(db, sql, from).await? {
            picks
                .articles
                .push((code_of(db, site_of_page, id).await?, id));
        }
        let from = 1 + rng.below(u64::try_from(max_column).unwrap_or(1)) as i64;
        let sql = "SELECT id FROM site_columns WHERE id >= $1 ORDER BY id LIMIT 1";
        if let Some(column) = id_from(db, sql, from).await? {
            let total = read::column_articles(db, ColumnId(column), 1, PER_PAGE).await?;
            let page = if rng.below(5) == 0 {
                1 + rng.below(u64::try_from(total.pages()).unwrap_or(1)) as i64
            } else {
                1
            };
            picks
                .columns
                .push((code_of(db, site_of_column, column).await?, column, page));
        }
    }
    let row = sqlx::query(
        "SELECT column_id, COUNT(*) AS n FROM site_pages WHERE withdrawn_at IS NULL \
         GROUP BY column_id ORDER BY n DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    if let Some(row) = row {
        let column: i64 = row.try_get("column_id")?;
        let listed: i64 = row.try_get("n")?;
        let pages = ((listed + PER_PAGE - 1) / PER_PAGE).max(1);
        picks.largest = Some((
            code_of(db, site_of_column, column).await?,
            column,
            listed,
            pages,
        ));
    }
    Ok(picks)
}

/// The percentiles of `latencies` (ms) in one line, against the target if there is one.
pub(super) fn latency_line(label: &str, latencies: &mut [f64], target_p99: Option<f64>) {
    latencies.sort_by(f64::total_cmp);
    let p99 = percentile(latencies, 0.99);
    let target = target_p99.map_or_else(String::new, |target| {
        format!(" (target p99 < {target:.0} ms: {})", verdict(p99 < target))
    });
    println!(
        "{label} p50 {:.1} ms, p95 {:.1} ms, p99 {p99:.1} ms, max {:.1} ms{target}",
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        latencies.last().copied().unwrap_or(0.0),
    );
}

/// An article page's reads.
async fn article_page(db: &Db, profile: &RuleProfile, code: &str, id: i64) -> anyhow::Result<bool> {
    let Some(site) = read::site_by_code(db, code, profile).await? else {
        return Ok(false);
    };
    let tree = read::column_tree(db, site.id).await?;
    let article = read::published_article(db, ArticleId(id)).await?;
    Ok(article.is_some_and(|a| a.site == site.id && tree.get(a.column).is_some()))
}

/// A column list page's reads.
async fn column_page(
    db: &Db,
    profile: &RuleProfile,
    code: &str,
    column: i64,
    page: i64,
) -> anyhow::Result<bool> {
    let Some(site) = read::site_by_code(db, code, profile).await? else {
        return Ok(false);
    };
    let tree = read::column_tree(db, site.id).await?;
    let list = read::column_articles(db, ColumnId(column), page, PER_PAGE).await?;
    Ok(tree.get(ColumnId(column)).is_some() && list.total >= 0)
}

/// (a) and (b) through the read use cases: the figures themselves when the build serves no
/// site pages (`alone`), else the reads' share of the pages measured over HTTP.
pub(super) async fn through_reads(
    db: &Db,
    profile: &RuleProfile,
    picks: &Picks,
    alone: bool,
) -> anyhow::Result<()> {
    let (article_label, column_label, targets) = if alone {
        (
            "(a) article page",
            "(b) column list page",
            (Some(20.0), Some(30.0)),
        )
    } else {
        ("(a) reads alone", "(b) reads alone", (None, None))
    };
    if alone {
        println!(
            "(a)(b) measured as the reads of each page through sites::usecase::read (site by code, column tree, article or list page), not over HTTP"
        );
    } else {
        println!(
            "(a)(b) the same pages' reads alone through sites::usecase::read (site by code, column tree, article or list page), without routing, rendering and the view count:"
        );
    }
    let mut latencies = Vec::with_capacity(picks.articles.len());
    let mut failed = 0u64;
    for (code, id) in &picks.articles {
        let started = Stopwatch::now();
        if article_page(db, profile, code, *id).await? {
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        } else {
            failed += 1;
        }
    }
    if alone {
        println!(
            "(a) article page: {} pages over random published articles ({failed} failed)",
            latencies.len()
        );
    }
    latency_line(article_label, &mut latencies, targets.0);
    let mut latencies = Vec::with_capacity(picks.columns.len());
    let mut failed = 0u64;
    for (code, column, page) in &picks.columns {
        let started = Stopwatch::now();
        if column_page(db, profile, code, *column, *page).await? {
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        } else {
            failed += 1;
        }
    }
    if alone {
        println!(
            "(b) column list page: {} pages of {PER_PAGE} over random columns, one in five past the first page ({failed} failed)",
            latencies.len()
        );
    }
    latency_line(column_label, &mut latencies, targets.1);
    if let Some((code, column, listed, pages)) = picks.largest.as_ref().filter(|_| alone) {
        let mut first = Vec::with_capacity(RUNS);
        let mut last = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Stopwatch::now();
            column_page(db, profile, code, *column, 1).await?;
            first.push(started.elapsed().as_secs_f64() * 1000.0);
            let started = Stopwatch::now();
            column_page(db, profile, code, *column, *pages).await?;
            last.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let (first, _) = median_max(&mut first);
        let (last, _) = median_max(&mut last);
        println!(
            "(b) the largest column ({listed} articles, {pages} pages): first page {first:.1} ms, last page {last:.1} ms (median of {RUNS})"
        );
    }
    Ok(())
}
