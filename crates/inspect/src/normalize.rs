//! Normalisation before matching (WEB-INSPECT): full-width forms to half width, traditional
//! characters to simplified, case folding, and noise characters (spaces, punctuation,
//! zero-width characters) dropped — each normalised character remembering where it came from
//! in the original text, so a hit is marked in red at its original place.
//!
//! Speed (issue 19, `zhengwu bench words`): most characters of a Chinese page fold to
//! themselves, so the text is scanned for the few that do not — a bit per character of the
//! CJK blocks says whether it changes, lower-case ASCII letters and digits never do — and the
//! runs between them are copied whole; only noise and changed characters take the per-character
//! fold.

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
    /// One bit per character of `DENSE_FIRST..=DENSE_LAST`: set when it folds to another.
    changes: Vec<u64>,
    /// One bit per character of U+0800–U+FFFF (the three-byte characters): set when it is
    /// noise, after width folding.
    noise3: Vec<u64>,
}

/// The first and last three-byte characters.
const THREE_FIRST: u32 = 0x0800;
const THREE_LAST: u32 = 0xFFFF;

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
    let mut changes = vec![0u64; dense.len().div_ceil(64)];
    for (index, &c) in dense.iter().enumerate() {
        if c as u32 != DENSE_FIRST + index as u32
            && let Some(word) = changes.get_mut(index / 64)
        {
            *word |= 1 << (index % 64);
        }
    }
    let mut noise3 = vec![0u64; ((THREE_LAST - THREE_FIRST + 1) as usize).div_ceil(64)];
    for code in THREE_FIRST..=THREE_LAST {
        let index = (code - THREE_FIRST) as usize;
        if let Some(c) = char::from_u32(code).map(half_width)
            && (is_noise(c) || c.is_control())
            && let Some(word) = noise3.get_mut(index / 64)
        {
            *word |= 1 << (index % 64);
        }
    }
    TsTable {
        dense,
        others,
        changes,
        noise3,
    }
});

impl TsTable {
    /// Whether the character `code` (within `DENSE_FIRST..=DENSE_LAST`) folds to another.
    #[inline]
    fn changes(&self, code: u32) -> bool {
        let index = (code - DENSE_FIRST) as usize;
        self.changes
            .get(index / 64)
            .is_none_or(|word| word & (1 << (index % 64)) != 0)
    }

    /// Whether the three-byte character `code` is noise.
    #[inline]
    fn noise3(&self, code: u32) -> bool {
        let index = code.wrapping_sub(THREE_FIRST) as usize;
        self.noise3
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

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
    /// The length of the normalised text in bytes (also when `text` was not kept).
    len: usize,
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

    /// The original bytes of the normalised bytes `start..end` when they came unchanged from
    /// one stretch of the original — no noise inside, every character of its original
    /// length, which the segment reaching on past `end` proves — else `None` (then
    /// [`Self::original_span`] and [`Self::widest_gap`] tell).
    #[inline]
    pub fn direct_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end >= self.len {
            return None;
        }
        let (start32, end32) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
        let index = self
            .segments
            .partition_point(|&(norm, _)| norm <= start32)
            .checked_sub(1)?;
        let &(norm, orig) = self.segments.get(index)?;
        let next = self
            .segments
            .get(index + 1)
            .map_or(u32::MAX, |&(norm, _)| norm);
        if end32 >= next {
            return None;
        }
        let origin = (orig + (start32 - norm)) as usize;
        Some((origin, origin + (end - start)))
    }

    /// The original bytes that the normalised bytes `start..end` came from, noise between
    /// them included.
    pub fn original_span(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        self.original_span_of(original, start, self.text.get(start..end)?)
    }

    /// [`Self::original_span`] of the normalised text `hit` found at normalised byte `start`
    /// (for a scan that did not keep the text: the matched word is the hit).
    pub fn original_span_of(
        &self,
        original: &str,
        start: usize,
        hit: &str,
    ) -> Option<(usize, usize)> {
        let last = hit.char_indices().next_back()?.0 + start;
        let last_start = self.origin(last)?;
        let last_end = last_start + original.get(last_start..)?.chars().next()?.len_utf8();
        Some((self.origin(start)?, last_end))
    }

    /// The largest number of original characters skipped between two neighbouring
    /// characters of the normalised bytes `start..end` (the noise inside a hit).
    pub fn widest_gap(&self, original: &str, start: usize, end: usize) -> usize {
        self.text
            .get(start..end)
            .map_or(0, |hit| self.widest_gap_of(original, start, hit))
    }

    /// [`Self::widest_gap`] of the normalised text `hit` found at normalised byte `start`.
    pub fn widest_gap_of(&self, original: &str, start: usize, hit: &str) -> usize {
        // Each character's original end, then the noise up to the next one's origin.
        let mut widest = 0;
        let mut previous_end: Option<usize> = None;
        for (offset, _) in hit.char_indices() {
            let Some(origin) = self.origin(start + offset) else {
                continue;
            };
            if let Some(this_end) = previous_end {
                let noise = original
                    .get(this_end..origin)
                    .map_or(0, |noise| noise.chars().count());
                widest = widest.max(noise);
            }
            previous_end = Some(
                original
                    .get(origin..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(origin, |c| origin + c.len_utf8()),
            );
        }
        widest
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

/// The normalised text being written (or only counted), with its segments.
struct Folding {
    text: String,
    /// Whether `text` is written; its length is counted either way.
    keep: bool,
    len: usize,
    segments: Vec<(u32, u32)>,
    /// original offset − normalised offset in the current segment
    shift: Option<u32>,
}

impl Folding {
    /// Starts a new segment unless the next normalised byte, coming from original byte
    /// `origin`, continues the current one.
    #[inline]
    fn mark(&mut self, origin: u32) {
        let at = self.len as u32;
        if self.shift != Some(origin.wrapping_sub(at)) {
            self.shift = Some(origin.wrapping_sub(at));
            self.segments.push((at, origin));
        }
    }

    /// Copies the original bytes `start..end`, which fold to themselves.
    #[inline]
    fn copy(&mut self, original: &str, start: usize, end: usize) {
        if let Some(run) = original.get(start..end).filter(|run| !run.is_empty()) {
            self.mark(start as u32);
            if self.keep {
                self.text.push_str(run);
            }
            self.len += run.len();
        }
    }

    /// Writes a folded character that came from original byte `origin`.
    #[inline]
    fn push(&mut self, origin: u32, c: char) {
        self.mark(origin);
        if self.keep {
            self.text.push(c);
        }
        self.len += c.len_utf8();
    }
}

/// The length in bytes of the UTF-8 character starting with `lead`.
#[inline]
fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Normalises `original` for matching, keeping the way back to it.
pub fn normalize(original: &str) -> Normalized {
    fold(original, true, |_| {})
}

/// [`normalize`], handing each normalised character to `on_char` in order as it is made, so a
/// matcher can step over the text in the same pass (the checker's automaton does: one decode
/// of each character instead of two).
#[inline]
pub fn normalize_scan(original: &str, on_char: impl FnMut(char)) -> Normalized {
    fold(original, true, on_char)
}

/// [`normalize_scan`] without writing the normalised text (`text` stays empty): the checker
/// needs only the characters handed over and the way back.
#[inline]
pub fn scan_only(original: &str, on_char: impl FnMut(char)) -> Normalized {
    fold(original, false, on_char)
}

#[inline]
fn fold(original: &str, keep: bool, mut on_char: impl FnMut(char)) -> Normalized {
    let table = &*TS;
    let original = original.get(..first_4_gib(original)).unwrap_or("");
    let bytes = original.as_bytes();
    let mut out = Folding {
        text: String::with_capacity(if keep { original.len() } else { 0 }),
        keep,
        len: 0,
        segments: Vec::with_capacity(original.len() / 32 + 8),
        shift: None,
    };
    // The start of the run of characters that fold to themselves, not yet copied.
    let mut run = 0;
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // The fast paths: a character that folds to itself extends the run; noise ends it.
        if lead < 0x80 {
            if lead.is_ascii_lowercase() || lead.is_ascii_digit() {
                on_char(char::from(lead));
                at += 1;
                continue;
            }
            if !lead.is_ascii_uppercase() {
                // Punctuation, whitespace and control characters: noise.
                out.copy(original, run, at);
                at += 1;
                run = at;
                continue;
            }
        } else if (0xE0..=0xEF).contains(&lead)
            && let (Some(&second), Some(&third)) = (bytes.get(at + 1), bytes.get(at + 2))
        {
            // U+0800–U+FFFF: three bytes.
            let code = (u32::from(lead & 0x0F) << 12)
                | (u32::from(second & 0x3F) << 6)
                | u32::from(third & 0x3F);
            if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
                if !table.changes(code) {
                    on_char(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    at += 3;
                    continue;
                }
                // A traditional character: its simplified form, nothing else to fold.
                if let Some(&simple) = table.dense.get((code - DENSE_FIRST) as usize) {
                    on_char(simple);
                    out.copy(original, run, at);
                    out.push(at as u32, simple);
                    at += 3;
                    run = at;
                    continue;
                }
            } else if table.noise3(code) {
                out.copy(original, run, at);
                at += 3;
                run = at;
                continue;
            }
        }
        let width = utf8_width(lead);
        let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        // The slow path: fold the character; one that still folds to itself extends the run.
        let mut folded = ['\0'; 4];
        let mut count = 0;
        fold_into(table, c, &mut |f| {
            if let Some(slot) = folded.get_mut(count) {
                *slot = f;
            }
            count += 1;
        });
        if count == 1 && folded[0] == c {
            on_char(c);
            at += width;
            continue;
        }
        out.copy(original, run, at);
        for &f in folded.iter().take(count) {
            on_char(f);
            out.push(at as u32, f);
        }
        at += width;
        run = at;
    }
    out.copy(original, run, at.min(bytes.len()));
    Normalized {
        text: out.text,
        segments: out.segments,
        len: out.len,
    }
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
