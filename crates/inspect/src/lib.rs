//! Content safety, the word checker (WEB-INSPECT, issue 19): sensitive words (敏感词) and
//! wrong expressions with their corrections (错误表述), matched after normalisation (full
//! width, traditional characters, case, noise inserted between characters) and mapped back to
//! the original text. Lists carry their source and version, import from TXT and XLSX, and
//! the defaults ship with the binary. Pure: no storage, no pages, no file reads at run time.
//!
//! The sites crate's content check can take it in place of its own word lists:
//!
//! ```
//! let findings = inspect::default_checker().check("根据國土資源部的通知");
//! assert_eq!(findings[0].found, "國土資源部");
//! assert_eq!(findings[0].note_zh(), "应为“自然资源部”");
//! assert_eq!((findings[0].chars.start, findings[0].chars.end), (2, 7));
//! ```

pub mod checker;
pub mod import;
pub mod list;
pub mod normalize;

pub use checker::{BuildError, Checker, DEFAULT_MAX_NOISE, Finding, Span, default_checker};
pub use import::{
    ImportError, RowProblem, whitelist_from_txt, whitelist_from_xlsx, words_from_txt,
    words_from_xlsx,
};
pub use list::{
    Category, Entry, ListMeta, Provenance, Whitelist, WordList, default_lists, default_whitelist,
};
