//! (d) Publishing through the whole workflow (WEB-REVIEW): `--publish` new articles, each
//! drafted by its column's A editor (`sites::usecase::create_draft`, the HTML sanitised),
//! submitted by the same editor (the content check runs), reviewed by the reviewer of the
//! column's responsible unit and signed out by a publisher of the site's operator unit
//! (`sites::usecase::execute_article`), every command its own transaction with its snapshot,
//! version, history, messages to the next step, served page and audit row — from
//! `--concurrency` workers over random news columns. Throughput of published articles,
//! latencies per article and per command, and the pages counted afterwards. Bounded: stops
//! after the articles or 60 s.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant as Stopwatch};

use anyhow::Context as _;
use calendar::{Calendar, Instant};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::{Db, now_ms};
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::workflow::Context;
use sites::article::Command;
use sites::check::Builtin;
use sites::column::ColumnKind;
use sites::{Acting, ArticleId, ColumnId};
use sqlx::Row as _;

use super::generate::Rng;
use super::http::percentile;
use super::sites_measure::scalar;
use super::sites_texts;

const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A staff user as the use cases take them.
#[derive(Clone)]
struct Staff {
    acting: Acting,
    audit: AuditActor,
}

/// A column to publish into, with its editor, reviewer and publishers.
struct Target {
    column: ColumnId,
    code: String,
    editor: Staff,
    reviewer: Staff,
    publishers: Vec<Staff>,
}

async fn staff(db: &Db, cache: &mut HashMap<i64, Staff>, user: i64) -> anyhow::Result<Staff> {
    if let Some(known) = cache.get(&user) {
        return Ok(known.clone());
    }
    let actor = platform::users::load_actor(db, user)
        .await?
        .with_context(|| format!("bench account {user} missing"))?;
    let staff = Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    };
    cache.insert(user, staff.clone());
    Ok(staff)
}

async fn holders(db: &Db, unit: i64, role: Role) -> anyhow::Result<Vec<i64>> {
    let mut tx = db.begin().await?;
    let held = platform::users::with_role(&mut tx, Some(unit), role).await?;
    tx.commit().await?;
    Ok(held)
}

/// Up to 200 news columns, spread over the sites, with their people.
async fn targets(db: &Db) -> anyhow::Result<Vec<Target>> {
    let rows = sqlx::query(
        "SELECT c.id, c.responsible_unit_id, c.editor_a, s.operator_unit_id, s.number \
         FROM site_columns c JOIN sites s ON s.id = c.site_id \
         WHERE c.kind = $1 AND c.archived_at IS NULL AND c.editor_a IS NOT NULL ORDER BY c.id",
    )
    .bind(ColumnKind::News.code())
    .fetch_all(&db.pool)
    .await?;
    let stride = (rows.len() / 200).max(1);
    let mut cache = HashMap::new();
    let mut targets = Vec::new();
    for row in rows.iter().step_by(stride) {
        let unit: i64 = row.try_get("responsible_unit_id")?;
        let operator: i64 = row.try_get("operator_unit_id")?;
        let Some(reviewer) = holders(db, unit, Role::Reviewer).await?.first().copied() else {
            continue;
        };
        let mut publishers = Vec::new();
        for user in holders(db, operator, Role::Publisher).await? {
            publishers.push(staff(db, &mut cache, user).await?);
        }
        if publishers.is_empty() {
            continue;
        }
        targets.push(Target {
            column: ColumnId(row.try_get("id")?),
            code: row.try_get("number")?,
            editor: staff(db, &mut cache, row.try_get("editor_a")?).await?,
            reviewer: staff(db, &mut cache, reviewer).await?,
            publishers,
        });
    }
    Ok(targets)
}

/// What one worker saw.
#[derive(Default)]
struct Seen {
    articles: Vec<f64>,
    commands: Vec<f64>,
    failed: u64,
    first_error: Option<String>,
}

struct Shared {
    db: Db,
    key: platform::personal::DataKey,
    calendar: Calendar,
    profile: RuleProfile,
    targets: Vec<Target>,
    next: AtomicU64,
    requests: u64,
    deadline: Stopwatch,
}

/// The context of a command by `by`, now.
fn context<'a>(shared: &'a Shared, by: &'a Staff) -> Context<'a> {
    Context::new(
        &shared.key,
        &by.audit,
        &shared.calendar,
        &shared.profile,
        Instant::from_millis(now_ms()),
    )
}

/// One article through the four commands; the latency of each.
async fn one(shared: &Shared, index: u64) -> anyhow::Result<[f64; 4]> {
    let mut rng = Rng::new(0xD1AF_7000_0000_0000 ^ index);
    let target = shared
        .targets
        .get(rng.below(shared.targets.len() as u64) as usize)
        .context("no column")?;
    let publisher = target
        .publishers
        .get(index as usize % target.publishers.len())
        .context("no publisher")?;
    let now = Instant::from_millis(now_ms());
    let content = sites_texts::content(
        &mut rng,
        ColumnKind::News,
        "基准测试单位",
        &target.code,
        index,
        now,
    );
    let db = &shared.db;
    let mut took = [0.0; 4];
    let started = Stopwatch::now();
    let editor = &target.editor;
    let (id, version): (ArticleId, i64) = sites::usecase::create_draft(
        db,
        &context(shared, editor),
        &editor.acting,
        target.column,
        content,
        false,
    )
    .await?;
    took[0] = started.elapsed().as_secs_f64() * 1000.0;
    let steps = [
        (editor, Command::Submit),
        (
            &target.reviewer,
            Command::Review {
                opinion: "同意发布".into(),
            },
        ),
        (publisher, Command::Publish { at: None }),
    ];
    let mut version = Some(version);
    for (n, (by, command)) in steps.into_iter().enumerate() {
        let started = Stopwatch::now();
        let (_, next) = sites::usecase::execute_article(
            db,
            &context(shared, by),
            &by.acting,
            &Builtin,
            id,
            command,
            version,
        )
        .await?;
        version = Some(next);
        if let Some(slot) = took.get_mut(n + 1) {
            *slot = started.elapsed().as_secs_f64() * 1000.0;
        }
    }
    Ok(took)
}

async fn worker(shared: Arc<Shared>) -> Seen {
    let mut seen = Seen::default();
    loop {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        if index >= shared.requests || Stopwatch::now() >= shared.deadline {
            return seen;
        }
        let started = Stopwatch::now();
        match one(&shared, index).await {
            Ok(took) => {
                seen.articles.push(started.elapsed().as_secs_f64() * 1000.0);
                seen.commands.extend(took);
            }
            Err(error) => {
                seen.failed += 1;
                seen.first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }
}

/// (d) publishing throughput through the whole workflow.
pub(super) async fn publishing(
    platform: &Platform,
    requests: u64,
    concurrency: u32,
) -> anyhow::Result<()> {
    let db = &platform.db;
    let targets = targets(db).await?;
    if targets.is_empty() || requests == 0 {
        println!("(d) workflow: no news column with its editor, reviewer and publisher");
        return Ok(());
    }
    let pages_before = scalar(db, "SELECT COUNT(*) FROM site_pages").await?;
    let columns = targets.len();
    let shared = Arc::new(Shared {
        db: db.clone(),
        key: platform.key.clone(),
        calendar: platform::workcal::load_current(db).await?,
        profile: platform::jurisdiction::require_current(db).await?.profile,
        targets,
        next: AtomicU64::new(0),
        requests,
        deadline: Stopwatch::now() + RUN_LIMIT,
    });
    let started = Stopwatch::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| tokio::spawn(worker(shared.clone())))
        .collect();
    let mut all = Seen::default();
    for task in tasks {
        let seen = task.await?;
        all.articles.extend(seen.articles);
        all.commands.extend(seen.commands);
        all.failed += seen.failed;
        if all.first_error.is_none() {
            all.first_error = seen.first_error;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let published = all.articles.len() as u64;
    let throughput = published as f64 / elapsed.max(f64::EPSILON);
    println!(
        "(d) workflow: {published} articles drafted, submitted, reviewed and published through sites::usecase (create_draft, execute_article ×3) in {elapsed:.2} s with {concurrency} workers over {columns} news columns ({} failed{})",
        all.failed,
        all.first_error
            .as_deref()
            .map_or_else(String::new, |e| format!(": {e}"))
    );
    println!(
        "(d) publishing throughput {throughput:.1} articles/s ({:.0} commands/s)",
        throughput * 4.0
    );
    for (label, latencies) in [
        ("article", &mut all.articles),
        ("command", &mut all.commands),
    ] {
        latencies.sort_by(f64::total_cmp);
        println!(
            "(d) latency per {label} p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            latencies.last().copied().unwrap_or(0.0),
        );
    }
    let pages = scalar(db, "SELECT COUNT(*) FROM site_pages").await? - pages_before;
    println!(
        "(d) published {published}, pages served {pages}, lost {}",
        published.saturating_sub(u64::try_from(pages).unwrap_or(0))
    );
    Ok(())
}
