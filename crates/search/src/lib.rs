//! Site search (WEB-SEARCH, issue 18): one Chinese search over everything public — articles
//! and policy documents of every site, service guides, knowledge-base answers. Words are cut
//! by jieba; every Chinese character of a title is also indexed by its pinyin syllable and
//! initial, so `shebaoka`, `sbk` and a homophone typed by mistake (社保咔) find 社保卡;
//! citizens' phrasings are searched as the official names (synonyms); traditional characters
//! are folded to simplified. The index (tantivy, in the data directory) is derived data: the
//! domains write a change feed in the same transaction as each change, every server process
//! follows it, and `zhengwu search rebuild` (or a start on a missing or corrupt index)
//! recreates it from the database.

mod articles;
pub mod doc;
mod fold_filter;
pub mod index;
pub mod live;
pub mod plan;
pub mod query;
pub mod searching;
pub mod shingle;
pub mod stats;
pub mod store;
pub mod synonyms;
pub mod text;
mod title_marks;

pub use doc::{Doc, Kind};
pub use index::{Engine, Opened};
pub use live::{Live, Search, rebuild_in};
pub use searching::{Answer, Hit, Request};
pub use synonyms::Synonyms;
