//! The ways a query can match (WEB-SEARCH). A parsed query becomes one or more ways, each a
//! set of terms a document must all hold, so that every search is an intersection of terms
//! that tantivy prunes by block-max WAND instead of scoring every document that holds a common
//! word: the words of the query in the combined text (the title counted three times, then the
//! body); a quoted phrase as the shingles of its consecutive words; Latin letters as a word,
//! as pinyin syllables or as initials (shingles of up to three, in the title's sound fields);
//! each synonym group's other phrasings as further ways. Built piece by piece, never parsed
//! from what was typed.

use tantivy::Term;
use tantivy::tokenizer::{TokenStream as _, Tokenizer as _};

use crate::index::Fields;
use crate::query::{Parsed, Part};
use crate::shingle;
use crate::synonyms::Synonyms;
use crate::text;

/// One way to match: every term, the score multiplied by `weight`.
#[derive(Debug, Clone)]
pub struct Way {
    pub terms: Vec<Term>,
    pub weight: f32,
}

/// What a query asks.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub ways: Vec<Way>,
    /// The words to mark in titles and snippets.
    pub marks: Vec<String>,
    /// The synonyms searched too.
    pub alternatives: Vec<String>,
}

/// The words of a text as a query reads them (jieba, longest words, lower case).
pub fn words(text: &str) -> Vec<String> {
    let mut tokenizer = tantivy_jieba::JiebaTokenizer::with_search_mode(false);
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        if token.text.chars().any(char::is_alphanumeric) {
            out.push(token.text.to_lowercase());
        }
    }
    out
}

/// Syllables or initials in order, as the sound fields index them: one alone, two as their
/// shingle, more as every shingle of three.
pub fn sound_terms(field: tantivy::schema::Field, sounds: &[String]) -> Vec<Term> {
    let texts: Vec<String> = match sounds {
        [] => Vec::new(),
        [one] => vec![one.clone()],
        [_, _] => vec![shingle::join(sounds)],
        _ => sounds.windows(3).map(shingle::join).collect(),
    };
    dedup(texts)
        .into_iter()
        .map(|text| Term::from_field_text(field, &text))
        .collect()
}

fn dedup(mut texts: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts.retain(|text| seen.insert(text.clone()));
    texts
}

fn terms_of(field: tantivy::schema::Field, texts: Vec<String>) -> Vec<Term> {
    dedup(texts)
        .into_iter()
        .map(|text| Term::from_field_text(field, &text))
        .collect()
}

/// The texts a phrase is found by: its one word, or the shingles of its consecutive words.
fn phrase_texts(found: &[String]) -> Vec<String> {
    match found {
        [one] => vec![one.clone()],
        _ => found.windows(2).map(shingle::join).collect(),
    }
}

/// WEB-SEARCH: the plan of `parsed`.
pub fn plan(fields: &Fields, parsed: &Parsed, synonyms: &Synonyms) -> Plan {
    let mut out = Plan::default();
    let has_han = parsed
        .parts
        .iter()
        .any(|part| !matches!(part, Part::Latin(_)));
    if !has_han {
        latin_ways(fields, parsed, &mut out);
        return out;
    }
    // The terms of each Chinese part, and the other phrasings of each words part.
    let mut parts: Vec<Vec<Term>> = Vec::new();
    let mut swaps: Vec<(usize, String, Vec<Term>)> = Vec::new();
    for part in &parsed.parts {
        match part {
            Part::Words(text) => {
                let found = words(text);
                if found.is_empty() {
                    continue;
                }
                out.marks.extend(found.iter().cloned());
                for other in synonyms.alternatives(text) {
                    let theirs = words(&other);
                    if !theirs.is_empty() {
                        out.marks.extend(theirs.iter().cloned());
                        swaps.push((parts.len(), other, terms_of(fields.all, theirs)));
                    }
                }
                parts.push(terms_of(fields.all, found));
            }
            Part::Phrase(text) => {
                let found = words(text);
                if found.is_empty() {
                    continue;
                }
                out.marks.extend(found.iter().cloned());
                parts.push(terms_of(fields.all, phrase_texts(&found)));
            }
            Part::Latin(_) => {}
        }
    }
    if parts.is_empty() {
        return out;
    }
    let base: Vec<Term> = parts.concat();
    // Latin letters beside Chinese words only lift (`title:社保卡` finds 社保卡).
    for part in &parsed.parts {
        if let Part::Latin(word) = part {
            let mut terms = base.clone();
            terms.push(Term::from_field_text(fields.all, word));
            out.marks.push(word.clone());
            out.ways.push(Way { terms, weight: 1.0 });
        }
    }
    for (at, other, terms) in swaps {
        let mut replaced = parts.clone();
        replaced[at] = terms;
        out.ways.push(Way {
            terms: replaced.concat(),
            weight: 1.0,
        });
        out.alternatives.push(other);
    }
    out.ways.push(Way {
        terms: base,
        weight: 1.0,
    });
    out
}

/// Only Latin letters: the words as typed, the letters as pinyin syllables (`shebaoka`, or
/// `she bao ka` typed apart) and as initials (`sbk`).
fn latin_ways(fields: &Fields, parsed: &Parsed, out: &mut Plan) {
    let typed: Vec<String> = parsed
        .parts
        .iter()
        .filter_map(|part| match part {
            Part::Latin(word) => Some(word.to_lowercase()),
            _ => None,
        })
        .collect();
    if typed.is_empty() {
        return;
    }
    out.marks.extend(typed.iter().cloned());
    out.ways.push(Way {
        terms: terms_of(fields.all, typed.clone()),
        weight: 1.0,
    });
    let syllables: Option<Vec<String>> = typed
        .iter()
        .map(|word| text::syllables_of_latin(word))
        .collect::<Option<Vec<_>>>()
        .map(|all| all.concat());
    if let Some(syllables) = syllables.filter(|s| !s.is_empty()) {
        out.ways.push(Way {
            terms: sound_terms(fields.py, &syllables),
            weight: 2.0,
        });
    }
    let letters: String = typed.concat();
    if text::could_be_initials(&letters) {
        let letters: Vec<String> = letters.chars().map(|c| c.to_string()).collect();
        out.ways.push(Way {
            terms: sound_terms(fields.ini, &letters),
            weight: 1.5,
        });
    }
}
