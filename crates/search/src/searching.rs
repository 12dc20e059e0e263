//! Searching (WEB-SEARCH): a parsed query becomes a tantivy query built piece by piece (never
//! parsed from what was typed): every word of the query in the title (boosted) or the body,
//! a quoted phrase in order, Latin letters as a word, as pinyin syllables or as initials, each
//! synonym group's other phrasings as alternatives, the filters, and a lift for valid and
//! recent documents (an abolished document ranks below its successor). When nothing is found
//! the Chinese characters are searched by their sound (a homophone typed by mistake) and the
//! page says 您是不是要找.

use std::ops::Bound;
use std::time::Instant as Clock;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value as _};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::{TokenStream as _, Tokenizer as _};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::doc::Kind;
use crate::index::Engine;
use crate::query::{self, Part};
use crate::text;

/// Results on one page.
pub const PER_PAGE: usize = 10;
/// The last page a query can ask for.
pub const MAX_PAGE: usize = 50;
/// A year, for the freshness lift.
const YEAR_MILLIS: i64 = 365 * 24 * 3600 * 1000;

/// What is asked.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub kind: Option<Kind>,
    pub site: Option<String>,
    pub unit: Option<i64>,
    /// Published at or after (milliseconds).
    pub from: Option<i64>,
    /// Published before (milliseconds).
    pub until: Option<i64>,
    /// 1-based, at most [`MAX_PAGE`].
    pub page: usize,
    /// Now (milliseconds), for the freshness lift.
    pub now: i64,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub key: String,
    pub kind: Kind,
    pub title: String,
    /// The title with the matched words in `<b>` (escaped HTML).
    pub title_html: String,
    pub url: String,
    /// A passage of the body with the matched words in `<b>` (escaped HTML).
    pub snippet_html: String,
    pub site: String,
    pub date: i64,
    pub abolished: bool,
}

/// The answer to a request.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Answer {
    /// The query as read (folded, cut, syntax neutralised).
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// 您是不是要找: the query with the homophone corrected, when the results are for it.
    pub corrected: Option<String>,
    /// The synonyms searched too.
    pub alternatives: Vec<String>,
}

/// A word of a text with its character position.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut tokenizer = tantivy_jieba::JiebaTokenizer::with_search_mode(false);
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        if token.text.chars().any(char::is_alphanumeric) {
            out.push((token.position, token.text.to_lowercase()));
        }
    }
    out
}

fn term(field: Field, word: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    ))
}

fn boost(query: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, by))
}

fn any(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn all(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// Words at positions in order in `field` (a single word is a term).
fn phrase(field: Field, words: &[(usize, String)]) -> Box<dyn Query> {
    match words {
        [(_, word)] => term(field, word),
        _ => {
            let first = words.first().map_or(0, |(at, _)| *at);
            Box::new(PhraseQuery::new_with_offset(
                words
                    .iter()
                    .map(|(at, word)| (at - first, Term::from_field_text(field, word)))
                    .collect(),
            ))
        }
    }
}

/// Syllables (or initials) in order in `field`.
fn sounds(field: Field, sounds: &[String]) -> Box<dyn Query> {
    let positioned: Vec<(usize, String)> = sounds.iter().cloned().enumerate().collect();
    phrase(field, &positioned)
}

impl Engine {
    /// Every word of `text` in the title (boosted) or the body.
    fn words_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let found = words(text);
        if found.is_empty() {
            return None;
        }
        Some(all(found
            .iter()
            .map(|(_, word)| any(vec![boost(term(f.title, word), 3.0), term(f.body, word)]))
            .collect()))
    }

    fn part_query(&self, part: &Part, alternatives: &mut Vec<String>) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        match part {
            Part::Words(text) => {
                let main = self.words_query(text)?;
                let others = self
                    .synonyms
                    .read()
                    .map(|synonyms| synonyms.alternatives(text))
                    .unwrap_or_default();
                let mut choices = vec![main];
                for other in others {
                    if let Some(query) = self.words_query(&other) {
                        choices.push(query);
                        alternatives.push(other);
                    }
                }
                Some(if choices.len() == 1 {
                    choices.remove(0)
                } else {
                    any(choices)
                })
            }
            Part::Phrase(text) => {
                let found = words(text);
                if found.is_empty() {
                    return None;
                }
                Some(any(vec![
                    boost(phrase(f.title, &found), 3.0),
                    phrase(f.body, &found),
                ]))
            }
            Part::Latin(word) => {
                let mut choices = vec![boost(term(f.title, word), 3.0), term(f.body, word)];
                if let Some(syllables) = text::syllables_of_latin(word) {
                    choices.push(boost(sounds(f.py, &syllables), 2.0));
                }
                if text::could_be_initials(word) {
                    let letters: Vec<String> = word.chars().map(|c| c.to_string()).collect();
                    choices.push(boost(sounds(f.ini, &letters), 1.5));
                }
                Some(any(choices))
            }
        }
    }

    /// The filters of the request.
    fn filters(&self, request: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(kind) = request.kind {
            out.push((Occur::Must, term(f.kind, kind.code())));
        }
        if let Some(site) = request.site.as_deref().filter(|s| !s.is_empty()) {
            out.push((Occur::Must, term(f.site, site)));
        }
        if let Some(unit) = request.unit {
            out.push((Occur::Must, term(f.unit, &unit.to_string())));
        }
        if request.from.is_some() || request.until.is_some() {
            let lower = request.from.map_or(Bound::Unbounded, |at| {
                Bound::Included(Term::from_field_i64(f.date, at))
            });
            let upper = request.until.map_or(Bound::Unbounded, |at| {
                Bound::Excluded(Term::from_field_i64(f.date, at))
            });
            out.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        // Valid documents above abolished ones (PUB-ABOLISH), recent ones a little higher.
        out.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(term(f.valid, "1"), 4.0)),
        ));
        out.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.date, request.now - YEAR_MILLIS)),
                    Bound::Unbounded,
                )),
                0.5,
            )),
        ));
        out
    }

    fn with_filters(&self, main: Box<dyn Query>, request: &Request) -> BooleanQuery {
        let mut clauses = vec![(Occur::Must, main)];
        clauses.extend(self.filters(request));
        BooleanQuery::new(clauses)
    }

    /// WEB-SEARCH: the answer to `request`. Bad input is never an error: an empty or
    /// unsearchable query answers no results.
    pub fn search(&self, request: &Request) -> Result<Answer> {
        let started = Clock::now();
        let parsed = query::parse(&request.query);
        let mut answer = Answer {
            query: parsed.display(),
            ..Answer::default()
        };
        let mut alternatives = Vec::new();
        // Latin letters beside Chinese words only lift (`title:社保卡` finds 社保卡).
        let has_han = parsed
            .parts
            .iter()
            .any(|part| !matches!(part, Part::Latin(_)));
        let parts: Vec<(Occur, Box<dyn Query>)> = parsed
            .parts
            .iter()
            .filter_map(|part| {
                let occur = match part {
                    Part::Latin(_) if has_han => Occur::Should,
                    _ => Occur::Must,
                };
                self.part_query(part, &mut alternatives)
                    .map(|query| (occur, query))
            })
            .collect();
        if parts.is_empty() {
            answer.took_ms = started.elapsed().as_secs_f64() * 1000.0;
            return Ok(answer);
        }
        let searcher = self.reader.searcher();
        let query = self.with_filters(Box::new(BooleanQuery::new(parts)), request);
        let page = request.page.clamp(1, MAX_PAGE);
        let (total, hits) = self.run(&searcher, &query, page)?;
        answer.total = total;
        answer.hits = hits;
        answer.alternatives = alternatives;
        if total == 0 {
            self.by_sound(&searcher, &parsed, request, page, &mut answer)?;
        }
        answer.took_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(answer)
    }

    /// 您是不是要找: the Chinese characters of the query searched by their syllables; the
    /// first result's characters with those sounds are the correction.
    fn by_sound(
        &self,
        searcher: &Searcher,
        parsed: &query::Parsed,
        request: &Request,
        page: usize,
        answer: &mut Answer,
    ) -> Result<()> {
        let han: String = parsed
            .han_text()
            .chars()
            .filter(|c| text::is_han(*c))
            .collect();
        let syllables: Vec<String> = han
            .chars()
            .filter_map(text::syllable)
            .map(str::to_owned)
            .collect();
        if syllables.len() < 2 {
            return Ok(());
        }
        let query = self.with_filters(sounds(self.fields.py, &syllables), request);
        let (total, hits) = self.run(searcher, &query, page)?;
        let Some(first) = hits.first() else {
            return Ok(());
        };
        let Some(found) = same_sounds(&first.title, &syllables) else {
            return Ok(());
        };
        if found == han {
            return Ok(());
        }
        answer.corrected = Some(answer.query.replacen(&han, &found, 1));
        answer.total = total;
        answer.hits = hits;
        Ok(())
    }

    fn run(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        page: usize,
    ) -> Result<(usize, Vec<Hit>)> {
        let collector = TopDocs::with_limit(PER_PAGE)
            .and_offset((page - 1) * PER_PAGE)
            .order_by_score();
        let (total, top) = searcher.search(query, &(Count, collector))?;
        if top.is_empty() {
            return Ok((total, Vec::new()));
        }
        let mut body_snippets = SnippetGenerator::create(searcher, query, self.fields.body)?;
        body_snippets.set_max_num_chars(120);
        let mut title_marks = SnippetGenerator::create(searcher, query, self.fields.title)?;
        title_marks.set_max_num_chars(300);
        let hits = top
            .into_iter()
            .map(|(_, address)| self.hit(searcher, address, &body_snippets, &title_marks))
            .collect::<Result<Vec<_>>>()?;
        Ok((total, hits))
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        body_snippets: &SnippetGenerator,
        title_marks: &SnippetGenerator,
    ) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text_of = |field: Field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let title = text_of(f.title);
        // tantivy's fragment selection subtracts a fragment's start from a highlight that can
        // begin before it (jieba's overlapping words): a panic with overflow checks on. The
        // passage is then shown unmarked, never a failed search.
        let guarded = |make: &dyn Fn() -> Snippet| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(make))
                .unwrap_or_else(|_| Snippet::empty())
        };
        let marked = guarded(&|| title_marks.snippet(&title));
        let title_html = if marked.is_empty() {
            escape(&title)
        } else {
            marked_html(&marked)
        };
        let snippet = guarded(&|| body_snippets.snippet_from_doc(&doc));
        let snippet_html = if snippet.is_empty() {
            escape(&text_of(f.body).chars().take(120).collect::<String>())
        } else {
            marked_html(&snippet)
        };
        Ok(Hit {
            key: text_of(f.key),
            kind: Kind::from_code(&text_of(f.kind)).unwrap_or(Kind::Info),
            title,
            title_html,
            url: text_of(f.url),
            snippet_html,
            site: text_of(f.site),
            date: doc
                .get_first(f.date)
                .and_then(|value| value.as_i64())
                .unwrap_or_default(),
            abolished: text_of(f.valid) == "0",
        })
    }

    /// Suggestions as the user types: the titles of the best documents for what is typed.
    pub fn suggest(&self, typed: &str, now: i64) -> Vec<String> {
        let request = Request {
            query: typed.to_owned(),
            page: 1,
            now,
            ..Request::default()
        };
        let mut titles: Vec<String> = Vec::new();
        if let Ok(answer) = self.search(&request) {
            for hit in answer.hits {
                if !titles.contains(&hit.title) {
                    titles.push(hit.title);
                }
            }
        }
        titles.truncate(8);
        titles
    }
}

/// The characters of `title` whose syllables are `syllables`, in order.
fn same_sounds(title: &str, syllables: &[String]) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    let n = syllables.len();
    (0..chars.len().saturating_sub(n - 1)).find_map(|start| {
        let window = &chars[start..start + n];
        window
            .iter()
            .zip(syllables)
            .all(|(c, s)| text::syllable(*c) == Some(s.as_str()))
            .then(|| window.iter().collect())
    })
}

/// The snippet's fragment with its matched words in `<b>`, escaped. Not tantivy's `to_html`:
/// jieba's overlapping words (专项 inside 专项资金) can give it a range that starts before
/// the fragment and panics; ranges outside the fragment or off a character boundary are
/// dropped, overlapping ones merged (WEB-SEARCH: bad input never an error, no panic).
pub fn marked_html(snippet: &Snippet) -> String {
    let fragment = snippet.fragment();
    let mut ranges: Vec<std::ops::Range<usize>> = snippet
        .highlighted()
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= fragment.len()
                && fragment.is_char_boundary(r.start)
                && fragment.is_char_boundary(r.end)
        })
        .cloned()
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut html = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for range in ranges {
        let start = range.start.max(at);
        if start >= range.end {
            continue;
        }
        html.push_str(&escape(&fragment[at..start]));
        html.push_str("<b>");
        html.push_str(&escape(&fragment[start..range.end]));
        html.push_str("</b>");
        at = range.end;
    }
    html.push_str(&escape(&fragment[at..]));
    html
}

/// Minimal HTML escaping.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
