//! The links of an exported page (WEB-ARCHIVE): reads the `href`, `src` and `action` of every
//! tag of a rendered page (the sanitised article bodies included) and writes them again —
//! relative to the page's file, to the live site, or dropped — and leaves out what needs a
//! server: every form (subscribe, search) and the CSRF token's `<meta>`. A small tokenizer
//! of tags and quoted attributes: text, comments and the contents of `<script>` and `<style>`
//! are copied as they are.

/// What becomes of one link.
pub(super) enum Link {
    /// Left as it is (a fragment, an external address, `mailto:`).
    Keep,
    /// Written as this address (a relative file path, or the live site's absolute address).
    To(String),
    /// The attribute is left out (a server page with no live address to point at).
    Drop,
}

/// The attributes that name an address.
const LINKING: &[&str] = &["href", "src", "action"];

struct Attr {
    name: String,
    /// The byte span of the whole attribute (from its name to the end of its value).
    span: (usize, usize),
    /// The span of the value inside its quotes, and the value decoded.
    value: Option<((usize, usize), String)>,
}

struct Tag {
    name: String,
    closing: bool,
    end: usize,
    attrs: Vec<Attr>,
}

/// The tag opening at `start` (`html[start] == '<'`), or `None` when it is no tag.
fn tag_at(html: &str, start: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some(Tag {
                name,
                closing,
                end: i + 1,
                attrs,
            });
        }
        let attr_start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            if bytes[i].is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        let attr_name = html[attr_start..i].to_ascii_lowercase();
        if i == attr_start {
            i += 1;
            continue;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let value_start = i + 1;
                    let end = html[value_start..].find(quote as char)? + value_start;
                    value = Some(((value_start, end), decode(&html[value_start..end])));
                    i = end + 1;
                }
                _ => {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = Some(((value_start, i), decode(&html[value_start..i])));
                }
            }
        }
        attrs.push(Attr {
            name: attr_name,
            span: (attr_start, i),
            value,
        });
    }
}

/// The character references an address may hold as askama and the sanitiser write them.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&#x26;", "&")
        .replace("&amp;", "&")
}

/// `text` as an attribute's value between double quotes.
fn encode(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Walks the tags of `html`: `on_tag` sees each and says whether to keep it; the rewritten
/// page is returned.
fn walk(html: &str, mut on_tag: impl FnMut(&Tag, &mut String, &str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        out.push_str(&html[i..start]);
        if html[start..].starts_with("<!--") {
            let end = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            out.push_str(&html[start..end]);
            i = end;
            continue;
        }
        let Some(tag) = tag_at(html, start) else {
            out.push('<');
            i = start + 1;
            continue;
        };
        let raw = &html[start..tag.end];
        i = tag.end;
        if !tag.closing && tag.name == "form" {
            // Forms need a server: the whole form is left out.
            i = find_ci(html, tag.end, "</form>").map_or(html.len(), |e| e + "</form>".len());
            continue;
        }
        if !on_tag(&tag, &mut out, raw) {
            continue;
        }
        if !tag.closing && (tag.name == "script" || tag.name == "style") {
            let close = format!("</{}", tag.name);
            let end = find_ci(html, i, &close).unwrap_or(html.len());
            out.push_str(&html[i..end]);
            i = end;
        }
    }
    out.push_str(&html[i..]);
    out
}

/// The first `needle` (ASCII, any case) in `html` from `from`.
fn find_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let lower = html[from..].to_ascii_lowercase();
    lower.find(&needle.to_ascii_lowercase()).map(|at| from + at)
}

/// Every address `href`, `src` or `action` names in `html` (decoded), forms left out.
pub(super) fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    walk(html, |tag, _, _| {
        for attr in &tag.attrs {
            if let (true, Some((_, value))) = (LINKING.contains(&attr.name.as_str()), &attr.value) {
                found.push(value.clone());
            }
        }
        true
    });
    found
}

/// `html` with each address rewritten by `link`, the forms and the CSRF `<meta>` left out.
pub(super) fn rewrite(html: &str, mut link: impl FnMut(&str) -> Link) -> String {
    walk(html, |tag, out, raw| {
        if tag.name == "meta"
            && tag.attrs.iter().any(|attr| {
                attr.name == "name" && attr.value.as_ref().is_some_and(|(_, v)| v == "csrf-token")
            })
        {
            return false;
        }
        // Spans are offsets into the whole page; the tag starts at `page_start`.
        let page_start = tag.end - raw.len();
        let mut edits: Vec<((usize, usize), String)> = Vec::new();
        for attr in &tag.attrs {
            let Some(((from, to), value)) = &attr.value else {
                continue;
            };
            if !LINKING.contains(&attr.name.as_str()) {
                continue;
            }
            match link(value) {
                Link::Keep => {}
                Link::To(address) => edits.push(((*from, *to), encode(&address))),
                Link::Drop => {
                    // From the space before the attribute to the end of its value and quote.
                    let (from, to) = attr.span;
                    let space = raw.as_bytes()[from - page_start - 1].is_ascii_whitespace();
                    edits.push(((if space { from - 1 } else { from }, to), String::new()));
                }
            }
        }
        if edits.is_empty() {
            out.push_str(raw);
            return true;
        }
        let mut at = page_start;
        for ((from, to), text) in edits {
            out.push_str(&raw[at - page_start..from - page_start]);
            out.push_str(&text);
            at = to;
        }
        out.push_str(&raw[at - page_start..]);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_links_drops_forms_and_the_token() {
        let page = r#"<head><meta name="csrf-token" content="x"><link rel="stylesheet" href="/static/app.css"></head>
<p>a "quoted" href="/sites/1/" text</p><a href="/sites/1/columns/2?page=2&amp;x=1#top">下一页</a>
<form method="post" action="/sites/1/columns/2/subscribe"><input name="email"></form>
<a class="x" href="/jiucuo">找错</a><img src='/sites/1/articles/3/files/4' alt="图">"#;
        let out = rewrite(page, |href| match href {
            "/static/app.css" => Link::To("static/app.css".into()),
            "/sites/1/columns/2?page=2&x=1#top" => Link::To("a&b.html#top".into()),
            "/jiucuo" => Link::Drop,
            _ => Link::Keep,
        });
        assert!(!out.contains("csrf-token"));
        assert!(!out.contains("<form"));
        assert!(!out.contains("subscribe"));
        assert!(out.contains(r#"href="static/app.css""#));
        assert!(out.contains(r#"href="a&amp;b.html#top""#));
        assert!(out.contains(r#"<a class="x">找错</a>"#), "{out}");
        assert!(out.contains(r#"a "quoted" href="/sites/1/" text"#));
        assert!(out.contains(r#"src='/sites/1/articles/3/files/4'"#));
        assert_eq!(
            links(page),
            vec![
                "/static/app.css",
                "/sites/1/columns/2?page=2&x=1#top",
                "/jiucuo",
                "/sites/1/articles/3/files/4"
            ]
        );
    }
}
