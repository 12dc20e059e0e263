//! Issue 12 finding 5: a half-sent header or body no longer holds a connection, and the
//! connections served at once are bounded. A real server on a loopback port.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use web::server::{ServerLimits, serve};

use crate::common::{app, csrf_cookie};

const LIMITS: ServerLimits = ServerLimits {
    header_read: Duration::from_millis(800),
    body_idle: Duration::from_millis(800),
    body_total: Duration::from_secs(5),
    max_connections: 1,
    drain: Duration::from_secs(1),
};

/// A server on a free port, and the CSRF token of its anonymous forms.
async fn start() -> (std::net::SocketAddr, String) {
    let app = app().await;
    let token = app.token(None);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, app.router, LIMITS, std::future::pending()));
    (addr, token)
}

/// Reads until the server closes the connection; how long that took and what came back.
async fn until_closed(stream: &mut TcpStream) -> (Duration, String) {
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer));
    assert!(read.await.is_ok(), "the server kept the connection open");
    (
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test]
async fn issue_12_finding_5_a_half_sent_header_is_cut_off() {
    let (addr, _) = start().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let (waited, _) = until_closed(&mut stream).await;
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn issue_12_finding_5_a_half_sent_body_is_cut_off() {
    let (addr, _) = start().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /office/login HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n_csrf=",
        csrf_cookie()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (waited, answer) = until_closed(&mut stream).await;
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert!(!answer.starts_with("HTTP/1.1 2"), "{answer}");
}

#[tokio::test]
async fn issue_12_finding_5_connections_are_bounded_and_served_in_turn() {
    let (addr, _) = start().await;
    // The one slot is taken by a connection that sends nothing ...
    let mut idle = TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // ... so the next client waits until the header timeout frees it, then is served.
    let started = Instant::now();
    let mut client = TcpStream::connect(addr).await.unwrap();
    client
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (_, answer) = until_closed(&mut client).await;
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    let (_, nothing) = until_closed(&mut idle).await;
    assert!(
        nothing.is_empty() || nothing.starts_with("HTTP/1.1 408"),
        "{nothing}"
    );
}
