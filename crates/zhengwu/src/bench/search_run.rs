//! `zhengwu bench search`: the site search's benchmark of issue 18 (WEB-SEARCH). Generates
//! `--docs` Chinese documents (see [`super::search_corpus`]), indexes them with the real
//! engine (`search::Engine`: the production schema, jieba, pinyin and initials fields) in a
//! temp directory and prints the indexing throughput (target ≥ 5,000 documents a second);
//! runs the fixed query mix and prints p50/p90/p99 latency per kind and overall (targets
//! p50 ≤ 1 ms, p90 ≤ 5 ms); loads the same corpus into SQLite FTS5 (trigram) and runs the
//! queries it can answer, with the speed ratio (target ≥ 10×); and each engine's hit rate
//! (the intended term in a title of the first ten results). A benchmark, not a test: it prints
//! figures, it asserts none. No database is touched; the temp directory is removed at the end.

use std::path::PathBuf;
use std::time::Instant as Stopwatch;

use anyhow::{Context as _, bail};
use search::{Doc, Engine, Request};

use super::search_corpus::{self, Query, QueryKind};
use super::search_fts::{self, Fts, Way};
use super::{SearchArgs, verdict};

/// Documents handed to the writer at a time.
const BATCH: usize = 10_000;

/// The `p`-th percentile (0–100) of sorted samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Latencies (ms) and hits of one engine on one kind of query.
#[derive(Default, Clone)]
pub struct Figures {
    pub times: Vec<f64>,
    pub hits: usize,
}

impl Figures {
    fn add(&mut self, took: f64, hit: bool) {
        self.times.push(took);
        self.hits += usize::from(hit);
    }

    fn sorted(&self) -> Vec<f64> {
        let mut times = self.times.clone();
        times.sort_by(f64::total_cmp);
        times
    }

    fn cells(&self) -> String {
        let sorted = self.sorted();
        format!(
            "{:>8.3} {:>8.3} {:>8.3}",
            percentile(&sorted, 50.0),
            percentile(&sorted, 90.0),
            percentile(&sorted, 99.0)
        )
    }

    fn hit_rate(&self) -> f64 {
        if self.times.is_empty() {
            0.0
        } else {
            100.0 * self.hits as f64 / self.times.len() as f64
        }
    }
}

fn is_hit(titles: &[String], query: &Query) -> bool {
    titles.iter().any(|title| title.contains(&query.intended))
}

/// The corpus, generated.
pub fn corpus(seed: u64, docs: u64) -> Vec<Doc> {
    let terms = search_corpus::terms();
    (0..docs)
        .map(|n| search_corpus::document(seed, n, &terms))
        .collect()
}

/// Indexes `docs` into a new engine in `dir`; the seconds the adding and commit took.
pub fn index(dir: &std::path::Path, docs: &[Doc], threads: usize) -> anyhow::Result<(Engine, f64)> {
    let engine = Engine::create_bulk(dir, threads)?;
    let started = Stopwatch::now();
    for batch in docs.chunks(BATCH) {
        engine.add(batch)?;
    }
    engine.apply(&[], &[], 0)?;
    Ok((engine, started.elapsed().as_secs_f64()))
}

/// Runs the mix on the engine (once to warm up, once timed): figures per kind.
pub fn ours(engine: &Engine, mix: &[Query]) -> anyhow::Result<Vec<Figures>> {
    let request = |query: &Query| Request {
        query: query.text.clone(),
        page: 1,
        now: 1_800_000_000_000,
        ..Request::default()
    };
    for query in mix {
        engine.search(&request(query))?;
    }
    let mut figures = vec![Figures::default(); QueryKind::ALL.len()];
    for query in mix {
        let started = Stopwatch::now();
        let answer = engine.search(&request(query))?;
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let titles: Vec<String> = answer.hits.into_iter().map(|hit| hit.title).collect();
        figures[slot(query.kind)].add(took, is_hit(&titles, query));
    }
    Ok(figures)
}

fn slot(kind: QueryKind) -> usize {
    QueryKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

async fn fts(dir: &std::path::Path, docs: &[Doc], mix: &[Query]) -> anyhow::Result<Vec<Figures>> {
    let mut fts = Fts::open(&dir.join("fts5.db")).await?;
    let started = Stopwatch::now();
    fts.load(docs).await?;
    let loaded = started.elapsed().as_secs_f64();
    let started = Stopwatch::now();
    fts.optimize().await?;
    println!(
        "FTS5 (SQLite {}, trigram): loaded in {loaded:.1} s ({:.0} docs/s), optimize {:.1} s",
        fts.version,
        docs.len() as f64 / loaded.max(1e-9),
        started.elapsed().as_secs_f64()
    );
    let mut figures = vec![Figures::default(); QueryKind::ALL.len()];
    for query in mix {
        let (titles, took) = fts.ask(query).await?;
        figures[slot(query.kind)].add(took, is_hit(&titles, query));
    }
    Ok(figures)
}

fn overall(figures: &[Figures], kinds: &[QueryKind]) -> Vec<f64> {
    let mut all: Vec<f64> = kinds
        .iter()
        .flat_map(|kind| figures[slot(*kind)].times.iter().copied())
        .collect();
    all.sort_by(f64::total_cmp);
    all
}

fn print_table(ours: &[Figures], theirs: &[Figures]) {
    println!();
    println!(
        "{:<14} {:>5} | {:>8} {:>8} {:>8} {:>6} | {:<6} {:>8} {:>8} {:>8} {:>6} | {:>7}",
        "查询类型",
        "n",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "命中",
        "FTS5",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "命中",
        "p50 倍数"
    );
    for kind in QueryKind::ALL {
        let (a, b) = (&ours[slot(kind)], &theirs[slot(kind)]);
        let ratio = percentile(&b.sorted(), 50.0) / percentile(&a.sorted(), 50.0).max(1e-9);
        let way = match search_fts::way(kind) {
            Way::Match => "MATCH",
            Way::Like => "LIKE",
        };
        println!(
            "{:<14} {:>5} | {} {:>5.1}% | {:<6} {} {:>5.1}% | {:>6.1}×",
            kind.label(),
            a.times.len(),
            a.cells(),
            a.hit_rate(),
            way,
            b.cells(),
            b.hit_rate(),
            ratio
        );
    }
    let all = overall(ours, &QueryKind::ALL);
    let (p50, p90, p99) = (
        percentile(&all, 50.0),
        percentile(&all, 90.0),
        percentile(&all, 99.0),
    );
    println!(
        "overall (ours, {} queries): p50 {p50:.3} ms (target ≤ 1 ms: {}), p90 {p90:.3} ms (target ≤ 5 ms: {}), p99 {p99:.3} ms",
        all.len(),
        verdict(p50 <= 1.0),
        verdict(p90 <= 5.0)
    );
    let answerable = [QueryKind::Word, QueryKind::Phrase];
    let (a, b) = (overall(ours, &answerable), overall(theirs, &answerable));
    let ratio = percentile(&b, 50.0) / percentile(&a, 50.0).max(1e-9);
    println!(
        "queries FTS5 answers by MATCH (words ≥ 3 characters, phrases; {} queries): ours p50 {:.3} / p90 {:.3} ms, FTS5 p50 {:.3} / p90 {:.3} ms: {ratio:.1}× faster at p50 (target ≥ 10×: {})",
        a.len(),
        percentile(&a, 50.0),
        percentile(&a, 90.0),
        percentile(&b, 50.0),
        percentile(&b, 90.0),
        verdict(ratio >= 10.0)
    );
    println!(
        "two-character words: a trigram index cannot MATCH them; FTS5 answers them by a LIKE scan of the table (unranked, first ten rows)"
    );
    println!(
        "pinyin, initials and typos: FTS5 matches them as typed (a trigram index knows no sound); hit = the intended term in a title of the first ten results"
    );
}

pub async fn run(args: SearchArgs) -> anyhow::Result<()> {
    if args.docs == 0 || args.queries == 0 || args.threads == 0 {
        bail!("--docs、--queries 与 --threads 须大于 0");
    }
    let dir: PathBuf =
        std::env::temp_dir().join(format!("zhengwu-bench-search-{}", platform::db::now_ms()));
    std::fs::create_dir_all(&dir).context("无法建立临时目录")?;
    println!(
        "站内搜索基准测试（{} 篇文档，临时目录 {}）",
        args.docs,
        dir.display()
    );
    let started = Stopwatch::now();
    let docs = corpus(args.seed, args.docs);
    let chars: usize = docs
        .iter()
        .map(|doc| doc.title.chars().count() + doc.body.chars().count())
        .sum();
    println!(
        "corpus: {} documents, {:.0} characters each on average, generated in {:.1} s (seed {})",
        docs.len(),
        chars as f64 / docs.len() as f64,
        started.elapsed().as_secs_f64(),
        args.seed
    );
    let (engine, took) = index(&dir.join("index"), &docs, args.threads)?;
    let rate = docs.len() as f64 / took.max(1e-9);
    let segments = engine.segments();
    let started = Stopwatch::now();
    engine.settle()?;
    let settled = started.elapsed().as_secs_f64();
    let started = Stopwatch::now();
    engine.merge_all()?;
    println!(
        "indexing (tantivy + jieba + shingles + pinyin, {} writer threads): {took:.1} s, {rate:.0} docs/s (target ≥ 5,000: {}); merges settled in {settled:.1} s, then merged into {} segment in {:.1} s as `zhengwu search rebuild` does ({segments} segments before)",
        args.threads,
        verdict(rate >= 5_000.0),
        engine.segments(),
        started.elapsed().as_secs_f64()
    );
    let mix = search_corpus::queries(args.seed, args.queries, &search_corpus::terms());
    let figures = ours(&engine, &mix)?;
    drop(engine);
    let theirs = fts(&dir, &docs, &mix).await?;
    print_table(&figures, &theirs);
    if let Err(error) = std::fs::remove_dir_all(&dir) {
        println!("临时目录未能删除（{}）：{error}", dir.display());
    }
    Ok(())
}
