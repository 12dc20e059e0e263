//! The synonym dictionary (WEB-SEARCH): citizens' phrasings of official names (社保卡 for
//! 社会保障卡). A group is a set of phrasings that mean the same; a query containing one is
//! also searched with each other. The defaults ship with the binary and cover the demo
//! catalogue; the administrator adds groups in the back office (stored in `search_synonyms`).

/// The shipped groups: each line one group, phrasings separated by spaces.
const DEFAULTS: &str = include_str!("../data/synonyms.txt");

/// Phrasing groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
}

/// The longest phrasing kept, in characters.
pub const MAX_PHRASING_CHARS: usize = 30;
/// The most phrasings in one group.
pub const MAX_GROUP_SIZE: usize = 10;

impl Synonyms {
    /// The shipped groups.
    pub fn defaults() -> Self {
        let mut synonyms = Self::default();
        for line in DEFAULTS.lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                synonyms.add_line(line);
            }
        }
        synonyms
    }

    /// Adds a group from a line of phrasings separated by spaces, commas or 、 (folded; a
    /// group of fewer than two phrasings is ignored). Returns whether it was added.
    pub fn add_line(&mut self, line: &str) -> bool {
        match parse_group(line) {
            Some(group) => {
                self.groups.push(group);
                true
            }
            None => false,
        }
    }

    /// Every group.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// WEB-SEARCH: the other phrasings of the query text: for each group with a phrasing
    /// inside `text`, `text` with it replaced by each other phrasing of the group.
    pub fn alternatives(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for group in &self.groups {
            for phrasing in group {
                if !text.contains(phrasing.as_str()) {
                    continue;
                }
                for other in group {
                    // A phrasing inside the other (保障卡 in 社会保障卡) adds nothing new.
                    if other != phrasing && !text.contains(other.as_str()) {
                        let alternative = text.replacen(phrasing.as_str(), other, 1);
                        if !out.contains(&alternative) {
                            out.push(alternative);
                        }
                    }
                }
            }
        }
        out.truncate(8);
        out
    }
}

/// A group from a line: its phrasings folded, deduplicated and checked; `None` when not a
/// group of 2 to [`MAX_GROUP_SIZE`] phrasings of at most [`MAX_PHRASING_CHARS`] characters.
pub fn parse_group(line: &str) -> Option<Vec<String>> {
    let folded = crate::text::fold(line);
    let mut group: Vec<String> = Vec::new();
    for phrasing in
        folded.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
    {
        let phrasing: String = phrasing.chars().filter(|c| c.is_alphanumeric()).collect();
        if phrasing.is_empty() {
            continue;
        }
        if phrasing.chars().count() > MAX_PHRASING_CHARS {
            return None;
        }
        if !group.contains(&phrasing) {
            group.push(phrasing);
        }
    }
    (2..=MAX_GROUP_SIZE).contains(&group.len()).then_some(group)
}
