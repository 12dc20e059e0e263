//! A tolerant reading of one HTML page for the inspector (WEB-INSPECT): its text (scripts and
//! styles left out, a line break at block elements so that the cells of a table do not run
//! together), its links with the element each sits in, the elements with their parents, the
//! page's own `<style>` sheets and `<link rel=stylesheet>` addresses, and `<base href>`.
//! html5ever's tokenizer reads any input, however malformed; the open elements are tracked on
//! a stack with the common implied end tags (`p`, `li`, `td`, `tr`, `option`), so a hiding
//! ancestor is found without a full tree builder. Pure.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::css::Rules;

/// An element of the page: what the stylesheet rules select on, and its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub tag: String,
    pub id: Option<String>,
    pub class: String,
    pub style: Option<String>,
    pub parent: Option<usize>,
}

/// A link (`<a href>`, `<area href>`) and the element it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub element: usize,
}

/// What the inspector reads of a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub elements: Vec<Element>,
    pub links: Vec<Link>,
    /// The text a reader may read (and what hides in it): the page's words and numbers.
    pub text: String,
    /// The contents of the page's `<style>` elements.
    pub styles: Vec<String>,
    /// The `href` of each `<link rel="stylesheet">`.
    pub stylesheets: Vec<String>,
    /// The first `<base href>`.
    pub base: Option<String>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "title",
    "option",
    "select",
    "tfoot",
    "caption",
    "figcaption",
];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "form",
    "hr",
];

#[derive(Default)]
struct State {
    page: Page,
    stack: Vec<usize>,
    /// Inside `<script>`: text skipped; inside `<style>`: text collected.
    raw: Option<RawText>,
    style: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RawText {
    Script,
    Style,
}

struct Sink {
    state: RefCell<State>,
}

fn attribute(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|attribute| &*attribute.name.local == name)
        .map(|attribute| attribute.value.to_string())
}

impl State {
    /// Pops the open elements down to and with the last `tag` open, when `tag` is open above
    /// any of `barriers`.
    fn close(&mut self, tag: &str, barriers: &[&str]) {
        let elements = &self.page.elements;
        let position = self.stack.iter().rposition(|&index| {
            elements
                .get(index)
                .is_some_and(|element| element.tag == tag)
        });
        let Some(position) = position else {
            return;
        };
        let blocked = self.stack[position + 1..].iter().any(|&index| {
            elements
                .get(index)
                .is_some_and(|element| barriers.contains(&element.tag.as_str()))
        });
        if !blocked {
            self.stack.truncate(position);
        }
    }

    fn start(&mut self, tag: &Tag) -> Option<RawKind> {
        let name = tag.name.to_string().to_ascii_lowercase();
        // The implied end tags of malformed (or merely terse) HTML.
        if CLOSES_P.contains(&name.as_str()) {
            self.close("p", &["div", "table", "li", "td", "th"]);
        }
        match name.as_str() {
            "li" => self.close("li", &["ul", "ol"]),
            "td" | "th" => {
                self.close("td", &["tr", "table"]);
                self.close("th", &["tr", "table"]);
            }
            "tr" => self.close("tr", &["table"]),
            "option" => self.close("option", &["select"]),
            _ => {}
        }
        if BLOCK.contains(&name.as_str()) {
            self.page.text.push('\n');
        }
        let index = self.page.elements.len();
        self.page.elements.push(Element {
            tag: name.clone(),
            id: attribute(tag, "id"),
            class: attribute(tag, "class").unwrap_or_default(),
            style: attribute(tag, "style"),
            parent: self.stack.last().copied(),
        });
        match name.as_str() {
            "a" | "area" => {
                if let Some(href) = attribute(tag, "href") {
                    self.page.links.push(Link {
                        href,
                        element: index,
                    });
                }
            }
            "link" => {
                let rel = attribute(tag, "rel")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if rel.split_whitespace().any(|word| word == "stylesheet")
                    && let Some(href) = attribute(tag, "href")
                {
                    self.page.stylesheets.push(href);
                }
            }
            "base" if self.page.base.is_none() => self.page.base = attribute(tag, "href"),
            _ => {}
        }
        if !VOID.contains(&name.as_str()) && !tag.self_closing {
            self.stack.push(index);
        }
        match name.as_str() {
            "script" => {
                self.raw = Some(RawText::Script);
                Some(RawKind::ScriptData)
            }
            "style" => {
                self.raw = Some(RawText::Style);
                Some(RawKind::Rawtext)
            }
            "title" | "textarea" => Some(RawKind::Rcdata),
            "noembed" | "noframes" | "xmp" | "iframe" => Some(RawKind::Rawtext),
            _ => None,
        }
    }

    fn end(&mut self, tag: &Tag) {
        let name = tag.name.to_string().to_ascii_lowercase();
        match (self.raw, name.as_str()) {
            (Some(RawText::Style), "style") => {
                self.page.styles.push(std::mem::take(&mut self.style));
                self.raw = None;
            }
            (Some(RawText::Script), "script") => self.raw = None,
            _ => {}
        }
        self.close(&name, &[]);
        if BLOCK.contains(&name.as_str()) {
            self.page.text.push('\n');
        }
    }

    fn characters(&mut self, text: &StrTendril) {
        match self.raw {
            Some(RawText::Script) => {}
            Some(RawText::Style) => self.style.push_str(text),
            None => self.page.text.push_str(text),
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => {
                    if let Some(kind) = state.start(&tag) {
                        return TokenSinkResult::RawData(kind);
                    }
                }
                TagKind::EndTag => state.end(&tag),
            },
            Token::CharacterTokens(text) => state.characters(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads a page, whatever its HTML.
pub fn parse(html: &str) -> Page {
    let sink = Sink {
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    if state.raw == Some(RawText::Style) {
        let style = std::mem::take(&mut state.style);
        state.page.styles.push(style);
    }
    state.page
}

impl Page {
    /// For each element, why it is hidden (itself or an ancestor), under `rules`.
    pub fn hidden(&self, rules: &Rules) -> Vec<Option<&'static str>> {
        let mut hidden: Vec<Option<&'static str>> = Vec::with_capacity(self.elements.len());
        for element in &self.elements {
            let inherited = element
                .parent
                .and_then(|parent| hidden.get(parent).copied().flatten());
            let own = || {
                if rules.is_empty() && element.style.is_none() {
                    return None;
                }
                rules
                    .style_of(
                        &element.tag,
                        element.id.as_deref(),
                        &element.class,
                        element.style.as_deref(),
                    )
                    .hides()
            };
            hidden.push(inherited.or_else(own));
        }
        hidden
    }
}
