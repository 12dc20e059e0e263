//! DATA-ACCOUNTS for the web tests: only a person holding an active platform account acts on
//! the sharing platform (deny by default), so the tests' providers and consumers are given
//! one first — filed in the register as the administrator's allocation would file it
//! (`sharing_accounts`), unless they already hold one.

use platform::db::Db;
use sharing::account::{Account, AccountStatus};
use sharing::{UnitId, UserId};

/// Gives each office user of `ids` an active platform account unless they hold one.
pub async fn hold(db: &Db, ids: &[i64]) {
    for &id in ids {
        let held = sharing::store::accounts::of_user(db, UserId(id))
            .await
            .unwrap();
        if held.iter().any(|a| a.status == AccountStatus::Active) {
            continue;
        }
        let user = platform::users::get(db, id).await.unwrap();
        let account = Account {
            id: 0,
            unit: UnitId(user.unit_id),
            user: UserId(id),
            purpose: "测试：共享平台业务办理".into(),
            status: AccountStatus::Active,
            allocated_at: calendar::Instant::from_millis(platform::db::now_ms()),
            allocated_by: UserId(id),
            closed_at: None,
        };
        let mut tx = db.begin().await.unwrap();
        sharing::store::accounts::insert(&mut tx, &account)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

/// [`hold`] for the office accounts named `usernames`.
pub async fn hold_named(db: &Db, usernames: &[&str]) {
    let mut ids = Vec::new();
    for username in usernames {
        ids.push(
            platform::users::id_by_username(db, username)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    hold(db, &ids).await;
}
