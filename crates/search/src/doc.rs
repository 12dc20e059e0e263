//! What the search finds: a public document of any kind (an article or policy document of a
//! site, a service guide, a knowledge-base answer, …) as the index holds it, and the
//! categories of the results page (WEB-SEARCH: 信息/政策文件/办事指南/问答/互动/图片/文件).

use serde::Serialize;

/// A result category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 信息: an article of a site.
    Info,
    /// 政策文件: a policy document of a site.
    Policy,
    /// 办事指南: a service item's guide.
    Guide,
    /// 问答: a knowledge-base answer.
    Faq,
    /// 互动: a published message reply.
    Interact,
    /// 图片: a picture.
    Image,
    /// 文件: a file.
    File,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Info,
        Kind::Policy,
        Kind::Guide,
        Kind::Faq,
        Kind::Interact,
        Kind::Image,
        Kind::File,
    ];

    /// The code in addresses and the API (`type=policy`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Info => "info",
            Kind::Policy => "policy",
            Kind::Guide => "guide",
            Kind::Faq => "faq",
            Kind::Interact => "interact",
            Kind::Image => "image",
            Kind::File => "file",
        }
    }

    /// The category's name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Info => "信息",
            Kind::Policy => "政策文件",
            Kind::Guide => "办事指南",
            Kind::Faq => "问答",
            Kind::Interact => "互动",
            Kind::Image => "图片",
            Kind::File => "文件",
        }
    }

    /// The category of a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// One public document as indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Unique over all kinds: `article:12`, `item:3`, `kb:7`; a document made from another's
    /// source adds its own part after `#` (`article:12#file:3`).
    pub key: String,
    pub kind: Kind,
    pub title: String,
    /// Plain text (no markup).
    pub body: String,
    /// Extra words that also match in pinyin (keywords of a knowledge-base entry).
    pub keywords: String,
    /// Where the public reads it.
    pub url: String,
    /// The site's code, for a site's document.
    pub site: String,
    /// The responsible unit's id (0 when none).
    pub unit: i64,
    /// Published at (milliseconds since the epoch).
    pub date: i64,
    /// 已废止 or 已失效 (PUB-ABOLISH): ranked below a valid document, and says so.
    pub abolished: bool,
}

impl Doc {
    /// The source's key: the key up to its `#` (the change feed's `kind:id`).
    pub fn source(&self) -> &str {
        self.key.split('#').next().unwrap_or_default()
    }
}

/// Plain text of sanitised HTML: tags dropped (block ends become spaces), the usual entities
/// decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}
