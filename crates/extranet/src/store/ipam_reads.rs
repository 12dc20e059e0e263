//! The reads of the address pages (NET-IPAM): one pool, the allocations of an access
//! application, each unit's share of a pool (allocations and addresses by prefix length),
//! the internal domain names of a pool. Nothing here writes.

use platform::db::Tx;
use platform::{Error, Result};
use sqlx::Row as _;

use super::ipam::{
    ALLOCATION, Allocation, Name, POOL, Pool, address, allocation_from, family_of, pool_from,
};
use crate::UnitId;
use crate::application::ApplicationId;
use crate::ipam::Prefix;

/// Pool `id`, unlocked (for a page).
pub async fn pool(tx: &mut Tx, id: i64) -> Result<Pool> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{POOL} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("地址池 {id}")))?;
    pool_from(&row)
}

/// The live allocations tied to access application `application`, by address.
pub async fn allocations_of_application(
    tx: &mut Tx,
    application: ApplicationId,
) -> Result<Vec<Allocation>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ALLOCATION} WHERE application_id = $1 AND active = 1 ORDER BY family, start_key"
    )))
    .bind(application.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(allocation_from).collect()
}

/// One unit's share of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitShare {
    pub unit: UnitId,
    pub allocations: i64,
    /// Addresses allocated to it.
    pub addresses: u128,
    /// Of them, allocations marked cut off (NET-LEDGER).
    pub blocked: i64,
}

/// NET-IPAM: the live allocations of `pool` per unit: how many, how many addresses.
pub async fn shares(tx: &mut Tx, pool: &Pool) -> Result<Vec<UnitShare>> {
    let rows = sqlx::query(
        "SELECT unit_id, length, COUNT(*) AS n, COUNT(CASE WHEN blocked = 1 THEN 1 END) AS b FROM extranet_allocations \
         WHERE pool_id = $1 AND active = 1 GROUP BY unit_id, length ORDER BY unit_id",
    )
    .bind(pool.id)
    .fetch_all(&mut **tx)
    .await?;
    let mut shares: Vec<UnitShare> = Vec::new();
    for row in &rows {
        let unit = UnitId(row.try_get("unit_id")?);
        let length: i64 = row.try_get("length")?;
        let count: i64 = row.try_get("n")?;
        let blocked: i64 = row.try_get("b")?;
        let length = u8::try_from(length).map_err(|error| super::unreadable("length", error))?;
        let bits = pool.prefix.family.bits();
        let size = 1u128
            .checked_shl(u32::from(bits.saturating_sub(length)))
            .unwrap_or(u128::MAX);
        let addresses = size.saturating_mul(u128::try_from(count).unwrap_or_default());
        match shares.iter_mut().find(|share| share.unit == unit) {
            Some(share) => {
                share.allocations += count;
                share.addresses = share.addresses.saturating_add(addresses);
                share.blocked += blocked;
            }
            None => shares.push(UnitShare {
                unit,
                allocations: count,
                addresses,
                blocked,
            }),
        }
    }
    Ok(shares)
}

/// NET-IPAM: the internal domain names pointing into `pool`'s live allocations, by name.
pub async fn names_in_pool(tx: &mut Tx, pool: i64) -> Result<Vec<Name>> {
    let rows = sqlx::query(
        "SELECT n.name, n.family, n.address_key, n.allocation_id FROM extranet_names n \
         JOIN extranet_allocations a ON a.id = n.allocation_id \
         WHERE a.pool_id = $1 AND a.active = 1 ORDER BY n.name",
    )
    .bind(pool)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let family = family_of(row)?;
            Ok(Name {
                name: row.try_get("name")?,
                address: Prefix {
                    family,
                    start: address(row, "address_key")?,
                    length: family.bits(),
                },
                allocation_id: row.try_get("allocation_id")?,
            })
        })
        .collect()
}
