//! Cookie reading and writing: the session and CSRF cookies, HttpOnly and SameSite, and
//! Secure unless configured off for plain-HTTP development. Secure cookies carry the
//! `__Host-` prefix (issue 12 finding 6): a browser takes them only from this host, over
//! HTTPS, for path `/`, so no sibling subdomain or plain-HTTP page can plant one.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The session cookie's name: `__Host-zw_session`, or `zw_session` on plain HTTP.
pub fn session_name(secure: bool) -> &'static str {
    if secure {
        "__Host-zw_session"
    } else {
        "zw_session"
    }
}

/// The CSRF cookie's name: `__Host-zw_csrf`, or `zw_csrf` on plain HTTP.
pub fn csrf_name(secure: bool) -> &'static str {
    if secure { "__Host-zw_csrf" } else { "zw_csrf" }
}

/// The value of cookie `name` in the request, if it is there once. Two different values
/// under one name mean someone planted one; neither is believed.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut values = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(key, _)| *key == name)
        .map(|(_, value)| value);
    let first = values.next()?;
    values.all(|other| other == first).then(|| first.to_owned())
}

/// A `Set-Cookie` value. `max_age_seconds` of `None` makes a browser-session cookie.
pub fn build(
    name: &str,
    value: &str,
    secure: bool,
    same_site: &str,
    max_age_seconds: Option<i64>,
) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age_seconds {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    cookie
}

pub fn session(token: &str, secure: bool) -> String {
    build(session_name(secure), token, secure, "Lax", None)
}

pub fn clear_session(secure: bool) -> String {
    build(session_name(secure), "", secure, "Lax", Some(0))
}
