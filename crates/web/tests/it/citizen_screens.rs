//! Issue 23's screenshots (run with `ZHENGWU_WALK23_SCREENSHOTS=1`): the test's app served
//! on a free port, Chromium driven by playwright-core from `browser/node_modules` with the
//! citizen's cookies, the login choice, 我的空间 with an appeal and a case, and the data
//! download saved as docs/screenshots/walk23-*.png; [`take_pages`] the later pages (我的空间
//! with messages, ratings and subscriptions, the pre-filled forms, the enterprises' and the
//! contact page, a column's subscribe button) at 1280 and 390 px.

use std::path::PathBuf;

use crate::common::{Client, TestApp};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const SCRIPT: &str = r#"
import { chromium } from './node_modules/playwright-core/index.mjs';
const [base, cookie, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const shot = async (path, file, headers) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: headers });
  const page = await context.newPage();
  await page.goto(base + path);
  await page.screenshot({ path: `${out}/${file}`, fullPage: true });
  await context.close();
};
await shot('/account/login', 'walk23-login-choice.png', {});
await shot('/account/space', 'walk23-my-space.png', { cookie });
await shot('/account/data', 'walk23-data-download.png', { cookie });
await browser.close();
"#;

/// Serves `app` and takes the three screenshots as `client`.
pub async fn take(app: &TestApp, client: &Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let script = repo().join("browser/walk23.tmp.mjs");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = repo().join("docs/screenshots");
    let cookie = client.cookie.clone();
    let (run, dir) = (script.clone(), repo().join("browser"));
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(&run)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(&cookie)
            .arg(&out)
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

const PAGES_SCRIPT: &str = r#"
import { chromium } from './node_modules/playwright-core/index.mjs';
const [base, cookie, out, list] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const line of list.split(';')) {
  const [path, name] = line.split('|');
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: { cookie } });
    const page = await context.newPage();
    await page.goto(base + path);
    await page.screenshot({ path: `${out}/walk23-${name}-${width}.png`, fullPage: true });
    await context.close();
  }
}
await browser.close();
"#;

/// Serves `app` and takes `pages` ((path, name)) as `client` at 1280 and 390 px wide.
pub async fn take_pages(app: &TestApp, client: &Client, pages: &[(&str, &str)]) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let script = repo().join("browser/walk23-pages.tmp.mjs");
    std::fs::write(&script, PAGES_SCRIPT).unwrap();
    let out = repo().join("docs/screenshots");
    let cookie = client.cookie.clone();
    let list: Vec<String> = pages.iter().map(|(p, n)| format!("{p}|{n}")).collect();
    let list = list.join(";");
    let (run, dir) = (script.clone(), repo().join("browser"));
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(&run)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(&cookie)
            .arg(&out)
            .arg(&list)
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
