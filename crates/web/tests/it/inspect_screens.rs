//! Issue 19's screenshots (run with `ZHENGWU_WALK19_SCREENSHOTS=1`): the test's app served on
//! a free port, Chromium driven by playwright-core from `browser/node_modules`, each page at
//! 1280 and 390 px wide, saved as docs/screenshots/walk19-*.png.

use std::path::PathBuf;

use crate::common::{Client, TestApp};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const SCRIPT: &str = r#"
import { chromium } from './node_modules/playwright-core/index.mjs';
const [base, out, ...jobs] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const job of jobs) {
  const [cookie, path, file] = job.split('\t');
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: { cookie } });
    const page = await context.newPage();
    await page.goto(base + path);
    await page.screenshot({ path: `${out}/${file}-${width}.png`, fullPage: true });
    await context.close();
  }
}
await browser.close();
"#;

/// Serves `app` and shoots `admin_pages` as `admin` and `unit_pages` as `unit`.
pub async fn take(
    app: &TestApp,
    admin: &Client,
    unit: &Client,
    admin_pages: &[(&str, &str)],
    unit_pages: &[(&str, &str)],
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let script = repo().join("browser/walk19.tmp.mjs");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = repo().join("docs/screenshots");
    let mut jobs: Vec<String> = Vec::new();
    for (client, pages) in [(admin, admin_pages), (unit, unit_pages)] {
        for (path, file) in pages {
            jobs.push(format!("{}\t{path}\t{file}", client.cookie));
        }
    }
    let (run, dir) = (script.clone(), repo().join("browser"));
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(&run)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(&out)
            .args(&jobs)
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
