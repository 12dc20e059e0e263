//! The crawl (WEB-INSPECT): the start page first (when it does not answer, the site is
//! `unreachable` and nothing else is tried), then breadth-first over the addresses of the same
//! site up to `max_pages`, at most `concurrency` requests at once and the delay between two
//! requests to the site; links to other sites are checked once each (HEAD then GET) and never
//! crawled. A target that fails is a `broken-link` on every page linking to it (the first
//! few). A task that fails in an unforeseen way is reported, never a stop of the crawl.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use inspect::{BlockedDomains, Checker};
use tokio::task::JoinSet;
use url::Url;

use crate::fetch::FetchError;
use crate::page::{Target, is_html, read_attachment, read_page};
use crate::report::{Finding, Kind, Summary};
use crate::{Context, Options};

/// Pages named as linking to a broken target (the first ones found).
const REFERRERS_KEPT: usize = 20;

/// A request to make.
#[derive(Debug, Clone)]
enum Job {
    Page(Url),
    Attachment(Url, inspect::AttachmentKind),
    /// An address of the site that is checked, not read (an image, a stylesheet …).
    Resource(Url),
    /// An address of another site (or port): checked, never crawled.
    External(Url),
}

impl Job {
    fn url(&self) -> &Url {
        match self {
            Job::Page(url) | Job::Attachment(url, _) | Job::Resource(url) | Job::External(url) => {
                url
            }
        }
    }
}

/// What a job gives back.
struct Done {
    job: Job,
    failure: Option<FetchError>,
    findings: Vec<Finding>,
    links: Vec<Url>,
}

async fn run(context: Arc<Context>, job: Job) -> Done {
    let mut done = Done {
        job: job.clone(),
        failure: None,
        findings: Vec::new(),
        links: Vec::new(),
    };
    match &job {
        Job::Page(url) => {
            context.polite().await;
            let options = &context.options;
            match context
                .client
                .get(url, options.max_page_bytes, is_html)
                .await
            {
                Err(error) => done.failure = Some(error),
                // Redirected off the site: answered, not ours to read.
                Ok(fetched) if !context.same_site(&fetched.url) => {}
                Ok(fetched) => {
                    let content_type = fetched.content_type.as_deref();
                    let result = read_page(
                        &context,
                        &fetched.url,
                        content_type,
                        &fetched.body,
                        fetched.truncated,
                        false,
                    )
                    .await;
                    done.findings = result.findings;
                    done.links = result.links;
                }
            }
        }
        Job::Attachment(url, kind) => {
            context.polite().await;
            let cap = context.options.attachments.max_input_bytes;
            match context.client.get(url, cap, |_| true).await {
                Err(error) => done.failure = Some(error),
                Ok(fetched) => {
                    done.findings =
                        read_attachment(&context, url, *kind, fetched.body, fetched.truncated)
                            .await;
                }
            }
        }
        Job::Resource(url) => {
            context.polite().await;
            done.failure = context.client.check(url).await.err();
        }
        Job::External(url) => done.failure = context.client.check(url).await.err(),
    }
    done
}

/// A target found: who links to it, and its outcome once known.
#[derive(Default)]
struct Seen {
    referrers: Vec<Url>,
    failure: Option<Option<FetchError>>,
}

/// The crawl's bookkeeping.
struct Crawl<'a> {
    context: Arc<Context>,
    queue: VecDeque<Job>,
    seen: HashMap<Url, Seen>,
    /// Addresses of the site scheduled (the `max_pages` budget).
    scheduled: usize,
    summary: Summary,
    report: &'a mut (dyn FnMut(Finding) + Send),
}

impl Crawl<'_> {
    fn emit(&mut self, finding: Finding) {
        self.summary.findings += 1;
        (self.report)(finding);
    }

    /// Records that `referrer` links to `target`, and schedules it when new.
    fn discover(&mut self, referrer: &Url, target: Url) {
        let same_site = self.context.same_site(&target);
        if let Some(seen) = self.seen.get_mut(&target) {
            if seen.referrers.len() < REFERRERS_KEPT && !seen.referrers.contains(referrer) {
                seen.referrers.push(referrer.clone());
                if let Some(Some(failure)) = &seen.failure {
                    let detail = format!("{target}：{failure}");
                    self.emit(Finding::new(Kind::BrokenLink, referrer.as_str(), detail));
                }
            }
            return;
        }
        if same_site && self.scheduled >= self.context.options.max_pages {
            return;
        }
        let job = if same_site {
            self.scheduled += 1;
            match Target::of(&target) {
                Target::Page => Job::Page(target.clone()),
                Target::Attachment(kind) => Job::Attachment(target.clone(), kind),
                Target::Resource => Job::Resource(target.clone()),
            }
        } else {
            Job::External(target.clone())
        };
        self.seen.insert(
            target,
            Seen {
                referrers: vec![referrer.clone()],
                failure: None,
            },
        );
        self.queue.push_back(job);
    }

    fn finish(&mut self, done: Done) {
        match &done.job {
            Job::Page(_) if done.failure.is_none() => self.summary.pages += 1,
            Job::Attachment(..) if done.failure.is_none() => self.summary.attachments += 1,
            _ => self.summary.checked += 1,
        }
        let target = done.job.url().clone();
        let referrers = match self.seen.get_mut(&target) {
            Some(seen) => {
                seen.failure = Some(done.failure.clone());
                seen.referrers.clone()
            }
            None => Vec::new(),
        };
        if let Some(failure) = &done.failure {
            for referrer in referrers {
                let detail = format!("{target}：{failure}");
                self.emit(Finding::new(Kind::BrokenLink, referrer.as_str(), detail));
            }
        }
        for finding in done.findings {
            self.emit(finding);
        }
        for link in done.links {
            self.discover(&target, link);
        }
    }
}

/// Crawls the site at `start`, handing each finding to `report` as it is found.
pub async fn crawl(
    options: Options,
    words: Arc<Checker>,
    blocked: Arc<BlockedDomains>,
    start: &Url,
    report: &mut (dyn FnMut(Finding) + Send),
) -> Result<Summary, String> {
    let mut context = Context::new(options, words, blocked, start)?;
    let mut summary = Summary::default();
    // The start page, alone: the site is what it redirects to.
    let cap = context.options.max_page_bytes;
    let fetched = match context.client.get(start, cap, is_html).await {
        Ok(fetched) => fetched,
        Err(error) => {
            summary.findings = 1;
            report(Finding::new(
                Kind::Unreachable,
                start.as_str(),
                error.to_string(),
            ));
            return Ok(summary);
        }
    };
    context.origin = fetched.url.origin();
    let context = Arc::new(context);
    let first = read_page(
        &context,
        &fetched.url,
        fetched.content_type.as_deref(),
        &fetched.body,
        fetched.truncated,
        true,
    )
    .await;
    summary.pages = 1;
    let mut crawl = Crawl {
        context: context.clone(),
        queue: VecDeque::new(),
        seen: HashMap::new(),
        scheduled: 1,
        summary,
        report,
    };
    crawl.seen.insert(
        fetched.url.clone(),
        Seen {
            referrers: Vec::new(),
            failure: Some(None),
        },
    );
    for finding in first.findings {
        crawl.emit(finding);
    }
    for link in first.links {
        crawl.discover(&fetched.url, link);
    }
    let mut tasks: JoinSet<Done> = JoinSet::new();
    let concurrency = context.options.concurrency.max(1);
    loop {
        while tasks.len() < concurrency
            && let Some(job) = crawl.queue.pop_front()
        {
            tasks.spawn(run(context.clone(), job));
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        match joined {
            Ok(done) => crawl.finish(done),
            Err(error) => {
                let detail = format!("检查时出错：{error}");
                crawl.emit(Finding::new(Kind::Unreadable, start.as_str(), detail));
            }
        }
    }
    Ok(crawl.summary)
}

/// The start address as typed: `www.example.gov.cn` is taken as `http://www.example.gov.cn/`.
pub fn start_url(text: &str) -> Result<Url, String> {
    let text = text.trim();
    let parsed = Url::parse(text).or_else(|_| Url::parse(&format!("http://{text}")));
    match parsed {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        _ => Err(format!(
            "“{text}”不是网站地址（应为 http:// 或 https:// 开头）"
        )),
    }
}
