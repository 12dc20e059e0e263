//! The site inspector (WEB-INSPECT, WEB-NOADS, issue 19): `zhengwu inspect URL` crawls one
//! site breadth-first (same origin only, a concurrency limit and a delay between requests)
//! and reports, one finding per line: pages that do not answer (`unreachable`), links that do
//! not answer with success within the timeout (`broken-link`, links to other sites and ports
//! checked by HEAD then GET but never crawled), hidden links (`hidden-link`: inline style or
//! the page's own and same-site stylesheets), links to advertising, gambling or illegal
//! domains (`blocked-link`), sensitive words and wrong expressions, full ID, mobile and bank
//! card numbers in pages and attachments (PDF, DOCX, XLSX, DOC, XLS), a home page without a
//! recent date (`stale-home`), and what could not be read (`too-large`, `unreadable`).
//! The checks themselves are the pure `inspect` crate's; this crate does the IO. Every
//! request is bounded (timeout, body cap, redirect cap with loop detection), so a hostile
//! site cannot hang or exhaust the crawl.

pub mod crawl;
pub mod css;
pub mod fetch;
pub mod html;
pub mod page;
pub mod report;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use inspect::{BlockedDomains, Checker};
use platform::profile::WebsiteRules;
use tokio::sync::Mutex;
use url::Url;

pub use crawl::crawl;
pub use report::{Finding, Kind, Summary};

/// How the inspector crawls.
#[derive(Debug, Clone)]
pub struct Options {
    /// The most addresses of the site fetched (pages, attachments, resources).
    pub max_pages: usize,
    /// A link not answering with success within this is broken (the profile's
    /// `website.broken_link_timeout_seconds`, WEB-INSPECT: 15 s); also each request's
    /// overall deadline.
    pub timeout: Duration,
    /// Requests at once.
    pub concurrency: usize,
    /// The pause between two requests to the site.
    pub delay: Duration,
    /// The most of a page read (the rest is not read).
    pub max_page_bytes: usize,
    /// The most of a stylesheet read.
    pub max_stylesheet_bytes: usize,
    /// Redirects followed (a loop is refused at once).
    pub max_redirects: usize,
    /// The bounds of reading an attachment (size, unpacked size: the zip-bomb guard).
    pub attachments: inspect::Limits,
    /// A home page without a date within this many days is stale (the profile's
    /// `website.fresh_home_page`, WEB-FRESH: 14 days).
    pub fresh_home_days: u32,
    /// Today, for the stale home page.
    pub today: NaiveDate,
    pub user_agent: String,
}

/// Whole days of a profile time limit (working days taken as 7 for 5, hours rounded up).
fn days_of(limit: calendar::Limit) -> u32 {
    use calendar::LimitUnit;
    match limit.unit {
        LimitUnit::Days => limit.amount,
        LimitUnit::WorkingDays => limit.amount.saturating_mul(7).div_ceil(5),
        LimitUnit::Hours | LimitUnit::WorkingHours => limit.amount.div_ceil(24),
    }
}

impl Options {
    /// The inspector's options with the timeout and the home page's freshness of `rules`.
    pub fn from_rules(rules: &WebsiteRules, today: NaiveDate) -> Self {
        Self {
            max_pages: 1_000,
            timeout: Duration::from_secs(u64::from(rules.broken_link_timeout_seconds.max(1))),
            concurrency: 4,
            delay: Duration::from_millis(200),
            max_page_bytes: 5 * 1024 * 1024,
            max_stylesheet_bytes: 1024 * 1024,
            max_redirects: 5,
            attachments: inspect::Limits::default(),
            fresh_home_days: days_of(rules.fresh_home_page.limit()),
            today,
            user_agent: format!("zhengwu-inspect/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// What every request of one crawl shares.
pub struct Context {
    pub options: Options,
    pub client: fetch::Client,
    pub words: Arc<Checker>,
    pub blocked: Arc<BlockedDomains>,
    /// The site crawled: the start page's address after redirects.
    origin: url::Origin,
    /// When the next request to the site may start (the delay between requests).
    next_slot: Mutex<tokio::time::Instant>,
    /// Same-site stylesheets read, by address (`None`: could not be read).
    stylesheets: Mutex<HashMap<Url, Option<Arc<String>>>>,
}

impl Context {
    pub fn new(
        options: Options,
        words: Arc<Checker>,
        blocked: Arc<BlockedDomains>,
        site: &Url,
    ) -> Result<Self, String> {
        let client =
            fetch::Client::new(options.timeout, options.max_redirects, &options.user_agent)?;
        Ok(Self {
            options,
            client,
            words,
            blocked,
            origin: site.origin(),
            next_slot: Mutex::new(tokio::time::Instant::now()),
            stylesheets: Mutex::new(HashMap::new()),
        })
    }

    /// Whether `url` is on the site crawled (same scheme, host and port).
    pub fn same_site(&self, url: &Url) -> bool {
        url.origin() == self.origin
    }

    /// Waits for this request's turn to the site.
    pub async fn polite(&self) {
        let at = {
            let mut next = self.next_slot.lock().await;
            let at = (*next).max(tokio::time::Instant::now());
            *next = at + self.options.delay;
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// A same-site stylesheet's text, read once per crawl.
    pub async fn stylesheet(&self, url: &Url) -> Option<Arc<String>> {
        if let Some(known) = self.stylesheets.lock().await.get(url) {
            return known.clone();
        }
        self.polite().await;
        let css = self
            .client
            .get(url, self.options.max_stylesheet_bytes, |_| true)
            .await
            .ok()
            .map(|fetched| Arc::new(page::decode(fetched.content_type.as_deref(), &fetched.body)));
        self.stylesheets
            .lock()
            .await
            .insert(url.clone(), css.clone());
        css
    }
}
