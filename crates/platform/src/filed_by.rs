//! The account a public filing is made under (issue 23 item 3, 我的空间): when a citizen's
//! session is present, the filing's domain links the new appeal, case, application or
//! message to the account in the filing's own transaction, so it is in the person's space
//! the moment its number is shown — and a filing that fails links nothing. The table
//! `account_items` is the accounts crate's (it reads the domains, so they cannot call it);
//! this is the one write of it the domains need. Anonymous filing passes `None`. The
//! counts the reports need (注册用户数, filings with an account) are read here too.

use sqlx::Row as _;

use crate::Result;
use crate::db::{Db, Tx};

/// The logged-in account a filing is made under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiledBy(pub i64);

/// The kinds of business a filing links (`accounts::ItemKind`'s codes).
pub const APPEAL: &str = "appeal";
pub const CASE: &str = "case";
pub const APPLICATION: &str = "application";
pub const MESSAGE: &str = "message";

/// Links `(object_id, number)` of `kind` to the account, if any, in the filing's
/// transaction `tx`. A business already linked stays with its account.
pub async fn link_in(
    tx: &mut Tx,
    filed_by: Option<FiledBy>,
    kind: &str,
    (object_id, number): (i64, &str),
    now: i64,
) -> Result<()> {
    let Some(FiledBy(account_id)) = filed_by else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO account_items (account_id, kind, object_id, number, how, linked_at) \
         VALUES ($1, $2, $3, $4, 'filed', $5) ON CONFLICT (kind, object_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(kind)
    .bind(object_id)
    .bind(number)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// 注册用户数 (the website annual report, reports.md §2; issue 23 item 5): accounts of
/// persons and enterprises registered before `until` and not deleted by then
/// (`accounts::rights::registered_count` is this; the sites crate reads it here).
pub async fn registered_count(db: &Db, until: i64) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM accounts WHERE created_at < $1 \
         AND (deletion_requested_at IS NULL OR deletion_requested_at >= $2)",
    )
    .bind(until)
    .bind(until)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}

/// The businesses of `kind` filed while logged in, linked in `[from, until)` (issue 23
/// item 5: the cases filed with an account, where the reports count cases).
pub async fn filed_count(db: &Db, kind: &str, (from, until): (i64, i64)) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM account_items WHERE how = 'filed' AND kind = $1 \
         AND linked_at >= $2 AND linked_at < $3",
    )
    .bind(kind)
    .bind(from)
    .bind(until)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}
