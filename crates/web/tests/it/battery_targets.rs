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
pub use crate::battery_lists::{EXPLICIT, PUBLIC_PAGES, PUBLIC_POSTS};
use crate::battery_world::{Staff, World, fixture};

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
