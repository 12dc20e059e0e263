//! Hidden links (WEB-INSPECT, 暗链): the declarations that hide an element from a reader —
//! `display:none`, `visibility:hidden`, zero width or height with `overflow:hidden`,
//! off-screen absolute positioning (`left`/`top` ≤ −999px, or `text-indent` that far),
//! `font-size:0` — read from an inline `style` and from the simple rules of the page's own
//! `<style>` and same-host stylesheets (`.class`, `#id`, `tag`, `tag.class`, `tag#id`; a
//! selector list is split; anything more complex and `@media` blocks are skipped: no CSS
//! engine). Pure.

use std::collections::HashMap;

/// How far off screen a position must be to hide (in px).
const OFF_SCREEN_PX: f64 = -999.0;

/// The declarations that matter for hiding, as last set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    display: Option<String>,
    visibility: Option<String>,
    width: Option<String>,
    height: Option<String>,
    overflow: Option<String>,
    position: Option<String>,
    left: Option<String>,
    top: Option<String>,
    font_size: Option<String>,
    text_indent: Option<String>,
}

/// A length's value in px when it is zero or given in px (`0`, `0px`, `-9999px`, `0em`).
fn px(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
        .trim();
    let unit = &value[number.len()..];
    let parsed: f64 = number.parse().ok()?;
    (parsed == 0.0 || unit.is_empty() || unit.eq_ignore_ascii_case("px")).then_some(parsed)
}

fn is_zero(value: &Option<String>) -> bool {
    value.as_deref().and_then(px).is_some_and(|v| v == 0.0)
}

fn off_screen(value: &Option<String>) -> bool {
    value
        .as_deref()
        .and_then(px)
        .is_some_and(|v| v <= OFF_SCREEN_PX)
}

impl Style {
    /// Applies the declarations of `text` (`a: b; c: d`) over what is set.
    pub fn apply(&mut self, text: &str) {
        for declaration in text.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            let value = value
                .trim()
                .trim_end_matches("!important")
                .trim()
                .to_ascii_lowercase();
            let slot = match property.trim().to_ascii_lowercase().as_str() {
                "display" => &mut self.display,
                "visibility" => &mut self.visibility,
                "width" => &mut self.width,
                "height" => &mut self.height,
                "overflow" | "overflow-x" | "overflow-y" => &mut self.overflow,
                "position" => &mut self.position,
                "left" => &mut self.left,
                "top" => &mut self.top,
                "font-size" => &mut self.font_size,
                "text-indent" => &mut self.text_indent,
                _ => continue,
            };
            *slot = Some(value);
        }
    }

    /// Why this style hides its element, if it does (in Chinese).
    pub fn hides(&self) -> Option<&'static str> {
        if self.display.as_deref() == Some("none") {
            return Some("display:none");
        }
        if matches!(self.visibility.as_deref(), Some("hidden" | "collapse")) {
            return Some("visibility:hidden");
        }
        if is_zero(&self.font_size) {
            return Some("font-size:0");
        }
        let clipped = self.overflow.as_deref() == Some("hidden");
        if clipped && (is_zero(&self.width) || is_zero(&self.height)) {
            return Some("零宽高且overflow:hidden");
        }
        let positioned = matches!(self.position.as_deref(), Some("absolute" | "fixed"));
        if positioned && (off_screen(&self.left) || off_screen(&self.top)) {
            return Some("定位到屏幕之外");
        }
        if off_screen(&self.text_indent) {
            return Some("text-indent移出屏幕");
        }
        None
    }
}

/// A simple selector: a tag, a class, an id, or a tag with a class or an id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Selector {
    Tag(String),
    Class(Option<String>, String),
    Id(Option<String>, String),
}

fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

impl Selector {
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let split = text.find(['.', '#']);
        let (tag, rest) = match split {
            Some(at) => (&text[..at], &text[at..]),
            None => (text, ""),
        };
        let tag = (!tag.is_empty()).then(|| tag.to_ascii_lowercase());
        if let Some(tag) = &tag
            && !name_ok(tag)
        {
            return None;
        }
        if let Some(class) = rest.strip_prefix('.') {
            return name_ok(class).then(|| Selector::Class(tag, class.to_owned()));
        }
        if let Some(id) = rest.strip_prefix('#') {
            return name_ok(id).then(|| Selector::Id(tag, id.to_owned()));
        }
        tag.map(Selector::Tag)
    }
}

/// The simple rules of a page's stylesheets, in order.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<(Selector, String)>,
    by_class: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
}

/// `text` without `/* comments */`.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

impl Rules {
    /// Adds the simple rules of a stylesheet; `@media` and other at-rule blocks are skipped.
    pub fn add_sheet(&mut self, css: &str) {
        let css = without_comments(css);
        let mut rest = css.as_str();
        while let Some(open) = rest.find('{') {
            let prelude = rest[..open].trim();
            // The block's end, nested blocks counted.
            let mut depth = 0usize;
            let mut end = None;
            for (offset, c) in rest[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(open + offset);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let end = end.unwrap_or(rest.len());
            let body = rest.get(open + 1..end).unwrap_or("");
            // An at-rule without a block (`@import …;`) before the selector.
            let prelude = prelude.rsplit(';').next().unwrap_or(prelude).trim();
            if !prelude.starts_with('@') && !body.contains('{') {
                for selector in prelude.split(',').filter_map(Selector::parse) {
                    self.push(selector, body.to_owned());
                }
            }
            rest = rest.get(end + 1..).unwrap_or("");
        }
    }

    fn push(&mut self, selector: Selector, body: String) {
        let index = self.rules.len();
        let (map, key) = match &selector {
            Selector::Tag(tag) => (&mut self.by_tag, tag.clone()),
            Selector::Class(_, class) => (&mut self.by_class, class.clone()),
            Selector::Id(_, id) => (&mut self.by_id, id.clone()),
        };
        map.entry(key).or_default().push(index);
        self.rules.push((selector, body));
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The style of an element (`tag`, `id`, `class` attribute, inline `style`): tag rules,
    /// then class rules, then id rules, each in sheet order, then the inline style.
    pub fn style_of(
        &self,
        tag: &str,
        id: Option<&str>,
        classes: &str,
        inline: Option<&str>,
    ) -> Style {
        let mut style = Style::default();
        let tag_matches = |wanted: &Option<String>| wanted.as_deref().is_none_or(|t| t == tag);
        let mut matched: Vec<usize> = Vec::new();
        if let Some(indexes) = self.by_tag.get(tag) {
            matched.extend(indexes);
        }
        let tag_end = matched.len();
        for class in classes.split_whitespace() {
            for &index in self.by_class.get(class).into_iter().flatten() {
                if let Some((Selector::Class(wanted, _), _)) = self.rules.get(index)
                    && tag_matches(wanted)
                {
                    matched.push(index);
                }
            }
        }
        matched[tag_end..].sort_unstable();
        let class_end = matched.len();
        for &index in id.and_then(|id| self.by_id.get(id)).into_iter().flatten() {
            if let Some((Selector::Id(wanted, _), _)) = self.rules.get(index)
                && tag_matches(wanted)
            {
                matched.push(index);
            }
        }
        matched[class_end..].sort_unstable();
        for index in matched {
            if let Some((_, body)) = self.rules.get(index) {
                style.apply(body);
            }
        }
        if let Some(inline) = inline {
            style.apply(inline);
        }
        style
    }
}
