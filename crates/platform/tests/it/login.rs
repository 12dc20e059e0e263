//! SEC-ACCOUNTS: the login flow — first password, TOTP enrolment with codes accepted once,
//! idle sessions, administrator resets, own changes (the login delay: `login_delay`).

use platform::auth::backoff::ClientBackoff;
use platform::auth::login::{self, NextStep};
use platform::auth::{session, totp};
use platform::db::{Db, now_ms};
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::users;
use platform::{Error, Result};

use crate::{backend, count, new_account, new_unit, system};

pub const IP: &str = "10.0.0.7";
pub const MINUTE_MS: i64 = 60_000;

pub fn profile() -> RuleProfile {
    let profile = RuleProfile::default();
    assert_eq!(profile.security.login_delay_after_failures, 5);
    assert_eq!(profile.security.login_delay_cap_minutes, 15);
    assert_eq!(profile.security.session_idle_minutes, 30);
    profile
}

/// The password step with the default profile, from `IP`, as a client without failures
/// (`login_delay` tests the client's delay).
pub async fn log_in(
    db: &Db,
    username: &str,
    password: &str,
    now: i64,
) -> Result<(String, NextStep)> {
    let clients = ClientBackoff::default();
    login::password_step(db, &profile(), &clients, (username, password, IP), now).await
}

/// Whether `token` names a live session at `now` (30 idle minutes allowed).
async fn is_live(db: &Db, token: &str, now: i64) -> bool {
    session::lookup(db, token, 30, now).await.unwrap().is_some()
}

#[tokio::test]
async fn sec_accounts_a_first_password_logs_in_and_asks_for_the_next_step_of_the_role() {
    let cases = [
        (Role::UnitHandler, NextStep::ChangePassword, true),
        (Role::HotlineOperator, NextStep::EnrolTotp, false),
    ];
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        for (role, expected_step, second_factor_done) in cases {
            let username = format!("user_{}", role.code());
            let (user_id, first_password) = new_account(&platform, unit_id, &username, role).await;
            let (token, step) = log_in(&platform.db, &username, &first_password, now_ms())
                .await
                .unwrap();
            assert_eq!(step, expected_step, "{} {role:?}", backend(&platform));
            let session = session::lookup(&platform.db, &token, 30, now_ms())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (session.user_id, session.second_factor_done),
                (user_id, second_factor_done)
            );
        }
    }
}

#[tokio::test]
async fn sec_accounts_a_wrong_password_fails_with_the_same_message_as_an_unknown_user() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let wrong = log_in(&platform.db, "zhangsan", "Wrong#Password1", now_ms()).await;
        let unknown = log_in(&platform.db, "nobody", "Wrong#Password1", now_ms()).await;
        let (Err(Error::Invalid(wrong)), Err(Error::Invalid(unknown))) = (wrong, unknown) else {
            panic!("both attempts must fail as invalid input");
        };
        assert_eq!(wrong, unknown, "{}", backend(&platform));
        let failed = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failed' AND outcome = 'failed'";
        assert_eq!(
            count(&platform.db, failed, &[]).await,
            2,
            "both attempts are audited"
        );
    }
}

#[tokio::test]
async fn sec_accounts_totp_enrolment_completes_with_a_code_and_the_same_code_is_refused_again() {
    for platform in each_backend().await {
        let (db, key, profile) = (&platform.db, &platform.key, profile());
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "operator", Role::HotlineOperator).await;
        let actor = users::load_actor(db, user_id).await.unwrap().unwrap();
        let now = now_ms();
        let (token, step) = log_in(db, "operator", &first_password, now).await.unwrap();
        assert_eq!(step, NextStep::EnrolTotp);

        let secret = login::begin_enrolment(db, key, user_id).await.unwrap();
        assert_eq!(
            login::begin_enrolment(db, key, user_id).await.unwrap(),
            secret,
            "a reload shows the same secret"
        );
        let code = totp::code_at(&secret, u64::try_from(now / 1000).unwrap()).unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(
            login::totp_step(db, key, &profile, (&token, &actor, IP), wrong, now)
                .await
                .is_err()
        );
        let new_token = login::totp_step(db, key, &profile, (&token, &actor, IP), &code, now)
            .await
            .unwrap();

        assert_ne!(new_token, token, "{}", backend(&platform));
        assert!(!is_live(db, &token, now).await, "the old session ended");
        let session = session::lookup(db, &new_token, 30, now)
            .await
            .unwrap()
            .unwrap();
        assert!(session.second_factor_done);
        assert_eq!(
            login::next_step(db, &profile, &actor, true, now)
                .await
                .unwrap(),
            NextStep::ChangePassword
        );
        assert!(users::get(db, user_id).await.unwrap().totp_enabled);
        let enrolled = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.enrol_totp'";
        assert_eq!(count(db, enrolled, &[]).await, 1);

        // The next login asks for a code; the code just used is refused.
        let (token, step) = log_in(db, "operator", &first_password, now).await.unwrap();
        assert_eq!(step, NextStep::Totp);
        let replayed = login::totp_step(db, key, &profile, (&token, &actor, IP), &code, now).await;
        let Err(Error::Invalid(message)) = replayed else {
            panic!("a replayed code must be refused")
        };
        assert!(
            message.contains("已使用过"),
            "{}: {message}",
            backend(&platform)
        );
        assert!(
            login::begin_enrolment(db, key, user_id).await.is_err(),
            "an enrolled account cannot re-enrol itself"
        );
    }
}

#[tokio::test]
async fn sec_accounts_a_session_ends_after_the_idle_timeout_and_each_login_gets_a_new_token() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (_, first_password) =
            new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let t0 = now_ms();
        let (token, _) = log_in(db, "zhangsan", &first_password, t0).await.unwrap();
        let (other, _) = log_in(db, "zhangsan", &first_password, t0).await.unwrap();
        assert_ne!(token, other, "{}", backend(&platform));

        // Use at 20 minutes keeps it alive; 31 idle minutes after that end it.
        assert!(is_live(db, &token, t0 + 20 * MINUTE_MS).await);
        assert!(is_live(db, &token, t0 + 45 * MINUTE_MS).await);
        assert!(!is_live(db, &token, t0 + 76 * MINUTE_MS).await);
        assert!(
            !is_live(db, &token, t0 + 46 * MINUTE_MS).await,
            "deleted, not only hidden"
        );
        assert!(!is_live(db, &other, t0 + 31 * MINUTE_MS).await);
        assert!(!is_live(db, "not-a-token", t0).await);
    }
}

#[tokio::test]
async fn sec_accounts_an_administrators_reset_lifts_the_login_delay_and_ends_sessions() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let now = now_ms();
        let (token, _) = log_in(db, "zhangsan", &first_password, now).await.unwrap();
        for _ in 0..5 {
            assert!(
                log_in(db, "zhangsan", "Wrong#Password1", now)
                    .await
                    .is_err()
            );
        }
        assert!(
            users::get(db, user_id)
                .await
                .unwrap()
                .login_delay_until
                .is_some(),
            "{}",
            backend(&platform)
        );

        let mut tx = db.begin().await.unwrap();
        let new_password = users::reset_password(&mut tx, &system(), user_id, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        assert!(!is_live(db, &token, now).await, "{}", backend(&platform));
        let account = users::get(db, user_id).await.unwrap();
        assert_eq!(
            (account.login_delay_until, account.must_change_password),
            (None, true)
        );
        assert!(log_in(db, "zhangsan", &first_password, now).await.is_err());
        let (_, step) = log_in(db, "zhangsan", &new_password, now).await.unwrap();
        assert_eq!(step, NextStep::ChangePassword);
        let mut tx = db.begin().await.unwrap();
        let missing = users::reset_password(&mut tx, &system(), user_id + 1000, now).await;
        assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
    }
}

#[tokio::test]
async fn sec_accounts_changing_ones_own_password_enforces_complexity_and_refuses_the_old_one() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let actor = users::load_actor(db, user_id).await.unwrap().unwrap();
        let now = now_ms();
        let change = |old: String, new: &'static str| {
            let actor = actor.clone();
            async move {
                users::change_own_password(
                    db,
                    &profile(),
                    (&actor, IP, "no-session"),
                    &old,
                    new,
                    now,
                )
                .await
            }
        };

        let refused = [
            (first_password.clone(), "Short#1", "至少需要"),
            (first_password.clone(), "alllowercaseletters", "至少三类"),
            (first_password.clone(), "Zhangsan#2026", "不能包含用户名"),
            (
                "Wrong#Password1".to_owned(),
                "Fresh#Password26",
                "原密码不正确",
            ),
        ];
        for (old, new, expected) in refused {
            let Err(Error::Invalid(message)) = change(old, new).await else {
                panic!("{new} must be refused")
            };
            assert!(
                message.contains(expected),
                "{}: {message}",
                backend(&platform)
            );
        }
        let same = users::change_own_password(
            db,
            &profile(),
            (&actor, IP, "no-session"),
            &first_password,
            &first_password,
            now,
        )
        .await;
        let Err(Error::Invalid(message)) = same else {
            panic!("the old password must be refused")
        };
        assert!(message.contains("不能与原密码相同"), "{message}");
        assert!(
            users::get(db, user_id).await.unwrap().must_change_password,
            "nothing changed yet"
        );

        change(first_password.clone(), "Fresh#Password26")
            .await
            .unwrap();
        assert!(log_in(db, "zhangsan", &first_password, now).await.is_err());
        let (_, step) = log_in(db, "zhangsan", "Fresh#Password26", now)
            .await
            .unwrap();
        assert_eq!(step, NextStep::Ready, "{}", backend(&platform));
        let changed = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.change_password'";
        assert_eq!(count(db, changed, &[]).await, 1);
        // Ninety days later the password has expired and must be changed again.
        let expired = now + 91 * 86_400_000;
        assert_eq!(
            login::next_step(db, &profile(), &actor, true, expired)
                .await
                .unwrap(),
            NextStep::ChangePassword
        );
    }
}

#[tokio::test]
async fn sec_accounts_wrong_old_passwords_on_the_change_form_count_toward_the_login_delay() {
    for platform in platform::testing::each_backend().await {
        let db = &platform.db;
        let profile = platform::profile::RuleProfile::default();
        platform::demo::seed(db, &platform.key).await.unwrap();
        let user_id = platform::users::id_by_username(db, "handler")
            .await
            .unwrap()
            .unwrap();
        let actor = platform::users::load_actor(db, user_id)
            .await
            .unwrap()
            .unwrap();
        let now = platform::db::now_ms();
        for _ in 0..profile.security.login_delay_after_failures {
            let wrong = platform::users::change_own_password(
                db,
                &profile,
                (&actor, "", "no-session"),
                "Wrong#Old2026",
                "New#Password2026",
                now,
            )
            .await;
            assert!(wrong.unwrap_err().to_string().contains("原密码不正确"));
        }
        let locked = platform::users::change_own_password(
            db,
            &profile,
            (&actor, "", "no-session"),
            "Wrong#Old2026",
            "New#Password2026",
            now,
        )
        .await;
        assert!(locked.unwrap_err().to_string().contains("连续失败次数过多"));
    }
}

/// Issue 12 finding 8 (SEC-ACCOUNTS): changing one's password ends every other session of the
/// account, keeps the one it was changed in, and the audit row says how many ended.
#[tokio::test]
async fn sec_accounts_changing_ones_password_ends_the_other_sessions() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "lisi", Role::UnitHandler).await;
        let actor = users::load_actor(db, user_id).await.unwrap().unwrap();
        let now = now_ms();
        let here = session::create(db, user_id, true, IP, now).await.unwrap();
        let elsewhere = session::create(db, user_id, true, "10.0.0.9", now)
            .await
            .unwrap();
        let (other_user, _) = new_account(&platform, unit_id, "wangwu", Role::UnitHandler).await;
        let someone_else = session::create(db, other_user, true, IP, now)
            .await
            .unwrap();
        let who = (&actor, IP, here.as_str());
        users::change_own_password(
            db,
            &profile(),
            who,
            &first_password,
            "Fresh#Password26",
            now,
        )
        .await
        .unwrap();
        assert!(is_live(db, &here, now).await, "{}", backend(&platform));
        assert!(
            !is_live(db, &elsewhere, now).await,
            "{}",
            backend(&platform)
        );
        assert!(
            is_live(db, &someone_else, now).await,
            "another account's session"
        );
        let audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.change_password' \
                     AND detail LIKE '%1 个%'";
        assert_eq!(count(db, audit, &[]).await, 1);
    }
}

/// Issue 12 finding 11 (SEC-ACCOUNTS): one code submitted by two requests at once opens one
/// session, never two — the step is taken by a conditional update whose row count is checked.
#[tokio::test]
async fn sec_accounts_one_totp_code_submitted_twice_at_once_opens_one_session() {
    for platform in each_backend().await {
        let (db, key, profile) = (&platform.db, &platform.key, profile());
        let unit_id = new_unit(&platform).await;
        let (user_id, first_password) =
            new_account(&platform, unit_id, "operator", Role::HotlineOperator).await;
        let actor = users::load_actor(db, user_id).await.unwrap().unwrap();
        let now = now_ms();
        let (token, _) = log_in(db, "operator", &first_password, now).await.unwrap();
        let secret = login::begin_enrolment(db, key, user_id).await.unwrap();
        let code = totp::code_at(&secret, u64::try_from(now / 1000).unwrap()).unwrap();
        login::totp_step(db, key, &profile, (&token, &actor, IP), &code, now)
            .await
            .unwrap();
        // Each round a fresh 30-second step, submitted from two sessions at once.
        for round in 1..=5 {
            let at = now + round * 30_000;
            let code = totp::code_at(&secret, u64::try_from(at / 1000).unwrap()).unwrap();
            let (first, _) = log_in(db, "operator", &first_password, at).await.unwrap();
            let (second, _) = log_in(db, "operator", &first_password, at).await.unwrap();
            let (a, b) = tokio::join!(
                login::totp_step(db, key, &profile, (&first, &actor, IP), &code, at),
                login::totp_step(db, key, &profile, (&second, &actor, IP), &code, at),
            );
            let opened = usize::from(a.is_ok()) + usize::from(b.is_ok());
            assert_eq!(
                opened,
                1,
                "round {round}, {}: {a:?} {b:?}",
                backend(&platform)
            );
        }
    }
}
