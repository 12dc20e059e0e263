//! SEC-ACCOUNTS, issue 12 finding 4: a reset of an administrator's account waits for a second
//! administrator (not the requester, not the holder), its temporary password reaches the
//! approver only, and one person never resets both factors of one account.

use platform::Platform;
use platform::auth::backoff::ClientBackoff;
use platform::auth::login::{self, NextStep};
use platform::db::{Db, now_ms};
use platform::profile::RuleProfile;
use platform::roles::{Actor, Role};
use platform::testing::each_backend;
use platform::users::resets::{self, BOTH_FACTORS_WINDOW_MS, Factor, Requested};
use platform::{Error, users};

use crate::{backend, count, new_account, new_unit};

const IP: &str = "10.0.0.5";

/// An account of `role` with its first password, and its actor.
struct Person {
    actor: Actor,
    password: String,
}

async fn person(platform: &Platform, unit_id: i64, username: &str, role: Role) -> Person {
    let (id, password) = new_account(platform, unit_id, username, role).await;
    let actor = users::load_actor(&platform.db, id).await.unwrap().unwrap();
    Person { actor, password }
}

async fn logs_in(db: &Db, username: &str, password: &str) -> bool {
    let attempt = (username, password, IP);
    let profile = RuleProfile::default();
    login::password_step(db, &profile, &ClientBackoff::default(), attempt, now_ms())
        .await
        .is_ok()
}

async fn n_audit(db: &Db, action: &str) -> i64 {
    let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1";
    count(db, sql, &[action]).await
}

fn refusal_text<T: std::fmt::Debug>(result: platform::Result<T>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The security administrator asks to reset the system administrator's password: nothing
/// changes and no password is returned; the requester's own approval and the holder's are
/// refused (and audited); the audit administrator's approval takes effect and returns the
/// temporary password to the approver, with which the holder logs in.
#[tokio::test]
async fn sec_accounts_a_reset_of_an_administrators_password_waits_for_a_second_administrator() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let sys = person(&platform, unit_id, "sysadmin", Role::SystemAdmin).await;
        let sec = person(&platform, unit_id, "secadmin", Role::SecurityAdmin).await;
        let audit = person(&platform, unit_id, "auditadmin", Role::AuditAdmin).await;
        let sys_id = sys.actor.user_id;
        let before = users::get(db, sys_id).await.unwrap();

        let requested = resets::request(db, (&sec.actor, IP), sys_id, Factor::Password, now_ms())
            .await
            .unwrap();
        let Requested::Pending { request_id } = requested else {
            panic!("an administrator's reset must wait: {requested:?}")
        };
        assert_eq!(
            users::get(db, sys_id).await.unwrap(),
            before,
            "nothing changed"
        );
        assert!(
            logs_in(db, "sysadmin", &sys.password).await,
            "{}",
            backend(&platform)
        );
        let listed = resets::pending(db).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].id, listed[0].username.as_str(), listed[0].factor),
            (request_id, "sysadmin", Factor::Password)
        );
        let again = resets::request(db, (&sec.actor, IP), sys_id, Factor::Password, now_ms()).await;
        assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");

        let own = resets::approve(db, (&sec.actor, IP), request_id, now_ms()).await;
        assert!(refusal_text(own).contains("不能批准自己提出的"));
        let holder = resets::approve(db, (&sys.actor, IP), request_id, now_ms()).await;
        assert!(refusal_text(holder).contains("不能批准重置自己账号"));
        assert_eq!(n_audit(db, "user.reset_approve_refused").await, 2);
        assert_eq!(
            users::get(db, sys_id).await.unwrap(),
            before,
            "still nothing"
        );

        let approved = resets::approve(db, (&audit.actor, IP), request_id, now_ms())
            .await
            .unwrap();
        let temporary = approved.temporary_password.unwrap();
        assert_eq!(approved.username, "sysadmin");
        assert!(!logs_in(db, "sysadmin", &sys.password).await);
        let attempt = ("sysadmin", temporary.as_str(), IP);
        let (_, step) = login::password_step(
            db,
            &RuleProfile::default(),
            &ClientBackoff::default(),
            attempt,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(step, NextStep::EnrolTotp, "{}", backend(&platform));
        assert!(users::get(db, sys_id).await.unwrap().must_change_password);
        assert!(resets::pending(db).await.unwrap().is_empty());
        for (action, n) in [
            ("user.reset_requested", 1),
            ("user.reset_approved", 1),
            ("user.reset_password", 1),
        ] {
            assert_eq!(
                n_audit(db, action).await,
                n,
                "{action} {}",
                backend(&platform)
            );
        }
        let twice = resets::approve(db, (&audit.actor, IP), request_id, now_ms()).await;
        assert!(matches!(twice, Err(Error::Conflict(_))), "{twice:?}");
    }
}

/// A refused request changes nothing and cannot be approved afterwards; someone without an
/// administrator role can neither approve nor refuse.
#[tokio::test]
async fn sec_accounts_a_refused_reset_request_changes_nothing_and_stays_refused() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let audit = person(&platform, unit_id, "auditadmin", Role::AuditAdmin).await;
        let sec = person(&platform, unit_id, "secadmin", Role::SecurityAdmin).await;
        let sys = person(&platform, unit_id, "sysadmin", Role::SystemAdmin).await;
        let handler = person(&platform, unit_id, "handler", Role::UnitHandler).await;
        let audit_id = audit.actor.user_id;
        let now = now_ms();
        let Requested::Pending { request_id } =
            resets::request(db, (&sec.actor, IP), audit_id, Factor::Totp, now)
                .await
                .unwrap()
        else {
            panic!("an administrator's reset must wait")
        };
        let outsider = resets::approve(db, (&handler.actor, IP), request_id, now).await;
        assert!(matches!(outsider, Err(Error::Forbidden)), "{outsider:?}");
        let outsider = resets::refuse(db, (&handler.actor, IP), request_id, now).await;
        assert!(matches!(outsider, Err(Error::Forbidden)), "{outsider:?}");

        resets::refuse(db, (&audit.actor, IP), request_id, now)
            .await
            .unwrap();
        let late = resets::approve(db, (&sys.actor, IP), request_id, now).await;
        assert!(matches!(late, Err(Error::Conflict(_))), "{late:?}");
        assert_eq!(
            n_audit(db, "user.reset_refused").await,
            1,
            "{}",
            backend(&platform)
        );
        assert_eq!(n_audit(db, "user.reset_totp").await, 0);
        // A refused request does not count for the both-factors rule.
        resets::request(db, (&sec.actor, IP), audit_id, Factor::Password, now)
            .await
            .unwrap();
    }
}

/// One person never resets both factors of one account within a day: on an ordinary
/// account (reset at once) and on an administrator's, whether they requested or approved the
/// first reset; another person may, and so may the same person a day later.
#[tokio::test]
async fn sec_accounts_one_person_never_resets_both_factors_of_an_account() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let sec = person(&platform, unit_id, "secadmin", Role::SecurityAdmin).await;
        let sec2 = person(&platform, unit_id, "secadmin2", Role::SecurityAdmin).await;
        let audit = person(&platform, unit_id, "auditadmin", Role::AuditAdmin).await;
        let sys = person(&platform, unit_id, "sysadmin", Role::SystemAdmin).await;
        let sys2 = person(&platform, unit_id, "sysadmin2", Role::SystemAdmin).await;
        let handler = person(&platform, unit_id, "handler", Role::UnitHandler).await;
        let now = now_ms();

        // An ordinary account: the password at once, the TOTP refused to the same person.
        let handler_id = handler.actor.user_id;
        let done = resets::request(db, (&sec.actor, IP), handler_id, Factor::Password, now)
            .await
            .unwrap();
        assert!(matches!(
            done,
            Requested::Applied {
                first_password: Some(_)
            }
        ));
        sqlx::query("UPDATE users SET totp_enabled = 1 WHERE id = $1")
            .bind(handler_id)
            .execute(&db.pool)
            .await
            .unwrap();
        let both = resets::request(db, (&sec.actor, IP), handler_id, Factor::Totp, now + 1).await;
        let message = refusal_text(both);
        assert!(
            message.contains("同一人 24 小时内不能既重置该账号的密码又重置其动态口令"),
            "{}: {message}",
            backend(&platform)
        );
        assert!(
            users::get(db, handler_id).await.unwrap().totp_enabled,
            "unchanged"
        );
        assert_eq!(n_audit(db, "user.reset_request_refused").await, 1);
        let later = now + BOTH_FACTORS_WINDOW_MS + 1;
        resets::request(db, (&sec.actor, IP), handler_id, Factor::Totp, later)
            .await
            .unwrap();

        // An administrator's account: secadmin asks for the password, auditadmin approves.
        let sys_id = sys.actor.user_id;
        let Requested::Pending { request_id } =
            resets::request(db, (&sec.actor, IP), sys_id, Factor::Password, now)
                .await
                .unwrap()
        else {
            panic!("an administrator's reset must wait")
        };
        resets::approve(db, (&audit.actor, IP), request_id, now)
            .await
            .unwrap();
        let requester = resets::request(db, (&sec.actor, IP), sys_id, Factor::Totp, now).await;
        refusal_text(requester);
        let Requested::Pending { request_id } =
            resets::request(db, (&sec2.actor, IP), sys_id, Factor::Totp, now)
                .await
                .unwrap()
        else {
            panic!("an administrator's reset must wait")
        };
        let approver = resets::approve(db, (&audit.actor, IP), request_id, now).await;
        assert!(refusal_text(approver).contains("又重置其动态口令"));
        let first_requester = resets::approve(db, (&sec.actor, IP), request_id, now).await;
        refusal_text(first_requester);
        assert_eq!(
            n_audit(db, "user.reset_totp").await,
            1,
            "only the handler's"
        );
        resets::approve(db, (&sys2.actor, IP), request_id, now)
            .await
            .unwrap();
        assert_eq!(
            n_audit(db, "user.reset_totp").await,
            2,
            "{}",
            backend(&platform)
        );
    }
}

/// Issue 12 finding 4 (SEC-ACCOUNTS, 三员分立): the security administrator cannot take the
/// administrator role off another administrator (to reset the then ordinary account at
/// once), nor give it to anyone, in the back office; the operator on the server can; other
/// roles change as before.
#[tokio::test]
async fn sec_accounts_administrator_roles_change_only_on_the_server() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let sys = person(&platform, unit_id, "sysadmin", Role::SystemAdmin).await;
        let sec = person(&platform, unit_id, "secadmin", Role::SecurityAdmin).await;
        let clerk = person(&platform, unit_id, "clerk", Role::WindowClerk).await;
        let by_sec = platform::audit::AuditActor::staff(&sec.actor, IP);
        let set = |user_id: i64, roles: Vec<Role>, actor: platform::audit::AuditActor| async move {
            let mut tx = db.begin().await.unwrap();
            let result = users::set_roles(&mut tx, &actor, user_id, &roles, now_ms()).await;
            if result.is_ok() {
                tx.commit().await.unwrap();
            }
            result
        };
        let demote = set(sys.actor.user_id, vec![Role::WindowClerk], by_sec.clone()).await;
        assert!(
            matches!(demote, Err(Error::Refused(_))),
            "{demote:?} on {}",
            backend(&platform)
        );
        assert_eq!(
            users::load_actor(db, sys.actor.user_id)
                .await
                .unwrap()
                .unwrap()
                .roles,
            vec![Role::SystemAdmin],
            "nothing changed"
        );
        let promote = set(clerk.actor.user_id, vec![Role::AuditAdmin], by_sec.clone()).await;
        assert!(matches!(promote, Err(Error::Refused(_))), "{promote:?}");
        set(clerk.actor.user_id, vec![Role::UnitHandler], by_sec)
            .await
            .unwrap();
        let operator = platform::audit::AuditActor::system("cli:root");
        set(clerk.actor.user_id, vec![Role::AuditAdmin], operator)
            .await
            .unwrap();
    }
}
