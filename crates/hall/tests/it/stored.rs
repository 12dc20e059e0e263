//! What the stored tests share: the demo seeded with its contacts, a demo account as an
//! actor, a count of rows.

use platform::roles::Actor;
use sqlx::Row as _;

/// The demo's units, accounts and contacts on `platform`.
pub async fn seeded(platform: &platform::Platform) {
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    platform::demo::seed_contacts(&platform.db, &platform.key)
        .await
        .unwrap();
}

/// The demo account `username` as an actor.
pub async fn actor(db: &platform::db::Db, username: &str) -> Actor {
    let id = platform::users::id_by_username(db, username)
        .await
        .unwrap()
        .unwrap();
    platform::users::load_actor(db, id).await.unwrap().unwrap()
}

/// The `n` of `sql`, with `$1` bound to `id` when given.
pub async fn count(db: &platform::db::Db, sql: &str, id: Option<i64>) -> i64 {
    let query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    let query = match id {
        Some(id) => query.bind(id),
        None => query,
    };
    query
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}
