//! Word lists and whitelists (WEB-INSPECT): what a list holds (敏感词, 错误表述 with the
//! correction), where it comes from (shipped, sent down from above, the district's own), its
//! source and version, and the default lists that ship with the binary.

use std::fmt;

use crate::import::{self, ImportError};

/// What a listed word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// 敏感词: a word a government page does not carry.
    Sensitive,
    /// 错误表述: a wrong form with its correction (an abolished institution's name, a
    /// miswritten fixed phrase).
    Wrong,
}

impl Category {
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Sensitive => "敏感词",
            Category::Wrong => "错误表述",
        }
    }
}

/// Where a list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// 随系统发布: shipped with the binary.
    Builtin,
    /// 上级下发: sent down from above and imported by the administrator.
    Issued,
    /// 本地: the district's own list.
    Local,
}

impl Provenance {
    pub fn label_zh(self) -> &'static str {
        match self {
            Provenance::Builtin => "系统内置",
            Provenance::Issued => "上级下发",
            Provenance::Local => "本地",
        }
    }
}

/// A list's name, source and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMeta {
    /// 名称: 机构改革更名, 2026年第三季度上级下发词库 …
    pub name: String,
    /// 来源: the document or office the list comes from.
    pub source: String,
    /// 版本: as the source gives it (a date or a number).
    pub version: String,
    pub provenance: Provenance,
}

impl ListMeta {
    pub fn new(
        name: impl Into<String>,
        source: impl Into<String>,
        version: impl Into<String>,
        provenance: Provenance,
    ) -> Self {
        Self {
            name: name.into(),
            source: source.into(),
            version: version.into(),
            provenance,
        }
    }
}

impl fmt::Display for ListMeta {
    /// 机构改革更名（系统内置，来源：…，版本：…）
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}（{}，来源：{}，版本：{}）",
            self.name,
            self.provenance.label_zh(),
            self.source,
            self.version
        )
    }
}

/// One listed word: a sensitive word, or a wrong expression with its correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub word: String,
    pub correction: Option<String>,
}

impl Entry {
    pub fn category(&self) -> Category {
        if self.correction.is_some() {
            Category::Wrong
        } else {
            Category::Sensitive
        }
    }
}

/// A list of words with its name, source and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordList {
    pub meta: ListMeta,
    pub entries: Vec<Entry>,
}

/// Phrases that contain a listed word but are fine (农业部门, 原国土资源部): a hit inside
/// one of them is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whitelist {
    pub meta: ListMeta,
    pub phrases: Vec<String>,
}

/// The lists that ship with the binary, each file opening with a header line naming its
/// name, source and version.
const DEFAULT_WORD_FILES: &[&str] = &[
    include_str!("../lists/wrong_institutions.txt"),
    include_str!("../lists/wrong_phrases.txt"),
    include_str!("../lists/sensitive.txt"),
];
const DEFAULT_WHITELIST_FILE: &str = include_str!("../lists/whitelist.txt");

/// The default word lists (read from the files compiled in).
pub fn default_lists() -> Result<Vec<WordList>, ImportError> {
    DEFAULT_WORD_FILES
        .iter()
        .map(|text| import::words_from_txt(text.as_bytes(), &ListMeta::builtin()))
        .collect()
}

/// The default whitelist (read from the file compiled in).
pub fn default_whitelist() -> Result<Whitelist, ImportError> {
    import::whitelist_from_txt(DEFAULT_WHITELIST_FILE.as_bytes(), &ListMeta::builtin())
}

impl ListMeta {
    /// Empty name, source and version, to be taken from a file's header line.
    pub fn builtin() -> Self {
        Self::new("", "", "", Provenance::Builtin)
    }
}
