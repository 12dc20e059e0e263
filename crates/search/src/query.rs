//! Query understanding (WEB-SEARCH): what a citizen typed, made safe and cut into parts.
//! Nothing typed is query syntax: `title:`, `*`, `+`, brackets and the like are only
//! characters, an unbalanced quote quotes nothing, control characters are spaces, and a query
//! is cut to [`MAX_QUERY_CHARS`] characters. A quoted part ("…", “…”, 「…」) is an exact
//! phrase; a run of Latin letters may be pinyin or initials.

use crate::text;

/// WEB-SEARCH: the characters of a query that are read; the rest of a longer one is ignored.
pub const MAX_QUERY_CHARS: usize = 100;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Words to find anywhere (all of them).
    Words(String),
    /// An exact phrase (quoted).
    Phrase(String),
    /// Latin letters: a word, or pinyin, or initials.
    Latin(String),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub parts: Vec<Part>,
}

impl Parsed {
    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The query as read, parts separated by spaces, phrases quoted (what the page shows and
    /// the hot keywords count).
    pub fn display(&self) -> String {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Words(words) | Part::Latin(words) => out.push(words.clone()),
                Part::Phrase(phrase) => out.push(format!("\"{phrase}\"")),
            }
        }
        out.join(" ")
    }

    /// Every Chinese text of the query, words and phrases, in order.
    pub fn han_text(&self) -> String {
        self.parts
            .iter()
            .filter_map(|part| match part {
                Part::Words(text) | Part::Phrase(text) => Some(text.as_str()),
                Part::Latin(_) => None,
            })
            .collect::<Vec<_>>()
            .join("")
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '「' | '『' | '”')
}

fn closing(open: char) -> &'static [char] {
    match open {
        '「' => &['」'],
        '『' => &['』'],
        _ => &['"', '”', '“'],
    }
}

/// Whether `c` is part of a searchable word (letters, digits, Chinese characters).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// WEB-SEARCH: `raw` as a query: folded, cut, quotes paired, every other non-word character
/// a separator.
pub fn parse(raw: &str) -> Parsed {
    let cut: String = raw.chars().take(MAX_QUERY_CHARS).collect();
    let folded = text::fold(&cut);
    let chars: Vec<char> = folded.chars().collect();
    let mut parts = Vec::new();
    let mut loose = String::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if is_open_quote(c) {
            let ends = closing(c);
            if let Some(len) = chars[at + 1..].iter().position(|x| ends.contains(x)) {
                push_loose(&mut parts, &loose);
                loose.clear();
                let phrase: String = chars[at + 1..at + 1 + len]
                    .iter()
                    .map(|&c| if is_word_char(c) { c } else { ' ' })
                    .collect();
                let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
                if !phrase.is_empty() {
                    parts.push(Part::Phrase(phrase));
                }
                at += len + 2;
                continue;
            }
        }
        loose.push(if is_word_char(c) { c } else { ' ' });
        at += 1;
    }
    push_loose(&mut parts, &loose);
    Parsed { parts }
}

fn push_loose(parts: &mut Vec<Part>, loose: &str) {
    for chunk in loose.split_whitespace() {
        // Latin letters and Chinese characters typed together are split apart.
        let mut current = String::new();
        let mut latin = false;
        for c in chunk.chars() {
            let is_latin = c.is_ascii_alphabetic();
            if !current.is_empty() && is_latin != latin {
                push_chunk(parts, &current, latin);
                current.clear();
            }
            latin = is_latin;
            current.push(c);
        }
        if !current.is_empty() {
            push_chunk(parts, &current, latin);
        }
    }
}

fn push_chunk(parts: &mut Vec<Part>, chunk: &str, latin: bool) {
    if latin {
        parts.push(Part::Latin(chunk.to_owned()));
    } else if let Some(Part::Words(words)) = parts.last_mut() {
        words.push(' ');
        words.push_str(chunk);
    } else {
        parts.push(Part::Words(chunk.to_owned()));
    }
}
