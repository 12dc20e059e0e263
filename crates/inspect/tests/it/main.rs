//! Integration tests of the word and privacy checkers, attachments' text, dates and blocked
//! domains (WEB-INSPECT, WEB-NOADS), one binary (style.md).

mod dates_domains;
mod defaults;
mod extract;
mod import;
mod matching;
mod normalize;
mod privacy;

use inspect::{Checker, Entry, ListMeta, Provenance, Whitelist, WordList};

/// A checker over one local list of `(word, correction)` and one whitelist.
pub fn checker(words: &[(&str, Option<&str>)], whitelist: &[&str]) -> Checker {
    let list = WordList {
        meta: ListMeta::new("测试词库", "测试", "1", Provenance::Local),
        entries: words
            .iter()
            .map(|&(word, correction)| Entry {
                word: word.to_owned(),
                correction: correction.map(str::to_owned),
            })
            .collect(),
    };
    let whitelist = Whitelist {
        meta: ListMeta::new("测试白名单", "测试", "1", Provenance::Local),
        phrases: whitelist
            .iter()
            .map(|phrase| (*phrase).to_owned())
            .collect(),
    };
    match Checker::new(&[list], &[whitelist]) {
        Ok(checker) => checker,
        Err(error) => unreachable!("test lists build: {error}"),
    }
}
