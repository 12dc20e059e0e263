//! The sites bench's checks and read figures: a sample of articles read back through the
//! read API and the back office's view of an article, compared with what was generated;
//! the freshness over every column (`jobs::freshness::overview` over the stored marks,
//! cross-checked against the live `report` and `tally`, WEB-FRESH) and the hourly scan job
//! (`jobs::freshness::scan`) in its steady state.

use std::time::Instant as Stopwatch;

use anyhow::{Context as _, bail};
use calendar::{Calendar, Instant, Light};
use platform::db::{Db, now_ms};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use sites::article::Status;
use sites::check::{Builtin, ContentCheck as _};
use sites::jobs::freshness;
use sites::store::articles as stored_articles;
use sites::usecase::{self, read};
use sites::{Acting, ArticleId};
use sqlx::Row as _;

use super::generate::Rng;
use super::{median_max, verdict};

const RUNS: usize = 7;

/// The id at or after `from` in `sql` (`SELECT … WHERE id >= $1 ORDER BY id LIMIT 1`), or the
/// first one.
pub(super) async fn id_from(db: &Db, sql: &'static str, from: i64) -> anyhow::Result<Option<i64>> {
    for start in [from, 0] {
        let row = sqlx::query(sql)
            .bind(start)
            .fetch_optional(&db.pool)
            .await?;
        if let Some(row) = row {
            return Ok(Some(row.try_get(0)?));
        }
    }
    Ok(None)
}

pub(super) async fn scalar(db: &Db, sql: &'static str) -> anyhow::Result<i64> {
    let row = sqlx::query(sql).fetch_one(&db.pool).await?;
    Ok(row.try_get::<Option<i64>, _>(0)?.unwrap_or(0))
}

/// The articles of `column` its list shows: published, not withdrawn.
async fn listed(db: &Db, column: i64) -> anyhow::Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM site_articles WHERE column_id = $1 AND status = 'published'",
    )
    .bind(column)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// What is wrong with one sampled article, if anything; whether it has a page.
async fn check_one(db: &Db, profile: &RuleProfile, id: ArticleId) -> anyhow::Result<bool> {
    let stored = stored_articles::get(db, id).await?;
    let article = &stored.article;
    let content = &article.content;
    if usecase::articles::cleaned(content.clone())? != *content {
        bail!("稿件 {id} 的正文未按清理后的样子存储");
    }
    if !Builtin.check(content).is_empty() {
        bail!("稿件 {id} 的内容未通过内容检查");
    }
    let versions = usecase::versions::versions(db, id).await?;
    let last = versions.last().context("没有版本")?;
    let revisions = u32::try_from(versions.len()).unwrap_or(0);
    if revisions != article.revision
        || (last.content.title.as_str(), last.content.body.as_str())
            != (content.title.as_str(), content.body.as_str())
    {
        bail!("稿件 {id} 的版本与快照不符");
    }
    let office = usecase::office_article(db, id, &Acting::system()).await?;
    if office.version != stored.version || office.history.is_empty() {
        bail!("稿件 {id} 的办理记录与版本号不符");
    }
    let site = read::site(db, article.site, profile).await?;
    if !site.serving || site.registration.site_code != stored.number.split('-').next().unwrap_or("")
    {
        bail!("稿件 {id} 的网站未开设或编号不符");
    }
    let tree = read::column_tree(db, article.site).await?;
    if tree.get(article.column).is_none() {
        bail!("稿件 {id} 的栏目不在网站的栏目树中");
    }
    let list = read::column_articles(db, article.column, 1, 20).await?;
    if list.total != listed(db, article.column.0).await?
        || list
            .items
            .windows(2)
            .any(|w| w[0].published_at < w[1].published_at)
    {
        bail!("栏目 {} 的列表与稿件不符", article.column);
    }
    let page = read::published_article(db, id).await?;
    let Some(page) = page else {
        if article.published_at.is_some() {
            bail!("已发布的稿件 {id} 没有页面");
        }
        return Ok(false);
    };
    let intact = article.is_intact(&page.content) && page.content == *content;
    let withdrawn = page.withdrawn_at.is_some() == (article.status == Status::Withdrawn);
    let policy = page.policy_elements.is_some() == content.policy.is_some();
    let links = content
        .policy
        .as_ref()
        .map_or(Vec::new(), |p| p.interpretations.clone());
    let linked = page
        .interpretations
        .iter()
        .all(|i| links.contains(&i.article));
    if !(intact && withdrawn && policy && linked && page.validity == article.validity()) {
        bail!("稿件 {id} 的页面与快照或批准的摘要不符");
    }
    Ok(true)
}

/// Reads `n` random articles back and checks them against their snapshots.
pub(super) async fn verify_sample(db: &Db, profile: &RuleProfile, n: u64) -> anyhow::Result<()> {
    let started = Stopwatch::now();
    let max = scalar(db, "SELECT MAX(id) FROM site_articles").await?;
    let mut rng = Rng::new(0x5A3F_1E00_0000_0015);
    let (mut checked, mut pages) = (0u64, 0u64);
    for _ in 0..n {
        let from = 1 + i64::try_from(rng.below(u64::try_from(max).unwrap_or(1))).unwrap_or(0);
        let sql = "SELECT id FROM site_articles WHERE id >= $1 ORDER BY id LIMIT 1";
        let Some(id) = id_from(db, sql, from).await? else {
            break;
        };
        pages += u64::from(check_one(db, profile, ArticleId(id)).await?);
        checked += 1;
    }
    println!(
        "sample: {checked} articles read back through sites::usecase (read, versions, office_article) in {:.1} s: snapshots, versions, histories, column lists and trees consistent; {pages} pages intact (served digest = approved); every text kept by the sanitiser and passing the content check",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// (c) WEB-FRESH: the freshness over every column as the office reads it
/// (`freshness::overview`: SQL over the columns' stored marks, only the watched rows read),
/// cross-checked once, untimed, against the live `report` and `tally`; then the hourly scan
/// job, which visits only the columns whose freshness changed. A first scan stores the marks
/// of a data set that has none yet (generated, or migrated).
pub(super) async fn freshness(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> anyhow::Result<()> {
    let started = Stopwatch::now();
    let marked =
        freshness::scan(db, key, calendar, profile, Instant::from_millis(now_ms())).await?;
    println!(
        "(c) marks stored by a first scan: {} columns visited in {:.0} ms",
        marked.columns,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut samples = Vec::with_capacity(RUNS);
    let mut overview = freshness::Overview::default();
    let mut now = Instant::from_millis(now_ms());
    for _ in 0..RUNS {
        now = Instant::from_millis(now_ms());
        let started = Stopwatch::now();
        overview = freshness::overview(db, now, profile, calendar).await?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let (median, max) = median_max(&mut samples);
    let count = overview.total();
    let lights = |light: Light| {
        overview
            .watched
            .iter()
            .filter(|c| c.freshness.light == light)
            .count()
    };
    println!(
        "(c) freshness over all columns (jobs::freshness::overview: counts per site over the stored marks, watched columns only): median {median:.0} ms, max {max:.0} ms over {RUNS} runs (target < 1 s: {}); {} sites, {} columns watched: {} yellow, {} red; {} stale ({} of them news or first-level notice/policy), {} blank, {} special untouched",
        verdict(max < 1000.0),
        overview.counts.len(),
        overview.watched.len(),
        lights(Light::Yellow),
        lights(Light::Red),
        count.stale,
        count.stale_core,
        count.blank,
        count.special_untouched,
    );
    // The cross-check, untimed: the live computation over every column at the same instant.
    let started = Stopwatch::now();
    let live = freshness::report(db, None, now, profile, calendar).await?;
    let live_ms = started.elapsed().as_secs_f64() * 1000.0;
    let same = freshness::tally(&live) == count;
    println!(
        "(c) cross-check: the overview's counts {} the live report + tally over the {} watched columns ({live_ms:.0} ms, reading every row)",
        if same { "equal" } else { "DIFFER FROM" },
        live.len(),
    );
    if !same {
        bail!(
            "栏目更新统计与逐栏目计算不一致：{count:?} ≠ {:?}",
            freshness::tally(&live)
        );
    }
    let now = Instant::from_millis(now_ms());
    let started = Stopwatch::now();
    let scan = freshness::scan(db, key, calendar, profile, now).await?;
    let took = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "(c) freshness scan job (jobs::freshness::scan, hourly; visits the columns whose freshness changed): {took:.0} ms (target < 1 s: {}); {} columns visited, {} editors' warnings, {} marked stale, {} special flagged",
        verdict(took < 1000.0),
        scan.columns,
        scan.warned,
        scan.marked_stale,
        scan.special_flagged,
    );
    Ok(())
}

/// (e) SEC-TAMPER: the tamper check job over every served page once (every ten minutes in
/// `serve`): each page's content digested and compared with the approved digest. On the
/// generated pages it must find nothing: every generated page carries its approved content.
pub(super) async fn tamper(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> anyhow::Result<()> {
    let now = Instant::from_millis(now_ms());
    let started = Stopwatch::now();
    let report = sites::jobs::tamper::check(db, key, calendar, profile, now).await?;
    println!(
        "(e) tamper check job (jobs::tamper::check, every ten minutes): {} pages digested and compared in {:.1} s, {} alarms, {} restored",
        report.checked,
        started.elapsed().as_secs_f64(),
        report.alarms,
        report.restored
    );
    Ok(())
}
