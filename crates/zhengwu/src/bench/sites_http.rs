//! The sites bench's pages over HTTP: the real router served in-process on 127.0.0.1 (rate
//! limiter relaxed for the bench only) and one keep-alive HTTP/1.1 connection asking, one
//! after another, (a) `GET /sites/{code}/articles/{id}` over random published articles and
//! (b) `GET /sites/{code}/columns/{id}?page=N` over random columns (four in five the first
//! page), then the largest column's first and last page: each page as a visitor gets it —
//! routed, read, rendered, and its view counted (WEB-STATS). When the build has no such
//! pages (the first article asked for is not found), says so and the caller measures the
//! reads instead.

use std::net::SocketAddr;
use std::time::{Duration, Instant as Stopwatch};

use anyhow::Context as _;
use tokio::io::{AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use super::http::{Server, read_response};
use super::median_max;
use super::sites_pages::{Picks, latency_line};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const RUNS: usize = 7;

/// One GET on the connection (opened when needed); its status and latency in ms.
async fn get(
    addr: SocketAddr,
    reader: &mut Option<BufReader<TcpStream>>,
    path: &str,
) -> anyhow::Result<(u16, f64)> {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: zhengwu-bench\r\n\r\n");
    let started = Stopwatch::now();
    let exchange = async {
        if reader.is_none() {
            *reader = Some(BufReader::new(TcpStream::connect(addr).await?));
        }
        let stream = reader.as_mut().context("no connection")?;
        stream.get_mut().write_all(request.as_bytes()).await?;
        read_response(stream).await
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Ok(Ok(status)) => Ok((status, started.elapsed().as_secs_f64() * 1000.0)),
        Ok(Err(error)) => {
            *reader = None;
            Err(error)
        }
        Err(_) => {
            *reader = None;
            anyhow::bail!("timed out: {path}")
        }
    }
}

/// Asks for every path; the latencies of the 200s and how many were not.
async fn series(
    addr: SocketAddr,
    reader: &mut Option<BufReader<TcpStream>>,
    paths: &[String],
) -> (Vec<f64>, u64) {
    let mut latencies = Vec::with_capacity(paths.len());
    let mut failed = 0u64;
    for path in paths {
        match get(addr, reader, path).await {
            Ok((200, took)) => latencies.push(took),
            _ => failed += 1,
        }
    }
    (latencies, failed)
}

/// (a) and (b) over HTTP; `false` (nothing measured) when the build serves no site pages.
pub(super) async fn pages(server: &Server, picks: &Picks) -> anyhow::Result<bool> {
    let addr = server.addr;
    let mut reader = None;
    let article = |(code, id): &(String, i64)| format!("/sites/{code}/articles/{id}");
    if let Some(first) = picks.articles.first() {
        let (status, _) = get(addr, &mut reader, &article(first)).await?;
        if status == 404 {
            println!(
                "(a)(b) this build serves no pages of the site group (GET {} is 404): measured as the reads of each page instead",
                article(first)
            );
            return Ok(false);
        }
    }
    let paths: Vec<String> = picks.articles.iter().map(article).collect();
    let (mut latencies, failed) = series(addr, &mut reader, &paths).await;
    println!(
        "(a) GET /sites/{{code}}/articles/{{id}}: {} pages over random published articles ({failed} failed)",
        latencies.len()
    );
    latency_line("(a) article page", &mut latencies, Some(20.0));
    let column =
        |code: &str, column: i64, page: i64| format!("/sites/{code}/columns/{column}?page={page}");
    let paths: Vec<String> = picks
        .columns
        .iter()
        .map(|(code, id, page)| column(code, *id, *page))
        .collect();
    let (mut latencies, failed) = series(addr, &mut reader, &paths).await;
    println!(
        "(b) GET /sites/{{code}}/columns/{{id}}?page=N: {} pages over random columns, one in five past the first page ({failed} failed)",
        latencies.len()
    );
    latency_line("(b) column list page", &mut latencies, Some(30.0));
    if let Some((code, id, listed, pages)) = &picks.largest {
        let mut first = Vec::with_capacity(RUNS);
        let mut last = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            first.push(get(addr, &mut reader, &column(code, *id, 1)).await?.1);
            last.push(get(addr, &mut reader, &column(code, *id, *pages)).await?.1);
        }
        let (first, _) = median_max(&mut first);
        let (last, _) = median_max(&mut last);
        println!(
            "(b) the largest column ({listed} articles, {pages} pages): first page {first:.1} ms, last page {last:.1} ms (median of {RUNS})"
        );
    }
    Ok(true)
}
