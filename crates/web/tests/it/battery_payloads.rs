//! The battery's hostile input (issue 12, the battery, part two): the payloads, the hostile
//! file names, which payload goes to which field in CI (every payload to every field with
//! `ZHENGWU_BATTERY_FULL=1`), and how a payload is sent into one field of a form, the other
//! fields filled as a careful user would. `battery_input.rs` sends them and judges the answers.

use axum::body::Body;
use axum::http::{Method, Request};
use platform::db::Backend;

use crate::battery_forms;
use crate::battery_targets::Target;
use crate::battery_world::{World, send_form};
use crate::common::Answer;

/// A hostile value, and the text that must never come back raw in an HTML answer.
pub struct Payload {
    pub name: &'static str,
    pub value: Value,
    pub raw_marker: Option<&'static str>,
}

pub enum Value {
    Text(String),
    /// Bytes already percent-encoded, sent as they are (invalid UTF-8).
    Encoded(&'static str),
}

impl Payload {
    pub fn text(&self) -> String {
        match &self.value {
            Value::Text(text) => text.clone(),
            Value::Encoded(encoded) => (*encoded).to_owned(),
        }
    }

    pub fn is_big(&self) -> bool {
        self.name == "1 MB"
    }
}

pub fn text(name: &'static str, value: &str, raw_marker: Option<&'static str>) -> Payload {
    Payload {
        name,
        value: Value::Text(value.to_owned()),
        raw_marker,
    }
}

/// The payload list of the battery.
pub fn payloads() -> Vec<Payload> {
    vec![
        text(
            "XSS polyglot",
            "\"><svg/onload=alert(1)>",
            Some("<svg/onload"),
        ),
        text(
            "script tag",
            "<script>alert(1)</script>",
            Some("<script>alert"),
        ),
        text(
            "attribute breakout",
            "' autofocus onfocus='alert(1)",
            Some("' autofocus onfocus='"),
        ),
        text("quotes and comment", "'\"--", Some("'\"--")),
        text("SQL tautology", "' OR 1=1 --", Some("' OR 1=1")),
        text("SQL statement", "1; DROP TABLE users; --", None),
        text("path traversal", "../../../../etc/passwd", None),
        text("CRLF header injection", "a\r\nSet-Cookie: x=1", None),
        text("NUL", "a\u{0}b", None),
        text("control characters", "a\u{1}b\u{1b}[31m\u{7f}\u{85}c", None),
        text("right-to-left override", "abc\u{202E}gpj.exe", None),
        text("template syntax", "{{7*7}}${7*7}{%raw%}", None),
        text("whitespace only", " \t ", None),
        text("i64 max", "9223372036854775807", None),
        text("i64 min", "-9223372036854775808", None),
        text("beyond i64 max", "9223372036854775808", None),
        text("beyond i64 min", "-9223372036854775809", None),
        text("huge number", "1e309", None),
        text("date out of range", "99999-99-99", None),
        text("date zero", "0000-00-00", None),
        text("date that does not exist", "2026-02-30", None),
        Payload {
            name: "invalid UTF-8",
            value: Value::Encoded("%C3%28%FF"),
            raw_marker: None,
        },
        text("1 MB", &"长".repeat(350_000), None),
    ]
}

/// Payloads for a file field: its file name.
pub const FILE_NAMES: &[(&str, &str)] = &[
    ("XSS file name", "\"><svg onload=alert(1)>.pdf"),
    ("traversal file name", "../../../etc/passwd.pdf"),
];

/// The payloads every field gets in CI; each other payload goes to one field of every form
/// in turn, and the 1 MB string to the first field a user types in.
pub const CORE: &[&str] = &[
    "XSS polyglot",
    "quotes and comment",
    "SQL tautology",
    "NUL",
    "control characters",
    "beyond i64 max",
    "date out of range",
    "invalid UTF-8",
];

/// Payloads whose fate does not depend on the database (markup, paths, headers, bidi text:
/// stored and given back alike by both): in CI they are sent on SQLite only.
pub const RENDERING_ONLY: &[&str] = &[
    "XSS polyglot",
    "script tag",
    "attribute breakout",
    "path traversal",
    "CRLF header injection",
    "right-to-left override",
    "template syntax",
];

/// Whether `payload` (the `nth` of the list) goes to field `index` of `n_fields` of the
/// `form_index`th form on `backend`: every pair with `ZHENGWU_BATTERY_FULL=1`, else a
/// deterministic sample in which every payload reaches every form (on PostgreSQL, every
/// payload the database may treat differently).
pub fn sampled(
    (payload, nth): (&Payload, usize),
    (index, n_fields, big_field): (usize, usize, usize),
    form_index: usize,
    backend: Backend,
) -> bool {
    if full() {
        return true;
    }
    if backend == Backend::Postgres && RENDERING_ONLY.contains(&payload.name) {
        return false;
    }
    if payload.is_big() {
        return index == big_field;
    }
    CORE.contains(&payload.name) || (nth + form_index) % n_fields.max(1) == index
}

/// Whether every payload goes to every field (`ZHENGWU_BATTERY_FULL=1`).
pub fn full() -> bool {
    std::env::var("ZHENGWU_BATTERY_FULL").is_ok_and(|v| v == "1")
}

/// Sends `target`'s form with `field` set to `payload`.
pub async fn attack(world: &World<'_>, target: &Target, field: &str, payload: &Payload) -> Answer {
    let form = &target.form;
    if target.route.starts_with("/open311") && form.method == Method::POST {
        let mut pairs = battery_forms::filled(form, &world.working_day, &[]);
        let raw = match &payload.value {
            Value::Encoded(encoded) => Some((field, *encoded)),
            Value::Text(text) => {
                for pair in &mut pairs {
                    if pair.0 == field {
                        pair.1 = text.clone();
                    }
                }
                None
            }
        };
        let body = battery_forms::urlencoded(&pairs, raw);
        let request = Request::builder()
            .method(Method::POST)
            .uri(&form.action)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        return world.app.send_request(request).await;
    }
    let client = target.who().map(|s| &s.client);
    match &payload.value {
        Value::Text(text) => {
            send_form(
                world.app,
                form,
                client,
                &world.working_day,
                &[(field, text.as_str())],
                None,
            )
            .await
        }
        Value::Encoded(encoded) => {
            send_form(
                world.app,
                form,
                client,
                &world.working_day,
                &[],
                Some((field, encoded)),
            )
            .await
        }
    }
}

/// A file field with a hostile file name.
pub async fn attack_file_name(
    world: &World<'_>,
    target: &Target,
    field: &str,
    name: &str,
) -> Answer {
    let pairs = battery_forms::filled(&target.form, &world.working_day, &[]);
    let fields: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let files: Vec<(String, String)> = target
        .form
        .files()
        .into_iter()
        .map(|f| {
            let file_name = if f == field {
                name.to_owned()
            } else {
                "a.pdf".into()
            };
            (f, file_name)
        })
        .collect();
    let files: Vec<(&str, &str, &[u8])> = files
        .iter()
        .map(|(f, n)| (f.as_str(), n.as_str(), crate::battery_world::PDF))
        .collect();
    world
        .app
        .post_multipart(
            &target.form.action,
            target.who().map(|s| &s.client),
            &fields,
            &files,
        )
        .await
}
