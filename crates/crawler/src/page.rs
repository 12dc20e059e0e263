//! What the inspector finds in one fetched page or attachment (WEB-INSPECT, WEB-NOADS): the
//! page decoded (its charset, else UTF-8, else GB18030), read tolerantly, its stylesheets
//! applied to find hidden links, links to blocked domains, words of the lists, full personal
//! numbers (masked in the detail) and, on the home page, whether any item is dated within the
//! profile's days. Non-HTML content is not parsed; binary content named .html and pages past
//! the cap are reported.

use std::collections::HashSet;

use inspect::{AttachmentKind, Category, PrivacyKind};
use url::Url;

use crate::css::Rules;
use crate::html;
use crate::report::{Finding, Kind};
use crate::{Context, Options};

/// Extensions of same-site addresses that are checked but never parsed.
const STATIC: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "css", "js", "mp4", "mp3", "avi",
    "flv", "wmv", "mov", "zip", "rar", "7z", "gz", "tar", "ppt", "pptx", "wps", "txt", "xml",
    "json", "woff", "woff2", "ttf", "apk", "exe",
];
/// Extensions of addresses that claim to be pages.
const PAGE_EXTENSIONS: &[&str] = &["htm", "html", "shtml", "xhtml", "jsp", "php", "asp", "aspx"];

/// What a same-site address is, by its path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page,
    Attachment(AttachmentKind),
    Resource,
}

fn extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    Some(last.rsplit_once('.')?.1.to_ascii_lowercase())
}

impl Target {
    pub fn of(url: &Url) -> Self {
        if let Some(kind) = AttachmentKind::from_name(url.path()) {
            return Target::Attachment(kind);
        }
        match extension(url) {
            Some(extension) if STATIC.contains(&extension.as_str()) => Target::Resource,
            _ => Target::Page,
        }
    }
}

/// Whether a content type is HTML (or absent, as some servers send none).
pub fn is_html(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|value| {
        let value = value.to_ascii_lowercase();
        value.contains("html") || value.trim().is_empty()
    })
}

/// The charset a content type or a page's `<meta>` names.
fn charset(content_type: Option<&str>, body: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let named = |text: &str| {
        let lower = text.to_ascii_lowercase();
        let at = lower.find("charset=")? + "charset=".len();
        let label: String = lower[at..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    };
    content_type.and_then(named).or_else(|| {
        let head = &body[..body.len().min(2048)];
        named(&String::from_utf8_lossy(head))
    })
}

/// The page as text: its charset, else UTF-8 when it is valid, else GB18030.
pub fn decode(content_type: Option<&str>, body: &[u8]) -> String {
    let encoding = charset(content_type, body).unwrap_or_else(|| {
        if std::str::from_utf8(body).is_ok() {
            encoding_rs::UTF_8
        } else {
            encoding_rs::GB18030
        }
    });
    encoding.decode(body).0.into_owned()
}

/// Whether a body is binary data rather than text (a NUL in its first KiB).
pub fn is_binary(body: &[u8]) -> bool {
    body[..body.len().min(1024)].contains(&0)
}

fn mib(bytes: usize) -> usize {
    bytes / 1024 / 1024
}

/// The findings of the word and privacy checkers in `text` on `url` (`what` says where:
/// empty for a page, 附件 for an attachment), each once per address.
pub fn text_findings(context: &Context, url: &Url, what: &str, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    for hit in context.words.check(text) {
        let (kind, detail) = match (hit.category, &hit.correction) {
            (Category::Wrong, Some(correction)) => (
                Kind::WrongWord,
                format!("{what}错误表述“{}”，应为“{correction}”", hit.found),
            ),
            _ => (
                Kind::SensitiveWord,
                format!("{what}敏感词“{}”（{}）", hit.found, hit.list.name),
            ),
        };
        findings.push(Finding::new(kind, url.as_str(), detail));
    }
    for found in inspect::find_personal(text) {
        let kind = match found.kind {
            PrivacyKind::IdNumber => Kind::PrivacyIdNumber,
            PrivacyKind::Mobile => Kind::PrivacyPhone,
            PrivacyKind::BankCard => Kind::PrivacyBankCard,
        };
        let detail = format!("{what}{} {}", found.kind.label_zh(), found.masked);
        findings.push(Finding::new(kind, url.as_str(), detail));
    }
    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.kind, finding.detail.clone())));
    findings
}

/// What one page gives: findings, and the addresses it links to (not hidden, not blocked,
/// http or https, without fragment).
#[derive(Debug, Default)]
pub struct PageResult {
    pub findings: Vec<Finding>,
    pub links: Vec<Url>,
}

/// Reads a fetched page: `body` as fetched from `url` (after redirects).
pub async fn read_page(
    context: &Context,
    url: &Url,
    content_type: Option<&str>,
    body: &[u8],
    truncated: bool,
    home: bool,
) -> PageResult {
    let options: &Options = &context.options;
    let mut result = PageResult::default();
    let claims_page = extension(url).is_none_or(|e| PAGE_EXTENSIONS.contains(&e.as_str()));
    if !is_html(content_type) {
        if claims_page && extension(url).is_some() {
            let detail = format!(
                "内容类型为{}，不是网页，未解析",
                content_type.unwrap_or("未知")
            );
            result
                .findings
                .push(Finding::new(Kind::Unreadable, url.as_str(), detail));
        }
        return result;
    }
    if is_binary(body) {
        let detail = "内容是二进制数据，不是网页，未解析";
        result
            .findings
            .push(Finding::new(Kind::Unreadable, url.as_str(), detail));
        return result;
    }
    if truncated {
        let cap = mib(options.max_page_bytes);
        let detail = format!("页面超过{cap}MB，只读取并检查了前{cap}MB");
        result
            .findings
            .push(Finding::new(Kind::TooLarge, url.as_str(), detail));
    }
    let page = html::parse(&decode(content_type, body));
    let base = page
        .base
        .as_deref()
        .and_then(|base| url.join(base).ok())
        .unwrap_or_else(|| url.clone());
    let mut rules = Rules::default();
    for style in &page.styles {
        rules.add_sheet(style);
    }
    for href in &page.stylesheets {
        if let Ok(sheet) = base.join(href)
            && context.same_site(&sheet)
            && let Some(css) = context.stylesheet(&sheet).await
        {
            rules.add_sheet(&css);
        }
    }
    let hidden = page.hidden(&rules);
    let mut linked = HashSet::new();
    for link in &page.links {
        let Ok(mut target) = base.join(link.href.trim()) else {
            continue;
        };
        if !matches!(target.scheme(), "http" | "https") {
            continue;
        }
        target.set_fragment(None);
        if let Some(reason) = hidden.get(link.element).copied().flatten() {
            let detail = format!("{target}（{reason}）");
            result
                .findings
                .push(Finding::new(Kind::HiddenLink, url.as_str(), detail));
            continue;
        }
        if let Some(blocked) = target
            .host_str()
            .and_then(|host| context.blocked.blocked(host))
        {
            let detail = format!("{target}（{}：{}）", blocked.category, blocked.domain);
            result
                .findings
                .push(Finding::new(Kind::BlockedLink, url.as_str(), detail));
            continue;
        }
        if linked.insert(target.clone()) {
            result.links.push(target);
        }
    }
    result
        .findings
        .extend(text_findings(context, url, "", &page.text));
    if home
        && inspect::dates::latest_within(&page.text, options.today, options.fresh_home_days)
            .is_none()
    {
        let latest = inspect::dates::dates_in(&page.text, options.today)
            .into_iter()
            .filter(|date| *date <= options.today)
            .max()
            .map_or("无".to_owned(), |date| date.to_string());
        let detail = format!(
            "首页{}天内没有带日期的信息（最近的日期：{latest}）",
            options.fresh_home_days
        );
        result
            .findings
            .push(Finding::new(Kind::StaleHome, url.as_str(), detail));
    }
    let mut seen = HashSet::new();
    result
        .findings
        .retain(|finding| seen.insert((finding.kind, finding.detail.clone())));
    result
}

/// Reads a fetched attachment off the async workers, within the timeout.
pub async fn read_attachment(
    context: &Context,
    url: &Url,
    kind: AttachmentKind,
    body: Vec<u8>,
    truncated: bool,
) -> Vec<Finding> {
    let limits = context.options.attachments;
    if truncated {
        let detail = format!("附件超过{}MB，未读取", mib(limits.max_input_bytes));
        return vec![Finding::new(Kind::TooLarge, url.as_str(), detail)];
    }
    let extraction =
        tokio::task::spawn_blocking(move || inspect::extract::text_of(kind, &body, &limits));
    let text = match tokio::time::timeout(context.options.timeout, extraction).await {
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(error))) => {
            return vec![Finding::new(
                Kind::Unreadable,
                url.as_str(),
                error.to_string(),
            )];
        }
        Ok(Err(_)) | Err(_) => {
            let detail = format!("{}附件未能在时限内读取", kind.label());
            return vec![Finding::new(Kind::Unreadable, url.as_str(), detail)];
        }
    };
    text_findings(context, url, "附件", &text)
}
