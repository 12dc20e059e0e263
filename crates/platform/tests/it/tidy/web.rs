//! The web crate stays a thin shell cut by domain (issue 11, point 3): a domain's pages live
//! in its folder under `crates/web/src/` (`hotline/`, `services/`, `kb/`, …), whose `mod.rs`
//! declares its routes and its rows of the guard table; the top of `crates/web/src` holds only
//! the shell's machinery; the old `office/` folder, split by line count, does not come back;
//! and no page opens a transaction — every write is a domain use case that owns its own (or
//! `Db::write`), so `begin()` appears nowhere under `crates/web/src`.

use super::{files, report};

/// The files allowed directly under `crates/web/src`: the shell's machinery, no page of a
/// domain. A new domain gets a folder; a new piece of machinery is added here.
const SHELL: &[&str] = &[
    "api.rs",
    "assets.rs",
    "chrome.rs",
    "cookies.rs",
    "csrf.rs",
    "error.rs",
    "extract.rs",
    // Issue 14 item 3: the field problems of a form that forgives, shared by the portal's forms.
    "forgive.rs",
    "guard.rs",
    // The folded history every subject's page shows, for every kind.
    "history.rs",
    // Issue 12: the leading `_csrf` part of a multipart body, read by `csrf`.
    "leading_part.rs",
    "lib.rs",
    // What an office page answers after a command, for every domain's pages.
    "outcome.rs",
    // Issue 12: the client's address behind trusted proxies.
    "proxy.rs",
    "ratelimit.rs",
    // Issue 12: the HTTP server with its timeouts and connection bound.
    "server.rs",
    "staff.rs",
    "upload.rs",
    "xlsx.rs",
];

const WEB_SRC: &str = "crates/web/src/";

#[test]
fn tidy_web_pages_live_in_their_domain_folder() {
    let sources = files(WEB_SRC, &[".rs"]);
    let mut offenders = Vec::new();
    for (path, _) in &sources {
        let inside = &path[WEB_SRC.len()..];
        match inside.split_once('/') {
            Some(("office", _)) => offenders.push(format!(
                "{path}:1: web/src/office/ is gone; put the page in its domain's folder \
                 (hotline/, services/, kb/, admin/, …) with its rows in that folder's mod.rs"
            )),
            Some(_) => {}
            None if SHELL.contains(&inside) => {}
            None => offenders.push(format!(
                "{path}:1: a page of a domain goes in the domain's folder; the top of web/src \
                 holds the shell's machinery only (tidy/web.rs SHELL)"
            )),
        }
    }
    let folders: std::collections::BTreeSet<&str> = sources
        .iter()
        .filter_map(|(path, _)| path[WEB_SRC.len()..].split_once('/').map(|(dir, _)| dir))
        .collect();
    for folder in folders {
        let mod_rs = format!("{WEB_SRC}{folder}/mod.rs");
        match sources.iter().find(|(path, _)| *path == mod_rs) {
            Some((_, text)) if text.contains("fn table()") || text.contains("fn routes()") => {}
            Some(_) => offenders.push(format!(
                "{mod_rs}:1: a domain's mod.rs declares its routes (`fn routes()`) or its rows \
                 of the guard table (`fn table()`)"
            )),
            None => offenders.push(format!(
                "{WEB_SRC}{folder}/: a domain's folder opens with a mod.rs that declares its routes"
            )),
        }
    }
    report(
        "web/src is cut by domain: pages in their domain's folder, no web/src/office/",
        &offenders,
    );
}

#[test]
fn tidy_web_opens_no_transaction() {
    let offenders: Vec<String> = files(WEB_SRC, &[".rs"])
        .into_iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains("begin()"))
                .map(|(number, line)| {
                    format!(
                        "{path}:{}: `{}` — a write is one domain use case that owns its \
                         transaction (or `Db::write`), never a transaction opened by a page",
                        number + 1,
                        line.trim()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    report("no begin() under crates/web/src", &offenders);
}

/// Issue 14 item 4 and the accessibility issue: every `<input>` of a page names its type, so a
/// text field gets the platform's field style and 44 px touch height (an input without one was
/// narrow and unstyled on the walk-in and word-list pages) and phone fields their keypad.
#[test]
fn tidy_web_every_input_names_its_type() {
    let mut offenders = Vec::new();
    for (path, text) in files("crates/web/templates/", &[".html"]) {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("<input") {
            let tag = &rest[at..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if !tag.contains("type=") {
                let line = text[..text.len() - rest.len() + at].lines().count().max(1);
                offenders.push(format!("{path}:{line}: {tag}> has no type="));
            }
            rest = &rest[at + "<input".len()..];
        }
    }
    report("every <input> in a template names its type", &offenders);
}
