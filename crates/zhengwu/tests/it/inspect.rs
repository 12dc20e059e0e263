//! `zhengwu inspect URL --json` end to end (WEB-INSPECT, WEB-NOADS, issue 19): the built
//! binary crawls a planted site served in the test and prints one JSON object a line; every
//! kind of the issue is present at its page (a `--words` list adds a word and a correction),
//! personal data is masked in `detail`, and an ID number with a wrong check character, masked
//! numbers and a whitelisted phrase are not reported. A site that does not answer is one
//! `unreachable` line.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::{Command, Output};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const ID: &str = "620702198503121238";
const ID_WRONG_CHECK: &str = "620702198503121237";
const MOBILE: &str = "13912345678";
const CARD: &str = "6217001234567893";

fn html(body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!doctype html><html><head><meta charset=utf-8><title>测试站</title></head><body>{body}</body></html>"),
    )
        .into_response()
}

/// The home page carries no date: the site's home page is stale (WEB-FRESH, single veto 3).
const HOME: &str = r##"<h1>某区人民政府</h1>
<a href="/broken.html">断链</a> <a href="/hidden.html">暗链</a> <a href="/ads.html">广告</a>
<a href="/words.html">错敏词</a> <a href="/privacy.html">隐私</a> <a href="/negatives.html">遮挡</a>"##;

async fn serve() -> SocketAddr {
    let app = Router::new()
        .route("/", get(|| async { html(HOME) }))
        .route(
            "/broken.html",
            get(|| async { html(r#"<a href="/missing.html">已删除的页面</a>"#) }),
        )
        .route(
            "/hidden.html",
            get(|| async {
                html(r#"<style>.hide{display:none}</style><a class="hide" href="/secret.html">1</a>"#)
            }),
        )
        .route("/secret.html", get(|| async { html("<p>暗链页</p>") }))
        .route(
            "/ads.html",
            get(|| async { html(r#"<a href="http://www.bet365.com/">娱乐</a>"#) }),
        )
        .route(
            "/words.html",
            get(|| async {
                html("<p>根据国土资源部的通知，严厉打击法轮功等邪教组织。旧局名称已停用，测试禁词不得出现。</p><p>原国土资源部已于2018年撤销。</p>")
            }),
        )
        .route(
            "/privacy.html",
            get(|| async {
                html("<table><tr><td>张三</td><td>620702198503121238</td><td>13912345678</td><td>6217001234567893</td></tr></table>")
            }),
        )
        .route(
            "/negatives.html",
            get(|| async {
                html("<p>李四 620702198503121237；王五 620702********1238，139****5678，6217********7893</p>")
            }),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "找不到页面") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    address
}

fn fresh_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zhengwu-inspect-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `zhengwu inspect` off the runtime's threads (the site is served on them).
async fn inspect(dir: std::path::PathBuf, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_zhengwu"))
            .arg("--data")
            .arg(&dir)
            .arg("inspect")
            .args(&args)
            .env_remove("DATABASE_URL")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// Each stdout line parsed as `{"kind","url","detail"}`.
fn findings(output: &Output) -> Vec<(String, String, String)> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("not JSON: {line}: {error}"));
            let field = |name: &str| value[name].as_str().unwrap_or_default().to_owned();
            (field("kind"), field("url"), field("detail"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_inspect_and_web_noads_the_inspect_command_prints_each_kind_as_json() {
    let address = serve().await;
    let base = format!("http://{address}");
    let dir = fresh_dir();
    let words = dir.join("words.txt");
    std::fs::write(&words, "测试禁词\n旧局名称=新局名称\n").unwrap();
    let args = vec![
        format!("{base}/"),
        "--json".to_owned(),
        "--timeout".to_owned(),
        "2".to_owned(),
        "--delay-ms".to_owned(),
        "0".to_owned(),
        "--max-pages".to_owned(),
        "50".to_owned(),
        "--words".to_owned(),
        words.display().to_string(),
    ];
    let output = inspect(dir.clone(), args).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("完成"), "{stderr}");
    let found = findings(&output);
    let all = format!("{found:#?}");
    let at = |kind: &str, path: &str| -> Vec<String> {
        found
            .iter()
            .filter(|(k, url, _)| k == kind && *url == format!("{base}{path}"))
            .map(|(_, _, detail)| detail.clone())
            .collect()
    };

    let kinds: BTreeSet<&str> = found.iter().map(|(kind, _, _)| kind.as_str()).collect();
    for kind in [
        "broken-link",
        "hidden-link",
        "blocked-link",
        "sensitive-word",
        "wrong-word",
        "privacy-id-number",
        "privacy-phone",
        "privacy-bank-card",
        "stale-home",
    ] {
        assert!(kinds.contains(kind), "{kind} missing: {all}");
    }
    assert!(
        at("broken-link", "/broken.html")
            .iter()
            .any(|d| d.contains("/missing.html")),
        "{all}"
    );
    assert!(
        at("hidden-link", "/hidden.html")
            .iter()
            .any(|d| d.contains("/secret.html")),
        "{all}"
    );
    assert!(
        at("blocked-link", "/ads.html")
            .iter()
            .any(|d| d.contains("bet365")),
        "{all}"
    );
    assert_eq!(at("stale-home", "/").len(), 1, "{all}");
    let wrong = at("wrong-word", "/words.html");
    assert!(wrong.iter().any(|d| d.contains("国土资源部")), "{all}");
    assert!(
        wrong
            .iter()
            .any(|d| d.contains("旧局名称") && d.contains("新局名称")),
        "the --words list's correction: {all}"
    );
    let sensitive = at("sensitive-word", "/words.html");
    assert!(sensitive.iter().any(|d| d.contains("测试禁词")), "{all}");
    // The whitelisted phrase (原国土资源部) is not a second hit.
    assert_eq!(
        wrong.iter().filter(|d| d.contains("国土资源部")).count(),
        1,
        "{all}"
    );

    // Personal data is found and masked in every detail.
    assert_eq!(at("privacy-id-number", "/privacy.html").len(), 1, "{all}");
    assert_eq!(at("privacy-phone", "/privacy.html").len(), 1, "{all}");
    assert_eq!(at("privacy-bank-card", "/privacy.html").len(), 1, "{all}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for full in [ID, MOBILE, CARD, ID_WRONG_CHECK] {
        assert!(!stdout.contains(full), "{full} printed unmasked: {stdout}");
    }
    // A wrong check character and masked numbers are not leaks.
    assert!(
        found
            .iter()
            .all(|(kind, url, _)| !(kind.starts_with("privacy-")
                && *url == format!("{base}/negatives.html"))),
        "{all}"
    );

    // A site that does not answer: one `unreachable` line, nothing else.
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let args = vec![
        format!("http://127.0.0.1:{refused}/"),
        "--json".to_owned(),
        "--timeout".to_owned(),
        "2".to_owned(),
    ];
    let output = inspect(dir, args).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let down = findings(&output);
    assert_eq!(down.len(), 1, "{down:?}");
    assert_eq!(down[0].0, "unreachable");

    // Bad arguments change nothing and say why in Chinese.
    let output = inspect(fresh_dir(), vec!["ftp://example.org/".to_owned()]).await;
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("错误"));
}

/// `zhengwu bench inspect` on a small generated site: every page and attachment read, the
/// planted wrong expressions found, the figures printed (no timing asserted).
#[test]
fn bench_inspect_crawls_a_generated_site_and_prints_its_figures() {
    let output = Command::new(env!("CARGO_BIN_EXE_zhengwu"))
        .arg("--data")
        .arg(fresh_dir())
        .args(["bench", "inspect", "--pages", "300"])
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("read 300 pages and 30 attachments"),
        "{stdout}"
    );
    assert!(stdout.contains("pages/s"), "{stdout}");
    assert!(stdout.contains("wrong-word 4"), "{stdout}");
    assert!(stdout.contains("peak memory"), "{stdout}");
}
