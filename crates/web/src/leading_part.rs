//! The leading part of a multipart body (issue 12 finding 1): the CSRF layer reads only as
//! far as the `_csrf` field our forms put first, and hands the body on unread after it, so
//! nothing is buffered or parsed before the route's guard.

use axum::body::{Body, Bytes};
use futures_util::StreamExt as _;

use crate::csrf::FORM_FIELD;

/// How far into a body the leading `_csrf` part may end.
pub const MAX_LEADING_BYTES: usize = 4096;

/// What the bytes read so far say of the leading part.
#[derive(Debug, PartialEq, Eq)]
pub enum Leading {
    /// The first part is the `_csrf` field with this value.
    Token(String),
    /// The first part is something else (or the body is not a multipart body).
    Absent,
    /// Not enough bytes yet.
    NeedMore,
}

/// Reads the first part of `head`, a prefix of a multipart body with `boundary`.
pub fn leading_token(head: &[u8], boundary: &str) -> Leading {
    let opening = format!("--{boundary}\r\n");
    if head.len() < opening.len() {
        return if opening.as_bytes().starts_with(head) {
            Leading::NeedMore
        } else {
            Leading::Absent
        };
    }
    let Some(rest) = head.strip_prefix(opening.as_bytes()) else {
        return Leading::Absent;
    };
    let Some(headers_end) = find(rest, b"\r\n\r\n") else {
        return Leading::NeedMore;
    };
    let Ok(headers) = std::str::from_utf8(&rest[..headers_end]) else {
        return Leading::Absent;
    };
    if !is_csrf_part(headers) {
        return Leading::Absent;
    }
    let value = &rest[headers_end + 4..];
    let closing = format!("\r\n--{boundary}");
    let Some(value_end) = find(value, closing.as_bytes()) else {
        return Leading::NeedMore;
    };
    match std::str::from_utf8(&value[..value_end]) {
        Ok(token) => Leading::Token(token.to_owned()),
        Err(_) => Leading::Absent,
    }
}

/// Whether the part's headers name the `_csrf` text field (no file name).
fn is_csrf_part(headers: &str) -> bool {
    headers.split("\r\n").any(|line| {
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        if !name.trim().eq_ignore_ascii_case("content-disposition") {
            return false;
        }
        let mut params = value.split(';').map(str::trim);
        params
            .next()
            .is_some_and(|kind| kind.eq_ignore_ascii_case("form-data"))
            && params
                .clone()
                .any(|p| p == format!("name=\"{FORM_FIELD}\""))
            && !params.any(|p| p.starts_with("filename"))
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Reads `body` until its leading part is known, then returns that part's token (if it is
/// the `_csrf` field) and the whole body, the bytes read put back in front of the rest.
pub async fn split(body: Body, boundary: &str) -> Result<(Option<String>, Body), ()> {
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let token = loop {
        match leading_token(&head, boundary) {
            Leading::Token(token) => break Some(token),
            Leading::Absent => break None,
            Leading::NeedMore if head.len() > MAX_LEADING_BYTES => break None,
            Leading::NeedMore => match stream.next().await {
                Some(Ok(chunk)) => head.extend_from_slice(&chunk),
                Some(Err(_)) => return Err(()),
                None => break None,
            },
        }
    };
    let front = futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(head)) });
    Ok((token, Body::from_stream(front.chain(stream))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "xyz";

    fn part(name: &str, value: &str) -> String {
        format!("--{B}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    }

    /// Issue 12 finding 1: the token is found in the leading part alone, whatever follows.
    #[test]
    fn the_leading_part_is_read_alone() {
        let cases: Vec<(String, Leading)> = vec![
            (
                format!("{}--{B}\r\n", part("_csrf", "abc")),
                Leading::Token("abc".into()),
            ),
            (
                format!("{}--{B}\r\n{}", part("_csrf", "abc"), "x".repeat(10_000)),
                Leading::Token("abc".into()),
            ),
            (
                format!("{}{}", part("name", "v"), part("_csrf", "abc")),
                Leading::Absent,
            ),
            (part("_csrf", "abc")[..20].to_owned(), Leading::NeedMore),
            (
                format!("--{B}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nab"),
                Leading::NeedMore,
            ),
            (String::new(), Leading::NeedMore),
            (
                "preamble\r\n".to_owned() + &part("_csrf", "abc"),
                Leading::Absent,
            ),
            (
                format!(
                    "--{B}\r\nContent-Disposition: form-data; name=\"_csrf\"; filename=\"a\"\r\n\r\nabc\r\n--{B}"
                ),
                Leading::Absent,
            ),
            (
                format!(
                    "--{B}\r\nContent-Disposition: form-data; name=\"_csrf_x\"\r\n\r\nabc\r\n--{B}"
                ),
                Leading::Absent,
            ),
        ];
        for (body, expected) in cases {
            let shown: String = body.chars().take(120).collect();
            assert_eq!(leading_token(body.as_bytes(), B), expected, "{shown:?}");
        }
    }

    #[tokio::test]
    async fn the_body_is_handed_on_whole() {
        let body = format!("{}{}--{B}--\r\n", part("_csrf", "abc"), part("name", "值"));
        let (token, rest) = split(Body::from(body.clone()), B).await.unwrap();
        assert_eq!(token.as_deref(), Some("abc"));
        let bytes = axum::body::to_bytes(rest, usize::MAX).await.unwrap();
        assert_eq!(bytes, body.as_bytes());
    }
}
