//! Query codes (查询码) of appeals and cases (HL-REGISTER, SVC-STATUS) and the count of failed
//! lookups per public number (issue 12 finding 3): a code is eight characters a person reads
//! aloud without confusing them, and a number whose code was guessed wrong too often is
//! locked for a growing time, whoever asks.

use rand::Rng as _;
use sqlx::Row as _;

use crate::db::{Db, now_ms};
use crate::profile::{RuleProfile, SecurityRules};
use crate::{Error, Result, jurisdiction};

/// The characters of a query code: digits and capitals without the look-alikes 0/O and
/// 1/I/L (31 characters, 8 of them: about 40 bits).
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// The characters of a new query code.
pub const LENGTH: usize = 8;
/// A number longer than this is no number: it is not found and not counted.
const MAX_NUMBER_CHARS: usize = 40;
/// The longest lock, however often a number was guessed wrong.
const MAX_LOCK_MINUTES: u64 = 24 * 60;

/// A new query code as it is shown and told: two groups of four, `K7MX-3QPA`.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let mut code = String::with_capacity(LENGTH + 1);
    for index in 0..LENGTH {
        if index == LENGTH / 2 {
            code.push('-');
        }
        let at = rng.random_range(0..ALPHABET.len());
        code.push(char::from(ALPHABET.get(at).copied().unwrap_or(b'2')));
    }
    code
}

/// A code as typed, as it is hashed: spaces and dashes (half or full width) dropped, full-width
/// letters and digits made half-width, letters in capitals. `k7mx 3qpa`, `K7MX-3QPA` and
/// `Ｋ７ＭＸ－３ＱＰＡ` are one code; an old six-digit code stays what it was.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `text` is a query code as it is shown: a new one (`K7MX-3QPA`) or the six digits
/// of an older one. A page that echoes a code (the operator's, right after registration)
/// shows nothing else.
pub fn is_shown_form(text: &str) -> bool {
    let plain = normalise(text);
    let new = plain.len() == LENGTH && plain.bytes().all(|b| ALPHABET.contains(&b));
    let old = plain.len() == 6 && plain.bytes().all(|b| b.is_ascii_digit());
    text.len() <= LENGTH + 1
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && (new || old)
}

/// A public number as typed, as it is stored and counted: trimmed, in capitals.
pub fn normalise_number(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .map(half_width)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// When a number is locked and for how long (SEC-MLPS, from the rule profile's `security`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockPolicy {
    /// Failed lookups before each lock.
    pub after_failures: u32,
    /// The first lock; each further one is twice the one before, at most a day.
    pub first_lock_minutes: u32,
}

impl LockPolicy {
    pub fn of(rules: &SecurityRules) -> Self {
        Self {
            after_failures: rules.query_code_lock_after_failures.max(1),
            first_lock_minutes: rules.query_code_lock_minutes.max(1),
        }
    }

    /// The lock that the `failures`-th failure in a row starts, in minutes: none but at
    /// every `after_failures`-th, then the first lock, doubled each time, at most a day.
    pub fn lock_minutes(self, failures: u64) -> Option<u64> {
        let after = u64::from(self.after_failures.max(1));
        if failures == 0 || !failures.is_multiple_of(after) {
            return None;
        }
        let doublings = u32::try_from(failures / after - 1)
            .unwrap_or(u32::MAX)
            .min(16);
        let minutes = u64::from(self.first_lock_minutes).saturating_mul(1u64 << doublings);
        Some(minutes.min(MAX_LOCK_MINUTES))
    }
}

/// The answer to a lookup of a locked number. It names the wait and not whether the number
/// exists: failures count against every number typed, known or not, so a stranger's
/// number locks exactly like a real one and the lock tells nothing (issue 12 finding 3).
/// A clear message rather than the "wrong code" one: a citizen who mistyped their code
/// five times is told to wait, not that their appeal does not exist.
fn locked(until_ms: i64, now: i64) -> Error {
    let minutes = (until_ms - now + 59_999) / 60_000;
    Error::TooManyAttempts(format!(
        "该编号查询失败次数过多，请 {} 分钟后再试",
        minutes.max(1)
    ))
}

/// The count kept for one domain's numbers: `hotline` (appeals) or `services` (cases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope(pub &'static str);

/// SVC-STATUS, HL-REGISTER (issue 12 finding 3): a lookup of `number` by query code, whose
/// record `found` was read by the caller. A locked number is refused before the code is
/// looked at (even the right code waits for the lock to end); a wrong code or an unknown
/// number counts one failure against the number and answers `not_found()` — or the lock
/// when this failure starts one; the right code clears the count. Times are the wall clock:
/// a lock is a real wait, not a working-time deadline.
pub async fn verify<T>(
    db: &Db,
    scope: Scope,
    number: &str,
    found: Option<T>,
    code_matches: impl FnOnce(&T) -> bool,
    not_found: impl Fn() -> Error,
) -> Result<T> {
    let number = normalise_number(number);
    if number.is_empty() || number.chars().count() > MAX_NUMBER_CHARS {
        return Err(not_found());
    }
    let now = now_ms();
    let counted = failures_of(db, scope, &number).await?;
    if let Some((_, locked_until)) = counted
        && locked_until > now
    {
        return Err(locked(locked_until, now));
    }
    match found {
        Some(record) if code_matches(&record) => {
            if counted.is_some() {
                clear(db, scope, &number).await?;
            }
            Ok(record)
        }
        _ => {
            let policy = LockPolicy::of(&profile(db).await?.security);
            match record_failure(db, scope, &number, policy, now).await? {
                Some(locked_until) => Err(locked(locked_until, now)),
                None => Err(not_found()),
            }
        }
    }
}

async fn profile(db: &Db) -> Result<RuleProfile> {
    Ok(jurisdiction::current(db)
        .await?
        .map(|jurisdiction| jurisdiction.profile)
        .unwrap_or_default())
}

/// (failures, locked until) of a number, if any failure is counted.
async fn failures_of(db: &Db, scope: Scope, number: &str) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query(
        "SELECT failures, locked_until FROM query_code_failures WHERE scope = $1 AND number = $2",
    )
    .bind(scope.0)
    .bind(number)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| Ok((row.try_get("failures")?, row.try_get("locked_until")?)))
        .transpose()
}

async fn clear(db: &Db, scope: Scope, number: &str) -> Result<()> {
    sqlx::query("DELETE FROM query_code_failures WHERE scope = $1 AND number = $2")
        .bind(scope.0)
        .bind(number)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Counts one failure (one statement, so parallel failures each count) and starts the lock
/// it earns; returns the end of that lock.
async fn record_failure(
    db: &Db,
    scope: Scope,
    number: &str,
    policy: LockPolicy,
    now: i64,
) -> Result<Option<i64>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO query_code_failures (scope, number, failures, locked_until, last_failure_at) \
         VALUES ($1, $2, 1, 0, $3) \
         ON CONFLICT (scope, number) DO UPDATE \
         SET failures = query_code_failures.failures + 1, last_failure_at = $3 \
         RETURNING failures",
    )
    .bind(scope.0)
    .bind(number)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let failures: i64 = row.try_get("failures")?;
    let lock = policy
        .lock_minutes(u64::try_from(failures).unwrap_or(0))
        .map(|minutes| now + i64::try_from(minutes).unwrap_or(i64::MAX / 120_000) * 60_000);
    if let Some(until) = lock {
        sqlx::query(
            "UPDATE query_code_failures SET locked_until = $3 WHERE scope = $1 AND number = $2",
        )
        .bind(scope.0)
        .bind(number)
        .bind(until)
        .execute(&mut *tx)
        .await?;
        tracing::warn!(
            lookup.scope = scope.0,
            failures,
            "a number is locked after failed query-code lookups"
        );
    }
    tx.commit().await?;
    Ok(lock)
}

/// Forgets counts of numbers not failed for 30 days and not locked any more (a job's scan;
/// running it twice deletes nothing twice). Returns how many were forgotten.
pub async fn forget_stale(db: &Db, now: i64) -> Result<u64> {
    let before = now - 30 * 24 * 60 * 60 * 1000;
    let done = sqlx::query(
        "DELETE FROM query_code_failures WHERE last_failure_at < $1 AND locked_until < $2",
    )
    .bind(before)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_is_eight_characters_of_the_alphabet_in_two_groups() {
        for _ in 0..200 {
            let code = generate();
            let (first, second) = code.split_once('-').unwrap();
            assert_eq!((first.len(), second.len()), (4, 4), "{code}");
            let plain = normalise(&code);
            assert_eq!(plain.len(), LENGTH);
            assert!(plain.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
        }
    }

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for look_alike in [b'0', b'O', b'1', b'I', b'L'] {
            assert!(!ALPHABET.contains(&look_alike));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
        assert_eq!(ALPHABET.len(), 31);
    }

    #[test]
    fn a_code_is_read_without_case_spaces_or_dashes() {
        let cases = [
            ("K7MX-3QPA", "K7MX3QPA"),
            ("k7mx3qpa", "K7MX3QPA"),
            (" k7mx 3qpa ", "K7MX3QPA"),
            ("K7MX—3QPA", "K7MX3QPA"),
            ("Ｋ７ＭＸ－３ＱＰＡ", "K7MX3QPA"),
            ("123456", "123456"),
            (" 123 456\t", "123456"),
        ];
        for (typed, expected) in cases {
            assert_eq!(normalise(typed), expected, "{typed}");
        }
        assert_eq!(normalise_number(" gz20250303000001 "), "GZ20250303000001");
    }

    #[test]
    fn only_a_code_as_shown_is_echoed() {
        for shown in ["K7MX-3QPA", "K7MX3QPA", "042917", &generate()] {
            assert!(is_shown_form(shown), "{shown}");
        }
        for other in [
            "",
            "K7MX-3QP",
            "K7MX-3QPAA",
            "O0MX-3QPA",
            "<b>K7MX",
            "04291",
            "k7mx 3qpa",
        ] {
            assert!(!is_shown_form(other), "{other}");
        }
    }

    #[test]
    fn each_lock_is_twice_the_one_before_and_at_most_a_day() {
        let policy = LockPolicy {
            after_failures: 5,
            first_lock_minutes: 15,
        };
        let locks: Vec<(u64, Option<u64>)> = [1, 4, 5, 6, 9, 10, 15, 20, 25, 30, 35, 500]
            .into_iter()
            .map(|n| (n, policy.lock_minutes(n)))
            .collect();
        assert_eq!(
            locks,
            [
                (1, None),
                (4, None),
                (5, Some(15)),
                (6, None),
                (9, None),
                (10, Some(30)),
                (15, Some(60)),
                (20, Some(120)),
                (25, Some(240)),
                (30, Some(480)),
                (35, Some(960)),
                (500, Some(1440)),
            ]
        );
    }

    #[test]
    fn the_lock_policy_is_the_rule_profiles_and_its_bounds_are_checked() {
        let profile = RuleProfile::default();
        assert_eq!(
            LockPolicy::of(&profile.security),
            LockPolicy {
                after_failures: 5,
                first_lock_minutes: 15
            }
        );
        let edited = profile
            .with_edits(&[
                ("security.query_code_lock_after_failures".into(), "3".into()),
                ("security.query_code_lock_minutes".into(), "60".into()),
            ])
            .unwrap();
        assert_eq!(LockPolicy::of(&edited.security).lock_minutes(3), Some(60));
        for (key, value) in [
            ("security.query_code_lock_after_failures", "0"),
            ("security.query_code_lock_after_failures", "21"),
            ("security.query_code_lock_minutes", "0"),
            ("security.query_code_lock_minutes", "1441"),
        ] {
            let refused = profile.with_edits(&[(key.into(), value.into())]);
            assert!(refused.is_err(), "{key} = {value}");
        }
    }

    #[test]
    fn the_lock_message_rounds_the_wait_up_to_whole_minutes() {
        let message = locked(1_000 + 14 * 60_000 + 1, 1_000).to_string();
        assert_eq!(message, "该编号查询失败次数过多，请 15 分钟后再试");
        assert!(locked(1_001, 1_000).to_string().contains("请 1 分钟"));
    }
}
