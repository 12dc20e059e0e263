//! The progressive login delay (issue 12 finding 7, SEC-ACCOUNTS) instead of a hard lock that
//! any stranger could trigger: after the rule profile's number of consecutive failures,
//! attempts wait 1 s, then 2 s, 4 s … up to the profile's cap after the last failure. The delay
//! of an account lives in its row (`login::reserve_attempt` writes the same rule in SQL); the
//! delay of a client, across every account it tries, in this process's memory
//! ([`ClientBackoff`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::profile::RuleProfile;

/// Failures at which the doubling delay has passed every allowed cap (1 s × 2²⁰ ≈ 12 days).
pub(crate) const DOUBLINGS_PAST_EVERY_CAP: u32 = 20;

/// When attempts wait, from the rule profile (`security.login_delay_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelayRule {
    /// Consecutive failures after which attempts wait.
    pub after_failures: u32,
    /// The longest wait after a failure, in milliseconds.
    pub cap_ms: i64,
}

impl DelayRule {
    pub fn of(profile: &RuleProfile) -> Self {
        Self {
            after_failures: profile.security.login_delay_after_failures,
            cap_ms: i64::from(profile.security.login_delay_cap_minutes) * 60_000,
        }
    }

    /// How long attempts wait after the `failures`-th consecutive failure: nothing before the
    /// profile's number, then 1 s, doubling with each further failure, never above the cap.
    pub fn delay_after(&self, failures: u32) -> i64 {
        let Some(excess) = failures.checked_sub(self.after_failures) else {
            return 0;
        };
        if excess >= DOUBLINGS_PAST_EVERY_CAP {
            return self.cap_ms;
        }
        (1000_i64 << excess).min(self.cap_ms)
    }
}

/// One client's consecutive failures.
#[derive(Debug, Clone, Copy)]
struct ClientFailures {
    failures: u32,
    last_attempt_at: i64,
    delay_until: i64,
}

/// Clients remembered before the ones whose last attempt is older than the cap are forgotten.
const MAX_CLIENTS: usize = 50_000;

/// The per-client half of the login delay: a client (an IPv4 address, or an IPv6 /64) that
/// keeps failing — whatever accounts it tries — waits like an account does. In memory: each
/// node delays the clients it serves.
#[derive(Debug, Default)]
pub struct ClientBackoff {
    clients: Mutex<HashMap<String, ClientFailures>>,
}

impl ClientBackoff {
    /// Reserves one attempt for `ip` at `now`, or returns false while the client's delay
    /// runs. Like the account's, the reservation counts the attempt as failed until
    /// [`ClientBackoff::succeeded`] says otherwise, so parallel requests cannot slip past
    /// the delay.
    pub fn reserve(&self, ip: &str, rule: DelayRule, now: i64) -> bool {
        let Ok(mut clients) = self.clients.lock() else {
            // A poisoned map: the account's delay in the database still holds.
            return true;
        };
        if clients.len() >= MAX_CLIENTS {
            clients.retain(|_, client| now - client.last_attempt_at < rule.cap_ms);
            if clients.len() >= MAX_CLIENTS {
                // So many clients failing at once: start over rather than grow without
                // bound (the accounts' delays are unaffected).
                clients.clear();
            }
        }
        let client = clients.entry(client_key(ip)).or_insert(ClientFailures {
            failures: 0,
            last_attempt_at: now,
            delay_until: 0,
        });
        if client.delay_until > now {
            return false;
        }
        client.failures = client.failures.saturating_add(1);
        client.last_attempt_at = now;
        client.delay_until = now + rule.delay_after(client.failures);
        true
    }

    /// A successful login from `ip` forgets its failures.
    pub fn succeeded(&self, ip: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.remove(&client_key(ip));
        }
    }
}

/// The client an address belongs to: an IPv4 address, or the /64 of an IPv6 address (one
/// subscriber's network, which holds more addresses than anyone could count).
fn client_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: DelayRule = DelayRule {
        after_failures: 5,
        cap_ms: 15 * 60_000,
    };

    #[test]
    fn sec_accounts_the_delay_starts_at_one_second_doubles_and_stops_at_the_cap() {
        let delays: Vec<i64> = (1..=17).map(|n| RULE.delay_after(n)).collect();
        assert_eq!(
            delays,
            [
                0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000,
                512_000, 900_000, 900_000, 900_000
            ]
        );
        assert_eq!(RULE.delay_after(u32::MAX), 900_000);
        assert_eq!(DelayRule::of(&RuleProfile::default()), RULE);
    }

    #[test]
    fn sec_accounts_a_failing_client_waits_with_a_growing_delay_and_a_success_forgets_it() {
        let clients = ClientBackoff::default();
        let t0 = 1_000_000;
        for _ in 0..5 {
            assert!(clients.reserve("10.0.0.1", RULE, t0));
        }
        assert!(!clients.reserve("10.0.0.1", RULE, t0 + 999), "1 s after 5");
        assert!(clients.reserve("10.0.0.2", RULE, t0), "another client");
        assert!(clients.reserve("10.0.0.1", RULE, t0 + 1_000));
        assert!(
            !clients.reserve("10.0.0.1", RULE, t0 + 2_999),
            "2 s after 6"
        );
        assert!(clients.reserve("10.0.0.1", RULE, t0 + 3_000));
        assert!(
            !clients.reserve("10.0.0.1", RULE, t0 + 6_999),
            "4 s after 7"
        );
        clients.succeeded("10.0.0.1");
        assert!(clients.reserve("10.0.0.1", RULE, t0 + 3_001));
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_an_ipv4_mapped_address_is_the_ipv4_client() {
        assert_eq!(client_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(
            client_key("2001:db8:1:2:ffff::1"),
            client_key("2001:db8:1:2::9")
        );
        assert_eq!(client_key("::ffff:10.0.0.1"), "10.0.0.1");
        assert_eq!(client_key("10.0.0.1"), "10.0.0.1");
        assert_eq!(client_key(""), "");
    }
}
