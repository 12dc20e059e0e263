//! The few statements whose SQLite and PostgreSQL forms differ, side by side.

use super::Backend;

/// How a write transaction begins.
pub fn begin_write(backend: Backend) -> &'static str {
    match backend {
        // Take the RESERVED lock at BEGIN: a deferred transaction that reads and then writes
        // can fail with SQLITE_BUSY on upgrade instead of waiting.
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    }
}

/// Claims up to `$4` runnable jobs for lease holder `$1` until `$2` (now is `$3`): pending
/// jobs that are due, and running jobs whose lease ended (their node died) while attempts
/// remain; a job that keeps killing its node stops being retried.
pub fn claim_jobs(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => {
            "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1, updated_at = $3 \
             WHERE id IN (SELECT id FROM jobs \
               WHERE (status = 'pending' AND run_at <= $3) OR (status = 'running' AND lease_until < $3 AND attempts < max_attempts) \
               ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, attempts, max_attempts"
        }
        // One process owns an SQLite file; BEGIN IMMEDIATE already serialises claimers.
        Backend::Sqlite => {
            "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1, updated_at = $3 \
             WHERE id IN (SELECT id FROM jobs \
               WHERE (status = 'pending' AND run_at <= $3) OR (status = 'running' AND lease_until < $3 AND attempts < max_attempts) \
               ORDER BY run_at, id LIMIT $4) \
             RETURNING id, kind, payload, attempts, max_attempts"
        }
    }
}

/// Claims up to `$3` outbox rows that are due (now is `$1`, lease until `$2`).
pub fn claim_outbox(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => {
            "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
               ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id, channel, recipient_user_id, address, subject, body, link, attempts"
        }
        Backend::Sqlite => {
            "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
               ORDER BY next_attempt_at, id LIMIT $3) \
             RETURNING id, channel, recipient_user_id, address, subject, body, link, attempts"
        }
    }
}
