//! The article HTML sanitiser (WEB-REVIEW: what the reviewers approve is what is served;
//! SEC-MLPS: no script on a government site): the editor's HTML is cleaned on the server with
//! ammonia and a fixed allow-list before it is stored. Scripts and style sheets go with their
//! content, event handlers (`on…`) and every attribute not listed go, URLs keep only the
//! `http`, `https`, `mailto` and `tel` schemes or stay relative (an uploaded image), and a
//! `style` attribute keeps only the listed properties (`filter_style_properties`) with no
//! `url(…)` or `expression(…)` in a value. Pure: no IO.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// The elements an article body may use: text structure, lists, tables, links, images.
pub const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "div",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "img",
    "figure",
    "figcaption",
];

/// The CSS properties a `style` attribute keeps (the editor's alignment, indent, colour and
/// emphasis).
pub const STYLE_PROPERTIES: &[&str] = &[
    "text-align",
    "text-indent",
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
    "line-height",
    "width",
    "height",
    "margin-left",
    "padding-left",
    "vertical-align",
];

/// The URL schemes links and images keep; relative URLs pass.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Attributes of particular elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("col", &["span"]),
    ("ol", &["start"]),
];

/// A style value that could load or run something.
fn dangerous_style(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ["url(", "expression(", "javascript:", "@import", "\\"]
        .iter()
        .any(|word| lower.contains(word))
}

static BUILDER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(["style"].into_iter().collect())
        .tag_attributes(tag_attributes)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|_element, attribute, value| {
            if attribute == "style" && dangerous_style(value) {
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    builder
});

/// The article body `html` as it may be stored and served: only the allow-list kept.
pub fn clean(html: &str) -> String {
    BUILDER.clean(html).to_string()
}

/// The text of `html` without its tags, entities of `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&#39;` and `&nbsp;` read back, a line break for each block's end: what the content check
/// reads.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let closing = tag.starts_with('/');
                let name = tag
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let ends_line = closing || matches!(name.as_str(), "br" | "hr");
                if ends_line && BLOCKS.contains(&name.as_str()) {
                    text.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => text.push(c),
        }
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The elements whose end ends a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "tr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "caption",
    "figcaption",
    "table",
];
