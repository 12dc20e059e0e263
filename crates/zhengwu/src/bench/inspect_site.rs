//! `zhengwu bench inspect` (issue 19, WEB-INSPECT): the crawler over a generated local site.
//! A site of N pages is served on 127.0.0.1 from memory (each page a few paragraphs of
//! Chinese text with a date, links to its three children — a tree the breadth-first crawl
//! reaches entirely — and to the home page; every tenth page links an XLSX attachment, one
//! in a hundred a missing page, and now and then a wrong expression or a full ID number);
//! the crawl runs with no delay and the given concurrency, and the run prints pages per
//! second, attachments, findings and the process's peak memory (VmHWM). A benchmark: it
//! prints figures, it asserts none. Run it in release for real figures (README).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Args;

#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// Pages of the generated site.
    #[arg(long, default_value_t = 10_000)]
    pub pages: usize,
    /// Requests at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
}

/// One generated page: text, a date, its children, sometimes an attachment, a broken link,
/// a wrong expression or an ID number.
fn page(n: usize, total: usize) -> String {
    let mut body = format!(
        "<h1>政务动态第{n}期</h1><p>发布日期：2026-11-{:02}</p>",
        1 + n % 28
    );
    for paragraph in 0..4 {
        body.push_str(&format!(
            "<p>全区各部门认真贯彻落实工作部署，推进第{paragraph}项重点任务，持续优化营商环境，\
             提升政务服务水平，确保各项工作落到实处。</p>"
        ));
    }
    if n.is_multiple_of(97) {
        body.push_str("<p>根据国土资源部的通知，开展专项检查。</p>");
    }
    if n.is_multiple_of(211) {
        body.push_str("<p>联系人：张三，身份证号 620702198503121238。</p>");
    }
    for child in 1..=3 {
        let next = n * 3 + child;
        if next < total {
            body.push_str(&format!("<a href=\"/p/{next}.html\">第{next}期</a> "));
        }
    }
    if n.is_multiple_of(10) {
        body.push_str(&format!("<a href=\"/f/{n}.xlsx\">附件</a> "));
    }
    if n.is_multiple_of(100) {
        body.push_str(&format!("<a href=\"/gone/{n}.html\">旧页</a> "));
    }
    body.push_str("<a href=\"/\">首页</a>");
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>第{n}期</title></head><body>{body}</body></html>"
    )
}

fn html(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response()
}

/// A small XLSX of recipients (masked ID numbers: no leak), built once.
fn attachment() -> anyhow::Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名")?;
    sheet.write_string(0, 1, "身份证号")?;
    for row in 1..50u32 {
        sheet.write_string(row, 0, format!("领取人{row}"))?;
        sheet.write_string(row, 1, "620702********1238")?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The peak resident memory of this process in KiB (Linux `VmHWM`), if known.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub async fn run(args: InspectArgs) -> anyhow::Result<()> {
    if args.pages == 0 || args.concurrency == 0 {
        anyhow::bail!("--pages 与 --concurrency 须大于 0");
    }
    let total = args.pages;
    let xlsx = Arc::new(attachment()?);
    let app = Router::new()
        .route("/", get(move || async move { html(page(0, total)) }))
        .route(
            "/p/{file}",
            get(move |Path(file): Path<String>| async move {
                match file.trim_end_matches(".html").parse::<usize>() {
                    Ok(n) if n < total => html(page(n, total)),
                    _ => (StatusCode::NOT_FOUND, "找不到页面").into_response(),
                }
            }),
        )
        .route(
            "/f/{file}",
            get(move || {
                let xlsx = xlsx.clone();
                async move { xlsx.as_ref().clone().into_response() }
            }),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "找不到页面") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let today = chrono::Local::now().date_naive();
    let mut options =
        crawler::Options::from_rules(&platform::profile::WebsiteRules::default(), today);
    // Every page, attachment and missing page (about 1.11 × the pages), with room to spare.
    options.max_pages = total * 2 + 10;
    options.concurrency = args.concurrency;
    options.delay = Duration::ZERO;
    let words = Arc::new(inspect::Checker::defaults().map_err(anyhow::Error::msg)?);
    let blocked = Arc::new(inspect::default_blocked_domains().clone());
    let start =
        crawler::crawl::start_url(&format!("http://{address}/")).map_err(anyhow::Error::msg)?;
    let before = peak_kib();
    let mut kinds = std::collections::BTreeMap::new();
    let started = Instant::now();
    let summary = crawler::crawl(options, words, blocked, &start, &mut |finding| {
        *kinds.entry(finding.kind.code()).or_insert(0u64) += 1;
    })
    .await
    .map_err(anyhow::Error::msg)?;
    let seconds = started.elapsed().as_secs_f64();
    server.abort();
    println!(
        "bench inspect: generated site of {total} pages on {address}, concurrency {}",
        args.concurrency
    );
    println!(
        "  read {} pages and {} attachments, checked {} other addresses in {seconds:.1} s",
        summary.pages, summary.attachments, summary.checked
    );
    println!(
        "  {:.0} pages/s ({:.0} addresses/s)",
        summary.pages as f64 / seconds.max(1e-9),
        (summary.pages + summary.attachments + summary.checked) as f64 / seconds.max(1e-9)
    );
    let found: Vec<String> = kinds
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    println!("  findings: {} ({})", summary.findings, found.join(", "));
    match (before, peak_kib()) {
        (Some(before), Some(after)) => println!(
            "  peak memory (VmHWM): {:.1} MiB (before the crawl {:.1} MiB)",
            after as f64 / 1024.0,
            before as f64 / 1024.0
        ),
        _ => println!("  peak memory: not available on this system"),
    }
    Ok(())
}
