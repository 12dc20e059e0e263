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

impl TsTable {
    fn simplified(&self, c: char) -> char {
        let code = c as u32;
        if code < 0x2E80 {
            return c;
        }
        let table = self;
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
}

/// The simplified form of a traditional character; any other character unchanged.
pub fn simplified(c: char) -> char {
    TS.simplified(c)
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

/// A text after normalisation, with the way back to the original: segments in which
/// normalised and original offsets move together (a new one starts wherever noise was dropped
/// or a character changed its length), so the map stays small (`u32`: a text is checked on
/// its first 4 GiB).
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text: noise dropped, folded.
    pub text: String,
    /// (normalised byte offset, original byte offset) at the start of each segment.
    segments: Vec<(u32, u32)>,
}

impl Normalized {
    /// The byte offset in the original of the character the normalised character starting
    /// at byte `at` came from.
    pub fn origin(&self, at: usize) -> Option<usize> {
        let at = u32::try_from(at).ok()?;
        let index = self.segments.partition_point(|&(norm, _)| norm <= at);
        let &(norm, orig) = self.segments.get(index.checked_sub(1)?)?;
        Some((orig + (at - norm)) as usize)
    }

    /// The original bytes that the normalised bytes `start..end` came from, noise between
    /// them included.
    pub fn original_span(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let last = self.text.get(start..end)?.char_indices().next_back()?.0 + start;
        let last_start = self.origin(last)?;
        let last_end = last_start + original.get(last_start..)?.chars().next()?.len_utf8();
        Some((self.origin(start)?, last_end))
    }

    /// The largest number of original characters skipped between two neighbouring
    /// characters of the normalised bytes `start..end` (the noise inside a hit).
    pub fn widest_gap(&self, original: &str, start: usize, end: usize) -> usize {
        let Some(hit) = self.text.get(start..end) else {
            return 0;
        };
        let origins: Vec<usize> = hit
            .char_indices()
            .filter_map(|(offset, _)| self.origin(start + offset))
            .collect();
        origins
            .windows(2)
            .map(|pair| {
                let (this, next) = (pair[0], pair[1]);
                let this_end = original
                    .get(this..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(this, |c| this + c.len_utf8());
                original
                    .get(this_end..next)
                    .map_or(0, |noise| noise.chars().count())
            })
            .max()
            .unwrap_or(0)
    }
}

/// Folds one character (half width, simplified, lower case) into `out`; noise gives nothing.
#[inline]
fn fold_into(table: &TsTable, c: char, out: &mut impl FnMut(char)) {
    let code = c as u32;
    // The common case first: a character of the unified CJK block is never noise nor cased.
    if (0x4E00..=DENSE_LAST).contains(&code) {
        out(table
            .dense
            .get((code - DENSE_FIRST) as usize)
            .copied()
            .unwrap_or(c));
        return;
    }
    if c.is_ascii() {
        if !c.is_ascii_punctuation() && !c.is_ascii_whitespace() && !c.is_ascii_control() {
            out(c.to_ascii_lowercase());
        }
        return;
    }
    let c = half_width(c);
    if is_noise(c) || c.is_control() {
        return;
    }
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    let c = table.simplified(c);
    if c.is_lowercase() || !c.is_alphabetic() || c as u32 >= 0x2E80 {
        out(c);
    } else {
        for lower in c.to_lowercase() {
            out(lower);
        }
    }
}

/// The length of the longest prefix of `text` that fits offsets in `u32`.
fn first_4_gib(text: &str) -> usize {
    let mut end = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Normalises `original` for matching, keeping the way back to it.
pub fn normalize(original: &str) -> Normalized {
    let table = &*TS;
    let original = original.get(..first_4_gib(original)).unwrap_or("");
    let mut text = String::with_capacity(original.len());
    let mut segments = Vec::with_capacity(original.len() / 32 + 8);
    // original offset − normalised offset in the current segment
    let mut shift: Option<u32> = None;
    for (byte_start, c) in original.char_indices() {
        let origin = byte_start as u32;
        fold_into(table, c, &mut |folded| {
            let at = text.len() as u32;
            if shift != Some(origin.wrapping_sub(at)) {
                shift = Some(origin.wrapping_sub(at));
                segments.push((at, origin));
            }
            text.push(folded);
        });
    }
    Normalized { text, segments }
}

/// The normalised form of a listed word or phrase (the same folding as the text).
pub fn normalize_word(word: &str) -> String {
    let table = &*TS;
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(table, c, &mut |folded| out.push(folded));
    }
    out
}
