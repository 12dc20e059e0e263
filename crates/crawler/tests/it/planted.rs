//! WEB-INSPECT, WEB-NOADS: the inspector crawls the planted site and finds each kind at its
//! page — broken links (404, a refused port, a page that never answers, a redirect loop),
//! hidden links of every style, links to an advertising and a gambling domain, wrong and
//! sensitive words, full ID, mobile and bank card numbers in a page and ID numbers in an XLSX,
//! a stale home page — and stays within its limits on a 50 MB page, binary content named
//! .html and a zip bomb named .xlsx. An ID number with a wrong check character, masked
//! numbers, whitelisted phrases, visible links and other schemes are not reported.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use crawler::{Finding, Kind, Options, crawl};
use platform::profile::WebsiteRules;
use url::Url;

use crate::site::{self, CARD, ID, ID_WRONG_CHECK, MOBILE};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_else(|| unreachable!())
}

/// The profile's options (timeout 15 s, home page 14 days), made quick for a test: a 1 s
/// timeout, no delay, a 4 MiB unpacked limit for attachments.
fn options() -> Options {
    let mut options = Options::from_rules(&WebsiteRules::default(), today());
    assert_eq!(options.timeout, Duration::from_secs(15));
    assert_eq!(options.fresh_home_days, 14);
    options.timeout = Duration::from_secs(1);
    options.delay = Duration::ZERO;
    options.attachments.max_unpacked_bytes = 4 * 1024 * 1024;
    options
}

async fn inspect(start: &str, options: Options) -> Vec<Finding> {
    let start = Url::parse(start).unwrap_or_else(|error| unreachable!("{error}"));
    let words =
        Arc::new(inspect::Checker::defaults().unwrap_or_else(|error| unreachable!("{error}")));
    let blocked = Arc::new(inspect::default_blocked_domains().clone());
    let mut findings = Vec::new();
    let summary = crawl(options, words, blocked, &start, &mut |finding| {
        findings.push(finding)
    })
    .await
    .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(summary.findings, findings.len());
    findings
}

/// The findings of `kind` at `path` of the site.
fn at<'a>(findings: &'a [Finding], base: &str, kind: Kind, path: &str) -> Vec<&'a str> {
    findings
        .iter()
        .filter(|f| f.kind == kind && f.url == format!("{base}{path}"))
        .map(|f| f.detail.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_inspect_and_web_noads_each_kind_is_found_at_its_page_on_a_planted_site() {
    let refused = site::refused_port();
    let address = site::serve(16 * 1024 * 1024, refused).await;
    let base = format!("http://{address}");
    let started = std::time::Instant::now();
    let findings = inspect(&format!("{base}/"), options()).await;
    let all: Vec<String> = findings.iter().map(Finding::line).collect();
    let all = all.join("\n");
    let found = |kind: Kind, path: &str| at(&findings, &base, kind, path);

    // Broken links, at the page carrying them: 404, never answering, a refused port, a loop.
    let broken = found(Kind::BrokenLink, "/broken.html");
    assert!(
        broken
            .iter()
            .any(|d| d.contains("/missing.html") && d.contains("HTTP 404")),
        "{all}"
    );
    assert!(
        broken
            .iter()
            .any(|d| d.contains("/never.html") && d.contains("秒内无响应")),
        "{all}"
    );
    let refused_link = found(Kind::BrokenLink, "/refused.html");
    assert!(
        refused_link
            .iter()
            .any(|d| d.contains(&format!("127.0.0.1:{refused}")) && d.contains("无法连接")),
        "{all}"
    );
    let redirects = found(Kind::BrokenLink, "/redirects.html");
    assert_eq!(redirects.len(), 1, "{all}");
    assert!(
        redirects[0].contains("/loop-a") && redirects[0].contains("重定向循环"),
        "{all}"
    );

    // Hidden links: each style, inline, by the page's <style> and by the site's stylesheet.
    let hidden = found(Kind::HiddenLink, "/hidden.html");
    for (path, reason) in [
        ("/h/inline-display", "display:none"),
        ("/h/inline-visibility", "visibility:hidden"),
        ("/h/zero-size", "零宽高"),
        ("/h/off-screen", "屏幕之外"),
        ("/h/font-size", "font-size:0"),
        ("/h/class", "display:none"),
        ("/h/id", "visibility:hidden"),
        ("/h/tag-class", "font-size:0"),
        ("/h/box", "零宽高"),
        ("/h/stylesheet", "屏幕之外"),
    ] {
        assert!(
            hidden
                .iter()
                .any(|d| d.contains(&format!("{base}{path}")) && d.contains(reason)),
            "{path} {reason}: {all}"
        );
    }
    assert_eq!(hidden.len(), 10, "{all}");

    // WEB-NOADS: an advertising and a gambling domain, by suffix; never requested.
    let blocked = found(Kind::BlockedLink, "/ads.html");
    assert!(
        blocked
            .iter()
            .any(|d| d.contains("ads.doubleclick.net") && d.contains("广告")),
        "{all}"
    );
    assert!(
        blocked
            .iter()
            .any(|d| d.contains("www.bet365.com") && d.contains("赌博")),
        "{all}"
    );
    assert_eq!(blocked.len(), 2, "{all}");

    // Words.
    let wrong = found(Kind::WrongWord, "/words.html");
    assert_eq!(wrong, ["错误表述“国土资源部”，应为“自然资源部”"], "{all}");
    let sensitive = found(Kind::SensitiveWord, "/words.html");
    assert!(
        sensitive.len() == 1 && sensitive[0].contains("法轮功"),
        "{all}"
    );

    // Privacy in a page, masked in the detail.
    assert_eq!(
        found(Kind::PrivacyIdNumber, "/privacy.html"),
        ["身份证号码 6207**********1238"]
    );
    assert_eq!(
        found(Kind::PrivacyPhone, "/privacy.html"),
        ["手机号码 139****5678"]
    );
    assert_eq!(
        found(Kind::PrivacyBankCard, "/privacy.html"),
        ["银行卡号 6217********7893"]
    );
    // ... and in an XLSX attachment: both recipients' ID numbers.
    assert_eq!(
        found(Kind::PrivacyIdNumber, "/files/recipients.xlsx"),
        [
            "附件身份证号码 6207**********1238",
            "附件身份证号码 1101**********002X"
        ],
        "{all}"
    );
    for number in [ID, ID_WRONG_CHECK, MOBILE, CARD] {
        assert!(
            !all.contains(number),
            "a full number printed: {number}\n{all}"
        );
    }

    // The stale home page: only dates older than 14 days.
    let stale = found(Kind::StaleHome, "/");
    assert!(
        stale.len() == 1 && stale[0].contains("14天") && stale[0].contains("2026-10-20"),
        "{all}"
    );

    // Bad input, within the limits: the 50 MB page read to 5 MB and checked there, binary
    // content named .html and a non-HTML type not parsed, the zip bomb refused.
    assert_eq!(found(Kind::TooLarge, "/huge.html").len(), 1, "{all}");
    assert_eq!(
        found(Kind::PrivacyPhone, "/huge.html"),
        ["手机号码 139****5678"]
    );
    assert!(
        found(Kind::Unreadable, "/binary.html")[0].contains("二进制"),
        "{all}"
    );
    assert!(
        found(Kind::Unreadable, "/octet.html")[0].contains("application/octet-stream"),
        "{all}"
    );
    let bomb = found(Kind::Unreadable, "/files/bomb.xlsx");
    assert!(bomb.len() == 1 && bomb[0].contains("压缩炸弹"), "{all}");

    // Not reported: the wrong check character, masked numbers, whitelisted phrases, visible
    // links, a class hidden only under @media, other schemes, a link followed by a redirect
    // to a page that answers, the malformed page's links (followed, not broken).
    for clean in [
        "/negatives.html",
        "/whitelisted.html",
        "/schemes.html",
        "/malformed.html",
        "/visible.html",
    ] {
        let on_page: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.url == format!("{base}{clean}"))
            .collect();
        assert!(on_page.is_empty(), "{clean}: {on_page:?}");
    }
    assert!(
        !all.contains("/visible.html（") && !all.contains("/media.html"),
        "{all}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.kind == Kind::BrokenLink && f.detail.contains("/moved")),
        "{all}"
    );
    assert!(
        !findings.iter().any(|f| f.kind == Kind::Unreachable),
        "{all}"
    );
    // Never hangs: the page that never answers cost one timeout, not an hour.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// WEB-INSPECT: a start page that does not answer is `unreachable`; WEB-FRESH: a home page
/// with an item of the last 14 days is not stale.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_inspect_an_unreachable_site_and_a_fresh_home_page() {
    let refused = site::refused_port();
    let findings = inspect(&format!("http://127.0.0.1:{refused}/"), options()).await;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].kind, Kind::Unreachable);
    assert!(findings[0].detail.contains("无法连接"), "{findings:?}");

    let address = site::serve(1024 * 1024, refused).await;
    let mut options = options();
    options.max_pages = 1;
    let findings = inspect(&format!("http://{address}/fresh.html"), options).await;
    assert!(findings.is_empty(), "{findings:?}");
    let line = Finding::new(Kind::PrivacyPhone, "http://a/", "手机号码 139****5678").json();
    assert_eq!(
        line,
        r#"{"kind":"privacy-phone","url":"http://a/","detail":"手机号码 139****5678"}"#
    );
}
