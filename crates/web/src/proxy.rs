//! Who the client is behind a reverse proxy (issue 12, `ZHENGWU_TRUSTED_PROXIES`). The peer
//! of the connection is the client unless it is one of the configured proxies; then the
//! `X-Forwarded-For` chain is read from the right, past every trusted proxy, to the first
//! address no trusted proxy stands for (an address a client wrote there itself is never
//! believed), or `X-Real-IP` when there is no chain. Rate limits, the audit log and the
//! login delay all use this address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use platform::config::Cidr;

use crate::AppState;

/// The client's address as resolved once per request by [`resolve_client`].
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

fn trusted(addr: IpAddr, proxies: &[Cidr]) -> bool {
    proxies.iter().any(|cidr| cidr.contains(addr))
}

/// The client of a request that reached us from `peer`.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, proxies: &[Cidr]) -> IpAddr {
    if !trusted(peer, proxies) {
        return peer;
    }
    let chain: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    if chain.is_empty() {
        return headers
            .get("x-real-ip")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(peer);
    }
    let mut client = peer;
    for hop in chain.iter().rev() {
        let Ok(addr) = hop.parse::<IpAddr>() else {
            // Not an address: what lies left of it was written by nobody we trust.
            break;
        };
        client = addr;
        if !trusted(addr, proxies) {
            break;
        }
    }
    client
}

/// Puts the [`ClientAddr`] of every request into its extensions.
pub async fn resolve_client(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let client = client_of(
            peer,
            request.headers(),
            &state.platform.config.trusted_proxies,
        );
        request
            .extensions_mut()
            .insert(ClientAddr(client.to_string()));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    /// A request's peer, its headers, and the client to be believed.
    type Case<'a> = (&'a str, &'a [(&'static str, &'a str)], &'a str);

    /// ZHENGWU_TRUSTED_PROXIES: only the configured proxies' word is taken.
    #[test]
    fn the_client_is_the_first_address_no_trusted_proxy_stands_for() {
        let proxies = Cidr::parse_list("10.0.0.0/8,127.0.0.1").unwrap();
        let cases: [Case; 9] = [
            // Not from a proxy: headers are ignored.
            (
                "203.0.113.9",
                &[("x-forwarded-for", "1.2.3.4")],
                "203.0.113.9",
            ),
            ("203.0.113.9", &[("x-real-ip", "1.2.3.4")], "203.0.113.9"),
            // From nginx: the address nginx appended.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "198.51.100.7")],
                "198.51.100.7",
            ),
            // A client's own forged entry, left of what nginx appended, is not believed.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "1.1.1.1, 198.51.100.7")],
                "198.51.100.7",
            ),
            // Two trusted hops.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "198.51.100.7, 10.1.2.3")],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[
                    ("x-forwarded-for", "198.51.100.7"),
                    ("x-forwarded-for", "10.1.2.3"),
                ],
                "198.51.100.7",
            ),
            // No chain: X-Real-IP.
            ("127.0.0.1", &[("x-real-ip", "2001:db8::5")], "2001:db8::5"),
            // Garbage in the chain: stop at the last trusted hop.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "<script>, 10.1.2.3")],
                "10.1.2.3",
            ),
            ("127.0.0.1", &[], "127.0.0.1"),
        ];
        for (peer, pairs, expected) in cases {
            let client = client_of(peer.parse().unwrap(), &headers(pairs), &proxies);
            assert_eq!(client.to_string(), expected, "{peer} {pairs:?}");
        }
        let none = client_of(
            "127.0.0.1".parse().unwrap(),
            &headers(&[("x-forwarded-for", "1.2.3.4")]),
            &[],
        );
        assert_eq!(none.to_string(), "127.0.0.1");
    }
}
