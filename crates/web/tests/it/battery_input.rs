//! The battery, part two (issue 12): hostile input into every field of every form. The forms
//! are found, not listed: every page of the guard table without an id is read as each role
//! its guard lets in, every route with an id gets its object of unit A from
//! [`battery_world::FIXTURES`] and its form from the object's page, and the public pages are
//! read anonymously. A POST route no page offers a form for needs an explicit field list
//! ([`EXPLICIT`]); the battery fails otherwise. Each payload goes into one field at a time,
//! the other fields filled as a careful user would, and the answer must
//! - never be a 5xx,
//! - never carry the payload's markup raw in HTML (nor a header the payload injected),
//! - when refused (4xx, or a page with an error notice), leave the audit head unchanged;
//!
//! when the input is taken, the page that shows it and the page the answer leads to must not
//! carry it raw either (stored XSS), and the form is fetched afresh (a new object) for the
//! next payload. In CI every field gets the [`CORE`] payloads, every other payload goes to one
//! field of each form in turn and the 1 MB string to one field per form, so that every
//! payload reaches every form; on PostgreSQL the payloads whose fate does not depend on the
//! database ([`RENDERING_ONLY`]) are left to SQLite. `ZHENGWU_BATTERY_FULL=1` sends every
//! payload to every field on both.
//! The counts are printed with `eprintln!`.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request};
use platform::db::Backend;
use platform::roles::Role;

use crate::battery_forms::{self, Control, Field, HtmlForm};
use crate::battery_world::{Staff, World, fixture, send_form};
use crate::common::{Answer, TestApp, app_on};

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
    fn text(&self) -> String {
        match &self.value {
            Value::Text(text) => text.clone(),
            Value::Encoded(encoded) => (*encoded).to_owned(),
        }
    }

    fn is_big(&self) -> bool {
        self.name == "1 MB"
    }
}

fn text(name: &'static str, value: &str, raw_marker: Option<&'static str>) -> Payload {
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
const FILE_NAMES: &[(&str, &str)] = &[
    ("XSS file name", "\"><svg onload=alert(1)>.pdf"),
    ("traversal file name", "../../../etc/passwd.pdf"),
];

/// The payloads every field gets in CI; each other payload goes to one field of every form
/// in turn, and the 1 MB string to the first field a user types in.
const CORE: &[&str] = &[
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
const RENDERING_ONLY: &[&str] = &[
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
fn sampled(
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
fn full() -> bool {
    std::env::var("ZHENGWU_BATTERY_FULL").is_ok_and(|v| v == "1")
}

/// The public POST routes (the portal's and Open311's routers, which have no table to read).
pub const PUBLIC_POSTS: &[&str] = &[
    "/hotline",
    "/services/items/{code}/apply",
    "/services/cases/supplement",
    "/services/cases/rate",
    "/hall/rate",
    "/open311/v2/{file}",
];

/// The public pages read for forms, and the role of a session they need (the hall's rating
/// terminal is opened by a window clerk).
const PUBLIC_PAGES: &[(&str, Option<Role>)] = &[
    ("/", None),
    ("/hotline", None),
    ("/kb", None),
    ("/services", None),
    ("/services/items/GZ-SC-0003", None),
    ("/services/items/GZ-SC-0003/apply", None),
    ("/services/cases/query", None),
    ("/services/cases/rate", None),
    ("/hall/rate", Some(Role::WindowClerk)),
    ("/jiucuo", None),
    ("/sitemap", None),
    ("/office/login", None),
];

/// A form no page offers: method, action, who sends it (`None`: anonymous), its fields, and
/// why it is listed.
pub type Explicit = (
    Method,
    &'static str,
    Option<Role>,
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// Forms no page offers (to the sessions the battery holds): the Open311 API (the JSON API
/// at `/api/v1` takes no body and no parameters), the login steps a ready session never sees,
/// the calendar import that follows a preview.
pub const EXPLICIT: &[Explicit] = &[
    (
        Method::GET,
        "/open311/v2/requests.json",
        None,
        &[
            ("service_request_id", "GZ20260101000001"),
            ("service_code", "complaint_report"),
            ("status", "open"),
            ("start_date", "2026-01-01T00:00:00Z"),
            ("end_date", "2026-12-31T00:00:00Z"),
            ("page", "1"),
            ("page_size", "10"),
        ],
        "Open311 clients query without a page (GeoReport v2)",
    ),
    (
        Method::GET,
        "/open311/v2/requests.xml",
        None,
        &[("service_code", "complaint_report"), ("status", "open")],
        "the XML form of the same answer, where markup must be escaped",
    ),
    (
        Method::GET,
        "/open311/v2/services.json",
        None,
        &[("jurisdiction_id", "620702")],
        "Open311 clients query without a page (GeoReport v2)",
    ),
    (
        Method::POST,
        "/open311/v2/requests.json",
        None,
        &[
            ("service_code", "complaint_report"),
            ("lat", "38.93"),
            ("long", "100.45"),
            ("address_string", "甘州区南关小区"),
            ("description", "路灯不亮"),
            ("first_name", "三"),
            ("last_name", "张"),
            ("phone", "13877776666"),
            ("email", "a@example.com"),
            ("media_url", "https://example.com/a.jpg"),
            ("attribute[private]", "no"),
            ("api_key", hotline::open311::DEMO_KEY),
        ],
        "Open311 clients post without a page (GeoReport v2)",
    ),
    (
        Method::POST,
        "/office/login/totp",
        Some(Role::UnitHandler),
        &[("code", "123456")],
        "shown only to a session in the second-factor step",
    ),
    (
        Method::POST,
        "/office/login/enrol",
        Some(Role::UnitHandler),
        &[("code", "123456")],
        "shown only to a session enrolling its second factor",
    ),
    (
        Method::POST,
        "/office/calendar/import",
        Some(Role::SystemAdmin),
        &[("year", "2027"), ("text", "2027-01-01 元旦 休")],
        "offered only with the result of a preview",
    ),
];

/// Routes whose refusal is itself audited by design, so the head may move when refused.
const AUDITED_WHEN_REFUSED: &[(&str, &str)] = &[(
    "/office/login",
    "a failed login is a security event (SEC-AUDIT)",
)];

/// Faults the battery found that are not fixed yet (they lie in files its author may not
/// change): the payload, the backend it fails on, and the ignored test in
/// `battery_findings.rs` that proves the fault. Cases of these are sent and counted but not
/// judged; remove the row with the fix, and the battery judges them again.
const KNOWN_DEFECTS: &[(&str, Backend, &str)] = &[(
    "NUL",
    Backend::Postgres,
    "PostgreSQL refuses U+0000 in text, so every text field and query parameter that reaches \
     it with one is a 500: battery_findings::a_nul_character_in_any_field_is_refused_with_400",
)];

/// Which routes a part of the battery attacks (split so the parts run in parallel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Hotline,
    Services,
    Office,
    Public,
}

impl Part {
    const ALL: [Part; 4] = [Part::Hotline, Part::Services, Part::Office, Part::Public];

    fn covers(self, pattern: &str) -> bool {
        let part = if pattern.starts_with("/office/hotline") {
            Part::Hotline
        } else if pattern.starts_with("/office/services") {
            Part::Services
        } else if pattern.starts_with("/office") {
            Part::Office
        } else {
            Part::Public
        };
        part == self
    }
}

/// Every POST route: the guard table's and the public ones.
fn post_routes() -> Vec<String> {
    web::guard::route_list()
        .into_iter()
        .filter(|(method, _)| *method == Method::POST)
        .map(|(_, path)| path.to_owned())
        .chain(PUBLIC_POSTS.iter().map(|p| (*p).to_owned()))
        .collect()
}

/// Whether the concrete `path` is an instance of `pattern` (`{x}` matches one segment).
fn matches(pattern: &str, path: &str) -> bool {
    let a: Vec<&str> = pattern.split('/').collect();
    let b: Vec<&str> = path.split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
}

fn pattern_of(path: &str, patterns: &[String]) -> Option<String> {
    patterns
        .iter()
        .find(|pattern| matches(pattern, path))
        .cloned()
}

/// How to fetch a form afresh after the previous payload was taken.
#[derive(Clone)]
enum Source {
    /// A page read by a session (or anonymously).
    Page { url: String, who: Option<Staff> },
    /// The form of a route with an id, on a fresh object's page.
    Object { route: &'static str, who: Staff },
    /// No page: the fields are listed; sent by this user (or anonymously).
    Explicit(Option<Staff>),
}

struct Target {
    /// The route pattern the form posts to.
    route: String,
    form: HtmlForm,
    source: Source,
}

impl Target {
    fn who(&self) -> Option<&Staff> {
        match &self.source {
            Source::Page { who, .. } => who.as_ref(),
            Source::Object { who, .. } => Some(who),
            Source::Explicit(who) => who.as_ref(),
        }
    }

    fn key(&self) -> (String, String, Vec<String>) {
        let mut names = self.form.input_names();
        names.sort();
        (self.form.method.to_string(), self.route.clone(), names)
    }
}

/// The form of an id route on a fresh object's page, as the first role that is offered it.
async fn object_form(world: &World<'_>, route: &'static str) -> Option<(HtmlForm, Staff)> {
    let table = web::guard::table();
    let row = table.iter().find(|r| r.path == route)?;
    let fixture = fixture(route);
    let allowed: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| World::guard_allows(&row.guard, *role))
        .collect();
    // Prefer a role scoped to the unit (its page is the one unit A's staff see).
    let mut order: Vec<Role> = allowed
        .iter()
        .copied()
        .filter(|r| !fixture.object.jurisdiction_wide().contains(r))
        .collect();
    order.extend(
        allowed
            .iter()
            .copied()
            .filter(|r| fixture.object.jurisdiction_wide().contains(r)),
    );
    let first = order.first().copied()?;
    let owner = world.staff(first, fixture.object.insider_unit(first)).await;
    let made = world.make(fixture.object, &owner).await;
    let path = made.path(route);
    for role in order {
        let who = world.staff(role, fixture.object.insider_unit(role)).await;
        let page = world.app.get(&made.page, Some(&who.client)).await;
        if let Some(form) = battery_forms::forms(&page.body)
            .into_iter()
            .find(|form| form.action == path)
        {
            return Some((form, who));
        }
    }
    let (body, _) = fixture.fixed_form?;
    let other = made.other.unwrap_or(0).to_string();
    let fields = body
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| {
            let value = match value {
                "{version}" => "0".to_owned(),
                "{other}" => other.clone(),
                v => percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned(),
            };
            hidden(name, &value)
        })
        .collect();
    Some((
        HtmlForm {
            method: Method::POST,
            action: path,
            multipart: false,
            fields,
        },
        owner,
    ))
}

fn hidden(name: &str, value: &str) -> Field {
    Field {
        name: name.to_owned(),
        control: Control::Text,
        value: value.to_owned(),
        options: vec![value.to_owned()],
        required: true,
    }
}

/// The forms of `part`: found on pages and objects, or listed.
async fn targets(world: &World<'_>, part: Part) -> Vec<Target> {
    let app = world.app;
    let posts: Vec<String> = post_routes()
        .into_iter()
        .filter(|p| part.covers(p))
        .collect();
    let table = web::guard::table();
    let mut all_patterns: Vec<String> = table.iter().map(|r| r.path.to_owned()).collect();
    all_patterns.extend(PUBLIC_POSTS.iter().map(|p| (*p).to_owned()));
    all_patterns.extend(
        [
            "/hotline/query",
            "/services/cases/query",
            "/kb",
            "/services",
        ]
        .iter()
        .map(|p| (*p).to_owned()),
    );
    let mut found: Vec<Target> = Vec::new();
    let keep = |target: Target, found: &mut Vec<Target>| {
        if part.covers(&target.route) && !found.iter().any(|t| t.key() == target.key()) {
            found.push(target);
        }
    };
    // Pages without an id, read as every role their guard lets in.
    let mut pages: Vec<(String, Option<Staff>)> = Vec::new();
    for (url, role) in PUBLIC_PAGES {
        let who = match role {
            Some(role) => Some(
                world
                    .staff(*role, crate::battery_world::home_unit(*role))
                    .await,
            ),
            None => None,
        };
        pages.push(((*url).to_owned(), who));
    }
    if part == Part::Public {
        // The supplement form is shown for a case whose applicant was told what is missing.
        let (_, number, code) = world
            .case_ref(crate::battery_world::CaseStage::Noticed)
            .await;
        pages.push((
            format!("/services/cases/supplement?number={number}&code={code}"),
            None,
        ));
    }
    if part != Part::Public {
        for row in table
            .iter()
            .filter(|r| r.method == Method::GET && !r.path.contains('{'))
        {
            if row.path.ends_with(".xlsx") || row.path.starts_with("/office/login") {
                continue;
            }
            for role in Role::ALL {
                if World::guard_allows(&row.guard, role) {
                    let who = world
                        .staff(role, crate::battery_world::home_unit(role))
                        .await;
                    pages.push((row.path.to_owned(), Some(who)));
                }
            }
        }
    }
    for (url, who) in pages {
        let page = app.get(&url, who.as_ref().map(|s| &s.client)).await;
        for form in battery_forms::forms(&page.body) {
            let Some(route) = pattern_of(&form.action, &all_patterns) else {
                continue;
            };
            if route.contains('{') && route.starts_with("/office") {
                continue; // an id route: its form comes from its object's fixture
            }
            keep(
                Target {
                    route,
                    form,
                    source: Source::Page {
                        url: url.clone(),
                        who: who.clone(),
                    },
                },
                &mut found,
            );
        }
    }
    // Routes with an id: the form on the object's page.
    for row in table
        .iter()
        .filter(|r| r.method == Method::POST && r.path.contains('{') && part.covers(r.path))
    {
        let Some((form, who)) = object_form(world, row.path).await else {
            continue;
        };
        keep(
            Target {
                route: row.path.to_owned(),
                form,
                source: Source::Object {
                    route: row.path,
                    who,
                },
            },
            &mut found,
        );
    }
    for (method, path, role, fields, _why) in EXPLICIT {
        let Some(route) = pattern_of(path, &all_patterns) else {
            panic!("explicit form for {path}, which no route serves");
        };
        let who = match role {
            Some(role) => Some(
                world
                    .staff(*role, crate::battery_world::home_unit(*role))
                    .await,
            ),
            None => None,
        };
        keep(
            Target {
                route,
                form: HtmlForm {
                    method: method.clone(),
                    action: (*path).to_owned(),
                    multipart: false,
                    fields: fields.iter().map(|(n, v)| hidden(n, v)).collect(),
                },
                source: Source::Explicit(who),
            },
            &mut found,
        );
    }
    let covered: BTreeSet<&str> = found.iter().map(|t| t.route.as_str()).collect();
    let missing: Vec<&String> = posts
        .iter()
        .filter(|p| !covered.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "POST routes without a form for the battery (no page offers one to the battery's \
         sessions and battery_input::EXPLICIT lists none): {missing:?}"
    );
    found
}

/// Sends `target`'s form with `field` set to `payload`.
async fn attack(world: &World<'_>, target: &Target, field: &str, payload: &Payload) -> Answer {
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
async fn attack_file_name(world: &World<'_>, target: &Target, field: &str, name: &str) -> Answer {
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

fn content_type(answer: &Answer) -> &str {
    answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn is_html(answer: &Answer) -> bool {
    content_type(answer).starts_with("text/html")
}

/// HTML or XML: where markup in a value must come back escaped.
fn is_markup(answer: &Answer) -> bool {
    is_html(answer) || content_type(answer).contains("xml")
}

fn is_refused(answer: &Answer) -> bool {
    answer.status.is_client_error()
        || (is_html(answer)
            && (answer.body.contains("notice error") || answer.body.contains("id=\"form-error\"")))
}

/// What the battery found wrong, one line per route, field and kind of fault.
#[derive(Default)]
struct Findings {
    lines: Vec<String>,
    seen: BTreeSet<String>,
}

impl Findings {
    fn add(&mut self, key: String, line: String) {
        if self.seen.insert(key) {
            self.lines.push(line);
        }
    }
}

/// The checks on every answer: no 5xx, no raw markup, no injected header. `key` names the
/// route and field, so that one fault is reported once.
fn check_answer(
    findings: &mut Findings,
    answer: &Answer,
    marker: Option<&str>,
    (key, context): (&str, &str),
) {
    if answer.status.is_server_error() {
        findings.add(
            format!("5xx {key}"),
            format!(
                "5xx: {context}: {}",
                answer.body.chars().take(200).collect::<String>()
            ),
        );
    }
    if let Some(marker) = marker
        && is_markup(answer)
        && answer.body.contains(marker)
    {
        findings.add(
            format!("raw {key}"),
            format!(
                "the payload came back unescaped: {context}: …{}…",
                around(&answer.body, marker)
            ),
        );
    }
    for (name, value) in &answer.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        if name.as_str() == "x" || (name == "set-cookie" && value.starts_with("x=")) {
            findings.add(
                format!("header {key}"),
                format!("an injected header: {context}: {name}: {value}"),
            );
        }
    }
}

fn around(body: &str, marker: &str) -> String {
    let at = body.find(marker).unwrap_or(0);
    let mut start = at.saturating_sub(120);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 120).min(body.len());
    while !body.is_char_boundary(end) {
        end += 1;
    }
    body[start..end].to_owned()
}

#[derive(Default)]
struct Counts {
    routes: BTreeSet<String>,
    forms: usize,
    get_forms: usize,
    fields: usize,
    cases: usize,
    taken: usize,
    refused: usize,
    /// Cases on a known defect (route and field in [`KNOWN_DEFECTS`]).
    known: usize,
}

/// Fetches the target's form afresh (the previous payload was taken and changed the object).
async fn refresh(world: &World<'_>, target: &mut Target) {
    match target.source.clone() {
        Source::Page { url, who } => {
            let page = world.app.get(&url, who.as_ref().map(|s| &s.client)).await;
            let key = target.key();
            if let Some(form) = battery_forms::forms(&page.body).into_iter().find(|form| {
                let probe = Target {
                    route: target.route.clone(),
                    form: form.clone(),
                    source: Source::Explicit(None),
                };
                probe.key() == key && matches(&target.route, &form.action)
            }) {
                target.form = form;
            }
        }
        Source::Object { route, .. } => {
            if let Some((form, who)) = object_form(world, route).await {
                target.form = form;
                target.source = Source::Object { route, who };
            }
        }
        Source::Explicit(_) => {}
    }
}

/// After a taken payload: the pages that show what was stored must not carry it raw.
async fn check_stored(
    (world, findings): (&World<'_>, &mut Findings),
    target: &Target,
    answer: &Answer,
    marker: &str,
    (key, context): (&str, &str),
) {
    let client = target.who().map(|s| &s.client);
    let mut pages = Vec::new();
    let location = answer.location();
    if location.starts_with('/') {
        pages.push(location.to_owned());
    }
    if let Source::Page { url, .. } = &target.source {
        pages.push(url.clone());
    }
    if target.route.starts_with("/open311") {
        pages.push("/open311/v2/requests.xml".to_owned());
    }
    if target.route.starts_with("/office/hotline/orders/")
        || target.route.starts_with("/office/services/cases/")
        || target.route.starts_with("/office/kb/")
        || target.route.starts_with("/office/rectifications/")
    {
        let object_page: String = target
            .form
            .action
            .split('/')
            .take(5)
            .collect::<Vec<_>>()
            .join("/");
        pages.push(object_page);
    }
    for page in pages {
        let shown = world.app.get(&page, client).await;
        let context = format!("{context}, then GET {page}");
        check_answer(findings, &shown, Some(marker), (key, &context));
    }
}

async fn battery_part(app: &TestApp, part: Part) {
    let world = World::new(app).await;
    hotline::open311::seed_demo_key(
        &app.platform.db,
        &app.platform.key,
        hotline::open311::DEMO_KEY,
    )
    .await
    .unwrap();
    let payloads = payloads();
    let mut counts = Counts::default();
    let mut findings = Findings::default();
    let mut found = targets(&world, part).await;
    for (form_index, target) in found.iter_mut().enumerate() {
        let fields: Vec<Field> = target
            .form
            .fields
            .iter()
            .filter(|f| f.control != Control::File)
            .cloned()
            .collect();
        if fields.is_empty() && target.form.files().is_empty() {
            continue; // nothing to fill (logout, a button)
        }
        counts.forms += 1;
        counts
            .routes
            .insert(format!("{} {}", target.form.method, target.route));
        if target.form.method == Method::GET {
            counts.get_forms += 1;
        }
        // The 1 MB string goes to one field per form in CI: the first one a user types in.
        let big_field = fields
            .iter()
            .position(|f| matches!(f.control, Control::TextArea | Control::Text))
            .unwrap_or(0);
        let audited = AUDITED_WHEN_REFUSED
            .iter()
            .any(|(route, _)| *route == target.route);
        for (index, field) in fields.iter().enumerate() {
            counts.fields += 1;
            for (nth, payload) in payloads.iter().enumerate() {
                let shape = (index, fields.len(), big_field);
                let backend = app.platform.db.backend;
                if !sampled((payload, nth), shape, form_index, backend) {
                    continue;
                }
                // A 1 MB query string is no URI the http crate builds (the server's header
                // limit refuses it before any handler).
                if payload.is_big() && target.form.method == Method::GET {
                    continue;
                }
                let before = app.audit_seq().await;
                let answer = attack(&world, target, &field.name, payload).await;
                counts.cases += 1;
                let context = format!(
                    "{} {} [{}] {} = {} ({}) -> {}",
                    target.form.method,
                    target.route,
                    target.who().map_or("anonymous", |s| s.role.code()),
                    field.name,
                    payload.name,
                    payload
                        .text()
                        .chars()
                        .take(40)
                        .collect::<String>()
                        .escape_debug(),
                    answer.status
                );
                let key = format!("{} {}", target.route, field.name);
                if KNOWN_DEFECTS.iter().any(|(name, backend, _)| {
                    *name == payload.name && *backend == app.platform.db.backend
                }) {
                    counts.known += 1;
                } else {
                    check_answer(&mut findings, &answer, payload.raw_marker, (&key, &context));
                }
                let moved = app.audit_seq().await != before;
                if is_refused(&answer) {
                    counts.refused += 1;
                    if moved && !audited {
                        findings.add(
                            format!("audit {key}"),
                            format!(
                                "refused, but the audit head moved: {context}: {}",
                                answer.body.chars().take(200).collect::<String>()
                            ),
                        );
                    }
                } else if moved {
                    counts.taken += 1;
                    if let Some(marker) = payload.raw_marker {
                        let checked = (&world, &mut findings);
                        check_stored(checked, target, &answer, marker, (&key, &context)).await;
                    }
                    refresh(&world, target).await;
                }
            }
        }
        for file in target.form.files() {
            for (name, file_name) in FILE_NAMES {
                let before = app.audit_seq().await;
                let answer = attack_file_name(&world, target, &file, file_name).await;
                counts.cases += 1;
                let context = format!("POST {} {file} = {name} -> {}", target.route, answer.status);
                let key = format!("{} {file} {name}", target.route);
                let marker = "<svg onload";
                check_answer(&mut findings, &answer, Some(marker), (&key, &context));
                let moved = app.audit_seq().await != before;
                if is_refused(&answer) {
                    if moved {
                        findings.add(
                            format!("audit {key}"),
                            format!("refused, but the audit head moved: {context}"),
                        );
                    }
                } else if moved {
                    let checked = (&world, &mut findings);
                    check_stored(checked, target, &answer, marker, (&key, &context)).await;
                    refresh(&world, target).await;
                }
            }
        }
    }
    eprintln!(
        "battery input ({part:?}, {:?}): {} routes, {} forms ({} GET), {} fields, {} payloads, \
         {} cases ({} refused, {} taken){}",
        app.platform.db.backend,
        counts.routes.len(),
        counts.forms,
        counts.get_forms,
        counts.fields,
        payloads.len(),
        counts.cases,
        counts.refused,
        counts.taken,
        if full() { ", full" } else { "" }
    );
    if counts.known > 0 {
        eprintln!(
            "battery input ({part:?}): {} cases of known defects not judged: {:?}",
            counts.known,
            KNOWN_DEFECTS
                .iter()
                .map(|(payload, backend, _)| (payload, backend))
                .collect::<Vec<_>>()
        );
    }
    assert!(
        findings.lines.is_empty(),
        "the battery found {} fault(s):\n{}",
        findings.lines.len(),
        findings.lines.join("\n")
    );
}

async fn battery(part: Part) {
    for platform in platform::testing::each_backend().await {
        let mut app = app_on(platform).await;
        // The limits are tested elsewhere; here every request must reach the handler.
        app.router = web::router(web::AppState::with_limiter(
            app.platform.clone(),
            web::RateLimiter::unlimited(),
        ));
        battery_part(&app, part).await;
    }
}

#[test]
fn the_sampled_payloads_are_in_the_list() {
    let names: Vec<&str> = payloads().iter().map(|p| p.name).collect();
    for name in CORE.iter().chain(RENDERING_ONLY) {
        assert!(names.contains(name), "{name}");
    }
}

#[test]
fn the_parts_of_the_input_battery_cover_every_post_route() {
    for route in post_routes() {
        let parts: Vec<Part> = Part::ALL.into_iter().filter(|p| p.covers(&route)).collect();
        assert_eq!(parts.len(), 1, "{route}: {parts:?}");
    }
    for (route, _) in AUDITED_WHEN_REFUSED {
        assert!(post_routes().iter().any(|r| r == route), "{route}");
    }
}

#[tokio::test]
async fn hostile_input_into_every_hotline_form() {
    battery(Part::Hotline).await;
}

#[tokio::test]
async fn hostile_input_into_every_services_form() {
    battery(Part::Services).await;
}

#[tokio::test]
async fn hostile_input_into_every_other_office_form() {
    battery(Part::Office).await;
}

#[tokio::test]
async fn hostile_input_into_every_public_form() {
    battery(Part::Public).await;
}

#[test]
fn the_checks_catch_a_5xx_raw_markup_and_an_injected_header() {
    use axum::http::{HeaderMap, HeaderValue, StatusCode};
    let answer = |status: StatusCode, content_type: &str, body: &str| {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        Answer {
            status,
            headers,
            body: body.to_owned(),
        }
    };
    let marker = Some("<svg/onload");
    let mut findings = Findings::default();
    let escaped = answer(
        StatusCode::OK,
        "text/html",
        "&#34;&gt;&lt;svg/onload=alert(1)&gt;",
    );
    check_answer(&mut findings, &escaped, marker, ("a", "escaped"));
    let json = answer(
        StatusCode::OK,
        "application/json",
        "\"><svg/onload=alert(1)>",
    );
    check_answer(&mut findings, &json, marker, ("b", "JSON is no markup"));
    assert!(findings.lines.is_empty(), "{:?}", findings.lines);
    let raw = answer(
        StatusCode::OK,
        "text/html",
        "<p>\"><svg/onload=alert(1)></p>",
    );
    check_answer(&mut findings, &raw, marker, ("c", "raw in HTML"));
    let xml = answer(
        StatusCode::OK,
        "text/xml",
        "<d>\"><svg/onload=alert(1)></d>",
    );
    check_answer(&mut findings, &xml, marker, ("d", "raw in XML"));
    let failed = answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html",
        "系统内部错误",
    );
    check_answer(&mut findings, &failed, None, ("e", "a 500"));
    let mut injected = answer(StatusCode::SEE_OTHER, "text/html", "");
    injected
        .headers
        .insert("set-cookie", HeaderValue::from_static("x=1"));
    check_answer(
        &mut findings,
        &injected,
        None,
        ("f", "a cookie set by the payload"),
    );
    check_answer(&mut findings, &failed, None, ("e", "the same fault again"));
    assert_eq!(findings.lines.len(), 4, "{:?}", findings.lines);
}
