//! Rate limits on login and public forms: a token bucket per (purpose, client IP), in the
//! memory of one process (each node limits its own share).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

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

    /// Takes one token from the bucket of `purpose` and `client`, which holds `per_minute`
    /// tokens and refills continuously. Returns false when the bucket is empty.
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
            .entry((purpose, client.to_owned()))
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
    fn the_benchmark_limiter_never_refuses() {
        let limiter = RateLimiter::unlimited();
        for _ in 0..50 {
            assert!(limiter.allow("public-form", "127.0.0.1", 5));
        }
    }
}
