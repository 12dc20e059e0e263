//! Text folding and pinyin (WEB-SEARCH): traditional characters folded to simplified (the
//! table of `inspect`), full width to half width, lower case, control characters dropped; the
//! pinyin syllable and initial of each Chinese character (one token per character, so a
//! phrase of syllables finds the characters wherever they stand); and a typed run of Latin
//! letters cut into pinyin syllables (`shebaoka` → she bao ka).

use std::collections::HashSet;
use std::sync::LazyLock;

use pinyin::ToPinyin as _;

/// WEB-SEARCH: the text as indexed and as queried: traditional → simplified, full width →
/// half width, lower case; control characters become spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = inspect::normalize::half_width(inspect::normalize::simplified(c));
        if c.is_control() || matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0xFEFF) {
            out.push(' ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether `c` is a Chinese character (the unified ideographs and extension A).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The plain pinyin syllable of a Chinese character (its first reading), if it has one.
pub fn syllable(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// The syllables of every Chinese character of `text`, space separated, one per character, in
/// order (other characters are skipped): `社保卡` → `she bao ka`.
pub fn pinyin_of(text: &str) -> String {
    join(text.chars().filter_map(syllable))
}

/// The initial letter of every Chinese character's syllable, space separated: `社保卡` →
/// `s b k`.
pub fn initials_of(text: &str) -> String {
    join(
        text.chars()
            .filter_map(|c| c.to_pinyin().map(|p| p.first_letter())),
    )
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Every plain syllable some Chinese character is read as.
static SYLLABLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    (0x4E00u32..=0x9FFF)
        .filter_map(char::from_u32)
        .filter_map(syllable)
        .collect()
});

/// The longest syllable (`zhuang`, `shuang`).
const LONGEST: usize = 6;

/// WEB-SEARCH: a run of Latin letters read as pinyin syllables, the fewest syllables that
/// cover it (`xian` is one syllable, `shebaoka` three); `None` when it is not pinyin.
pub fn syllables_of_latin(word: &str) -> Option<Vec<String>> {
    let word = word.to_ascii_lowercase();
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) || word.len() > 60 {
        return None;
    }
    let n = word.len();
    // best[i]: fewest syllables covering word[i..], with the length of the first.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, 0));
    for start in (0..n).rev() {
        for len in 1..=LONGEST.min(n - start) {
            let Some((count, _)) = best[start + len] else {
                continue;
            };
            if SYLLABLES.contains(&word[start..start + len])
                && best[start].is_none_or(|(known, _)| count + 1 < known)
            {
                best[start] = Some((count + 1, len));
            }
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at < n {
        let (_, len) = best[at]?;
        out.push(word[at..at + len].to_owned());
        at += len;
    }
    Some(out)
}

/// Whether `word` could be typed initials (`sbk` for 社保卡): two to eight Latin letters.
pub fn could_be_initials(word: &str) -> bool {
    (2..=8).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphabetic())
}
