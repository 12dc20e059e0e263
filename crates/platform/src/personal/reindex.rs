//! Blind indexes made before issue 12 finding 14 (a keyed SM3 digest under the data key
//! itself) are computed again as HMAC-SM3 under the lookup key, once per database, wherever
//! their clear value is sealed beside them: the phone of an appeal, the ID number of an
//! applicant. Indexes whose clear value was never kept (query codes, API keys) are recognised
//! by [`DataKey::lookup_matches`] instead.

use sqlx::Row as _;

use super::DataKey;
use crate::db::Db;
use crate::error::Result;

/// One blind index: where its clear values are sealed, and where it is kept.
#[derive(Debug, Clone, Copy)]
pub struct BlindIndex {
    /// Names the rebuild in `blind_index_rebuilds` (done once per database).
    pub name: &'static str,
    /// A query giving, per row, `sealed` (the clear value, sealed), `lookup` (its index) and
    /// `row` (what [`BlindIndex::place`] takes).
    pub source: &'static str,
    /// Where a row's value is sealed ([`super::aad`]), from the query's `row`.
    pub place: fn(&str) -> String,
    /// The text the index is computed over, from the clear value.
    pub input: fn(&str) -> String,
    /// Where the index is kept, as (table, column): rows holding an old index get the new.
    pub targets: &'static [(&'static str, &'static str)],
}

/// Rebuilds each index not rebuilt yet in this database, each in one transaction; returns
/// the number of old index values replaced. Two nodes starting together on one database
/// rebuild once: the second waits under [`Db::lock_nodes`] and finds the rebuild done
/// (issue 12's two nodes; without it one start in eight stopped on the unique name).
pub async fn rebuild(db: &Db, key: &DataKey, indexes: &[BlindIndex]) -> Result<u64> {
    let lock = db.lock_nodes("personal.reindex").await?;
    let replaced = rebuild_each(db, key, indexes).await;
    lock.release().await?;
    replaced
}

async fn rebuild_each(db: &Db, key: &DataKey, indexes: &[BlindIndex]) -> Result<u64> {
    let mut replaced = 0;
    for index in indexes {
        let mut tx = db.begin().await?;
        let done = sqlx::query("SELECT name FROM blind_index_rebuilds WHERE name = $1")
            .bind(index.name)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            continue;
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(index.source))
            .fetch_all(&mut *tx)
            .await?;
        let mut seen = std::collections::BTreeSet::new();
        for row in rows {
            let (sealed, lookup, place): (Option<Vec<u8>>, Option<String>, String) = (
                row.try_get("sealed")?,
                row.try_get("lookup")?,
                row.try_get("row")?,
            );
            let (Some(sealed), Some(lookup)) = (sealed, lookup) else {
                continue;
            };
            let clear = key.open_for(&sealed, &(index.place)(&place))?;
            let input = (index.input)(&clear);
            let legacy = key.legacy_lookup_hash(&input);
            if lookup != legacy || !seen.insert(legacy.clone()) {
                continue;
            }
            let new = key.lookup_hash(&input);
            for (table, column) in index.targets {
                replaced += sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {table} SET {column} = $1 WHERE {column} = $2"
                )))
                .bind(&new)
                .bind(&legacy)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
        }
        sqlx::query("INSERT INTO blind_index_rebuilds (name, rebuilt_at) VALUES ($1, $2)")
            .bind(index.name)
            .bind(crate::db::now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(replaced)
}
