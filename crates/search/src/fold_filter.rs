//! A token filter that folds each token as the index folds text (WEB-SEARCH: traditional →
//! simplified, full width → half width, lower case), keeping the token's offsets in the text
//! it was cut from. Titles and bodies are stored as published and marked through it, so a
//! result shows the original characters (（全角括号）, APP) with the query's words marked.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::text;

/// The filter.
#[derive(Debug, Clone, Copy)]
pub struct Fold;

impl TokenFilter for Fold {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> FoldTokenizer<T> {
        FoldTokenizer { inner }
    }
}

/// The tokenizer with the filter applied.
#[derive(Debug, Clone)]
pub struct FoldTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStream {
            inner: self.inner.token_stream(text),
        }
    }
}

/// The folded tokens of one text.
pub struct FoldStream<S> {
    inner: S,
}

impl<S: TokenStream> TokenStream for FoldStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        token.text = text::fold(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}
