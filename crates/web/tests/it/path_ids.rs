//! A malformed id in a path (`/office/hotline/orders/abc`, `/office/services/cases/-1x`) is
//! answered like an id that names nothing: 404 with the Chinese not-found page, never axum's
//! plain-text rejection (`web::extract::Id`, written once). The back-office routes are read
//! from the guard table, so every route with an id in any domain is tried, as a role that
//! passes its guard; the portal's routes with an id are listed here.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use platform::roles::Role;

use crate::common::{Answer, Client, TestApp, app};

/// Segments that name no id: letters, a sign, a fraction, a space, too large for an id,
/// Chinese, and percent-encoding that is no UTF-8.
const MALFORMED: &[&str] = &[
    "abc",
    "-1x",
    "-1",
    "1.5",
    "%201",
    "99999999999999999999",
    "%E5%B7%A5%E5%8D%95",
    "%FF",
];

/// The portal's routes with an id (no guard), the site group's (issue 15) among them.
const PORTAL: &[&str] = &[
    "/announcements/{id}",
    "/services/items/{code}/files/{id}",
    "/columns/{id}",
    "/columns/{id}/feed.xml",
    "/articles/{id}",
    "/articles/{id}/print",
    "/articles/{id}/files/{file}",
    "/sites/{code}/columns/{id}",
    "/sites/{code}/articles/{id}/files/{file}",
    // WEB-ANNUAL: a year that names no year is not found.
    "/sites/{code}/annual/{year}",
    "/annual/{year}",
];

/// Every way of writing `path` with `bad` in at least one of its placeholders: all of them
/// bad, and each one bad with the others a well-formed `1`.
fn spellings(path: &str, bad: &str) -> Vec<String> {
    let holes: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let fill = |bad_hole: Option<&str>| {
        holes.iter().fold(path.to_owned(), |text, hole| {
            let value = match bad_hole {
                Some(chosen) if chosen != *hole => "1",
                _ => bad,
            };
            text.replace(&format!("{{{hole}}}"), value)
        })
    };
    let mut out = vec![fill(None)];
    if holes.len() > 1 {
        out.extend(holes.iter().map(|hole| fill(Some(hole))));
    }
    out
}

fn assert_chinese_not_found(answer: &Answer, context: &str) {
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "{context}: {}",
        answer.body
    );
    assert!(
        answer.body.contains("页面不存在") && answer.body.contains("未找到"),
        "{context}: not the Chinese not-found page: {}",
        answer.body
    );
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "{context}: {content_type}"
    );
}

async fn call(app: &TestApp, method: &Method, path: &str, client: Option<&Client>) -> Answer {
    let form = (method == Method::POST).then_some("");
    app.send(method.clone(), path, client, form).await
}

#[tokio::test]
async fn a_malformed_id_in_any_route_is_a_chinese_404() {
    let app = app().await;
    let mut clients: Vec<Client> = Vec::new();
    for role in Role::ALL {
        clients.push(app.login_as(role).await);
    }
    let routes: Vec<(Method, &str)> = web::guard::route_list()
        .into_iter()
        .filter(|(_, path)| path.contains('{'))
        .collect();
    assert!(
        routes.len() > 40,
        "the guard table lists the routes with an id"
    );
    // Per domain, how many routes with an id were tried (so a domain cannot drop out).
    let mut tried: BTreeMap<&str, usize> = BTreeMap::new();
    for (method, path) in &routes {
        // A role that passes the guard: the first whose answer is no 403.
        let first = spellings(path, MALFORMED[0]).remove(0);
        let mut passing = None;
        for client in &clients {
            let answer = call(&app, method, &first, Some(client)).await;
            if answer.status != StatusCode::FORBIDDEN {
                passing = Some(client);
                break;
            }
        }
        let client = passing.unwrap_or_else(|| panic!("{method} {path}: no role passes"));
        for bad in MALFORMED {
            for spelled in spellings(path, bad) {
                let answer = call(&app, method, &spelled, Some(client)).await;
                assert_chinese_not_found(&answer, &format!("{method} {spelled}"));
            }
        }
        let domain = path.split('/').nth(2).unwrap_or_default();
        *tried.entry(domain).or_default() += 1;
    }
    for domain in [
        "inbox",
        "accounts",
        "rectifications",
        "hotline",
        "kb",
        "services",
        "supervision",
    ] {
        assert!(
            tried.contains_key(domain),
            "no route with an id of {domain}: {tried:?}"
        );
    }
    for path in PORTAL {
        for bad in MALFORMED {
            let spelled = spellings(path, bad).remove(0);
            let answer = call(&app, &Method::GET, &spelled, None).await;
            assert_chinese_not_found(&answer, &format!("GET {spelled}"));
        }
    }
}

#[tokio::test]
async fn a_well_formed_id_that_names_nothing_is_the_same_chinese_404() {
    let app = app().await;
    let operator = app.login_as(Role::HotlineOperator).await;
    for path in [
        "/office/hotline/orders/987654321",
        "/office/kb/987654321",
        "/announcements/987654321",
    ] {
        let answer = app.get(path, Some(&operator)).await;
        assert_chinese_not_found(&answer, path);
    }
    let clerk = app.login_as(Role::WindowClerk).await;
    let answer = app
        .get("/office/services/cases/987654321", Some(&clerk))
        .await;
    assert_chinese_not_found(&answer, "a case that does not exist");
}
