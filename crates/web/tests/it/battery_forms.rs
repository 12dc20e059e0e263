//! The battery's view of a page (issue 12, the battery): the forms an HTML page offers, read
//! by a small scanner (`<form>` with its `<input>`, `<textarea>`, `<select>` and named submit
//! buttons, a button's `formaction` as a form of its own), filled with plausible values and
//! encoded as the browser would send them. The scanner reads our own templates, not the web
//! at large: attributes in double or single quotes or bare, no comments inside a form.

use axum::http::Method;

/// What kind of control a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Hidden,
    Text,
    TextArea,
    Number,
    Date,
    Select,
    Radio,
    Checkbox,
    File,
    /// A named submit button (`<button name="decision" value="approve">`).
    Button,
}

/// One named control of a form; radios and buttons of one name are one field with options.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub control: Control,
    /// The value the page gives it (selected option, `value=`, textarea content).
    pub value: String,
    /// The choices of a select, a radio group or a set of buttons.
    pub options: Vec<String>,
    pub required: bool,
}

/// A form as the page offers it.
#[derive(Debug, Clone)]
pub struct HtmlForm {
    pub method: Method,
    /// The concrete action (`/office/hotline/orders/12/sign`), query string removed.
    pub action: String,
    pub multipart: bool,
    /// Every named control but the CSRF token, which the test helpers send themselves.
    pub fields: Vec<Field>,
}

impl HtmlForm {
    /// The names of the fields that carry text typed or chosen by the user (not files).
    pub fn input_names(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|field| field.control != Control::File)
            .map(|field| field.name.clone())
            .collect()
    }

    pub fn files(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|field| field.control == Control::File)
            .map(|field| field.name.clone())
            .collect()
    }
}

/// The value of `name` in a tag's attribute text (`type="text" name="x" required`).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        let key = &tag[start..i];
        if key.is_empty() {
            i += 1;
            continue;
        }
        let value = if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            match bytes.get(i) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let end = tag[i + 1..]
                        .find(char::from(quote))
                        .map_or(tag.len(), |e| i + 1 + e);
                    let value = &tag[i + 1..end];
                    i = end + 1;
                    value
                }
                _ => {
                    let end = tag[i..]
                        .find(|c: char| c.is_ascii_whitespace())
                        .map_or(tag.len(), |e| i + e);
                    let value = &tag[i..end];
                    i = end;
                    value
                }
            }
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(unescape(value));
        }
    }
    None
}

fn has_attribute(tag: &str, name: &str) -> bool {
    attribute(tag, name).is_some()
}

/// Undoes the escaping of our templates (askama) in an attribute or text.
pub fn unescape(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The tags named `tag` in `html`, each as (attribute text, position after the tag).
fn tags<'a>(html: &'a str, tag: &str) -> Vec<(&'a str, usize)> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open) {
        let start = from + at + open.len();
        let next = lower.as_bytes().get(start).copied().unwrap_or(b'>');
        if !(next.is_ascii_whitespace() || next == b'>' || next == b'/') {
            from = start;
            continue;
        }
        let Some(end) = html[start..].find('>') else {
            break;
        };
        found.push((&html[start..start + end], start + end + 1));
        from = start + end + 1;
    }
    found
}

/// Every form of `page`, with each `formaction` button as a form of its own.
pub fn forms(page: &str) -> Vec<HtmlForm> {
    let lower = page.to_ascii_lowercase();
    let mut out = Vec::new();
    for (form_tag, body_start) in tags(page, "form") {
        let body_end = lower[body_start..]
            .find("</form")
            .map_or(page.len(), |e| body_start + e);
        let body = &page[body_start..body_end];
        let method = match attribute(form_tag, "method")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "post" => Method::POST,
            _ => Method::GET,
        };
        let action = attribute(form_tag, "action").unwrap_or_default();
        let multipart = attribute(form_tag, "enctype")
            .is_some_and(|e| e.eq_ignore_ascii_case("multipart/form-data"));
        let (fields, formactions) = controls(body);
        let base = HtmlForm {
            method,
            action: action.split('?').next().unwrap_or_default().to_owned(),
            multipart,
            fields,
        };
        for formaction in formactions {
            out.push(HtmlForm {
                action: formaction,
                ..base.clone()
            });
        }
        out.push(base);
    }
    out
}

fn push_option(fields: &mut Vec<Field>, name: &str, control: Control, value: &str, chosen: bool) {
    match fields.iter_mut().find(|f| f.name == name) {
        Some(field) => {
            field.options.push(value.to_owned());
            if chosen {
                field.value = value.to_owned();
            }
        }
        None => fields.push(Field {
            name: name.to_owned(),
            control,
            value: value.to_owned(),
            options: vec![value.to_owned()],
            required: false,
        }),
    }
}

/// The named controls of a form's body, and the `formaction`s of its buttons.
fn controls(body: &str) -> (Vec<Field>, Vec<String>) {
    let mut fields: Vec<Field> = Vec::new();
    let mut formactions = Vec::new();
    // Controls in document order, so that the page's order is kept.
    let mut found: Vec<(usize, &str, &str)> = Vec::new();
    for kind in ["input", "textarea", "select", "button"] {
        for (tag, after) in tags(body, kind) {
            found.push((after, kind, tag));
        }
    }
    found.sort_by_key(|(at, ..)| *at);
    for (after, kind, tag) in found {
        if let Some(formaction) = attribute(tag, "formaction") {
            formactions.push(formaction);
        }
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        if name == "_csrf" {
            continue;
        }
        let required = has_attribute(tag, "required");
        match kind {
            "input" => {
                let kind = attribute(tag, "type")
                    .unwrap_or_else(|| "text".into())
                    .to_ascii_lowercase();
                let value = attribute(tag, "value").unwrap_or_default();
                let control = match kind.as_str() {
                    "hidden" => Control::Hidden,
                    "number" => Control::Number,
                    "date" => Control::Date,
                    "radio" => Control::Radio,
                    "checkbox" => Control::Checkbox,
                    "file" => Control::File,
                    "submit" | "button" | "reset" | "image" => continue,
                    _ => Control::Text,
                };
                if control == Control::Radio {
                    let chosen = has_attribute(tag, "checked");
                    push_option(&mut fields, &name, control, &value, chosen);
                    if let Some(field) = fields.iter_mut().find(|f| f.name == name) {
                        field.required |= required;
                    }
                    continue;
                }
                let value = if control == Control::Checkbox && value.is_empty() {
                    "on".to_owned()
                } else {
                    value
                };
                fields.push(Field {
                    name,
                    control,
                    options: vec![value.clone()],
                    value,
                    required,
                });
            }
            "textarea" => {
                let content = body[after..]
                    .find("</textarea")
                    .map_or("", |end| &body[after..after + end]);
                fields.push(Field {
                    name,
                    control: Control::TextArea,
                    value: unescape(content),
                    options: Vec::new(),
                    required,
                });
            }
            "select" => {
                let inner = body[after..]
                    .find("</select")
                    .map_or("", |end| &body[after..after + end]);
                let mut options = Vec::new();
                let mut selected = None;
                for (option, option_after) in tags(inner, "option") {
                    let value = attribute(option, "value").unwrap_or_else(|| {
                        let text = &inner[option_after..];
                        unescape(text.split('<').next().unwrap_or_default().trim())
                    });
                    if has_attribute(option, "selected") && selected.is_none() {
                        selected = Some(value.clone());
                    }
                    options.push(value);
                }
                let value = selected
                    .or_else(|| options.first().cloned())
                    .unwrap_or_default();
                fields.push(Field {
                    name,
                    control: Control::Select,
                    value,
                    options,
                    required,
                });
            }
            _ => {
                let value = attribute(tag, "value").unwrap_or_default();
                push_option(&mut fields, &name, Control::Button, &value, false);
            }
        }
    }
    (fields, formactions)
}

/// The value a careful user would give `field`, so that the rest of a form is valid while one
/// field carries a payload: the page's own value, else a text, a number or a working day.
pub fn plausible(field: &Field, working_day: &str) -> String {
    if !field.value.is_empty() {
        return field.value.clone();
    }
    let chosen = matches!(
        field.control,
        Control::Select | Control::Radio | Control::Button
    );
    if let Some(first) = field.options.iter().find(|o| !o.is_empty())
        && chosen
    {
        return first.clone();
    }
    match field.control {
        Control::Number => "1".into(),
        Control::Date => working_day.into(),
        Control::Text | Control::TextArea => "电池测试说明".into(),
        _ => String::new(),
    }
}

/// `(name, value)` pairs of `form` filled plausibly, with `overrides` taking a field's place.
pub fn filled(
    form: &HtmlForm,
    working_day: &str,
    overrides: &[(&str, &str)],
) -> Vec<(String, String)> {
    form.fields
        .iter()
        .filter(|field| field.control != Control::File)
        .map(|field| {
            let value = overrides
                .iter()
                .find(|(name, _)| *name == field.name)
                .map_or_else(|| plausible(field, working_day), |(_, v)| (*v).to_owned());
            (field.name.clone(), value)
        })
        .collect()
}

/// An urlencoded body of `pairs`, with `raw` (already percent-encoded bytes, such as
/// `%C3%28`) as the value of the field named in it, unencoded.
pub fn urlencoded(pairs: &[(String, String)], raw: Option<(&str, &str)>) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = match raw {
                Some((raw_name, raw_value)) if raw_name == name => raw_value.to_owned(),
                _ => form_urlencoded::byte_serialize(value.as_bytes()).collect(),
            };
            format!(
                "{}={value}",
                form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn the_scanner_reads_our_templates_controls() {
    let page = r#"<form class="stack" method="post" action="/office/x/1/act" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="t"><input type="hidden" name="version" value="3">
      <select id="c" name="class"><option value="a">A</option><option value="b" selected>B</option></select>
      <textarea name="note" required>old &lt;b&gt;</textarea>
      <label><input type="radio" name="finding" value="yes" required> y</label>
      <label><input type="radio" name="finding" value="no"> n</label>
      <input type="checkbox" name="sealed" value="1"><input type="file" name="scan">
      <button type="submit" name="decision" value="approve">ok</button>
      <button type="submit" formaction="/office/x/1/other">other</button>
    </form><form method="get" action="/kb?x=1"><input name=q></form>"#;
    let found = forms(page);
    assert_eq!(found.len(), 3);
    let other = &found[0];
    assert_eq!(other.action, "/office/x/1/other");
    let form = &found[1];
    assert_eq!((form.method.clone(), form.multipart), (Method::POST, true));
    let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "version", "class", "note", "finding", "sealed", "scan", "decision"
        ]
    );
    assert_eq!(form.fields[1].value, "b");
    assert_eq!(form.fields[2].value, "old <b>");
    assert_eq!(form.fields[3].options, ["yes", "no"]);
    assert!(form.fields[3].required);
    assert_eq!(form.files(), ["scan"]);
    let search = &found[2];
    assert_eq!(
        (search.method.clone(), search.action.as_str()),
        (Method::GET, "/kb")
    );
    assert_eq!(search.fields[0].name, "q");
    let body = urlencoded(
        &filled(form, "2030-01-02", &[("note", "a&b")]),
        Some(("class", "%C3%28")),
    );
    assert_eq!(
        body,
        "version=3&class=%C3%28&note=a%26b&finding=yes&sealed=1&decision=approve"
    );
}
