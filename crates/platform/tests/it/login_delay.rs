//! SEC-ACCOUNTS, issue 12 finding 7: the progressive login delay instead of a hard lock — one
//! message for every refusal, a delay per account and per client that doubles from 1 s to the
//! profile's cap, parallel attempts that cannot slip past it, and an owner whom no stranger
//! keeps out longer than the cap.

use std::time::Instant;

use platform::auth::backoff::ClientBackoff;
use platform::auth::login::{self, LOGIN_REFUSED, NextStep};
use platform::auth::password;
use platform::db::{Db, now_ms};
use platform::roles::Role;
use platform::testing::each_backend;
use platform::users;
use platform::{Error, Result};

use crate::login::{IP, MINUTE_MS, log_in, profile};
use crate::{backend, count, new_account, new_unit, system};

async fn log_in_from(
    db: &Db,
    clients: &ClientBackoff,
    attempt: (&str, &str, &str),
    now: i64,
) -> Result<(String, NextStep)> {
    login::password_step(db, &profile(), clients, attempt, now).await
}

/// The message of a refused login (panics on anything else).
fn refusal(result: Result<(String, NextStep)>) -> String {
    match result {
        Err(Error::Invalid(message)) => message,
        other => panic!(
            "expected a refused login, got {:?}",
            other.map(|(_, step)| step)
        ),
    }
}

/// The account's delay end, in ms after `since`.
async fn delay_after(db: &Db, user_id: i64, since: i64) -> Option<i64> {
    users::get(db, user_id)
        .await
        .unwrap()
        .login_delay_until
        .map(|until| until - since)
}

/// Issue 12 finding 7: twenty wrong passwords at once check five, and the fifth failure's
/// delay (1 s) refuses the other fifteen unchecked; the right password is refused inside the
/// delay and accepted when it has passed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sec_accounts_twenty_parallel_wrong_passwords_run_at_most_five_checks_then_wait() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let now = now_ms();
        let mut attempts = tokio::task::JoinSet::new();
        for i in 0..20 {
            let db = platform.db.clone();
            attempts.spawn(async move {
                log_in(&db, "zhangsan", &format!("Wrong#Password{i}"), now).await
            });
        }
        let results = attempts.join_all().await;
        assert!(results.iter().all(Result::is_err), "{}", backend(&platform));

        let checked =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failed' AND detail LIKE $1";
        assert_eq!(
            count(&platform.db, checked, &["%密码错误%"]).await,
            5,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            count(&platform.db, checked, &["%登录延迟期内%"]).await,
            15,
            "{}",
            backend(&platform)
        );
        assert_eq!(delay_after(&platform.db, user_id, now).await, Some(1_000));

        let right = log_in(&platform.db, "zhangsan", &first_password, now + 999).await;
        assert_eq!(refusal(right), LOGIN_REFUSED, "{}", backend(&platform));
        let (_, step) = log_in(&platform.db, "zhangsan", &first_password, now + 1_000)
            .await
            .unwrap();
        assert_eq!(step, NextStep::ChangePassword);
        assert_eq!(delay_after(&platform.db, user_id, now).await, None);
    }
}

/// Issue 12 finding 7: an unknown user, a wrong password, a disabled account and an account
/// in its delay (with the right password) are refused with byte-identical messages, each
/// after one argon2 run; only the audit log says which it was.
#[tokio::test]
async fn sec_accounts_every_refused_login_has_the_same_message_and_the_audit_log_says_why() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (_, handler_password) =
            new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let (disabled_id, disabled_password) =
            new_account(&platform, unit_id, "lisi", Role::UnitHandler).await;
        let (delayed_id, delayed_password) =
            new_account(&platform, unit_id, "wangwu", Role::UnitHandler).await;
        let now = now_ms();
        let mut tx = db.begin().await.unwrap();
        users::set_active(&mut tx, &system(), disabled_id, false, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        for _ in 0..5 {
            refusal(log_in(db, "wangwu", "Wrong#Password1", now).await);
        }
        assert_eq!(delay_after(db, delayed_id, now).await, Some(1_000));

        let wrong_handler = "Wrong#Password1".to_owned();
        let cases = [
            ("nobody", &handler_password, "账号不存在"),
            ("zhangsan", &wrong_handler, "密码错误"),
            ("lisi", &disabled_password, "账号已停用"),
            ("wangwu", &delayed_password, "登录延迟期内"),
        ];
        // One argon2 run at its fastest (the least disturbed of five): every refusal must
        // have spent at least half of that, or its time tells it apart.
        let one_argon2 = (0..5)
            .map(|_| {
                let started = Instant::now();
                password::verify(password::dummy_hash().unwrap(), "Whatever#1");
                started.elapsed()
            })
            .min()
            .unwrap();
        for (username, password, why) in cases {
            let started = Instant::now();
            let message = refusal(log_in(db, username, password, now + 500).await);
            let took = started.elapsed();
            assert!(
                took * 2 > one_argon2,
                "{username} took {took:?}, one argon2 run {one_argon2:?}"
            );
            assert_eq!(message, LOGIN_REFUSED, "{username} {}", backend(&platform));
            let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failed' \
                           AND detail LIKE $1";
            assert_eq!(
                count(db, audited, &[&format!("{username}：{why}%")]).await,
                1,
                "{username} {}",
                backend(&platform)
            );
        }
    }
}

/// Issue 12 finding 7: five wrong passwords from a stranger delay the account by a second,
/// not lock it; the owner, from elsewhere, is refused inside that second and logs in after
/// it. Even a stranger who keeps failing never keeps the owner out longer than the cap.
#[tokio::test]
async fn sec_accounts_a_strangers_failures_never_keep_the_owner_out_longer_than_the_cap() {
    const STRANGER: &str = "203.0.113.9";
    const OWNER: &str = "10.0.0.8";
    for platform in each_backend().await {
        let db = &platform.db;
        let clients = ClientBackoff::default();
        let unit_id = new_unit(&platform).await;
        let (user_id, password) =
            new_account(&platform, unit_id, "sysadmin", Role::SystemAdmin).await;
        let t0 = now_ms();
        for i in 0..5 {
            let guess = format!("Guess#Password{i}");
            refusal(log_in_from(db, &clients, ("sysadmin", &guess, STRANGER), t0).await);
        }
        let inside = log_in_from(db, &clients, ("sysadmin", &password, OWNER), t0 + 999).await;
        assert_eq!(refusal(inside), LOGIN_REFUSED, "{}", backend(&platform));
        log_in_from(db, &clients, ("sysadmin", &password, OWNER), t0 + 1_000)
            .await
            .unwrap();

        // The stranger, now from ever new addresses, fails thirty times, each as soon as the
        // account's delay allows.
        let mut at = t0 + 2_000;
        for i in 0..30 {
            let guess = format!("Guess#Password{i}");
            let failed = log_in(db, "sysadmin", &guess, at).await;
            assert_eq!(refusal(failed), LOGIN_REFUSED);
            at += delay_after(db, user_id, at).await.unwrap_or(0);
        }
        let cap = 15 * MINUTE_MS;
        let last_failure = at - cap;
        assert_eq!(delay_after(db, user_id, last_failure).await, Some(cap));
        log_in_from(
            db,
            &clients,
            ("sysadmin", &password, OWNER),
            last_failure + cap,
        )
        .await
        .unwrap();
    }
}

/// Issue 12 finding 7: each failure after the fifth doubles the delay (1 s, 2 s, 4 s …) up to
/// the profile's cap, and attempts refused inside a delay neither run nor prolong it.
#[tokio::test]
async fn sec_accounts_the_login_delay_doubles_with_each_failure_up_to_the_cap() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, _) = new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let mut at = now_ms();
        let mut delays = Vec::new();
        for _ in 0..16 {
            refusal(log_in(db, "zhangsan", "Wrong#Password1", at).await);
            let delay = delay_after(db, user_id, at).await.unwrap_or(0);
            delays.push(delay / 1_000);
            if delay > 0 {
                // A try inside the delay changes nothing.
                refusal(log_in(db, "zhangsan", "Wrong#Password1", at + delay / 2).await);
                assert_eq!(delay_after(db, user_id, at).await, Some(delay));
            }
            at += delay;
        }
        assert_eq!(
            delays,
            [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900],
            "{}",
            backend(&platform)
        );
    }
}

/// Issue 12 finding 7: a client that keeps failing — whatever accounts it tries — waits too,
/// with the same message; other clients do not.
#[tokio::test]
async fn sec_accounts_a_client_failing_on_many_accounts_waits_and_others_do_not() {
    for platform in each_backend().await {
        let db = &platform.db;
        let clients = ClientBackoff::default();
        let unit_id = new_unit(&platform).await;
        let (_, password) = new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let now = now_ms();
        for name in ["a1", "b2", "c3", "d4", "e5"] {
            refusal(log_in_from(db, &clients, (name, "Whatever#1", "198.51.100.7"), now).await);
        }
        let from_stuffer = log_in_from(
            db,
            &clients,
            ("zhangsan", &password, "198.51.100.7"),
            now + 500,
        )
        .await;
        assert_eq!(
            refusal(from_stuffer),
            LOGIN_REFUSED,
            "{}",
            backend(&platform)
        );
        let client_delay = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failed' \
                            AND detail LIKE '%客户端登录延迟期内%' AND ip = '198.51.100.7'";
        assert_eq!(count(db, client_delay, &[]).await, 1);
        log_in_from(db, &clients, ("zhangsan", &password, IP), now + 500)
            .await
            .unwrap();
        log_in_from(
            db,
            &clients,
            ("zhangsan", &password, "198.51.100.7"),
            now + 1_000,
        )
        .await
        .unwrap();
    }
}
