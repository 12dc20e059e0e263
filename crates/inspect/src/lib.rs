//! Content safety (WEB-INSPECT, WEB-NOADS, issue 19): the word checker — sensitive words
//! (敏感词) and wrong expressions with their corrections (错误表述), matched after
//! normalisation (full width, traditional characters, case, noise inserted between
//! characters) and mapped back to the original text; lists carry their source and version,
//! import from TXT and XLSX, and the defaults ship with the binary — the privacy checker (ID
//! numbers with their GB 11643 check, mobile numbers, bank cards by Luhn; masked forms pass),
//! the text of attachments (DOCX, XLSX, XLS, PDF, DOC), the dates of a page (stale home page)
//! and the blocked domains (advertising, gambling). Pure: no storage, no pages, no network, no
//! file reads at run time; the crawler (`crawler` crate) does the IO.
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
pub mod dates;
pub mod domains;
pub mod extract;
pub mod import;
pub mod list;
pub mod normalize;
pub mod privacy;
mod word;

pub use checker::{BuildError, Checker, DEFAULT_MAX_NOISE, Finding, Span, default_checker};
pub use domains::{Blocked, BlockedDomains, default_blocked_domains};
pub use extract::{AttachmentKind, ExtractError, Limits};
pub use import::{
    ImportError, RowProblem, whitelist_from_txt, whitelist_from_xlsx, words_from_txt,
    words_from_xlsx,
};
pub use list::{
    Category, Entry, ListMeta, Provenance, Whitelist, WordList, default_lists, default_whitelist,
};
pub use privacy::{PrivacyFinding, PrivacyKind, find_personal, is_valid_id_number};
pub use word::Word;
