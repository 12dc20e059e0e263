//! Searching (WEB-SEARCH): a request's plan (see [`crate::plan`]) is run once over the valid
//! documents and once over the abolished ones, which always come after them (an abolished
//! document ranks below its successor, and says so, PUB-ABOLISH). Each way is a pure
//! intersection of terms, so tantivy returns the best of each way by block-max WAND without
//! scoring every match; the candidates of all ways are merged, lifted a little when published
//! in the last year, and taken until no document left out could rank higher (so every page is
//! exact, whatever page is asked). The total is exact up to [`COUNT_CAP`], then "at least"
//! (as Elasticsearch's `track_total_hits`). When nothing is found the Chinese
//! characters are searched by their sound (a homophone typed by mistake) and the page says
//! 您是不是要找.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::time::Instant as Clock;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value as _};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, DocSet as _, Score, Searcher, TERMINATED, TantivyDocument, Term};

use crate::doc::Kind;
use crate::index::{self, Engine};
use crate::plan::{self, Plan, Way};
use crate::query;
use crate::text;
use crate::title_marks;

/// Results on one page.
pub const PER_PAGE: usize = 10;
/// The last page a query can ask for.
pub const MAX_PAGE: usize = 50;
/// The most matches of one way ranked for a page (its best by score alone).
const MAX_CANDIDATES: usize = 4 * PER_PAGE * MAX_PAGE;
/// Matches are counted exactly up to this many (more than every page holds); beyond, the
/// total says "at least" (以上).
pub const COUNT_CAP: usize = 1_000;
/// A year, for the freshness lift.
const YEAR_MILLIS: i64 = 365 * 24 * 3600 * 1000;
/// The lift of a document published in the last year.
const FRESH_LIFT: Score = 0.5;

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
    /// How many documents match: exact when `total_exact`, else at least this many.
    pub total: usize,
    pub total_exact: bool,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// 您是不是要找: the query with the homophone corrected, when the results are for it.
    pub corrected: Option<String>,
    /// The synonyms searched too.
    pub alternatives: Vec<String>,
}

/// The ranked matches of one pass (valid or abolished documents).
struct Ranked {
    docs: Vec<DocAddress>,
    total: usize,
    exact: bool,
}

fn term_query(term: Term, weight: Score) -> Box<dyn Query> {
    let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    if (weight - 1.0).abs() > f32::EPSILON {
        // On each term, not around the conjunction: a boosted term is still a term scorer,
        // so the intersection stays eligible for block-max WAND.
        Box::new(BoostQuery::new(query, weight))
    } else {
        query
    }
}

impl Engine {
    /// The filters that are terms (kind, site, unit).
    fn filter_terms(&self, request: &Request) -> Vec<Term> {
        let f = &self.fields;
        let mut out = Vec::new();
        if let Some(kind) = request.kind {
            out.push(Term::from_field_text(f.kind, kind.code()));
        }
        if let Some(site) = request.site.as_deref().filter(|s| !s.is_empty()) {
            out.push(Term::from_field_text(f.site, site));
        }
        if let Some(unit) = request.unit {
            out.push(Term::from_field_text(f.unit, &unit.to_string()));
        }
        out
    }

    fn dates(&self, request: &Request) -> Option<RangeQuery> {
        if request.from.is_none() && request.until.is_none() {
            return None;
        }
        let f = self.fields.date;
        let lower = request.from.map_or(Bound::Unbounded, |at| {
            Bound::Included(Term::from_field_i64(f, at))
        });
        let upper = request.until.map_or(Bound::Unbounded, |at| {
            Bound::Excluded(Term::from_field_i64(f, at))
        });
        Some(RangeQuery::new(lower, upper))
    }

    /// One way over the valid or the abolished documents, with the request's filters.
    fn way_query(&self, way: &Way, request: &Request, valid: bool) -> Box<dyn Query> {
        let state = Term::from_field_text(self.fields.valid, if valid { "1" } else { "0" });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = way
            .terms
            .iter()
            .cloned()
            .chain(self.filter_terms(request))
            .chain(std::iter::once(state))
            .map(|term| (Occur::Must, term_query(term, way.weight)))
            .collect();
        if let Some(dates) = self.dates(request) {
            clauses.push((Occur::Must, Box::new(dates)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The first `wanted` matches of `plan` among the valid or the abolished documents, in
    /// their final order (score, lifted when fresh), and how many match.
    fn ranked(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        request: &Request,
        valid: bool,
        wanted: usize,
    ) -> Result<Ranked> {
        let queries: Vec<Box<dyn Query>> = plan
            .ways
            .iter()
            .map(|way| self.way_query(way, request, valid))
            .collect();
        if wanted == 0 {
            let (total, exact) = capped_count(searcher, &union(queries))?;
            return Ok(Ranked {
                docs: Vec::new(),
                total,
                exact,
            });
        }
        // The best `limit` of each way by score alone are enough when the last wanted one,
        // lifted or not, still scores at least as much as any document left out could with
        // the lift; else more are taken.
        let mut limit = (2 * wanted).max(2 * PER_PAGE);
        loop {
            let mut best: HashMap<DocAddress, Score> = HashMap::new();
            let mut complete = true;
            let mut left_out: Score = 0.0;
            for query in &queries {
                let top = searcher
                    .search(query.as_ref(), &TopDocs::with_limit(limit).order_by_score())?;
                if top.len() >= limit {
                    complete = false;
                    left_out = left_out.max(top.last().map_or(0.0, |(score, _)| *score));
                }
                for (score, address) in top {
                    let known = best.entry(address).or_insert(score);
                    *known = known.max(score);
                }
            }
            let dated = self.lifted(searcher, best, request.now)?;
            let settled = complete
                || dated
                    .get(wanted - 1)
                    .is_some_and(|(score, _, _)| *score >= left_out + FRESH_LIFT);
            if settled || limit >= MAX_CANDIDATES {
                let (total, exact) = if complete {
                    (dated.len(), true)
                } else {
                    capped_count(searcher, &union(queries))?
                };
                let docs = dated
                    .into_iter()
                    .take(wanted)
                    .map(|(_, _, address)| address)
                    .collect();
                return Ok(Ranked { docs, total, exact });
            }
            limit = (limit * 4).min(MAX_CANDIDATES);
        }
    }

    /// Candidates with their final score (lifted when published in the last year), best
    /// first; equal ones newest first.
    fn lifted(
        &self,
        searcher: &Searcher,
        best: HashMap<DocAddress, Score>,
        now: i64,
    ) -> Result<Vec<(Score, i64, DocAddress)>> {
        let fresh_since = now - YEAR_MILLIS;
        let mut dated: Vec<(Score, i64, DocAddress)> = Vec::with_capacity(best.len());
        let mut columns = HashMap::new();
        for (address, score) in best {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .i64(index::DATE)?,
                ),
            };
            let date = column.first(address.doc_id).unwrap_or_default();
            let lift = if date >= fresh_since { FRESH_LIFT } else { 0.0 };
            dated.push((score + lift, date, address));
        }
        dated.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        Ok(dated)
    }

    /// The documents of page `page` of `plan`: valid ones first, then the abolished.
    fn run(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        request: &Request,
        page: usize,
    ) -> Result<(usize, bool, Vec<DocAddress>)> {
        if plan.ways.is_empty() {
            return Ok((0, true, Vec::new()));
        }
        let through = page * PER_PAGE;
        let valid = self.ranked(searcher, plan, request, true, through)?;
        if !valid.exact {
            // More valid documents than are ever shown: the abolished never reach a page.
            let docs = valid.docs.into_iter().skip(through - PER_PAGE).collect();
            return Ok((valid.total, false, docs));
        }
        let rest = through.saturating_sub(valid.total);
        let abolished = self.ranked(searcher, plan, request, false, rest)?;
        let docs = valid
            .docs
            .into_iter()
            .chain(abolished.docs)
            .skip(through - PER_PAGE)
            .take(PER_PAGE)
            .collect();
        Ok((valid.total + abolished.total, abolished.exact, docs))
    }

    /// WEB-SEARCH: the answer to `request`. Bad input is never an error: an empty or
    /// unsearchable query answers no results.
    pub fn search(&self, request: &Request) -> Result<Answer> {
        let started = Clock::now();
        let parsed = query::parse(&request.query);
        let mut answer = Answer {
            query: parsed.display(),
            total_exact: true,
            ..Answer::default()
        };
        let plan = {
            let synonyms = self
                .synonyms
                .read()
                .map_err(|_| anyhow::anyhow!("synonyms"))?;
            plan::plan(&self.fields, &parsed, &synonyms)
        };
        if plan.ways.is_empty() {
            answer.took_ms = started.elapsed().as_secs_f64() * 1000.0;
            return Ok(answer);
        }
        let searcher = self.reader.searcher();
        let page = request.page.clamp(1, MAX_PAGE);
        let (total, exact, docs) = self.run(&searcher, &plan, request, page)?;
        answer.total = total;
        answer.total_exact = exact;
        answer.hits = self.hits(&searcher, &docs, &plan.marks)?;
        answer.alternatives = plan.alternatives;
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
        let plan = Plan {
            ways: vec![Way {
                terms: plan::sound_terms(self.fields.py, &syllables),
                weight: 1.0,
            }],
            ..Plan::default()
        };
        let (total, exact, docs) = self.run(searcher, &plan, request, page)?;
        let Some(first) = docs.first() else {
            return Ok(());
        };
        let title = self.stored_text(searcher, *first, self.fields.title)?;
        let Some(found) = same_sounds(&title, &syllables).map(|found| text::fold(&found)) else {
            return Ok(());
        };
        if found == han {
            return Ok(());
        }
        answer.corrected = Some(answer.query.replacen(&han, &found, 1));
        answer.total = total;
        answer.total_exact = exact;
        answer.hits = self.hits(searcher, &docs, &plan::words(&found))?;
        Ok(())
    }

    fn stored_text(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        field: Field,
    ) -> Result<String> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(doc
            .get_first(field)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .to_owned())
    }

    /// The hits of `docs`, with `marks` marked in titles and snippets.
    fn hits(&self, searcher: &Searcher, docs: &[DocAddress], marks: &[String]) -> Result<Vec<Hit>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        // Rarer words weigh more in choosing the passage (as tantivy's own generator does).
        let mut weights: BTreeMap<String, Score> = BTreeMap::new();
        for mark in marks {
            let freq = searcher.doc_freq(&Term::from_field_text(self.fields.all, mark))?;
            weights.insert(mark.clone(), 1.0 / (1.0 + freq as Score));
        }
        let body = SnippetGenerator::new(weights, index::words_analyzer(), self.fields.body, 120);
        docs.iter()
            .map(|address| self.hit(searcher, *address, marks, &body))
            .collect()
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        marks: &[String],
        body_snippets: &SnippetGenerator,
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
        let title_html = title_marks::mark_words(&title, marks)
            .or_else(|| title_marks::mark_sounds(&title, marks))
            .unwrap_or_else(|| escape(&title));
        let body = text_of(f.body);
        let passage = around_first(&body, marks);
        let snippet = guarded(&|| body_snippets.snippet(passage));
        let snippet_html = if snippet.is_empty() {
            escape(&body.chars().take(120).collect::<String>())
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

/// The passage of `body` where the first of `marks` stands (from a little before it), so
/// only that much is cut into words to choose the snippet; the body's start when none does.
fn around_first<'a>(body: &'a str, marks: &[String]) -> &'a str {
    const BEFORE: usize = 60;
    const LENGTH: usize = 360;
    let first = marks
        .iter()
        .filter(|mark| !mark.is_empty())
        .filter_map(|mark| body.find(mark.as_str()))
        .min()
        .unwrap_or(0);
    let start = body[..first]
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(at, _)| at);
    let end = body[start..]
        .char_indices()
        .nth(LENGTH)
        .map_or(body.len(), |(at, _)| start + at);
    &body[start..end]
}

/// Any of `queries`.
fn union(queries: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect())
}

/// Counts the documents `query` matches, stopping at [`COUNT_CAP`]: (count, exact).
fn capped_count(searcher: &Searcher, query: &dyn Query) -> Result<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                count += 1;
                if count >= COUNT_CAP {
                    return Ok((count, false));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok((count, true))
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
