//! `zhengwu serve`: migrate, seed the demo jurisdiction on an empty database (`demo::seed`),
//! start the background work (notification delivery, daily maintenance) and serve HTTP.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use platform::config::Config;
use platform::db::{Db, now_ms};
use platform::demo::DemoAccount;
use platform::jobs::{self, Job, JobFuture, JobHandler, Runner};
use platform::notify::{Deliver, EmailSender, LogSender, SmtpSender};
use platform::{Platform, audit, auth};
use web::server::ServerLimits;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Start without seeding the demo jurisdiction on an empty database.
    #[arg(long)]
    no_demo: bool,
}

pub async fn run(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let platform = Platform::open(config).await?;
    crate::counters_cmd::ensure_built(&platform.db).await?;
    crate::rebuild_blind_indexes(&platform).await?;
    if !args.no_demo
        && let Some(seeded) = demo::seed(&platform).await?
    {
        print_demo_accounts(&seeded.accounts, args.addr);
        println!(
            "各承办单位已登记12345联络人（分管领导、A/B岗、24小时值班电话），另建 {} 个联络人账号（如 hrss.a），初始密码不显示，可用 zhengwu user reset-password 用户名 重置。\n",
            seeded.contacts
        );
    }
    spawn_background_work(&platform)?;
    let state = web::AppState::new(platform.clone());
    // WEB-SEARCH: open the index (rebuilt from the database when missing or corrupt) and
    // follow the change feed before the first request.
    state.search.get().await;
    let app = web::router(state);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("无法监听 {}", args.addr))?;
    let addr = args.addr;
    let backend = platform.db.backend.name();
    println!(
        "zhengwu 已启动（{backend}）：门户 http://{addr}/ ，业务平台 http://{addr}/office ，接口文档 http://{addr}/api/v1/docs/"
    );
    web::server::serve(listener, app, ServerLimits::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

fn print_demo_accounts(accounts: &[DemoAccount], addr: SocketAddr) {
    println!(
        "\n已创建演示行政区划“甘州区（演示）”。演示账号（首次登录须修改密码；需要动态口令的角色会提示绑定）："
    );
    println!("{:<12} {:<16} {:<28} 初始密码", "用户名", "角色", "单位");
    for account in accounts {
        println!(
            "{:<12} {:<16} {:<28} {}",
            account.username,
            account.role.label_zh(),
            account.unit,
            account.first_password
        );
    }
    println!(
        "登录地址：http://{addr}/office/login （忘记初始密码可用 zhengwu user reset-password 用户名）\n"
    );
}

/// Daily maintenance: prune the audit log to its retention, end idle sessions, forget
/// finished jobs after 30 days and failed query-code lookups of numbers not tried for 30 days
/// and no longer locked, and sweep expired held forms (`platform::held`). Idempotent: running it twice removes nothing twice.
struct DailyMaintenance;

impl JobHandler for DailyMaintenance {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let now = now_ms();
            let pruned = audit::prune(db, profile.security.audit_retention_months, now).await?;
            let sessions =
                auth::session::purge_idle(db, profile.security.session_idle_minutes, now).await?;
            let jobs = sqlx::query("DELETE FROM jobs WHERE status = 'done' AND updated_at < $1")
                .bind(now - 30 * 86_400_000)
                .execute(&db.pool)
                .await?
                .rows_affected();
            let lookups = platform::query_code::forget_stale(db, now).await?;
            // Issue 14 item 3: held forms past their 30 minutes (each use sweeps them too).
            let mut held = 0;
            loop {
                let swept = platform::held::sweep(db, now).await?;
                held += swept;
                if swept == 0 {
                    break;
                }
            }
            // WEB-STATS: the visit salts and visitors' hashes of past days, should no visit
            // today have deleted them yet.
            let visits =
                sites::usecase::public::forget_past(db, calendar::Instant::from_millis(now))
                    .await?;
            tracing::info!(
                audit.pruned = pruned,
                sessions.purged = sessions,
                jobs.deleted = jobs,
                lookups.forgotten = lookups,
                held.swept = held,
                visits.forgotten = visits,
                "daily maintenance"
            );
            Ok(())
        })
    }
}

const DAILY_MAINTENANCE: &str = "maintenance.daily";

/// The light sweep (CAL-LIGHT, OPS-ESUPERVISE): every minute, clocks whose light changed
/// are updated, most urgent first. Idempotent; one node runs each minute's job.
struct ClockSweep;

impl JobHandler for ClockSweep {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let calendar = platform::workcal::load_current(db).await?;
            let now = calendar::Instant::from_millis(now_ms());
            let changes =
                platform::clocks::refresh_lights(db, &calendar, &profile, now, 500).await?;
            if !changes.is_empty() {
                tracing::info!(clocks.changed = changes.len(), "clock lights refreshed");
            }
            Ok(())
        })
    }
}

const CLOCK_SWEEP: &str = "clocks.sweep";

/// The supervision scans, every minute, idempotent:
/// - 12345 (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT): reminders, written supervision, 催办 and
///   accountability events for the clocks near or past due;
/// - services (SVC-PROMISE, OPS-ESUPERVISE, CAL-LIGHT): 超期办件 flagged through the one
///   command path, and yellow case clocks reminded of, once each.
#[derive(Clone, Copy)]
enum Scan {
    Hotline,
    Services,
}

struct SupervisionScan {
    key: platform::personal::DataKey,
    scan: Scan,
}

impl JobHandler for SupervisionScan {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let calendar = platform::workcal::load_current(db).await?;
            let now = calendar::Instant::from_millis(now_ms());
            match self.scan {
                Scan::Hotline => {
                    hotline::supervision::scan(db, &self.key, &calendar, &profile, now, 500)
                        .await?;
                }
                Scan::Services => {
                    services::supervision::scan(db, &self.key, &calendar, &profile, now, 500)
                        .await?;
                }
            }
            Ok(())
        })
    }
}

const HOTLINE_SUPERVISION_SCAN: &str = "hotline.supervision_scan";
const SERVICES_SUPERVISION_SCAN: &str = "services.supervision_scan";

/// Enqueues a periodic job once per period (the dedupe key carries the period's index), so
/// that several nodes schedule it once.
fn schedule_every(db: Db, kind: &'static str, period_ms: i64) {
    tokio::spawn(async move {
        loop {
            let key = format!("{kind}:{}", now_ms() / period_ms);
            if let Err(error) = jobs::enqueue(&db.pool, kind, "{}", now_ms(), Some(&key)).await {
                tracing::error!(job.kind = kind, error = %error, "scheduling failed");
            }
            let wait = period_ms - now_ms() % period_ms;
            tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(60_000))).await;
        }
    });
}

fn spawn_background_work(platform: &Platform) -> anyhow::Result<()> {
    let email: Arc<dyn EmailSender> = match &platform.config.smtp_url {
        Some(url) => Arc::new(SmtpSender::new(url, &platform.config.smtp_from)?),
        None => Arc::new(LogSender),
    };
    let deliver = Deliver {
        key: platform.key.clone(),
        sms: Arc::new(LogSender),
        email,
    };
    let db = platform.db.clone();
    tokio::spawn(async move {
        loop {
            if let Err(error) = deliver.deliver_due(&db, 100).await {
                tracing::error!(error = %error, "notification delivery failed");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    let owner = format!("{}-{}", std::process::id(), now_ms());
    let runner = Runner::new(platform.db.clone(), owner, 5 * 60_000)
        .handle(DAILY_MAINTENANCE, Arc::new(DailyMaintenance))
        .handle(CLOCK_SWEEP, Arc::new(ClockSweep))
        .handle(
            HOTLINE_SUPERVISION_SCAN,
            Arc::new(SupervisionScan {
                key: platform.key.clone(),
                scan: Scan::Hotline,
            }),
        )
        .handle(
            SERVICES_SUPERVISION_SCAN,
            Arc::new(SupervisionScan {
                key: platform.key.clone(),
                scan: Scan::Services,
            }),
        );
    // The site group (issue 15): scheduled publication (WEB-REVIEW), column freshness
    // (WEB-FRESH), the tamper check (SEC-TAMPER) and the units' weekly submissions
    // (WEB-SUBMIT: runs of missed weeks recorded as accountability events).
    let mut runner = runner;
    for (kind, (code, period)) in [
        (sites::jobs::Kind::PublishDue, sites::jobs::PUBLISH_DUE),
        (
            sites::jobs::Kind::FreshnessScan,
            sites::jobs::FRESHNESS_SCAN,
        ),
        (sites::jobs::Kind::TamperCheck, sites::jobs::TAMPER_CHECK),
        (
            sites::jobs::Kind::SubmissionWeeks,
            sites::jobs::SUBMISSION_WEEKS,
        ),
    ] {
        let key = platform.key.clone();
        runner = runner.handle(code, Arc::new(sites::jobs::Handler { key, kind }));
        schedule_every(platform.db.clone(), code, period);
    }
    // Issue 19 (WEB-INSPECT, WEB-NOADS): the crawl of every registered site (full first, then
    // daily; it runs beside the runner) and the availability probe (站点无法访问).
    for (kind, (code, period)) in [
        (
            sites::inspection::jobs::Kind::Crawl,
            sites::inspection::jobs::CRAWL,
        ),
        (
            sites::inspection::jobs::Kind::Probe,
            sites::inspection::jobs::PROBE,
        ),
    ] {
        let handler = sites::inspection::jobs::Handler {
            key: platform.key.clone(),
            kind,
            locate: sites::inspection::jobs::by_domain(),
        };
        runner = runner.handle(code, Arc::new(handler));
        schedule_every(platform.db.clone(), code, period);
    }
    // Issue 20 (DATA-GRANT): the providers of API grants unused for 3 months are told daily.
    let (code, period) = sharing::jobs::IDLE_GRANTS;
    let idle = sharing::jobs::IdleGrants {
        key: platform.key.clone(),
    };
    runner = runner.handle(code, Arc::new(idle));
    schedule_every(platform.db.clone(), code, period);
    schedule_every(platform.db.clone(), DAILY_MAINTENANCE, 86_400_000);
    schedule_every(platform.db.clone(), CLOCK_SWEEP, 60_000);
    schedule_every(platform.db.clone(), HOTLINE_SUPERVISION_SCAN, 60_000);
    schedule_every(platform.db.clone(), SERVICES_SUPERVISION_SCAN, 60_000);
    tokio::spawn(runner.run_forever(Duration::from_secs(5)));
    Ok(())
}
