//! Rate limits on login and public forms: a token bucket per (purpose, client), in the
//! memory of one process (each node limits its own share). A client is its IPv4 address or
//! its IPv6 /64 ([`client_key`]); every lookup by number and query code shares one purpose,
//! [`LOOKUP`] (issue 12 finding 3).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::Instant;

/// The one bucket of every lookup by number and query code — the hotline's query page, the
/// services' status, rating and supplement pages — so a guesser gets [`LOOKUPS_PER_MINUTE`]
/// in all, not that many per page (issue 12 finding 3).
pub const LOOKUP: &str = "lookup";
/// Lookups by number and query code one client may make per minute, over every page.
pub const LOOKUPS_PER_MINUTE: u32 = 20;

/// The bucket key of a client address: an IPv4 address as it is; an IPv6 address by its /64
/// prefix (one subscriber's network: a host picks any of its 2^64 addresses at will), or as
/// IPv4 when it is an IPv4-mapped one. Text that is no address is its own key.
pub fn client_key(ip: &str) -> String {
    match ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
        Err(_) => ip.to_owned(),
    }
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<(&'static str, String), Bucket>>,
    /// Set only by [`RateLimiter::unlimited`].
    unlimited: bool,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

const MAX_BUCKETS: usize = 50_000;

impl RateLimiter {
    /// A limiter that allows everything: for `zhengwu bench hotline` only, whose load test
    /// sends every request from 127.0.0.1. Servers use `RateLimiter::default()`.
    pub fn unlimited() -> Self {
        Self {
            unlimited: true,
            ..Self::default()
        }
    }

    /// One lookup by number and query code from `client` (the shared [`LOOKUP`] bucket).
    pub fn allow_lookup(&self, client: &str) -> bool {
        self.allow(LOOKUP, client, LOOKUPS_PER_MINUTE)
    }

    /// Takes one token from the bucket of `purpose` and `client` (its [`client_key`]), which
    /// holds `per_minute` tokens and refills continuously. Returns false when the bucket is
    /// empty.
    pub fn allow(&self, purpose: &'static str, client: &str, per_minute: u32) -> bool {
        if self.unlimited {
            return true;
        }
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() > MAX_BUCKETS {
            buckets.retain(|_, bucket| now.duration_since(bucket.last).as_secs() < 600);
        }
        let capacity = f64::from(per_minute);
        let bucket = buckets
            .entry((purpose, client_key(client)))
            .or_insert(Bucket {
                tokens: capacity,
                last: now,
            });
        let refill = now.duration_since(bucket.last).as_secs_f64() * capacity / 60.0;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_limited_per_purpose_and_others_are_not() {
        let limiter = RateLimiter::default();
        for _ in 0..5 {
            assert!(limiter.allow("login", "10.0.0.1", 5));
        }
        assert!(!limiter.allow("login", "10.0.0.1", 5));
        assert!(limiter.allow("login", "10.0.0.2", 5));
        assert!(limiter.allow("public-form", "10.0.0.1", 5));
    }

    #[test]
    fn an_ipv6_client_is_its_64_prefix_and_an_ipv4_client_its_address() {
        let cases = [
            ("10.0.0.1", "10.0.0.1"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
            ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
            (
                "2001:0db8:0001:0002:0000:0000:0000:0009",
                "2001:db8:1:2::/64",
            ),
            ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("::1", "::/64"),
            ("", ""),
            ("unknown", "unknown"),
        ];
        for (ip, key) in cases {
            assert_eq!(client_key(ip), key, "{ip}");
        }
    }

    /// Issue 12 finding 3: a host that changes the low 64 bits of its IPv6 address at every
    /// request stays in one bucket; the next /64 has its own.
    #[test]
    fn addresses_of_one_ipv6_64_share_a_bucket() {
        let limiter = RateLimiter::default();
        for host in 1..=5 {
            assert!(limiter.allow("login", &format!("2001:db8:1:2::{host:x}"), 5));
        }
        assert!(!limiter.allow("login", "2001:db8:1:2:ffff::1", 5));
        assert!(limiter.allow("login", "2001:db8:1:3::1", 5));
    }

    #[test]
    fn the_benchmark_limiter_never_refuses() {
        let limiter = RateLimiter::unlimited();
        for _ in 0..50 {
            assert!(limiter.allow("public-form", "127.0.0.1", 5));
        }
    }
}
