//! `zhengwu inspect URL` (WEB-INSPECT, WEB-NOADS, issue 19): crawls one site and prints one
//! finding per line (`--json`: `{"kind","url","detail"}`), personal data masked. The timeout
//! (15 s) and the home page's freshness (14 days) come from the rule profile (the built-in
//! one, or `--profile NAME`); `--words FILE` adds a list (one word a line, `word=correction`
//! for a wrong expression), `--blocked FILE` more blocked domains (`domain category` a line).

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Args;
use crawler::{Options, crawl};
use inspect::{Checker, ListMeta, Provenance};
use platform::profile::RuleProfile;

#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// The site's start address (http:// or https://).
    pub url: String,
    /// The most addresses of the site fetched (pages, attachments, other files).
    #[arg(long, default_value_t = 1_000)]
    pub max_pages: usize,
    /// Seconds a link has to answer with success (default: the profile's, 15).
    #[arg(long)]
    pub timeout: Option<u64>,
    /// Another word list: one word a line, `word=correction` for a wrong expression.
    #[arg(long)]
    pub words: Option<PathBuf>,
    /// More blocked domains: `domain category` a line (广告, 赌博, 非法).
    #[arg(long)]
    pub blocked: Option<PathBuf>,
    /// One JSON object a line: {"kind","url","detail"}.
    #[arg(long)]
    pub json: bool,
    /// Requests at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// Milliseconds between two requests to the site.
    #[arg(long, default_value_t = 200)]
    pub delay_ms: u64,
    /// A rule preset (ganzhou, chengde, …) for the timeout and the home page's freshness.
    #[arg(long)]
    pub profile: Option<String>,
}

/// The word checker: the `--words` list first (it wins), then the shipped lists.
fn checker(words: Option<&PathBuf>) -> anyhow::Result<Checker> {
    let mut lists = inspect::default_lists()?;
    if let Some(path) = words {
        let bytes =
            std::fs::read(path).with_context(|| format!("无法读取词库 {}", path.display()))?;
        let name = path.file_name().map_or("命令行词库".to_owned(), |name| {
            name.to_string_lossy().into_owned()
        });
        let meta = ListMeta::new(name, "zhengwu inspect --words", "命令行", Provenance::Local);
        let list = inspect::words_from_txt(&bytes, &meta)
            .map_err(|error| anyhow::anyhow!("词库 {} 无法导入：{error}", path.display()))?;
        lists.insert(0, list);
    }
    let whitelist = inspect::default_whitelist()?;
    Ok(Checker::new(&lists, &[whitelist])?)
}

pub async fn run(args: InspectArgs) -> anyhow::Result<()> {
    let start = crawler::crawl::start_url(&args.url).map_err(anyhow::Error::msg)?;
    if args.max_pages == 0 || args.concurrency == 0 || args.timeout == Some(0) {
        bail!("--max-pages、--concurrency 与 --timeout 须大于 0");
    }
    let profile = match &args.profile {
        Some(name) => platform::profile::preset(name)?.build(),
        None => RuleProfile::default(),
    };
    let today = chrono::Local::now().date_naive();
    let mut options = Options::from_rules(&profile.website, today);
    options.max_pages = args.max_pages;
    options.concurrency = args.concurrency;
    options.delay = Duration::from_millis(args.delay_ms);
    if let Some(seconds) = args.timeout {
        options.timeout = Duration::from_secs(seconds);
    }
    let words = Arc::new(checker(args.words.as_ref())?);
    let mut blocked = inspect::default_blocked_domains().clone();
    if let Some(path) = &args.blocked {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("无法读取域名清单 {}", path.display()))?;
        blocked
            .add(&text)
            .map_err(|error| anyhow::anyhow!("域名清单 {}：{error}", path.display()))?;
    }
    eprintln!(
        "巡检 {start}：最多 {} 个地址，超时 {} 秒，首页 {} 天内须有更新",
        options.max_pages,
        options.timeout.as_secs(),
        options.fresh_home_days
    );
    let json = args.json;
    let mut print = |finding: crawler::Finding| {
        let line = if json { finding.json() } else { finding.line() };
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    let summary = crawl(options, words, Arc::new(blocked), &start, &mut print)
        .await
        .map_err(anyhow::Error::msg)?;
    eprintln!(
        "完成：读取 {} 个页面、{} 个附件，检查 {} 个其他地址，发现 {} 个问题",
        summary.pages, summary.attachments, summary.checked, summary.findings
    );
    Ok(())
}
