//! Normalisation before matching (WEB-INSPECT): full-width forms to half width, traditional
//! characters to simplified, case folding, and noise characters (spaces, punctuation,
//! zero-width characters) dropped — each normalised character remembering where it came from
//! in the original text, so a hit is marked in red at its original place.

use std::sync::LazyLock;

/// The traditional → simplified table, from OpenCC's TSCharacters (header line of the file).
const TS_CHARS: &str = include_str!("../lists/ts_chars.txt");

/// The CJK block the dense table covers (U+3400–U+9FFF: extension A and the unified block).
const DENSE_FIRST: u32 = 0x3400;
const DENSE_LAST: u32 = 0x9FFF;

/// Traditional → simplified: a dense table for the common CJK blocks, a sorted list for the
/// few characters outside them.
struct TsTable {
    dense: Vec<char>,
    others: Vec<(char, char)>,
}

static TS: LazyLock<TsTable> = LazyLock::new(|| {
    let mut dense: Vec<char> = (DENSE_FIRST..=DENSE_LAST)
        .map(|code| char::from_u32(code).unwrap_or('\u{FFFD}'))
        .collect();
    let mut others = Vec::new();
    for line in TS_CHARS.lines().filter(|line| !line.starts_with('#')) {
        let chars: Vec<char> = line.chars().collect();
        for pair in chars.chunks_exact(2) {
            let (traditional, simplified) = (pair[0], pair[1]);
            let code = traditional as u32;
            if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
                if let Some(slot) = dense.get_mut((code - DENSE_FIRST) as usize) {
                    *slot = simplified;
                }
            } else {
                others.push((traditional, simplified));
            }
        }
    }
    others.sort_unstable();
    TsTable { dense, others }
});

/// The simplified form of a traditional character; any other character unchanged.
pub fn simplified(c: char) -> char {
    let code = c as u32;
    if code < 0x2E80 {
        return c;
    }
    let table = &*TS;
    if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
        return table
            .dense
            .get((code - DENSE_FIRST) as usize)
            .copied()
            .unwrap_or(c);
    }
    match table.others.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(index) => table.others.get(index).map_or(c, |&(_, s)| s),
        Err(_) => c,
    }
}

/// How many traditional characters the table maps (for tests and the admin page).
pub fn traditional_count() -> usize {
    let table = &*TS;
    let dense = table
        .dense
        .iter()
        .enumerate()
        .filter(|&(index, &c)| c as u32 != DENSE_FIRST + index as u32)
        .count();
    dense + table.others.len()
}

/// Full-width ASCII forms (Ａ, ０, ！) to their half-width forms; the ideographic space to a
/// space.
pub fn half_width(c: char) -> char {
    match c as u32 {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// A character that may be inserted between the characters of a word without changing what
/// it says: whitespace, zero-width and format characters, punctuation and common symbols
/// (ASCII, CJK and full-width).
pub fn is_noise(c: char) -> bool {
    if c.is_whitespace() || c.is_ascii_punctuation() {
        return true;
    }
    matches!(c as u32,
        0x00A0..=0x00BF            // Latin-1 punctuation and signs (« · ¿ soft hyphen)
        | 0x00D7 | 0x00F7          // × ÷
        | 0x02B0..=0x036F          // modifier letters, combining marks
        | 0x2000..=0x206F          // general punctuation, zero-width and format characters
        | 0x2190..=0x21FF          // arrows
        | 0x2460..=0x24FF          // ① ⑴ …
        | 0x2500..=0x27BF          // box drawing, shapes, ★ ☆ ● ◆ ※ dingbats
        | 0x3000..=0x3003          // 、 。 〃
        | 0x3008..=0x3011          // 〈 〉 《 》 「 」 『 』 【 】
        | 0x3014..=0x301F          // 〔 〕 〖 〗 〘 〙 〜 〝 〞
        | 0x30FB                   // ・
        | 0xFE10..=0xFE1F          // vertical forms
        | 0xFE30..=0xFE6F          // CJK compatibility and small forms
        | 0xFEFF                   // zero-width no-break space (BOM)
        | 0xFF01..=0xFF0F          // ！ ＂ … ／ (already folded, kept for safety)
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65
        | 0xFFE0..=0xFFEE
    )
}

/// Where a normalised character came from in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Byte offsets of the original character.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Index of the original character among the original's characters.
    pub char_index: usize,
}

/// A text after normalisation, with the way back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text: noise dropped, folded.
    pub text: String,
    /// Per normalised character, its byte offset in `text`.
    starts: Vec<usize>,
    /// Per normalised character, where it came from.
    origins: Vec<Origin>,
}

impl Normalized {
    /// The normalised characters covering normalised bytes `start..end`, as indexes.
    pub fn char_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.starts.binary_search(&start).ok()?;
        let last = self.starts.partition_point(|&s| s < end).checked_sub(1)?;
        (first <= last).then_some((first, last))
    }

    /// The origin of the normalised character at `index`.
    pub fn origin(&self, index: usize) -> Option<Origin> {
        self.origins.get(index).copied()
    }

    /// The largest number of original characters skipped between two neighbouring
    /// normalised characters of `first..=last` (the noise inside a hit).
    pub fn widest_gap(&self, first: usize, last: usize) -> usize {
        let Some(window) = self.origins.get(first..=last) else {
            return 0;
        };
        window
            .windows(2)
            .map(|pair| pair[1].char_index.saturating_sub(pair[0].char_index + 1))
            .max()
            .unwrap_or(0)
    }
}

/// Folds one character (half width, simplified, lower case) into `out`; noise gives nothing.
fn fold_into(c: char, out: &mut impl FnMut(char)) {
    let c = half_width(c);
    if is_noise(c) {
        return;
    }
    let c = simplified(c);
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if c.is_lowercase() || !c.is_alphabetic() || c as u32 >= 0x2E80 {
        out(c);
    } else {
        for lower in c.to_lowercase() {
            out(lower);
        }
    }
}

/// Normalises `original` for matching, keeping the way back to it.
pub fn normalize(original: &str) -> Normalized {
    let mut normalized = Normalized {
        text: String::with_capacity(original.len()),
        starts: Vec::with_capacity(original.len() / 2),
        origins: Vec::with_capacity(original.len() / 2),
    };
    for (char_index, (byte_start, c)) in original.char_indices().enumerate() {
        let origin = Origin {
            byte_start,
            byte_end: byte_start + c.len_utf8(),
            char_index,
        };
        fold_into(c, &mut |folded| {
            normalized.starts.push(normalized.text.len());
            normalized.text.push(folded);
            normalized.origins.push(origin);
        });
    }
    normalized
}

/// The normalised form of a listed word or phrase (the same folding as the text).
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(c, &mut |folded| out.push(folded));
    }
    out
}
