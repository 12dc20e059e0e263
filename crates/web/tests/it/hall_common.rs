//! What the hall's HTTP tests share (HALL-BOX, HALL-HARDCASE, HALL-STAFF, HALL-LEVELS): a form
//! body, a count of rows, and a ready session of a new account of a unit.

use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use sqlx::Row as _;

use crate::common::{Client, TestApp};

/// A form body of `fields`.
pub fn form(fields: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

/// The `n` of `sql`.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// A ready session (password changed, second factor on) of a new account holding `role` in
/// unit `code`, named `display`, its username `tag` with a suffix; the session and the id.
pub async fn account(
    app: &TestApp,
    (role, code): (Role, &str),
    tag: &str,
    display: &str,
) -> (Client, i64) {
    let db = &app.platform.db;
    let unit = platform::units::find_by_code(db, code)
        .await
        .unwrap()
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let (id, _) = users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.id,
            username: format!("{tag}_{}", now_ms() % 1_000_000),
            display_name: display.to_owned(),
            roles: vec![role],
        },
        now_ms(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    (app.session_of(id).await, id)
}

/// A ready session of a new `role` of the service centre (`gz-service`), named 中心`name`.
pub async fn centre(app: &TestApp, role: Role, tag: &str, name: &str) -> Client {
    let tag = format!("{tag}_{name}");
    account(app, (role, "gz-service"), &tag, &format!("中心{name}"))
        .await
        .0
}
