//! SEC-ROLES and SEC-ACCOUNTS: separation of the three administrators, unique user names,
//! and every account change audited in the transaction that makes it.

use platform::Error;
use platform::auth::backoff::ClientBackoff;
use platform::auth::login;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::roles::{Role, check_role_combination};
use platform::testing::each_backend;
use platform::users::{self, NewAccount};

use crate::{backend, count, new_account, new_unit, system};

fn new_account_input(unit_id: i64, username: &str, roles: &[Role]) -> NewAccount {
    NewAccount {
        unit_id,
        username: username.into(),
        display_name: "测试人员".into(),
        roles: roles.to_vec(),
    }
}

#[test]
fn sec_roles_role_combinations_keep_the_three_administrators_apart() {
    let cases: &[(&[Role], bool)] = &[
        (&[Role::SystemAdmin, Role::AuditAdmin], false),
        (
            &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin],
            false,
        ),
        (&[Role::SecurityAdmin, Role::UnitHandler], false),
        (&[Role::AuditAdmin, Role::Reviewer], false),
        (&[], false),
        (&[Role::UnitHandler, Role::UnitLeader], true),
        (&[Role::SiteEditor, Role::Reviewer, Role::Publisher], true),
    ];
    for (roles, allowed) in cases {
        assert_eq!(check_role_combination(roles).is_ok(), *allowed, "{roles:?}");
    }
    for role in Role::ALL {
        check_role_combination(&[role]).unwrap();
    }
}

#[tokio::test]
async fn sec_roles_an_account_with_an_administrator_and_a_business_role_is_not_created() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let mut tx = platform.db.begin().await.unwrap();
        let input = new_account_input(unit_id, "mixed", &[Role::SystemAdmin, Role::Publisher]);
        let refused = users::create(&mut tx, &system(), input, now_ms()).await;
        assert!(
            matches!(refused, Err(Error::Invalid(_))),
            "{}: {refused:?}",
            backend(&platform)
        );
        tx.commit().await.unwrap();
        assert_eq!(
            users::id_by_username(&platform.db, "mixed").await.unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn sec_accounts_a_duplicate_username_is_a_conflict() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let mut tx = platform.db.begin().await.unwrap();
        let duplicate = users::create(
            &mut tx,
            &system(),
            new_account_input(unit_id, "zhangsan", &[Role::UnitLeader]),
            now_ms(),
        )
        .await;
        assert!(
            matches!(duplicate, Err(Error::Conflict(_))),
            "{}: {duplicate:?}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn sec_accounts_invalid_usernames_and_unknown_units_are_refused() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let too_long = "a".repeat(33);
        let mut tx = platform.db.begin().await.unwrap();
        for username in ["ab", "ZhangSan", "zhang san", "张三", too_long.as_str()] {
            let refused = users::create(
                &mut tx,
                &system(),
                new_account_input(unit_id, username, &[Role::UnitHandler]),
                now_ms(),
            )
            .await;
            assert!(
                matches!(refused, Err(Error::Invalid(_))),
                "{username}: {refused:?}"
            );
        }
        let nowhere = users::create(
            &mut tx,
            &system(),
            new_account_input(unit_id + 99, "lisi", &[Role::UnitHandler]),
            now_ms(),
        )
        .await;
        assert!(
            matches!(nowhere, Err(Error::NotFound(_))),
            "{}: {nowhere:?}",
            backend(&platform)
        );
    }
}

/// The number of audit rows with `action` for `user_id`.
async fn n_audit_rows(platform: &platform::Platform, action: &str, user_id: i64) -> i64 {
    let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND object_type = 'user' AND object_id = $2";
    count(&platform.db, sql, &[action, &user_id.to_string()]).await
}

#[tokio::test]
async fn sec_audit_a_rolled_back_account_creation_leaves_neither_account_nor_audit_row() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let n_before = count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await;
        let mut tx = platform.db.begin().await.unwrap();
        let (user_id, _) = users::create(
            &mut tx,
            &system(),
            new_account_input(unit_id, "lisi", &[Role::UnitHandler]),
            now_ms(),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();

        assert_eq!(
            users::id_by_username(&platform.db, "lisi").await.unwrap(),
            None,
            "{}",
            backend(&platform)
        );
        assert_eq!(n_audit_rows(&platform, "user.create", user_id).await, 0);
        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await,
            n_before
        );
    }
}

#[tokio::test]
async fn sec_audit_every_account_change_writes_one_audit_row_in_its_own_transaction() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, _) = new_account(&platform, unit_id, "lisi", Role::UnitHandler).await;
        let now = now_ms();
        assert_eq!(
            n_audit_rows(&platform, "user.create", user_id).await,
            1,
            "{}",
            backend(&platform)
        );

        // Each change, first rolled back (no trace at all), then committed (one row).
        for action in [
            "user.roles",
            "user.reset_password",
            "user.reset_totp",
            "user.disable",
            "user.enable",
        ] {
            for commit in [false, true] {
                let mut tx = db.begin().await.unwrap();
                match action {
                    "user.roles" => users::set_roles(
                        &mut tx,
                        &system(),
                        user_id,
                        &[Role::UnitHandler, Role::UnitLeader],
                        now,
                    )
                    .await
                    .unwrap(),
                    "user.reset_password" => {
                        users::reset_password(&mut tx, &system(), user_id, now)
                            .await
                            .unwrap();
                    }
                    "user.reset_totp" => users::reset_totp(&mut tx, &system(), user_id, now)
                        .await
                        .unwrap(),
                    "user.disable" => users::set_active(&mut tx, &system(), user_id, false, now)
                        .await
                        .unwrap(),
                    _ => users::set_active(&mut tx, &system(), user_id, true, now)
                        .await
                        .unwrap(),
                }
                if commit {
                    tx.commit().await.unwrap();
                } else {
                    tx.rollback().await.unwrap();
                }
                let expected = i64::from(commit);
                assert_eq!(
                    n_audit_rows(&platform, action, user_id).await,
                    expected,
                    "{} {action} commit={commit}",
                    backend(&platform)
                );
            }
        }
        let account = users::get(db, user_id).await.unwrap();
        assert_eq!(account.roles, vec![Role::UnitHandler, Role::UnitLeader]);
        assert!(account.active);
        let detail =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.roles' AND detail = $1";
        assert_eq!(
            count(db, detail, &["unit_handler → unit_handler,unit_leader"]).await,
            1
        );
        assert_eq!(platform::audit::verify(db).await.unwrap().first_break, None);
    }
}

#[tokio::test]
async fn sec_accounts_a_disabled_account_cannot_log_in_and_loses_its_sessions() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, password) = new_account(&platform, unit_id, "lisi", Role::UnitHandler).await;
        let profile = RuleProfile::default();
        let clients = ClientBackoff::default();
        let (token, _) =
            login::password_step(db, &profile, &clients, ("lisi", &password, ""), now_ms())
                .await
                .unwrap();

        let mut tx = db.begin().await.unwrap();
        users::set_active(&mut tx, &system(), user_id, false, now_ms())
            .await
            .unwrap();
        tx.commit().await.unwrap();

        assert_eq!(
            platform::auth::session::lookup(db, &token, 30, now_ms())
                .await
                .unwrap(),
            None,
            "{}",
            backend(&platform)
        );
        assert!(
            login::password_step(db, &profile, &clients, ("lisi", &password, ""), now_ms())
                .await
                .is_err()
        );
        assert_eq!(users::load_actor(db, user_id).await.unwrap(), None);
    }
}

#[tokio::test]
async fn sec_accounts_changing_an_unknown_account_is_not_found() {
    for platform in each_backend().await {
        let unknown = 4242;
        let mut tx = platform.db.begin().await.unwrap();
        let disabled = users::set_active(&mut tx, &system(), unknown, false, now_ms()).await;
        assert!(
            matches!(disabled, Err(Error::NotFound(_))),
            "{}: {disabled:?}",
            backend(&platform)
        );
        let totp = users::reset_totp(&mut tx, &system(), unknown, now_ms()).await;
        assert!(
            matches!(totp, Err(Error::NotFound(_))),
            "{}: {totp:?}",
            backend(&platform)
        );
    }
}
