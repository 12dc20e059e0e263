//! A listed word or its correction as a finding carries it: a place in one text shared by the
//! whole checker, so a hit costs no copy of the word (issue 19's speed target: a page of a
//! subsidy list can hold thousands of hits).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// The listed words and corrections of a checker, one after another in one text.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    text: String,
    /// The end of each entry in `text`; an entry starts where the one before it ends.
    ends: Vec<u32>,
}

impl WordTable {
    /// Adds an entry and returns its index.
    pub(crate) fn push(&mut self, word: &str) -> u32 {
        self.text.push_str(word);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        (self.ends.len() - 1) as u32
    }

    fn get(&self, index: u32) -> &str {
        let index = index as usize;
        let start = index
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&end| end as usize);
        let end = self.ends.get(index).map_or(start, |&end| end as usize);
        self.text.get(start..end).unwrap_or("")
    }
}

/// A word of a checker's table; reads as the `str` it stands for.
#[derive(Clone)]
pub struct Word {
    table: Arc<WordTable>,
    index: u32,
}

impl Word {
    pub(crate) fn new(table: &Arc<WordTable>, index: u32) -> Self {
        Self {
            table: Arc::clone(table),
            index,
        }
    }

    /// The word as text.
    pub fn as_str(&self) -> &str {
        self.table.get(self.index)
    }
}

impl Deref for Word {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Word {}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Word {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl From<Word> for String {
    fn from(word: Word) -> Self {
        word.as_str().to_owned()
    }
}
