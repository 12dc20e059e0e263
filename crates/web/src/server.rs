//! The HTTP server (issue 12 finding 5): HTTP/1.1 over hyper with a timeout on reading a
//! request's headers (an idle keep-alive connection counts), on each pause of a request body
//! and on a body's whole transfer, and a bound on the connections held open at once. A client
//! that opens a connection and sends nothing, or a header a byte at a time, is cut off.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::timeout::{RequestBodyDeadlineLayer, RequestBodyTimeoutLayer};

/// How long a connection and its requests may take.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// From the first byte awaited to the end of a request's headers.
    pub header_read: Duration,
    /// The longest pause while a request body arrives.
    pub body_idle: Duration,
    /// The longest a whole request body may take (a 30 MB upload on a slow line).
    pub body_total: Duration,
    /// Connections served at once; further ones wait in the kernel's queue.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in progress.
    pub drain: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(15),
            body_idle: Duration::from_secs(20),
            body_total: Duration::from_secs(600),
            max_connections: 2048,
            drain: Duration::from_secs(20),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests in progress
/// finish (at most [`ServerLimits::drain`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let app = app
        .layer(RequestBodyDeadlineLayer::new(limits.body_total))
        .layer(RequestBodyTimeoutLayer::new(limits.body_idle));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => tokio::select! {
                    () = &mut shutdown => break,
                    accepted = listener.accept() => accepted.map(|conn| (conn, slot)),
                },
                Err(_) => break,
            },
        };
        let ((stream, peer), slot) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in progress at shutdown were cut off");
    }
}
