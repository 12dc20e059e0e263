//! What the inspector reports (WEB-INSPECT, WEB-NOADS): one finding per line, a kind, the
//! page it is on and a detail that masks personal data; `--json` prints each as
//! `{"kind","url","detail"}`.

use serde::Serialize;

/// The kinds of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The site's start page does not answer with success within the timeout (站点无法访问).
    Unreachable,
    /// A link that does not answer with success within the timeout (WEB-INSPECT: 15 s).
    BrokenLink,
    /// A link a reader cannot see (暗链).
    HiddenLink,
    /// A link to an advertising, gambling or illegal domain (WEB-NOADS).
    BlockedLink,
    SensitiveWord,
    WrongWord,
    PrivacyIdNumber,
    PrivacyPhone,
    PrivacyBankCard,
    /// No dated item on the home page within the profile's days (WEB-FRESH: 14).
    StaleHome,
    /// A page or attachment past the size cap: read only up to it.
    TooLarge,
    /// A page or attachment that could not be read (binary named .html, a broken PDF, a zip
    /// bomb named .xlsx).
    Unreadable,
}

impl Kind {
    /// The kind as printed (`broken-link` …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Unreachable => "unreachable",
            Kind::BrokenLink => "broken-link",
            Kind::HiddenLink => "hidden-link",
            Kind::BlockedLink => "blocked-link",
            Kind::SensitiveWord => "sensitive-word",
            Kind::WrongWord => "wrong-word",
            Kind::PrivacyIdNumber => "privacy-id-number",
            Kind::PrivacyPhone => "privacy-phone",
            Kind::PrivacyBankCard => "privacy-bank-card",
            Kind::StaleHome => "stale-home",
            Kind::TooLarge => "too-large",
            Kind::Unreadable => "unreadable",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Unreachable => "无法访问",
            Kind::BrokenLink => "链接不可用",
            Kind::HiddenLink => "隐藏链接",
            Kind::BlockedLink => "违规外链",
            Kind::SensitiveWord => "敏感词",
            Kind::WrongWord => "错误表述",
            Kind::PrivacyIdNumber => "泄露身份证号",
            Kind::PrivacyPhone => "泄露手机号",
            Kind::PrivacyBankCard => "泄露银行卡号",
            Kind::StaleHome => "首页不更新",
            Kind::TooLarge => "超过大小限制",
            Kind::Unreadable => "无法读取",
        }
    }
}

/// One finding: its kind, the page (or attachment) it is on, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub url: String,
    pub detail: String,
}

impl Finding {
    pub fn new(kind: Kind, url: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind,
            url: url.into(),
            detail: detail.into(),
        }
    }

    /// `{"kind":"broken-link","url":"…","detail":"…"}`.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `链接不可用 broken-link\thttp://…\t…`.
    pub fn line(&self) -> String {
        format!(
            "{} {}\t{}\t{}",
            self.kind.label_zh(),
            self.kind.code(),
            self.url,
            self.detail
        )
    }
}

/// What a crawl went through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages of the site read.
    pub pages: usize,
    /// Attachments read.
    pub attachments: usize,
    /// Other addresses checked (resources of the site, links to other sites).
    pub checked: usize,
    pub findings: usize,
}
