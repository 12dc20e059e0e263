//! Integration tests of the search (WEB-SEARCH), built as one binary: the pure core (folding,
//! pinyin, query parsing, synonyms) by tables, the index on a small corpus (each feature:
//! pinyin, initials, homophone typo, synonym, phrase, filter, an abolished document below its
//! successor, bad input), the change feed on both backends, and published message replies.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod articles;
mod core;
mod corpus;
mod live;
mod messages;
mod ranking;
