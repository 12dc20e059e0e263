//! Issue 12 finding 1: a multipart body is not buffered or parsed before the route's guard
//! and rate limit; the CSRF layer reads only the leading `_csrf` part; every upload is parsed
//! as it streams in, within limits on its size, each part and the number of parts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode};
use futures_util::StreamExt as _;

use crate::common::{TestApp, app, csrf_cookie};

const BOUNDARY: &str = "----battery-boundary";

/// A streamed body: `head` then `chunks` chunks of `chunk`, counting the bytes the server
/// pulls from it.
fn counted_body(head: String, chunk: Vec<u8>, chunks: usize) -> (Body, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let head = Bytes::from(head);
    let chunk = Bytes::from(chunk);
    let stream =
        futures_util::stream::iter(std::iter::once(head).chain(std::iter::repeat_n(chunk, chunks)))
            .map(move |bytes: Bytes| {
                counter.fetch_add(bytes.len(), Ordering::SeqCst);
                Ok::<_, std::io::Error>(bytes)
            });
    (Body::from_stream(stream), pulled)
}

fn leading_csrf(token: &str) -> String {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n")
}

fn field(name: &str, value: &str) -> String {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

fn request(path: &str, body: Body, length: Option<usize>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("cookie", csrf_cookie())
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    if let Some(length) = length {
        builder = builder.header("content-length", length.to_string());
    }
    builder.body(body).unwrap()
}

const MIB: usize = 1024 * 1024;

/// The head of a body whose first part is `first` and whose second is a file that never
/// ends.
fn with_endless_file(first: String) -> String {
    format!(
        "{first}--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.jpg\"\r\n\r\n"
    )
}

async fn pulled_by(app: &TestApp, path: &str, head: String) -> (StatusCode, usize, String) {
    // 60 MiB behind the head, in 1 MiB chunks.
    let (body, pulled) = counted_body(head, vec![b'x'; MIB], 60);
    let answer = app.send_request(request(path, body, None)).await;
    (answer.status, pulled.load(Ordering::SeqCst), answer.body)
}

#[tokio::test]
async fn issue_12_finding_1_a_large_body_to_an_unknown_path_or_behind_a_guard_is_not_read() {
    let app = app().await;
    // A valid token first: the layer reads the leading part and no more.
    let (status, pulled, _) = pulled_by(
        &app,
        "/no-such-path",
        with_endless_file(leading_csrf(&app.token(None))),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        pulled < 2 * MIB,
        "read {pulled} bytes of a body nobody wanted"
    );
    // A wrong token: refused at the leading part.
    let (status, pulled, _) = pulled_by(
        &app,
        "/office/services/walk-in",
        with_endless_file(leading_csrf(&"f".repeat(64))),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        pulled < 2 * MIB,
        "read {pulled} bytes before refusing the token"
    );
    // No token part first: refused without reading on.
    let (status, pulled, _) = pulled_by(&app, "/hotline", field("content", "x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(pulled < 2 * MIB, "read {pulled} bytes without a token");
    // A staff upload route without a session: the guard answers before the body is read.
    let (status, pulled, _) = pulled_by(
        &app,
        "/office/services/walk-in",
        with_endless_file(leading_csrf(&app.token(None))),
    )
    .await;
    assert!(
        status.is_redirection() || status == StatusCode::UNAUTHORIZED,
        "{status}"
    );
    assert!(pulled < 2 * MIB, "read {pulled} bytes before the guard");
}

#[tokio::test]
async fn issue_12_finding_1_a_public_upload_stops_at_its_limits() {
    let app = app().await;
    let before = app.audit_seq().await;
    // Over the public total: refused once it is crossed, not after 60 MiB.
    let (status, pulled, body) = pulled_by(
        &app,
        "/hotline",
        with_endless_file(leading_csrf(&app.token(None))),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("超过上限"), "{body}");
    // multer buffers what the connection has ready, never past the public total.
    assert!(
        pulled <= 31 * MIB,
        "read {pulled} bytes of one oversized file"
    );
    // A declared length over the total: refused before reading anything after the head.
    let (body, pulled) = counted_body(
        with_endless_file(leading_csrf(&app.token(None))),
        vec![b'x'; MIB],
        60,
    );
    let answer = app
        .send_request(request("/hotline", body, Some(61 * MIB)))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(pulled.load(Ordering::SeqCst) < 2 * MIB);
    // Many tiny parts: refused at the part limit.
    let tiny: String = (0..100_000).map(|i| field(&format!("f{i}"), "1")).collect();
    let (body, pulled) = counted_body(leading_csrf(&app.token(None)) + &tiny, Vec::new(), 0);
    let answer = app.send_request(request("/hotline", body, None)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("过多"), "{}", answer.body);
    assert!(pulled.load(Ordering::SeqCst) > 0);
    // A text field over its bound.
    let long = field("content", &"长".repeat(30_000)) + &format!("--{BOUNDARY}--\r\n");
    let (body, _) = counted_body(leading_csrf(&app.token(None)) + &long, Vec::new(), 0);
    let answer = app.send_request(request("/hotline", body, None)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("过长"), "{}", answer.body);
    assert_eq!(
        app.audit_seq().await,
        before,
        "a refused upload changed something"
    );
}

#[tokio::test]
async fn issue_12_finding_1_public_uploads_are_counted_before_the_body_is_read() {
    let app = app().await;
    let mut refused = None;
    for attempt in 0..40 {
        let (body, pulled) = counted_body(
            // A field no form has: each attempt is refused by the form, never reaching the
            // appeal's own limit, so only the count before reading can refuse it.
            leading_csrf(&app.token(None)) + &field("zzz", "x") + &format!("--{BOUNDARY}--\r\n"),
            vec![b'x'; MIB],
            5,
        );
        let answer = app.send_request(request("/hotline", body, None)).await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            // The leading part was read by the CSRF layer; nothing after it.
            let pulled = pulled.load(Ordering::SeqCst);
            assert!(pulled < MIB, "{pulled} {}", answer.body);
            refused = Some(attempt);
            break;
        }
    }
    assert!(refused.is_some_and(|n| n >= 10), "{refused:?}");
}
