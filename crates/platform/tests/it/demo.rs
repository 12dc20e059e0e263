//! The demo jurisdiction 甘州区: one account per role, the unit tree, seeded once.

use std::collections::BTreeSet;

use platform::auth::login::{self, NextStep};
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::{Error, audit, demo, units, users};

use crate::{backend, count};

#[tokio::test]
async fn the_demo_seed_creates_one_account_per_role_and_the_unit_tree_once() {
    for platform in each_backend().await {
        let db = &platform.db;
        assert!(!demo::is_seeded(db).await.unwrap());

        let accounts = demo::seed(db, &platform.key).await.unwrap();

        assert!(demo::is_seeded(db).await.unwrap(), "{}", backend(&platform));
        let seeded_roles: Vec<Role> = accounts.iter().map(|account| account.role).collect();
        assert_eq!(
            seeded_roles,
            Role::ALL,
            "one demo account per role, in role order"
        );
        let stored = users::list(db).await.unwrap();
        assert_eq!(stored.len(), Role::ALL.len());
        let stored_roles: BTreeSet<Role> = stored
            .iter()
            .flat_map(|account| account.roles.clone())
            .collect();
        assert_eq!(stored_roles, Role::ALL.into_iter().collect());
        assert!(
            stored
                .iter()
                .all(|account| account.roles.len() == 1 && account.must_change_password)
        );

        let unit_tree = units::list(db).await.unwrap();
        assert_eq!(unit_tree.len(), 16, "{}", backend(&platform));
        assert_eq!(
            unit_tree[0].code, "gz",
            "the government is the root and comes first"
        );
        assert!(
            unit_tree
                .iter()
                .skip(1)
                .all(|unit| unit.parent_id.is_some())
        );
        assert_eq!(audit::verify(db).await.unwrap().first_break, None);
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM announcements", &[]).await,
            3
        );

        let handler = accounts
            .iter()
            .find(|account| account.role == Role::UnitHandler)
            .unwrap();
        let (_, step) = login::password_step(
            db,
            &RuleProfile::default(),
            &Default::default(),
            (&handler.username, &handler.first_password, ""),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(step, NextStep::ChangePassword);
    }
}

#[tokio::test]
async fn seeding_a_second_time_is_refused_and_changes_nothing() {
    for platform in each_backend().await {
        let db = &platform.db;
        demo::seed(db, &platform.key).await.unwrap();
        let n_audit_rows = count(db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await;

        let again = demo::seed(db, &platform.key).await;

        assert!(
            matches!(again, Err(Error::Conflict(_))),
            "{}: {again:?}",
            backend(&platform)
        );
        assert_eq!(users::list(db).await.unwrap().len(), Role::ALL.len());
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await,
            n_audit_rows
        );
    }
}
