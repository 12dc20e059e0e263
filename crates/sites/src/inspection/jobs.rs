//! The inspector's scheduled jobs (WEB-INSPECT, WEB-NOADS) for `zhengwu serve`: the crawl of
//! every registered site that is online (a full crawl of its history first, then a daily
//! crawl from the home page, bounded, which reaches new content first), its findings recorded
//! as work ([`super::usecase::record_crawl`]); and the availability probe (国办秘函〔2019〕19号
//! 站点无法访问): each site's home page at least `website.availability_probes_per_day` times
//! a day, each probe at a varied instant, answered when it answers with success within the
//! profile's timeout. Both are idempotent scans: a site not yet due is left alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::{Db, now_ms};
use platform::jobs::{Job, JobFuture, JobHandler};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::workflow::Context;

use super::store::{self, Run};
use super::usecase::{self, Seen};
use crate::registry::Status;
use crate::{SiteId, UnitId};

/// The job kinds and how often `serve` schedules them (milliseconds).
pub const CRAWL: (&str, i64) = ("inspect.crawl", 3_600_000);
pub const PROBE: (&str, i64) = ("inspect.probe", 300_000);

/// The most addresses of a site read by its first (full) crawl and by a daily one.
pub const FULL_PAGES: usize = 5_000;
pub const DAILY_PAGES: usize = 500;
/// A site's daily crawl is due this long after its last one.
const DAY_MS: i64 = 86_400_000;

/// How a site's address is found: its main domain over http, unless the handler is told
/// otherwise (a test serves the site on a local port).
pub type Locate = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// The usual address of a domain.
pub fn by_domain() -> Locate {
    Arc::new(|domain: &str| format!("http://{domain}/"))
}

/// One registered site as the jobs see it.
#[derive(Debug, Clone)]
pub struct Target {
    pub site: SiteId,
    /// The unit its findings go to unless the page is of a column: its host unit (主办,
    /// 000 网站 §24, §26: each unit checks and answers for its site).
    pub unit: UnitId,
    pub domain: String,
    pub name: String,
}

/// The registered sites that are online (open, or open with an application pending) and
/// have a domain.
pub async fn targets(db: &Db) -> platform::Result<Vec<Target>> {
    let sites = crate::store::sites::list(db).await?;
    Ok(sites
        .into_iter()
        .filter(|stored| {
            matches!(
                stored.site.status,
                Status::Open | Status::OfflineApplied | Status::ClosingApplied
            )
        })
        .filter_map(|stored| {
            let registration = stored.site.registration();
            Some(Target {
                site: stored.site.id,
                unit: registration.host_unit,
                domain: registration.domains.first()?.clone(),
                name: registration.name.clone(),
            })
        })
        .collect())
}

/// WEB-INSPECT: crawls `target` now — its first crawl in full, later ones daily — and
/// records the findings as work; returns the run stored.
pub async fn crawl_site(
    db: &Db,
    context: &Context<'_>,
    target: &Target,
    locate: &Locate,
    tune: impl FnOnce(&mut crawler::Options),
) -> anyhow::Result<Run> {
    let first = store::last_run(db, target.site).await?.is_none();
    let today = context.now.local_date();
    let mut options = crawler::Options::from_rules(&context.profile.website, today);
    options.max_pages = if first { FULL_PAGES } else { DAILY_PAGES };
    tune(&mut options);
    let max_pages = options.max_pages;
    let start = crawler::crawl::start_url(&locate(&target.domain)).map_err(anyhow::Error::msg)?;
    let words = crate::usecase::inspect::checker(db).await?;
    let blocked = Arc::new(inspect::default_blocked_domains().clone());
    let mut seen = Vec::new();
    let started = now_ms();
    let summary = crawler::crawl(options, words, blocked, &start, &mut |found| {
        seen.push(Seen {
            kind: found.kind.code().to_owned(),
            url: found.url,
            detail: found.detail,
        });
    })
    .await
    .map_err(anyhow::Error::msg)?;
    // SEC-HOSTING: the declaration checked and the domains' resolved addresses compared
    // with it, findings of the same flow (the site's unit, the fix clock).
    let domains = crate::store::sites::get(db, target.site)
        .await?
        .site
        .registration()
        .domains
        .clone();
    let hosting =
        crate::usecase::hosting::hosting_issues(db, context.profile, target.site, &domains).await?;
    let unreachable = seen.iter().any(|found| found.kind == "unreachable");
    // A site with no declaration is a finding too: its unit declares the hosting on the
    // registry's page (`/office/sites/{id}/hosting`), which fixes it at the next crawl.
    seen.extend(hosting.into_iter().map(|issue| Seen {
        kind: issue.kind().to_owned(),
        url: start.to_string(),
        detail: issue.detail(),
    }));
    let complete = !unreachable && summary.pages + summary.attachments < max_pages;
    let recorded =
        usecase::record_crawl(db, context, target.site, target.unit, &seen, complete).await?;
    let run = Run {
        site: target.site,
        scope: if first { "full" } else { "daily" }.into(),
        started_at: context.now.millis(),
        finished_at: context.now.millis() + (now_ms() - started).max(0),
        pages: i64::try_from(summary.pages).unwrap_or(i64::MAX),
        attachments: i64::try_from(summary.attachments).unwrap_or(i64::MAX),
        findings: i64::try_from(seen.len()).unwrap_or(i64::MAX),
        note: if unreachable {
            "首页无法访问".into()
        } else if complete {
            format!(
                "新增{}个问题，复查关闭{}个，重新打开{}个",
                recorded.new, recorded.closed, recorded.reopened
            )
        } else {
            format!(
                "达到{max_pages}个地址上限，未作复查；新增{}个问题",
                recorded.new
            )
        },
    };
    let mut tx = db.begin().await?;
    store::insert_run(&mut tx, &run).await?;
    tx.commit().await?;
    Ok(run)
}

/// WEB-INSPECT: crawls every target whose last crawl is a day old (or that was never
/// crawled); a site that fails is logged and the others go on. Returns the runs.
pub async fn crawl_due(
    db: &Db,
    context: &Context<'_>,
    locate: &Locate,
    tune: impl Fn(&mut crawler::Options),
) -> anyhow::Result<Vec<Run>> {
    let mut runs = Vec::new();
    for target in targets(db).await? {
        let last = store::last_run(db, target.site).await?;
        if last.is_some_and(|run| context.now.millis() - run.started_at < DAY_MS) {
            continue;
        }
        match crawl_site(db, context, &target, locate, &tune).await {
            Ok(run) => runs.push(run),
            Err(error) => tracing::warn!(site = target.site.0, %error, "inspection crawl failed"),
        }
    }
    Ok(runs)
}

/// The interval between two probes of a site: a day over the profile's probes a day.
fn probe_interval_ms(profile: &RuleProfile) -> i64 {
    DAY_MS / i64::from(profile.website.availability_probes_per_day.max(1))
}

/// Whether `site`, last probed at `last`, is due at `now`: after half the interval plus a
/// varied part of the other half (a digest of the site and the last instant), so probes
/// fall at varied times and never fewer than the profile's a day.
pub fn probe_due(site: SiteId, last: Option<i64>, now: i64, interval: i64) -> bool {
    let Some(last) = last else { return true };
    let half = (interval / 2).max(1);
    let mix = (last ^ site.0.wrapping_mul(0x9E37_79B9)).wrapping_mul(6_364_136_223_846_793_005);
    let varied = (mix >> 33).rem_euclid(half);
    now - last >= half + varied
}

/// WEB-INSPECT (站点无法访问): probes every target that is due, all at once (each bounded by
/// the profile's timeout); returns how many were probed.
pub async fn probe_due_sites(
    db: &Db,
    profile: &RuleProfile,
    now: Instant,
    locate: &Locate,
) -> anyhow::Result<usize> {
    let interval = probe_interval_ms(profile);
    let timeout = Duration::from_secs(u64::from(
        profile.website.broken_link_timeout_seconds.max(1),
    ));
    let user_agent = format!("zhengwu-probe/{}", env!("CARGO_PKG_VERSION"));
    let client =
        Arc::new(crawler::fetch::Client::new(timeout, 5, &user_agent).map_err(anyhow::Error::msg)?);
    let mut probes = tokio::task::JoinSet::new();
    for target in targets(db).await? {
        let last = store::last_probe(db, target.site).await?;
        if !probe_due(target.site, last, now.millis(), interval) {
            continue;
        }
        let address = locate(&target.domain);
        let client = client.clone();
        probes.spawn(async move {
            let started = std::time::Instant::now();
            let outcome = match crawler::crawl::start_url(&address) {
                Ok(url) => client
                    .check(&url)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error),
            };
            let millis = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
            (target.site, outcome, millis)
        });
    }
    let mut probed = 0;
    while let Some(done) = probes.join_next().await {
        let Ok((site, outcome, millis)) = done else {
            continue;
        };
        let note = outcome.as_ref().err().cloned().unwrap_or_default();
        store::insert_probe(db, site, now.millis(), outcome.is_ok(), millis, &note).await?;
        probed += 1;
    }
    Ok(probed)
}

/// One site's availability over the profile's window ending at `now`: probes, unanswered,
/// the share unanswered in per mille, and whether it is red (at the profile's per cent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Availability {
    pub probes: i64,
    pub unanswered: i64,
    pub per_mille: i64,
    pub red: bool,
}

impl Availability {
    /// `12.5%`, or `—` without probes.
    pub fn share(&self) -> String {
        if self.probes == 0 {
            "—".into()
        } else {
            format!("{}.{}%", self.per_mille / 10, self.per_mille % 10)
        }
    }
}

/// WEB-INSPECT (19号 站点无法访问): the share of `site`'s probes not answered within the
/// timeout over the last `website.availability_window_days`, red at
/// `website.availability_red_percent` (5 %: ≥ 5 % fails).
pub async fn availability(
    db: &Db,
    profile: &RuleProfile,
    site: SiteId,
    now: Instant,
) -> platform::Result<Availability> {
    let window = i64::from(profile.website.availability_window_days.max(1)) * DAY_MS;
    let (probes, unanswered) =
        store::probe_counts(db, site, now.millis() - window, now.millis() + 1).await?;
    let per_mille = if probes == 0 {
        0
    } else {
        unanswered * 1000 / probes
    };
    let red = probes > 0
        && unanswered * 100 >= i64::from(profile.website.availability_red_percent) * probes;
    Ok(Availability {
        probes,
        unanswered,
        per_mille,
        red,
    })
}

/// Whether this process is crawling (the crawl job is skipped meanwhile).
static CRAWLING: AtomicBool = AtomicBool::new(false);

/// Which of the inspector's jobs a [`Handler`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Crawl,
    Probe,
}

/// The handler of one of the inspector's jobs.
pub struct Handler {
    pub key: DataKey,
    pub kind: Kind,
    pub locate: Locate,
}

impl JobHandler for Handler {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let calendar = platform::workcal::load_current(db).await?;
            let now = Instant::from_millis(now_ms());
            match self.kind {
                // A crawl takes minutes (a delay between requests): it runs beside the
                // runner, one at a time per process, so the other jobs are not held up.
                Kind::Crawl => {
                    if CRAWLING.swap(true, Ordering::SeqCst) {
                        return Ok(());
                    }
                    let (db, key, locate) = (db.clone(), self.key.clone(), self.locate.clone());
                    tokio::spawn(async move {
                        let actor = AuditActor::system(CRAWL.0);
                        let context = Context::new(&key, &actor, &calendar, &profile, now);
                        if let Err(error) = crawl_due(&db, &context, &locate, |_| {}).await {
                            tracing::error!(%error, "inspection crawl failed");
                        }
                        CRAWLING.store(false, Ordering::SeqCst);
                    });
                }
                Kind::Probe => {
                    probe_due_sites(db, &profile, now, &self.locate).await?;
                }
            }
            Ok(())
        })
    }
}
