//! Cookie reading and writing: the session and CSRF cookies, HttpOnly and SameSite, and
//! Secure unless configured off for plain-HTTP development.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION_COOKIE: &str = "zw_session";
pub const CSRF_COOKIE: &str = "zw_csrf";

/// The value of cookie `name` in the request, if present.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
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
    build(SESSION_COOKIE, token, secure, "Lax", None)
}

pub fn clear_session(secure: bool) -> String {
    build(SESSION_COOKIE, "", secure, "Lax", Some(0))
}
