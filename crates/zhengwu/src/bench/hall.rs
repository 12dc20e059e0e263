//! `zhengwu bench hall` (issue 21, HALL-QUEUE): a day of tickets in a bench-only database —
//! `--tickets` numbers (20,000 by default) taken through the use case — then `--calls` calls by
//! `--windows` clerks while `--displays` displays (50) follow `/hall/display/events` over real
//! HTTP connections to the production server. Prints the take and call latencies (p50/p99),
//! whether the calls at the end of the day are slower than at its start, and per call the
//! time until all displays received it (p50/p99/max) against the target of one second.
//! A benchmark, not a test: it prints figures, it asserts none.

use std::time::{Duration, Instant};

use ::hall::hours::{DaySchedule, Source, Span};
use ::hall::ticket::Priority;
use ::hall::usecase::{self as hall_usecase, queue};
use ::hall::window::{Assignment, Post, ServiceType, Window};
use anyhow::{Context as _, bail};
use clap::Args;
use platform::Platform;
use platform::audit::AuditActor;
use platform::config::Config;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::NewAccount;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::mpsc;

#[derive(Args, Debug, Clone)]
pub struct HallArgs {
    /// Tickets taken in the day.
    #[arg(long, default_value_t = 20_000)]
    pub tickets: u32,
    /// Comprehensive windows, each with its clerk.
    #[arg(long, default_value_t = 20)]
    pub windows: u16,
    /// Calls made (each followed by the no-show that frees the window).
    #[arg(long, default_value_t = 1_000)]
    pub calls: u32,
    /// Displays following the calls.
    #[arg(long, default_value_t = 50)]
    pub displays: u32,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = ((samples.len() as f64) * q).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

fn line(label: &str, samples: &mut [Duration]) {
    let (p50, p99) = (quantile(samples, 0.5), quantile(samples, 0.99));
    let max = samples.iter().max().copied().unwrap_or_default();
    println!(
        "  {label}: n={} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        ms(p50),
        ms(p99),
        ms(max)
    );
}

/// A display: one HTTP connection to the event stream; each call's text is sent on `seen`
/// with the display's index as it arrives.
async fn display(
    addr: std::net::SocketAddr,
    index: u32,
    seen: mpsc::UnboundedSender<(u32, String)>,
) -> anyhow::Result<()> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream
        .write_all(b"GET /hall/display/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
        .await?;
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buffer).into_owned();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("\"text\":\"") {
            let after = &rest[start + 8..];
            let Some(end) = after.find('"') else { break };
            let _ = seen.send((index, after[..end].to_owned()));
            rest = &after[end..];
        }
        let consumed = text.len() - rest.len();
        buffer.drain(..consumed.min(buffer.len()));
    }
}

pub async fn run(config: Config, args: HallArgs) -> anyhow::Result<()> {
    if args.tickets == 0 || args.windows == 0 || args.calls == 0 || args.displays == 0 {
        bail!("--tickets、--windows、--calls 与 --displays 须大于 0");
    }
    let platform = Platform::open(config)
        .await
        .context("无法打开基准测试数据库")?;
    let db = &platform.db;
    let jurisdictions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jurisdictions")
        .fetch_one(&db.pool)
        .await?;
    if jurisdictions > 0 {
        bail!("大厅基准测试只在空数据库上运行（它写入演示单位和账号），以免污染真实数据");
    }
    println!("政务大厅叫号基准测试（{}）", db.backend.name());
    platform::demo::seed(db, &platform.key).await?;
    let admin = AuditActor::system("bench");
    let clerk = platform::users::id_by_username(db, "clerk")
        .await?
        .context("demo clerk")?;
    let unit = platform::users::load_actor(db, clerk)
        .await?
        .context("demo clerk")?
        .unit_id;
    let mut clerks = Vec::new();
    for number in 1..=args.windows {
        let mut tx = db.begin().await?;
        let (id, _) = platform::users::create(
            &mut tx,
            &admin,
            NewAccount {
                unit_id: unit,
                username: format!("benchclerk{number}"),
                display_name: format!("窗口{number}"),
                roles: vec![Role::WindowClerk],
            },
            now_ms(),
        )
        .await?;
        tx.commit().await?;
        clerks.push(id);
    }
    for (i, id) in clerks.iter().enumerate() {
        let number = u16::try_from(i + 1)?;
        let b = clerks[(i + 1) % clerks.len()];
        let staff = [
            Assignment {
                user_id: *id,
                post: Post::A,
            },
            Assignment {
                user_id: b,
                post: Post::B,
            },
        ];
        let window = Window {
            number,
            name: format!("综合{number}"),
            service: ServiceType::Comprehensive,
            unit_id: None,
        };
        hall_usecase::create_window(db, &admin, &window, &staff, now_ms()).await?;
    }
    let (today, _) = hall_usecase::local_day_minute(now_ms());
    let all_day = DaySchedule {
        sessions: vec![Span::new(0, 24 * 60)?],
        delayed_until: None,
        appointment: vec![],
    };
    hall_usecase::configure_day(db, &admin, today, &all_day, now_ms()).await?;
    let calendar = calendar::Calendar::national();
    let hours = platform::profile::RuleProfile::default()
        .calendar
        .working_hours;

    let kiosk = AuditActor::anonymous("127.0.0.1");
    let mut takes = Vec::with_capacity(args.tickets as usize);
    let started = Instant::now();
    for i in 0..args.tickets {
        let priority = if i.is_multiple_of(10) {
            Priority::Elderly
        } else {
            Priority::Normal
        };
        let request = queue::Take {
            service: ServiceType::Comprehensive,
            item: None,
            source: Source::Kiosk,
            priority,
            day: today,
        };
        let at = Instant::now();
        queue::take(db, &kiosk, &calendar, &hours, request, now_ms()).await?;
        takes.push(at.elapsed());
    }
    println!(
        "取号 {} 个，用时 {:.1} s",
        args.tickets,
        started.elapsed().as_secs_f64()
    );
    line("取号延迟", &mut takes);

    let state = web::AppState::with_limiter(platform.clone(), web::RateLimiter::unlimited());
    let calls = state.hall_calls.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = web::router(state);
    tokio::spawn(async move {
        web::server::serve(
            listener,
            app,
            web::server::ServerLimits::default(),
            std::future::pending(),
        )
        .await;
    });
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    for index in 0..args.displays {
        let seen_tx = seen_tx.clone();
        tokio::spawn(async move {
            if let Err(error) = display(addr, index, seen_tx).await {
                eprintln!("显示屏 {index} 断开：{error}");
            }
        });
    }
    // Every display subscribed before the first call.
    let deadline = Instant::now() + Duration::from_secs(10);
    while calls.receiver_count() < args.displays as usize && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "显示屏 {} 个已连接（订阅 {}）",
        args.displays,
        calls.receiver_count()
    );

    let actors: Vec<AuditActor> = {
        let mut actors = Vec::new();
        for id in &clerks {
            let actor = platform::users::load_actor(db, *id)
                .await?
                .context("clerk")?;
            actors.push(AuditActor::staff(&actor, "127.0.0.1"));
        }
        actors
    };
    for (i, actor) in actors.iter().enumerate() {
        hall_usecase::sit(db, actor, u16::try_from(i + 1)?, now_ms()).await?;
    }
    let mut call_latencies = Vec::new();
    let mut fan_out = Vec::new();
    let mut missed = 0u32;
    for i in 0..args.calls as usize {
        let actor = &actors[i % actors.len()];
        let at = Instant::now();
        let done = queue::call_next(db, actor, now_ms()).await?;
        call_latencies.push(at.elapsed());
        let text = done.announcement().unwrap_or_default();
        let sent = Instant::now();
        let _ = calls.send(web::hall::CallNotice {
            number: done.ticket.number.to_string(),
            window: done.window,
            text: text.clone(),
        });
        let mut received = std::collections::HashSet::new();
        while received.len() < args.displays as usize {
            match tokio::time::timeout(Duration::from_secs(5), seen.recv()).await {
                Ok(Some((index, got))) if got == text => {
                    received.insert(index);
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => {
                    missed += 1;
                    break;
                }
            }
        }
        fan_out.push(sent.elapsed());
        queue::act(db, actor, done.id, None, queue::Action::Skip, now_ms()).await?;
    }
    let split = call_latencies.len() / 10;
    let mut first: Vec<Duration> = call_latencies[..split.max(1)].to_vec();
    let mut last: Vec<Duration> = call_latencies[call_latencies.len() - split.max(1)..].to_vec();
    println!(
        "叫号 {} 次（{} 个窗口，当日 {} 个号）",
        args.calls, args.windows, args.tickets
    );
    line("叫号延迟", &mut call_latencies);
    line("叫号延迟（前 10%）", &mut first);
    line("叫号延迟（后 10%）", &mut last);
    let slower = quantile(&mut last, 0.5) > quantile(&mut first, 0.5) * 2;
    println!(
        "  当日号数增多后叫号{}",
        if slower {
            "明显变慢（后 10% 的 p50 超过前 10% 的两倍）"
        } else {
            "未变慢"
        }
    );
    line(
        &format!("{} 个显示屏全部收到叫号", args.displays),
        &mut fan_out,
    );
    let worst = fan_out.iter().max().copied().unwrap_or_default();
    println!(
        "目标：全部显示屏 1 秒内收到 — {}（最慢 {:.2} ms，未全部收到 {} 次）",
        if worst < Duration::from_secs(1) && missed == 0 {
            "达到"
        } else {
            "未达到"
        },
        ms(worst),
        missed
    );
    Ok(())
}
