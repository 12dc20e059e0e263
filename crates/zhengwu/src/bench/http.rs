//! The write figures: the real router served in-process on 127.0.0.1 (rate limiter relaxed
//! for the bench only), `--requests` appeals filed through `POST /hotline` from
//! `--concurrency` keep-alive HTTP/1.1 connections of a minimal client, each with the CSRF
//! cookie and field; throughput of acknowledged (committed) appeals, latency percentiles,
//! and the count of stored rows afterwards. Bounded: stops after the requests or 60 s.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant as Stopwatch};

use anyhow::{Context as _, bail};
use platform::Platform;
use platform::db::Db;
use sqlx::Row as _;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use super::generate::Rng;
use super::verdict;

const RUN_LIMIT: Duration = Duration::from_secs(60);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What one connection saw, or all of them together.
#[derive(Default)]
pub(super) struct Outcome {
    /// Latencies of acknowledged submissions (200 with the registration page), in ms.
    pub acknowledged: Vec<f64>,
    pub refused: u64,
    pub failed: u64,
}

impl Outcome {
    /// What the connections saw together, once each has finished.
    pub(super) async fn gather(
        tasks: Vec<tokio::task::JoinHandle<Outcome>>,
    ) -> anyhow::Result<Outcome> {
        let mut all = Outcome::default();
        for task in tasks {
            let outcome = task.await?;
            all.acknowledged.extend(outcome.acknowledged);
            all.refused += outcome.refused;
            all.failed += outcome.failed;
        }
        Ok(all)
    }
}

async fn appeal_rows(db: &Db) -> anyhow::Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM hotline_appeals")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}

/// Percent-encodes a form value (everything but unreserved bytes).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn request(addr: SocketAddr, csrf: &Csrf, index: u64) -> String {
    // The portal form requires the phone the hotline replies by (issue 14 item 3).
    let phone = format!("139{:08}", index % 100_000_000);
    let body = format!(
        "_csrf={}&category=consultation_help&content={}&location={}&name=&phone={}&address=",
        csrf.token,
        encode(&format!(
            "基准测试诉求 {index}：咨询社区医保参保登记需要哪些材料"
        )),
        encode("建设路 1 号"),
        phone,
    );
    format!(
        "POST /hotline HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        csrf.cookie,
        body.len()
    )
}

/// The CSRF cookie of the load test's clients and the form token bound to it (issue 12
/// finding 6).
#[derive(Clone)]
pub(super) struct Csrf {
    pub cookie: String,
    pub token: String,
}

impl Csrf {
    pub fn new(platform: &Platform, rng: &mut Rng) -> Self {
        let anchor: String = (0..4).map(|_| format!("{:016x}", rng.next_u64())).collect();
        let name = web::cookies::csrf_name(platform.config.secure_cookies);
        Self {
            cookie: format!("{name}={anchor}"),
            token: web::csrf::token_for(&platform.key, &anchor),
        }
    }
}

/// Reads one response; returns its status. Handles Content-Length and chunked bodies.
pub(super) async fn read_response(reader: &mut BufReader<TcpStream>) -> anyhow::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("unreadable status line {line:?}"))?;
    let mut length = 0usize;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            bail!("connection closed in headers");
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse()?;
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if !chunked {
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).await?;
        return Ok(status);
    }
    loop {
        line.clear();
        reader.read_line(&mut line).await?;
        let size = usize::from_str_radix(line.trim(), 16)?;
        let mut chunk = vec![0u8; size + 2];
        reader.read_exact(&mut chunk).await?;
        if size == 0 {
            return Ok(status);
        }
    }
}

/// One keep-alive connection filing appeals until the shared counter reaches `requests`.
async fn connection(
    addr: SocketAddr,
    csrf: Csrf,
    next: Arc<AtomicU64>,
    requests: u64,
    deadline: Stopwatch,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut reader: Option<BufReader<TcpStream>> = None;
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= requests || Stopwatch::now() >= deadline {
            return outcome;
        }
        let started = Stopwatch::now();
        let attempt = async {
            if reader.is_none() {
                reader = Some(BufReader::new(TcpStream::connect(addr).await?));
            }
            let stream = reader.as_mut().context("no connection")?;
            stream
                .get_mut()
                .write_all(request(addr, &csrf, index).as_bytes())
                .await?;
            read_response(stream).await
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, attempt).await {
            Ok(Ok(200)) => outcome
                .acknowledged
                .push(started.elapsed().as_secs_f64() * 1000.0),
            Ok(Ok(_)) => outcome.refused += 1,
            Ok(Err(_)) | Err(_) => {
                outcome.failed += 1;
                reader = None;
            }
        }
    }
}

pub(super) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len() - 1))
        .copied()
        .unwrap_or(0.0)
}

/// Writes the generator's leftovers out before the write figures are taken (a checkpoint of
/// the WAL on either engine), so the submissions measured do not pay for the bulk load.
pub(super) async fn settle(db: &Db) -> anyhow::Result<()> {
    let statement = match db.backend {
        platform::db::Backend::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
        platform::db::Backend::Postgres => "CHECKPOINT",
    };
    sqlx::query(statement).execute(&db.pool).await?;
    Ok(())
}

/// The router served on 127.0.0.1 until `stop` is sent.
pub struct Server {
    pub addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(platform: &Platform) -> anyhow::Result<Server> {
        let state = web::AppState::with_limiter(platform.clone(), web::RateLimiter::unlimited());
        let app = web::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // The production server, with its timeouts and connection bound.
        let handle = tokio::spawn(async move {
            web::server::serve(listener, app, web::server::ServerLimits::default(), async {
                let _ = stopped.await;
            })
            .await;
            Ok(())
        });
        Ok(Server { addr, stop, handle })
    }

    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.handle.await??;
        Ok(())
    }
}

pub async fn appeals(platform: &Platform, requests: u64, concurrency: u32) -> anyhow::Result<()> {
    settle(&platform.db).await?;
    let server = Server::start(platform).await?;
    let addr = server.addr;
    let before = appeal_rows(&platform.db).await?;
    let mut rng = Rng::new(0x0BAD_CAFE);
    let csrf = Csrf::new(platform, &mut rng);
    let next = Arc::new(AtomicU64::new(0));
    let started = Stopwatch::now();
    let deadline = started + RUN_LIMIT;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            tokio::spawn(connection(
                addr,
                csrf.clone(),
                next.clone(),
                requests,
                deadline,
            ))
        })
        .collect();
    let Outcome {
        acknowledged: mut latencies,
        refused,
        failed,
    } = Outcome::gather(tasks).await?;
    let elapsed = started.elapsed().as_secs_f64();
    server.stop().await?;
    latencies.sort_by(f64::total_cmp);
    let acknowledged = latencies.len() as u64;
    let throughput = acknowledged as f64 / elapsed.max(f64::EPSILON);
    let p99 = percentile(&latencies, 0.99);
    println!(
        "(c) POST /hotline: {acknowledged} acknowledged in {elapsed:.2} s with {concurrency} connections ({refused} refused, {failed} failed)"
    );
    println!(
        "(c) throughput {throughput:.0} durable submissions/s (target ≥ 500: {})",
        verdict(throughput >= 500.0)
    );
    println!(
        "(c) latency p50 {:.1} ms, p95 {:.1} ms, p99 {p99:.1} ms, max {:.1} ms (target p99 < 50 ms: {})",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        latencies.last().copied().unwrap_or(0.0),
        verdict(p99 < 50.0)
    );
    let stored = u64::try_from(appeal_rows(&platform.db).await? - before).unwrap_or(0);
    println!(
        "(d) acknowledged {acknowledged}, stored {stored}, lost {}",
        acknowledged.saturating_sub(stored)
    );
    Ok(())
}
