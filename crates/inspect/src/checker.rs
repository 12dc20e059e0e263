//! The word checker (WEB-INSPECT): one `daachorse` automaton over the normalised listed
//! words and whitelist phrases; a text is normalised, matched, hits inside a whitelisted
//! phrase or inside a longer hit dropped, and each hit mapped back to its place in the
//! original text (bytes and characters) so the page can mark it in red.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};

use crate::list::{Category, ListMeta, Whitelist, WordList, default_lists, default_whitelist};
use crate::normalize::{half_width, normalize_word, scan_only};
use crate::word::{Word, WordTable};

/// The most noise characters taken between two neighbouring characters of a word (so that
/// 台 独 and 台\u{200B}独 match, but two characters paragraphs apart do not).
pub const DEFAULT_MAX_NOISE: usize = 4;

/// A place in the original text: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One hit of the word checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub category: Category,
    /// The word as listed (错误表述 or 敏感词), shared with the checker (no copy per hit).
    pub word: Word,
    /// The correction of a wrong expression.
    pub correction: Option<Word>,
    /// The text as found in the original, noise included (國土資源 部).
    pub found: String,
    /// Byte offsets of `found` in the original text.
    pub bytes: Span,
    /// Character offsets of `found` in the original text (for a page marking it in red).
    pub chars: Span,
    /// The list the word comes from.
    pub list: Arc<ListMeta>,
}

impl Finding {
    /// What to do: 应为“自然资源部”, or empty for a sensitive word.
    pub fn note_zh(&self) -> String {
        match &self.correction {
            Some(correction) => format!("应为“{correction}”"),
            None => String::new(),
        }
    }

    /// The finding in a sentence: 含有错误表述“国土资源部”，应为“自然资源部”（词库：…）.
    pub fn message_zh(&self) -> String {
        let mut message = format!("含有{}“{}”", self.category.label_zh(), self.found);
        if let Some(correction) = &self.correction {
            message.push_str(&format!("，应为“{correction}”"));
        }
        message.push_str(&format!("（词库：{}）", self.list));
        message
    }
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Default)]
struct Pattern {
    /// The normalised form matched.
    key: String,
    /// The listed word: list index and entry.
    word: Option<(usize, String, Option<String>)>,
    /// A whitelist phrase has this normalised form.
    whitelisted: bool,
}

/// The pattern for `word`'s normalised form, added if new; `None` when it is only noise.
fn slot<'a>(
    index_of: &mut HashMap<String, usize>,
    patterns: &'a mut Vec<Pattern>,
    word: &str,
) -> Option<&'a mut Pattern> {
    let key = normalize_word(word);
    if key.is_empty() {
        return None;
    }
    let index = *index_of.entry(key.clone()).or_insert_with(|| {
        patterns.push(Pattern {
            key,
            ..Pattern::default()
        });
        patterns.len() - 1
    });
    patterns.get_mut(index)
}

/// The automaton's value of a pattern: its index, then two flags, so that a match is sorted
/// out without reading the pattern (10,000 patterns do not stay in the cache).
const FLAG_BITS: u32 = 3;
const WHITELISTED: u32 = 1;
const LISTED: u32 = 2;
const CORRECTED: u32 = 4;

fn value_of(index: usize, pattern: &Pattern) -> u32 {
    let flags = if pattern.whitelisted { WHITELISTED } else { 0 }
        | match &pattern.word {
            Some((_, _, Some(_))) => LISTED | CORRECTED,
            Some(_) => LISTED,
            None => 0,
        };
    ((index as u32) << FLAG_BITS) | flags
}

/// Why a checker could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("词库无法建立匹配器：{0}")]
    Automaton(String),
}

/// The word checker: lists and whitelists compiled into one automaton. Cheap to share
/// (`&Checker` is `Send + Sync`); build once, check many texts.
pub struct Checker {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    patterns: Vec<Pattern>,
    /// Per pattern: its listed word at `2 × index`, its correction (or nothing) after it.
    words: Arc<WordTable>,
    /// Per pattern: the list its word comes from.
    list_of: Vec<u32>,
    lists: Vec<Arc<ListMeta>>,
    whitelists: Vec<ListMeta>,
    max_noise: usize,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("patterns", &self.patterns.len())
            .field("lists", &self.lists)
            .field("whitelists", &self.whitelists)
            .field("max_noise", &self.max_noise)
            .finish()
    }
}

impl Checker {
    /// A checker over `lists` (an earlier list wins when two list the same word) and
    /// `whitelists`.
    pub fn new(lists: &[WordList], whitelists: &[Whitelist]) -> Result<Self, BuildError> {
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (list_index, list) in lists.iter().enumerate() {
            for entry in &list.entries {
                if let Some(pattern) = slot(&mut index_of, &mut patterns, &entry.word)
                    && pattern.word.is_none()
                {
                    pattern.word = Some((list_index, entry.word.clone(), entry.correction.clone()));
                }
            }
        }
        for whitelist in whitelists {
            for phrase in &whitelist.phrases {
                if let Some(pattern) = slot(&mut index_of, &mut patterns, phrase) {
                    pattern.whitelisted = true;
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            let values = patterns
                .iter()
                .enumerate()
                .map(|(index, pattern)| (pattern.key.as_str(), value_of(index, pattern)));
            Some(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .build_with_values(values)
                    .map_err(|error| BuildError::Automaton(error.to_string()))?,
            )
        };
        let mut words = WordTable::default();
        let mut list_of = Vec::with_capacity(patterns.len());
        for pattern in &patterns {
            let (list, word, correction) = match &pattern.word {
                Some((list, word, correction)) => (*list, word.as_str(), correction.as_deref()),
                None => (0, "", None),
            };
            words.push(word);
            words.push(correction.unwrap_or(""));
            list_of.push(list as u32);
        }
        Ok(Self {
            automaton,
            patterns,
            words: Arc::new(words),
            list_of,
            lists: lists
                .iter()
                .map(|list| Arc::new(list.meta.clone()))
                .collect(),
            whitelists: whitelists.iter().map(|list| list.meta.clone()).collect(),
            max_noise: DEFAULT_MAX_NOISE,
        })
    }

    /// The checker over the default lists and whitelist shipped with the binary.
    pub fn defaults() -> Result<Self, String> {
        let lists = default_lists().map_err(|error| error.to_string())?;
        let whitelist = default_whitelist().map_err(|error| error.to_string())?;
        Self::new(&lists, &[whitelist]).map_err(|error| error.to_string())
    }

    /// Takes at most `max_noise` noise characters between two characters of a word.
    pub fn with_max_noise(mut self, max_noise: usize) -> Self {
        self.max_noise = max_noise;
        self
    }

    /// The word lists, in order.
    pub fn lists(&self) -> impl Iterator<Item = &ListMeta> {
        self.lists.iter().map(|list| list.as_ref())
    }

    /// The whitelists, in order.
    pub fn whitelists(&self) -> &[ListMeta] {
        &self.whitelists
    }

    /// Every hit in `text`, in order of position; a hit inside a whitelisted phrase or inside
    /// a longer hit is not reported.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        // The automaton steps over each normalised character as normalisation makes it: the
        // same matches as over the normalised text, in one pass (issue 19's speed target).
        let mut stepper = automaton.find_overlapping_stepper();
        let mut matched: Vec<(usize, usize, u32)> = Vec::new();
        let normalized = scan_only(text, |c| {
            stepper.consume(c);
            matched.extend(stepper.matches().map(|m| (m.start(), m.end(), m.value())));
        });
        let mut hits: Vec<Hit> = Vec::new();
        let mut allowed: Vec<(usize, usize)> = Vec::new();
        for (first, last, value) in matched {
            let index = (value >> FLAG_BITS) as usize;
            // Most hits came from one unchanged stretch of the original: no noise inside.
            let span = match normalized.direct_span(first, last) {
                Some(span) => span,
                None => {
                    // The normalised text was not kept: the hit is its pattern's key.
                    let Some(hit) = self.patterns.get(index).map(|p| p.key.as_str()) else {
                        continue;
                    };
                    if normalized.widest_gap_of(text, first, hit) > self.max_noise {
                        continue;
                    }
                    let Some(span) = normalized.original_span_of(text, first, hit) else {
                        continue;
                    };
                    span
                }
            };
            if !whole_latin_word(text, span.0, span.1) {
                continue;
            }
            if value & WHITELISTED != 0 {
                allowed.push((first, last));
            }
            if value & LISTED != 0 {
                hits.push(Hit {
                    first,
                    last,
                    index,
                    corrected: value & CORRECTED != 0,
                    span,
                });
            }
        }
        // Hits in order of position: each character offset counted on from the last.
        let mut cursor = (0, 0);
        outermost(hits, &allowed)
            .into_iter()
            .filter_map(|hit| {
                let (start, end) = hit.span;
                let start_char = cursor.1 + text.get(cursor.0..start)?.chars().count();
                let found = text.get(start..end)?;
                cursor = (start, start_char);
                self.finding(found, Span { start, end }, start_char, &hit)
            })
            .collect()
    }

    fn finding(&self, found: &str, bytes: Span, start_char: usize, hit: &Hit) -> Option<Finding> {
        // Compact tables only: the pattern itself is not read for a hit.
        let slot = u32::try_from(hit.index).ok()? * 2;
        let list_index = *self.list_of.get(hit.index)? as usize;
        Some(Finding {
            category: if hit.corrected {
                Category::Wrong
            } else {
                Category::Sensitive
            },
            word: Word::new(&self.words, slot),
            correction: hit.corrected.then(|| Word::new(&self.words, slot + 1)),
            found: found.to_owned(),
            bytes,
            chars: Span {
                start: start_char,
                end: start_char + found.chars().count(),
            },
            list: self.lists.get(list_index)?.clone(),
        })
    }
}

/// Whether `start..end` of `text`, when it begins or ends with a Latin letter or digit, is
/// not part of a longer Latin word (ABC is not found in XABCX; 国土资源部 needs no boundary).
fn whole_latin_word(text: &str, start: usize, end: usize) -> bool {
    let latin = |c: char| half_width(c).is_ascii_alphanumeric();
    let (Some(head), Some(hit)) = (text.get(..start), text.get(start..end)) else {
        return false;
    };
    let first_is_latin = hit.chars().next().is_some_and(latin);
    let last_is_latin = hit.chars().next_back().is_some_and(latin);
    let after = text.get(end..).unwrap_or("");
    let joined_before = first_is_latin && head.chars().next_back().is_some_and(latin);
    let joined_after = last_is_latin && after.chars().next().is_some_and(latin);
    !joined_before && !joined_after
}

/// A hit of the automaton: normalised bytes `first..last`, its pattern, and the original
/// bytes it came from.
#[derive(Debug, Clone, Copy)]
struct Hit {
    first: usize,
    last: usize,
    index: usize,
    corrected: bool,
    span: (usize, usize),
}

/// The hits not inside a whitelisted phrase and not inside a longer hit, in order.
fn outermost(mut hits: Vec<Hit>, allowed: &[(usize, usize)]) -> Vec<Hit> {
    // Whitelisted spans sorted by start, with the furthest end reached so far: a hit is
    // covered when some span starting at or before it reaches its last character.
    let mut allowed = allowed.to_vec();
    allowed.sort_unstable();
    let mut reach = Vec::with_capacity(allowed.len());
    let mut furthest = 0;
    for &(_, last) in &allowed {
        furthest = furthest.max(last);
        reach.push(furthest);
    }
    let covered = |first: usize, last: usize| {
        let before = allowed.partition_point(|&(start, _)| start <= first);
        before > 0 && reach.get(before - 1).is_some_and(|&end| end >= last)
    };
    hits.retain(|hit| !covered(hit.first, hit.last));
    // Longest first at each start; a hit whose end another earlier-or-equal start reaches is
    // inside it.
    hits.sort_unstable_by(|a, b| a.first.cmp(&b.first).then(b.last.cmp(&a.last)));
    let mut kept = Vec::with_capacity(hits.len());
    let mut furthest: Option<usize> = None;
    for hit in hits {
        if furthest.is_some_and(|end| end >= hit.last) {
            continue;
        }
        furthest = Some(hit.last);
        kept.push(hit);
    }
    kept
}

static DEFAULT: LazyLock<Checker> = LazyLock::new(|| match Checker::defaults() {
    Ok(checker) => checker,
    Err(error) => {
        // A test proves the shipped lists load; never reached in a build that passed it.
        tracing::error!(error = %error, "default word lists did not load");
        empty()
    }
});

fn empty() -> Checker {
    Checker {
        automaton: None,
        patterns: Vec::new(),
        words: Arc::default(),
        list_of: Vec::new(),
        lists: Vec::new(),
        whitelists: Vec::new(),
        max_noise: DEFAULT_MAX_NOISE,
    }
}

/// The checker over the default lists, built once.
pub fn default_checker() -> &'static Checker {
    &DEFAULT
}
