//! Issue 13 item 4: every public page weighs under 200 KB on a first visit, the page and
//! every stylesheet, script, icon and image it names counted once, uncompressed (what a
//! phone downloads at most); no web font is downloaded (Chinese text uses the system's).

use std::collections::BTreeSet;

use crate::battery_targets::PUBLIC_PAGES;
use crate::common::app;

const LIMIT: usize = 200 * 1024;

/// The same-site addresses of `attr="…"` in `html` (stylesheets, scripts, icons, images).
fn assets(html: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for attr in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attr) {
            let tag_start = html[..at].rfind('<').unwrap_or(0);
            let tag = &html[tag_start..at];
            let rest = &html[at + attr.len()..];
            let value = &rest[..rest.find('"').unwrap_or(0)];
            let fetched = tag.starts_with("<script")
                || tag.starts_with("<img")
                || (tag.starts_with("<link") && !tag.contains("rel=\"canonical\""));
            if fetched && value.starts_with('/') && !value.starts_with("//") {
                found.insert(value.replace("&amp;", "&"));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_public_page_with_its_assets_weighs_under_200_kb_and_loads_no_web_font() {
    let app = app().await;
    demo::catalogue::seed(
        &app.platform.db,
        &platform::audit::AuditActor::system("test"),
    )
    .await
    .unwrap();
    let css = app.get("/static/app.css", None).await;
    assert!(
        !css.body.contains("@font-face"),
        "the stylesheet downloads a web font"
    );
    let mut checked = 0;
    for (path, _) in PUBLIC_PAGES.iter().filter(|(_, role)| role.is_none()) {
        let page = app.get(path, None).await;
        assert!(page.status.is_success(), "{path}: {}", page.status);
        let mut total = page.body.len();
        let mut parts = vec![format!("page {} B", page.body.len())];
        for asset in assets(&page.body) {
            let answer = app.get(&asset, None).await;
            assert!(
                answer.status.is_success(),
                "{path} names {asset}: {}",
                answer.status
            );
            assert!(
                !answer.body.contains("@font-face"),
                "{asset} downloads a web font"
            );
            total += answer.body.len();
            parts.push(format!("{asset} {} B", answer.body.len()));
        }
        assert!(
            total < LIMIT,
            "{path} weighs {total} B on a first visit (limit {LIMIT}): {}",
            parts.join(", ")
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} public pages weighed");
}
