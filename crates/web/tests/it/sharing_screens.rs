//! Issue 20's screenshots (run with `ZHENGWU_WALK20_SCREENSHOTS=1`, else the test only checks
//! that the demo's pages open): the demo's data sharing served on a free port, Chromium
//! driven by playwright-core from `browser/node_modules` with each role's session — the
//! catalogue and an entry (provider), the register form, the requests and a request at the
//! administrator (its clock and the forward-upward form), the consumer's application form
//! and grants page, the call log with usage statistics — at 1280 and 390 px, written to
//! `ZHENGWU_WALK20_OUT` (default docs/screenshots) as walk20-*.png.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::app_on;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const SCRIPT: &str = r#"
import { chromium } from './node_modules/playwright-core/index.mjs';
const [base, out, plan] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [path, file, cookie] of JSON.parse(plan)) {
  for (const [width, suffix] of [[1280, ''], [390, '-390']]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: { cookie } });
    const page = await context.newPage();
    await page.goto(base + path);
    await page.screenshot({ path: `${out}/walk20-${file}${suffix}.png`, fullPage: true });
    await context.close();
  }
}
await browser.close();
"#;

#[tokio::test]
async fn data_catalog_walk20_pages_open_and_their_screenshots() {
    let platform = platform::testing::sqlite().await;
    let app = app_on(platform).await;
    platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
        .await
        .unwrap();
    demo::sharing::seed(&app.platform).await.unwrap();
    let provider = app.demo_session("handler").await;
    let admin = app.demo_session("dataadmin").await;
    let consumer = app.demo_session("business.a").await;
    let resource = sqlx::query("SELECT MIN(resource_id) AS n FROM sharing_grants")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let resource: i64 = sqlx::Row::try_get(&resource, "n").unwrap();
    for query in ["", "?status=存续", "?fields=legal_person"] {
        let uri = format!("/share/v1/{resource}{query}");
        let uri: String = uri.replace("存续", "%E5%AD%98%E7%BB%AD");
        app.send_request(
            Request::builder()
                .uri(uri)
                .header(
                    "authorization",
                    format!("Bearer {}", demo::sharing::DEMO_CODE),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    }
    let entry = resource / 100;
    let request = sqlx::query("SELECT MAX(id) AS n FROM sharing_requests")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let request: i64 = sqlx::Row::try_get(&request, "n").unwrap();
    let social = sharing::store::entries::list(&app.platform.db, &["published"], None)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.entry.draft.name == "社保参保信息")
        .unwrap()
        .entry
        .id
        .0;
    let shots = [
        ("/office/sharing/entries".to_owned(), "catalogue", &provider),
        (
            format!("/office/sharing/entries/{entry}"),
            "entry",
            &provider,
        ),
        (
            "/office/sharing/entries/new".to_owned(),
            "register",
            &provider,
        ),
        ("/office/sharing/requests".to_owned(), "requests", &admin),
        (
            format!("/office/sharing/requests/{request}"),
            "request",
            &admin,
        ),
        (
            format!("/office/sharing/requests/new?entry={social}"),
            "apply",
            &consumer,
        ),
        ("/office/sharing/grants".to_owned(), "grants", &consumer),
        ("/office/sharing/calls".to_owned(), "calls", &admin),
    ];
    for (path, _, who) in &shots {
        let page = app.get(path, Some(who)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }
    if std::env::var("ZHENGWU_WALK20_SCREENSHOTS").as_deref() != Ok("1") {
        return;
    }
    let plan: Vec<(String, &str, String)> = shots
        .iter()
        .map(|(path, file, who)| (path.clone(), *file, who.cookie.clone()))
        .collect();
    let plan = serde_json::to_string(&plan).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let script = repo().join("browser/walk20.tmp.mjs");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = std::env::var("ZHENGWU_WALK20_OUT")
        .map_or_else(|_| repo().join("docs/screenshots"), PathBuf::from);
    let (run, dir) = (script.clone(), repo().join("browser"));
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(&run)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(&out)
            .arg(&plan)
            .current_dir(dir)
            .status()
    })
    .await
    .unwrap()
    .unwrap();
    let _ = std::fs::remove_file(&script);
    server.abort();
    assert!(status.success(), "the screenshot script failed");
}
