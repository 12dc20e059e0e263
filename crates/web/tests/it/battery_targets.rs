//! The forms the input battery attacks (issue 12, the battery, part two), found and not
//! listed: every page of the guard table without an id, read as each role its guard lets in;
//! every route with an id, its form on the page of a fresh object of unit A from
//! `battery_world::FIXTURES`; the public pages, read anonymously; and [`EXPLICIT`], the forms
//! no page offers. The battery fails when a POST route has no form. A form whose payload was
//! taken is fetched afresh ([`refresh`]).

use std::collections::BTreeSet;

use axum::http::Method;
use platform::roles::Role;

use crate::battery_forms::{self, Control, Field, HtmlForm};
use crate::battery_world::{Staff, World, fixture};

/// The public POST routes (the portal's and Open311's routers, which have no table to read).
pub const PUBLIC_POSTS: &[&str] = &[
    "/hotline",
    "/services/items/{code}/apply",
    "/services/cases/supplement",
    "/services/cases/rate",
    "/hall/rate",
    "/open311/v2/{file}",
    // Issue 16 (PUB-APPLY): the disclosure application and the applicant's correction.
    "/openness/apply",
    "/openness/query/correct",
    // Issue 17 (MSG-KINDS, MSG-QUERY, MSG-CONSULT, MSG-INTERVIEW): the messages' code, form,
    // query and rating; a consultation's code, comment and vote; an interview's code and
    // question (their pages: an open topic and a live interview made in `targets`).
    "/messages/code",
    "/messages/submit",
    "/messages/query",
    "/messages/rate",
    "/consultations/{id}/code",
    "/consultations/{id}/comment",
    "/consultations/{id}/vote",
    "/interviews/{id}/code",
    "/interviews/{id}/ask",
    // Issue 21 (HALL-QUEUE): the kiosk's number by window type or item.
    "/hall/kiosk",
];

/// The public pages read for forms, and the role of a session they need (the hall's rating
/// terminal is opened by a window clerk).
pub const PUBLIC_PAGES: &[(&str, Option<Role>)] = &[
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
    // Issue 15: the site group's navigation page (its sites' pages are found from it).
    ("/sites", None),
    // Issue 16 (PUB-APPLY): the disclosure application form and its query form.
    ("/openness/apply", None),
    // Issue 17: the message form (code and message) and the writer's query.
    ("/messages/new", None),
    ("/messages/query", None),
    // Issue 21 (HALL-QUEUE): the kiosk and the hall's big screen.
    ("/hall/kiosk", None),
    ("/hall/display", None),
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
    // Issue 22: a key's revoke form is offered once a key is issued, which the battery's
    // world has none of.
    (
        Method::POST,
        "/office/system-keys/revoke",
        Some(Role::SystemAdmin),
        &[("id", "1")],
        "the revoke form is offered on the list of system keys, once a key is issued",
    ),
    // Issue 21 (NET-IPAM): the name form is on a pool's page, which the battery does not read.
    (
        Method::POST,
        "/office/extranet/names",
        Some(Role::ExtranetAdmin),
        &[
            ("name", "oa.battery.gz.gov"),
            ("address", "10.99.0.1"),
            ("pool", "1"),
        ],
        "the internal domain name is set from a pool's page",
    ),
    // Issue 21 (HALL-QUEUE): the calling forms are offered once the clerk sits at a window
    // with a number waiting or called, which the battery's clerk has not.
    (
        Method::POST,
        "/office/hall/call",
        Some(Role::WindowClerk),
        &[],
        "call next is offered to a clerk seated at a window today",
    ),
    (
        Method::POST,
        "/office/hall/act",
        Some(Role::WindowClerk),
        &[
            ("ticket", "1"),
            ("version", "1"),
            ("action", "recall"),
            ("to", "comprehensive"),
        ],
        "the commands of a called number are offered to the window that called it",
    ),
    (
        Method::POST,
        "/openness/query/correct",
        None,
        &[
            ("number", "YSQ2026000001"),
            ("code", "K7MX-3QPA"),
            ("description", "补正后的申请内容"),
        ],
        "the correction is offered on the progress page, behind the number and query code",
    ),
    (
        Method::POST,
        "/messages/rate",
        None,
        &[
            ("number", "LY2026000001"),
            ("code", "K7MX-3QPA"),
            ("timeliness", "5"),
            ("quality", "4"),
            ("comment", "答复及时"),
        ],
        "the rating is offered in the answer to the writer's query (a POST with the number and \
         query code)",
    ),
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
        "/office/search/synonyms/remove",
        Some(Role::Publisher),
        &[("id", "1")],
        "the editor lists only the administrators' own groups, and the battery's world has none",
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

/// Which routes a part of the battery attacks (split so the parts run in parallel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Hotline,
    Services,
    Office,
    Public,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Hotline, Part::Services, Part::Office, Part::Public];

    pub fn covers(self, pattern: &str) -> bool {
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
pub fn post_routes() -> Vec<String> {
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
pub enum Source {
    /// A page read by a session (or anonymously).
    Page { url: String, who: Option<Staff> },
    /// The form of a route with an id, on a fresh object's page.
    Object { route: &'static str, who: Staff },
    /// No page: the fields are listed; sent by this user (or anonymously).
    Explicit(Option<Staff>),
}

pub struct Target {
    /// The route pattern the form posts to.
    pub route: String,
    pub form: HtmlForm,
    pub source: Source,
}

impl Target {
    pub fn who(&self) -> Option<&Staff> {
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
pub async fn targets(world: &World<'_>, part: Part) -> Vec<Target> {
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
        // MSG-CONSULT, MSG-INTERVIEW: an open topic's and a live interview's public pages.
        let topic = world
            .topic_object(crate::battery_consultation::TopicStage::Open)
            .await;
        pages.push((format!("/consultations/{}", topic.ids[0]), None));
        let interview = world
            .interview_object(crate::battery_consultation::InterviewStage::Live)
            .await;
        pages.push((format!("/interviews/{}", interview.ids[0]), None));
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
         sessions and battery_targets::EXPLICIT lists none): {missing:?}"
    );
    found
}

/// Fetches the target's form afresh (the previous payload was taken and changed the object).
pub async fn refresh(world: &World<'_>, target: &mut Target) {
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
