//! The search's change feed (WEB-SEARCH): a domain that changes public content notes it here
//! in the same transaction, and every server process's search index follows the rows
//! (`search` crate). Only the kind and id are written; the index reads the content itself.

use crate::Result;
use crate::db::Tx;

/// WEB-SEARCH: the public content `kind` (`article`, `item`, `kb`) `id` changed in `tx`.
pub async fn changed(tx: &mut Tx, kind: &str, id: i64) -> Result<()> {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        });
    sqlx::query("INSERT INTO search_feed (kind, ref_id, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
