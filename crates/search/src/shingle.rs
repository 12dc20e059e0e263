//! Shingles (WEB-SEARCH): a token filter that adds, beside each token, the tokens joined with
//! the ones that follow it directly in the text (two, or up to `longest`), at the first one's
//! position. A phrase, a run of pinyin syllables or of initials is then found as one or a few
//! terms of the index (an intersection tantivy prunes by block-max WAND) instead of a
//! positional phrase that must visit every document holding its common words. Elasticsearch's
//! `index_phrases` does the same for the same reason. Tokens without a letter or digit
//! (punctuation) are indexed but never joined, nor are words inside a longer word. A code of
//! Latin letters and digits with marks inside (`gz-office/01/2026-00001`, a 索引号) is cut
//! into its pieces first, as a query reads it (every mark a separator).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// What joins the parts of a shingle (a control character: a query never contains one).
pub const JOIN: char = '\u{1f}';

/// The shingle of `parts`, as indexed.
pub fn join<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            out.push(JOIN);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// The filter: shingles of 2 to `longest` (at most 3) tokens that follow each other with at most `gap`
/// bytes between them (a space between syllables; none between the words of a text).
#[derive(Debug, Clone, Copy)]
pub struct Shingles {
    pub longest: usize,
    pub gap: usize,
}

impl TokenFilter for Shingles {
    type Tokenizer<T: Tokenizer> = ShingleTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> ShingleTokenizer<T> {
        ShingleTokenizer {
            inner,
            shingles: self,
            tokens: Vec::new(),
        }
    }
}

/// The tokenizer with the filter applied.
#[derive(Debug, Clone)]
pub struct ShingleTokenizer<T> {
    inner: T,
    shingles: Shingles,
    tokens: Vec<Token>,
}

/// Whether a token is a code to cut: ASCII, with a letter or digit and a mark.
fn is_code(token: &Token) -> bool {
    let text = &token.text;
    text.is_ascii()
        && text.chars().any(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| !c.is_ascii_alphanumeric())
}

/// Cuts each code into its runs of letters and digits, at the code's position.
fn split_codes(tokens: &mut Vec<Token>) {
    if !tokens.iter().any(is_code) {
        return;
    }
    let mut out = Vec::with_capacity(tokens.len() + 4);
    for token in tokens.drain(..) {
        if !is_code(&token) {
            out.push(token);
            continue;
        }
        // ASCII: each mark is one byte, and the text's bytes are the original's.
        let mut from = token.offset_from;
        for piece in token.text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !piece.is_empty() {
                out.push(Token {
                    offset_from: from,
                    offset_to: from + piece.len(),
                    position: token.position,
                    text: piece.to_owned(),
                    position_length: 1,
                });
            }
            from += piece.len() + 1;
        }
    }
    *tokens = out;
}

fn is_word(token: &Token) -> bool {
    token.text.chars().any(char::is_alphanumeric)
}

/// The words (by index into `tokens`) that start right where `word` ends, at most `gap`
/// bytes later; `starts` is sorted by start.
fn following<'a>(
    tokens: &'a [Token],
    starts: &'a [usize],
    word: usize,
    gap: usize,
) -> impl Iterator<Item = usize> + 'a {
    let end = tokens[word].offset_to;
    let first = starts.partition_point(|&n| tokens[n].offset_from < end);
    starts[first..]
        .iter()
        .copied()
        .take_while(move |&n| tokens[n].offset_from <= end + gap)
}

fn shingle(tokens: &[Token], chain: &[usize]) -> Token {
    let first = &tokens[chain[0]];
    let last = &tokens[chain[chain.len() - 1]];
    let mut text = String::with_capacity(chain.iter().map(|n| tokens[*n].text.len() + 1).sum());
    for (k, n) in chain.iter().enumerate() {
        if k > 0 {
            text.push(JOIN);
        }
        text.push_str(&tokens[*n].text);
    }
    Token {
        offset_from: first.offset_from,
        offset_to: last.offset_to,
        position: first.position,
        text,
        position_length: chain.len(),
    }
}

impl<T: Tokenizer> Tokenizer for ShingleTokenizer<T> {
    type TokenStream<'a> = ShingleStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShingleStream<'a> {
        self.tokens.clear();
        let mut stream = self.inner.token_stream(text);
        while stream.advance() {
            self.tokens.push(stream.token().clone());
        }
        split_codes(&mut self.tokens);
        let tokens = &self.tokens;
        // Only the outermost words are joined: in jieba's search mode a long word comes with
        // the shorter words inside it, and a query's phrase is cut into the long ones.
        let mut starts: Vec<usize> = (0..tokens.len()).filter(|&n| is_word(&tokens[n])).collect();
        starts.sort_by_key(|&n| {
            (
                tokens[n].offset_from,
                std::cmp::Reverse(tokens[n].offset_to),
            )
        });
        let mut reach = 0;
        starts.retain(|&n| {
            let outermost = tokens[n].offset_to > reach;
            reach = reach.max(tokens[n].offset_to);
            outermost
        });
        let (longest, gap) = (self.shingles.longest, self.shingles.gap);
        let mut extra = Vec::new();
        for &a in &starts {
            if longest < 2 {
                break;
            }
            for b in following(tokens, &starts, a, gap) {
                extra.push(shingle(tokens, &[a, b]));
                if longest >= 3 {
                    for c in following(tokens, &starts, b, gap) {
                        extra.push(shingle(tokens, &[a, b, c]));
                    }
                }
            }
        }
        self.tokens.append(&mut extra);
        let len = self.tokens.len();
        if len == 0 {
            // Never returned (`advance` answers false first): `token` always has one to show.
            self.tokens.push(Token::default());
        }
        ShingleStream {
            tokens: &mut self.tokens,
            len,
            at: None,
        }
    }
}

/// The tokens and shingles of one text.
pub struct ShingleStream<'a> {
    tokens: &'a mut Vec<Token>,
    len: usize,
    at: Option<usize>,
}

impl TokenStream for ShingleStream<'_> {
    fn advance(&mut self) -> bool {
        let next = self.at.map_or(0, |at| at + 1);
        self.at = Some(next);
        next < self.len
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .at
            .unwrap_or(0)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let at = self
            .at
            .unwrap_or(0)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[at]
    }
}
