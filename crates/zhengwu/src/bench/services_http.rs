//! The services bench over HTTP: the real router served in-process on 127.0.0.1 (rate limiter
//! relaxed for the bench only) and a minimal keep-alive HTTP/1.1 client. (a) `--pages` guide
//! pages `GET /services/items/{code}` over random items, one after another on one
//! connection: the render time's percentiles. (c) `--requests` applications
//! `POST /services/items/{code}/apply` as a browser sends them — multipart with the applicant's
//! name, ID number and phone, one small PDF per required material, `action=submit` and the
//! CSRF cookie and field — from `--concurrency` connections: acknowledged (the page with the
//! case number) per second, latency percentiles, and the stored cases counted afterwards.
//! Bounded: stops after the requests or 60 s.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant as Stopwatch};

use anyhow::Context as _;
use platform::Platform;
use platform::db::Db;
use services::enterprise::{EnterpriseAsked, check_character};
use services::usecase::PublishedItem;
use sqlx::Row as _;
use tokio::io::{AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use super::generate::Rng;
use super::http::{Csrf, Outcome, Server, percentile, read_response};
use super::services_cases::{citizen_id, person};
use super::verdict;

const RUN_LIMIT: Duration = Duration::from_secs(60);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const BOUNDARY: &str = "zhengwu-bench-7d1f3a";

/// Sends `request` on the connection (opened when needed) and reads the status.
async fn exchange(
    addr: SocketAddr,
    reader: &mut Option<BufReader<TcpStream>>,
    request: &[u8],
) -> anyhow::Result<u16> {
    if reader.is_none() {
        *reader = Some(BufReader::new(TcpStream::connect(addr).await?));
    }
    let stream = reader.as_mut().context("no connection")?;
    stream.get_mut().write_all(request).await?;
    read_response(stream).await
}

fn latency_line(label: &str, latencies: &mut [f64], target_p99: Option<f64>) {
    latencies.sort_by(f64::total_cmp);
    let p99 = percentile(latencies, 0.99);
    let target = target_p99.map_or_else(String::new, |target| {
        format!(" (target p99 < {target:.0} ms: {})", verdict(p99 < target))
    });
    println!(
        "{label} latency p50 {:.1} ms, p95 {:.1} ms, p99 {p99:.1} ms, max {:.1} ms{target}",
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        latencies.last().copied().unwrap_or(0.0),
    );
}

/// (a) `pages` guide pages over random items, one at a time on one keep-alive connection.
pub async fn guide_pages(server: &Server, codes: &[String], pages: u64) -> anyhow::Result<()> {
    let mut rng = Rng::new(0x6A1D_E000_0000_0001);
    let mut reader = None;
    let mut latencies = Vec::new();
    let mut failed = 0u64;
    let deadline = Stopwatch::now() + RUN_LIMIT;
    for _ in 0..pages {
        if Stopwatch::now() >= deadline {
            break;
        }
        let code = codes
            .get(rng.below(codes.len() as u64) as usize)
            .context("no items")?;
        let request = format!(
            "GET /services/items/{code} HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        );
        let started = Stopwatch::now();
        match tokio::time::timeout(
            REQUEST_TIMEOUT,
            exchange(server.addr, &mut reader, request.as_bytes()),
        )
        .await
        {
            Ok(Ok(200)) => latencies.push(started.elapsed().as_secs_f64() * 1000.0),
            _ => {
                failed += 1;
                reader = None;
            }
        }
    }
    println!(
        "(a) GET /services/items/{{code}}: {} pages over {} items ({failed} failed)",
        latencies.len(),
        codes.len()
    );
    latency_line("(a) guide page", &mut latencies, Some(30.0));
    Ok(())
}

/// A minimal valid PDF standing for a scanned material.
fn material_pdf(index: u64) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% bench material {index}\n\
         trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

fn application(addr: SocketAddr, csrf: &Csrf, item: &PublishedItem, index: u64) -> Vec<u8> {
    let mut rng = Rng::new(0xA991_1CA7_0000_0000 ^ index);
    let (name, phone) = person(&mut rng);
    let id_no = citizen_id(&mut rng);
    // Issue 14 item 4: a legal person's item is applied for by a company, its 统一社会信用代码
    // of 甘州区's form with the GB 32100 check character.
    let asked = EnterpriseAsked::of(&item.item.basic.targets) != EnterpriseAsked::No;
    let body17 = format!("91620702MA7{:06}", index % 1_000_000);
    let credit_code = check_character(&body17)
        .map(|check| format!("{body17}{check}"))
        .unwrap_or_default();
    let company = format!("基准测试商贸有限公司{index}");
    let enterprise = [
        ("enterprise_name", company.as_str()),
        ("credit_code", credit_code.as_str()),
    ];
    let mut body = Vec::new();
    for (field, value) in [
        ("_csrf", csrf.token.as_str()),
        ("name", name.as_str()),
        ("id_no", id_no.as_str()),
        ("phone", phone.as_str()),
        ("action", "submit"),
    ]
    .into_iter()
    .chain(enterprise.into_iter().filter(|_| asked))
    {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for material in item.item.materials.list().iter().filter(|m| m.required) {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"m_{}\"; \
                 filename=\"{}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
                material.code, material.code
            )
            .as_bytes(),
        );
        body.extend_from_slice(&material_pdf(index));
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let mut request = format!(
        "POST /services/items/{}/apply HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        item.code,
        csrf.cookie,
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

async fn applicant(
    addr: SocketAddr,
    csrf: Csrf,
    items: Arc<Vec<PublishedItem>>,
    next: Arc<AtomicU64>,
    requests: u64,
    deadline: Stopwatch,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut reader = None;
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= requests || Stopwatch::now() >= deadline {
            return outcome;
        }
        let mut rng = Rng::new(index);
        let Some(item) = items.get(rng.below(items.len() as u64) as usize) else {
            return outcome;
        };
        let request = application(addr, &csrf, item, index);
        let started = Stopwatch::now();
        match tokio::time::timeout(REQUEST_TIMEOUT, exchange(addr, &mut reader, &request)).await {
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

async fn case_rows(db: &Db) -> anyhow::Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM svc_cases")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}

/// (c) applications over HTTP.
pub async fn applications(
    platform: &Platform,
    server: &Server,
    items: Vec<PublishedItem>,
    requests: u64,
    concurrency: u32,
) -> anyhow::Result<()> {
    let before = case_rows(&platform.db).await?;
    let mut rng = Rng::new(0x0BAD_CAFE_5E4F);
    let csrf = Csrf::new(platform, &mut rng);
    let items = Arc::new(items);
    let next = Arc::new(AtomicU64::new(0));
    let started = Stopwatch::now();
    let deadline = started + RUN_LIMIT;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            tokio::spawn(applicant(
                server.addr,
                csrf.clone(),
                items.clone(),
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
    let acknowledged = latencies.len() as u64;
    let throughput = acknowledged as f64 / elapsed.max(f64::EPSILON);
    println!(
        "(c) POST /services/items/{{code}}/apply: {acknowledged} acknowledged in {elapsed:.2} s with {concurrency} connections ({refused} refused, {failed} failed)"
    );
    println!(
        "(c) throughput {throughput:.0} applications/s (target ≥ 300: {})",
        verdict(throughput >= 300.0)
    );
    latency_line("(c) application", &mut latencies, None);
    let stored = u64::try_from(case_rows(&platform.db).await? - before).unwrap_or(0);
    println!(
        "(d) acknowledged {acknowledged}, stored {stored}, lost {}",
        acknowledged.saturating_sub(stored)
    );
    Ok(())
}
