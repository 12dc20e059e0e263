//! `zhengwu bench share` (issue 20, DATA-CALL): the data-sharing gateway under load. On an
//! empty database it seeds the demo's units, accounts and data-sharing catalogue (through the
//! use cases, [`demo::sharing::seed`]), grows the demo grant's hosted table 企业登记信息 to
//! `--rows` rows (1 million by default, written as rows in transactions of 10,000), serves
//! the real router in-process on 127.0.0.1 and calls `GET /share/v1/{resource}` with the demo
//! code from `--concurrency` keep-alive connections, each call a 20-row page filtered on a
//! granted field (`established=<date>`, an indexed column, about 150 matching rows). It
//! prints calls per second and latency percentiles against the targets (≥ 2,000
//! calls/s on SQLite, p99 < 50 ms), then counts the call log's new rows against the calls
//! answered (zero unlogged calls) and verifies the chain. The grant's own rate limit is
//! raised for the bench's grant only (the limit is a per-grant setting; the bench measures
//! the gateway, not the limiter). A benchmark, not a test: it prints figures, it asserts none.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant as Stopwatch};

use anyhow::{Context as _, bail};
use clap::Args;
use platform::Platform;
use platform::config::Config;
use platform::db::{Backend, Db};
use sharing::resource_key;
use sharing::store::{grants, rows};
use tokio::io::{AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use super::generate::Rng;
use super::http::{Server, percentile, read_response, settle};
use super::verdict;

#[derive(Args, Debug, Clone)]
pub struct ShareArgs {
    /// Rows of the hosted table the calls read (企业登记信息 of the demo, regenerated).
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
    /// Gateway calls made (the run also stops after 60 s).
    #[arg(long, default_value_t = 40_000)]
    pub calls: u64,
    /// Concurrent keep-alive connections calling.
    #[arg(long, default_value_t = 32)]
    pub concurrency: u32,
}

const RUN_LIMIT: Duration = Duration::from_secs(60);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Rows written per transaction while the table is generated.
const LOAD_BATCH: u64 = 10_000;
/// The targets: calls per second on SQLite and the p99 in milliseconds.
const TARGET_CALLS: f64 = 2_000.0;
const TARGET_P99_MS: f64 = 50.0;

const TRADES: [&str; 8] = [
    "商贸",
    "农业科技",
    "建筑工程",
    "餐饮管理",
    "物流",
    "信息技术",
    "文化传媒",
    "食品",
];
const SURNAMES: [&str; 12] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "马", "朱",
];

/// The date of row `n` (2005–2024, days 1–28: 6,720 dates, about 150 rows each at 1M).
fn established(n: u64) -> String {
    format!(
        "{}-{:02}-{:02}",
        2005 + n % 20,
        1 + (n / 20) % 12,
        1 + (n / 240) % 28
    )
}

/// Row `n` of 企业登记信息 in its dictionary's order (uscc, name, legal_person, capital,
/// established, status, address).
fn enterprise(n: u64) -> Vec<String> {
    let surname = SURNAMES[(n % 12) as usize];
    vec![
        format!("91620702MB{n:08}"),
        format!(
            "张掖市甘州区{surname}氏{}有限公司{n}",
            TRADES[(n % 8) as usize]
        ),
        format!("{surname}某{}", n % 97),
        format!("{}", 10 * (1 + n % 500)),
        established(n),
        if n.is_multiple_of(9) {
            "注销"
        } else {
            "存续"
        }
        .to_owned(),
        format!("甘州区建设路{}号", 1 + n % 900),
    ]
}

/// Replaces the table's rows by `count` generated rows, `LOAD_BATCH` a transaction.
async fn generate(db: &Db, key: i64, count: u64) -> anyhow::Result<()> {
    let started = Stopwatch::now();
    let mut written = 0u64;
    while written < count {
        let end = (written + LOAD_BATCH).min(count);
        let batch: Vec<Vec<String>> = (written + 1..=end).map(enterprise).collect();
        let mut tx = db.begin().await?;
        if written == 0 {
            rows::replace(&mut tx, key, &batch).await?;
        } else {
            rows::append(&mut tx, key, i64::try_from(written + 1)?, &batch).await?;
        }
        tx.commit().await?;
        written = end;
        if written.is_multiple_of(200_000) {
            println!("  {written} 行（{:.0} s）", started.elapsed().as_secs_f64());
        }
    }
    println!(
        "生成托管库表：{count} 行，用时 {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What one connection saw.
#[derive(Default)]
struct Seen {
    ok: Vec<f64>,
    refused: u64,
    failed: u64,
    answered: u64,
}

async fn connection(
    addr: SocketAddr,
    path: Arc<String>,
    next: Arc<AtomicU64>,
    calls: u64,
    deadline: Stopwatch,
) -> Seen {
    let mut seen = Seen::default();
    let mut reader: Option<BufReader<TcpStream>> = None;
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= calls || Stopwatch::now() >= deadline {
            return seen;
        }
        let mut rng = Rng::new(0x5A4E_0000_0000_0000 ^ index);
        let date = established(rng.below(20 * 12 * 28));
        let request = format!(
            "GET {path}?established={date}&page_size=20 HTTP/1.1\r\nHost: {addr}\r\n\
             Authorization: Bearer {}\r\n\r\n",
            demo::sharing::DEMO_CODE
        );
        let started = Stopwatch::now();
        let attempt = async {
            if reader.is_none() {
                reader = Some(BufReader::new(TcpStream::connect(addr).await?));
            }
            let stream = reader.as_mut().context("no connection")?;
            stream.get_mut().write_all(request.as_bytes()).await?;
            read_response(stream).await
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, attempt).await {
            Ok(Ok(status)) => {
                seen.answered += 1;
                if status == 200 {
                    seen.ok.push(started.elapsed().as_secs_f64() * 1000.0);
                } else {
                    seen.refused += 1;
                }
            }
            Ok(Err(_)) | Err(_) => {
                seen.failed += 1;
                reader = None;
            }
        }
    }
}

pub async fn run(config: Config, args: ShareArgs) -> anyhow::Result<()> {
    if args.rows == 0 || args.calls == 0 || args.concurrency == 0 {
        bail!("--rows、--calls 与 --concurrency 须大于 0");
    }
    let backend = Backend::from_url(&config.effective_database_url())?;
    let where_ = match backend {
        Backend::Sqlite => format!("SQLite，{}", config.data_dir.display()),
        Backend::Postgres => "PostgreSQL（DATABASE_URL）".to_owned(),
    };
    let platform = Platform::open(config)
        .await
        .context("无法打开基准测试数据库")?;
    let db = &platform.db;
    let jurisdictions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jurisdictions")
        .fetch_one(&db.pool)
        .await?;
    if jurisdictions > 0 {
        bail!("数据共享基准测试只在空数据库上运行（它写入演示单位、账号和目录），以免污染真实数据");
    }
    println!("数据共享网关基准测试（{where_}）");
    platform::demo::seed(db, &platform.key).await?;
    platform::demo::seed_contacts(db, &platform.key).await?;
    demo::sharing::seed(&platform).await?;
    let stored = grants::by_code_hash(db, &grants::code_hash(demo::sharing::DEMO_CODE))
        .await?
        .context("演示授权缺失：演示账号或单位未建立")?;
    let key = resource_key(stored.grant.entry, stored.grant.resource);
    sqlx::query("UPDATE sharing_grants SET rate_per_second = $1 WHERE id = $2")
        .bind(1_000_000_i64)
        .bind(stored.grant.id.0)
        .execute(&db.pool)
        .await?;
    generate(db, key, args.rows).await?;
    settle(db).await?;
    let logged_before = sharing::calllog::count(db).await?;
    let server = Server::start(&platform).await?;
    let path = Arc::new(format!("/share/v1/{key}"));
    let next = Arc::new(AtomicU64::new(0));
    let started = Stopwatch::now();
    let deadline = started + RUN_LIMIT;
    let tasks: Vec<_> = (0..args.concurrency)
        .map(|_| {
            tokio::spawn(connection(
                server.addr,
                path.clone(),
                next.clone(),
                args.calls,
                deadline,
            ))
        })
        .collect();
    let mut all = Seen::default();
    for task in tasks {
        let seen = task.await?;
        all.ok.extend(seen.ok);
        all.refused += seen.refused;
        all.failed += seen.failed;
        all.answered += seen.answered;
    }
    let elapsed = started.elapsed().as_secs_f64();
    server.stop().await?;
    let latencies = &mut all.ok;
    latencies.sort_by(f64::total_cmp);
    let ok = latencies.len() as u64;
    let throughput = ok as f64 / elapsed.max(f64::EPSILON);
    let p99 = percentile(latencies, 0.99);
    println!(
        "GET {path}?established=<日期>&page_size=20：{ok} 次成功调用，{elapsed:.2} s，{} 个连接（拒绝 {}，失败 {}）",
        args.concurrency, all.refused, all.failed
    );
    let target = match backend {
        Backend::Sqlite => format!(
            " (target ≥ {TARGET_CALLS:.0} on SQLite: {})",
            verdict(throughput >= TARGET_CALLS)
        ),
        Backend::Postgres => String::new(),
    };
    println!("throughput {throughput:.0} calls/s{target}");
    println!(
        "latency p50 {:.2} ms, p95 {:.2} ms, p99 {p99:.2} ms, max {:.2} ms (target p99 < {TARGET_P99_MS:.0} ms: {})",
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        latencies.last().copied().unwrap_or(0.0),
        verdict(p99 < TARGET_P99_MS)
    );
    let logged = sharing::calllog::count(db).await? - logged_before;
    let answered = i64::try_from(all.answered)?;
    println!(
        "call log: {answered} calls answered, {logged} log rows written, unlogged {} (target 0: {})",
        (answered - logged).max(0),
        verdict(answered <= logged)
    );
    let verify_started = Stopwatch::now();
    let report = sharing::calllog::verify(db).await?;
    println!(
        "call log chain: {} rows verified in {:.2} s, {}",
        report.rows_checked,
        verify_started.elapsed().as_secs_f64(),
        match report.first_break {
            None => "intact".to_owned(),
            Some((seq, why)) => format!("BROKEN at {seq}: {why}"),
        }
    );
    Ok(())
}
