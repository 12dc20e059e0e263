//! The two read figures: the monthly rate report for all units (HL-RATES, from the counters,
//! target < 200 ms; checked once against the rows) and
//! the supervisor's overdue list (the queries of `/office/hotline/supervision`: lights per
//! unit, the running clocks most urgent first, the open supervisions; target < 100 ms),
//! each timed over several runs and printed as median and maximum.

use std::future::Future;
use std::time::Instant as Stopwatch;

use calendar::Instant;
use hotline::reports::{Date, Period, PeriodKind};
use platform::db::{Db, now_ms};
use sqlx::Row as _;

use super::{median_max, verdict};

const RUNS: usize = 7;

/// Row counts of the data set measured.
pub struct Dataset {
    pub orders: i64,
    pub units: i64,
    pub clocks: i64,
    pub open_clocks: i64,
}

async fn count(db: &Db, sql: &'static str) -> anyhow::Result<i64> {
    let row = sqlx::query(sql).fetch_one(&db.pool).await?;
    Ok(row.try_get("n")?)
}

pub async fn dataset(db: &Db) -> anyhow::Result<Dataset> {
    Ok(Dataset {
        orders: count(db, "SELECT COUNT(*) AS n FROM hotline_orders").await?,
        units: count(
            db,
            "SELECT COUNT(*) AS n FROM units WHERE parent_id IS NOT NULL",
        )
        .await?,
        clocks: count(db, "SELECT COUNT(*) AS n FROM clocks").await?,
        open_clocks: count(
            db,
            "SELECT COUNT(*) AS n FROM clocks WHERE status IN ('running', 'paused')",
        )
        .await?,
    })
}

/// Runs `work` `RUNS` times; returns the timings in milliseconds and the last output.
async fn timed<T, F, Fut>(mut work: F) -> anyhow::Result<(Vec<f64>, T)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let mut samples = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Stopwatch::now();
        let output = work().await?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(output);
    }
    let last = last.ok_or_else(|| anyhow::anyhow!("no run"))?;
    Ok((samples, last))
}

fn print_figure(label: &str, samples: &mut [f64], target_ms: f64, what: &str) {
    let (median, max) = median_max(samples);
    println!(
        "{label}: median {median:.1} ms, max {max:.1} ms over {} runs (target < {target_ms:.0} ms: {}){what}",
        samples.len(),
        verdict(median < target_ms)
    );
}

/// HL-RATES for the last full month, every unit, from the counters (target < 200 ms); then
/// once from the rows, which must give the same report.
pub async fn rates_report(db: &Db) -> anyhow::Result<()> {
    let profile = platform::jurisdiction::require_current(db).await?.profile;
    let now = Instant::from_millis(now_ms());
    let period = Period::containing(PeriodKind::Month, Date::of(now)).previous();
    let (mut samples, report) =
        timed(|| async { Ok(hotline::reports::rates(db, &profile, period, now).await?) }).await?;
    let started = Stopwatch::now();
    let rows = hotline::reports::rates_from_rows(db, &profile, period, now).await?;
    let rows_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "(a) rates from the rows (reference): {rows_ms:.1} ms, same report as the counters: {}",
        if rows == report { "yes" } else { "NO" }
    );
    let what = format!(
        "; {}，{} units, 响应率 {}，办结率 {}，满意率 {}",
        period.label_zh(),
        report.units.len(),
        report.overall.response.percent_text(),
        report.overall.completion.percent_text(),
        report.overall.satisfaction.percent_text()
    );
    print_figure("(a) rates report", &mut samples, 200.0, &what);
    Ok(())
}

/// The supervisor's view: what `/office/hotline/supervision` reads for all units.
pub async fn overdue_list(db: &Db) -> anyhow::Result<()> {
    let now = Instant::from_millis(now_ms());
    let (mut samples, n) = timed(|| async {
        let clocks = hotline::supervision::running_order_clocks(db, now, None, 500).await?;
        Ok(clocks.len())
    })
    .await?;
    print_figure(
        "(b) overdue list",
        &mut samples,
        100.0,
        &format!("; running_order_clocks, {n} clocks listed"),
    );
    let (mut samples, n) =
        timed(|| async { Ok(hotline::supervision::lights_by_unit(db, now).await?.len()) }).await?;
    print_figure(
        "(b) lights by unit",
        &mut samples,
        100.0,
        &format!("; lights_by_unit, {n} units"),
    );
    let (mut samples, n) = timed(|| async {
        let lights = hotline::supervision::lights_by_unit(db, now).await?;
        let clocks = hotline::supervision::running_order_clocks(db, now, None, 500).await?;
        let open = hotline::supervision::open_supervisions(db, None).await?;
        Ok(lights.len() + clocks.len() + open.len())
    })
    .await?;
    print_figure(
        "(b) supervisor view",
        &mut samples,
        100.0,
        &format!("; lights + clocks + open supervisions, {n} lines"),
    );
    Ok(())
}
