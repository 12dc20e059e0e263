//! `extranet_pools`, `extranet_free_blocks`, `extranet_allocations`, `extranet_names`
//! (migration 0051, NET-IPAM): the buddy carving of [`crate::ipam::space`] query by query.
//! Every change of a pool runs with its row locked (PostgreSQL `FOR UPDATE`; SQLite's one
//! writer), takes an allocation only out of one free block, and re-checks the live
//! allocations for an overlap before it inserts: no two allocations overlap, ever.

use platform::db::{Backend, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::UnitId;
use crate::application::ApplicationId;
use crate::error::ExtranetError;
use crate::ipam::space::{self, carve};
use crate::ipam::{AllocationStatus, Family, Prefix};

/// A pool as stored, with the addresses used.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    pub id: i64,
    pub name: String,
    pub prefix: Prefix,
    pub used: u128,
    pub description: String,
}

impl Pool {
    /// NET-IPAM: the utilisation in per cent.
    pub fn utilisation_percent(&self) -> f64 {
        space::utilisation_percent(self.prefix, self.used)
    }
}

/// An allocation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    pub id: i64,
    pub pool_id: i64,
    pub prefix: Prefix,
    pub unit: UnitId,
    pub application: ApplicationId,
    pub status: AllocationStatus,
    pub description: String,
    pub active: bool,
    /// NET-LEDGER: the unit is cut off and this allocation marked.
    pub blocked: bool,
}

fn key(address: u128) -> String {
    Prefix::key(address)
}

pub(super) fn address(row: &sqlx::any::AnyRow, column: &str) -> Result<u128> {
    let text: String = row.try_get(column)?;
    Prefix::from_key(&text).ok_or_else(|| super::unreadable("address key", text))
}

pub(super) fn prefix_of(row: &sqlx::any::AnyRow, family: Family) -> Result<Prefix> {
    let length: i64 = row.try_get("length")?;
    let length = u8::try_from(length).map_err(|error| super::unreadable("length", error))?;
    Ok(Prefix {
        family,
        start: address(row, "start_key")?,
        length,
    })
}

pub(super) fn family_of(row: &sqlx::any::AnyRow) -> Result<Family> {
    let code: String = row.try_get("family")?;
    Family::from_code(&code).ok_or_else(|| super::unreadable("family", code))
}

pub(super) fn pool_from(row: &sqlx::any::AnyRow) -> Result<Pool> {
    let family = family_of(row)?;
    let used: String = row.try_get("used")?;
    Ok(Pool {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        prefix: prefix_of(row, family)?,
        used: used
            .parse()
            .map_err(|error| super::unreadable("used", error))?,
        description: row.try_get("description")?,
    })
}

pub(super) const POOL: &str =
    "SELECT id, name, family, length, start_key, used, description FROM extranet_pools";

/// NET-IPAM: a new pool, refused when it overlaps another; its whole prefix free.
pub async fn insert_pool(
    tx: &mut Tx,
    name: &str,
    prefix: Prefix,
    description: &str,
    now: i64,
) -> Result<i64> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{POOL} WHERE family = $1")))
        .bind(prefix.family.code())
        .fetch_all(&mut **tx)
        .await?;
    for row in &rows {
        let pool = pool_from(row)?;
        if pool.prefix.overlaps(prefix) {
            return Err(ExtranetError::conflict(format!(
                "地址池 {prefix} 与地址池“{}”（{}）重叠（NET-IPAM）",
                pool.name, pool.prefix
            ))
            .into());
        }
    }
    let row = sqlx::query(
        "INSERT INTO extranet_pools (name, family, length, start_key, end_key, used, \
         description, created_at) VALUES ($1, $2, $3, $4, $5, '0', $6, $7) RETURNING id",
    )
    .bind(name)
    .bind(prefix.family.code())
    .bind(i64::from(prefix.length))
    .bind(key(prefix.start))
    .bind(key(prefix.end()))
    .bind(description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    insert_free(tx, id, prefix).await?;
    Ok(id)
}

/// The pool `id`, its row locked for the rest of the transaction on PostgreSQL (SQLite's
/// write transaction already holds the one writer).
pub async fn lock_pool(tx: &mut Tx, backend: Backend, id: i64) -> Result<Pool> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{POOL} WHERE id = $1{lock}")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("地址池 {id}")))?;
    pool_from(&row)
}

/// The pools, by family and address.
pub async fn pools(tx: &mut Tx) -> Result<Vec<Pool>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{POOL} ORDER BY family, start_key"
    )))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(pool_from).collect()
}

async fn insert_free(tx: &mut Tx, pool: i64, block: Prefix) -> Result<()> {
    sqlx::query(
        "INSERT INTO extranet_free_blocks (pool_id, length, start_key, end_key) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(pool)
    .bind(i64::from(block.length))
    .bind(key(block.start))
    .bind(key(block.end()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn delete_free(tx: &mut Tx, pool: i64, block: Prefix) -> Result<()> {
    sqlx::query("DELETE FROM extranet_free_blocks WHERE pool_id = $1 AND start_key = $2")
        .bind(pool)
        .bind(key(block.start))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The free block of `pool` holding all of `target`, if any: the free block starting last at
/// or before it (free blocks are disjoint, so no other can hold it).
async fn free_holding(tx: &mut Tx, pool: &Pool, target: Prefix) -> Result<Option<Prefix>> {
    let row = sqlx::query(
        "SELECT length, start_key FROM extranet_free_blocks WHERE pool_id = $1 \
         AND start_key <= $2 ORDER BY start_key DESC LIMIT 1",
    )
    .bind(pool.id)
    .bind(key(target.start))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let block = prefix_of(&row, pool.prefix.family)?;
    Ok(block.contains(target).then_some(block))
}

/// Next-free by best fit: the longest free block not longer than `length`, lowest first.
async fn best_fit(tx: &mut Tx, pool: &Pool, length: u8) -> Result<Option<Prefix>> {
    let row = sqlx::query(
        "SELECT length, start_key FROM extranet_free_blocks WHERE pool_id = $1 \
         AND length <= $2 ORDER BY length DESC, start_key LIMIT 1",
    )
    .bind(pool.id)
    .bind(i64::from(length))
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| prefix_of(&row, pool.prefix.family))
        .transpose()
}

/// Whether a live allocation of `pool` overlaps `target` (the allocation starting last at or
/// before its end is the only one that can, allocations being disjoint).
async fn overlapping(tx: &mut Tx, pool: &Pool, target: Prefix) -> Result<Option<Prefix>> {
    let row = sqlx::query(
        "SELECT length, start_key FROM extranet_allocations WHERE pool_id = $1 AND active = 1 \
         AND start_key <= $2 ORDER BY start_key DESC LIMIT 1",
    )
    .bind(pool.id)
    .bind(key(target.end()))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let existing = prefix_of(&row, pool.prefix.family)?;
    Ok(existing.overlaps(target).then_some(existing))
}

/// Who gets an allocation, for what.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub unit: UnitId,
    pub application: ApplicationId,
    pub status: AllocationStatus,
    pub description: &'a str,
    pub by: Option<i64>,
    pub now: i64,
}

/// What to allocate: a given prefix or address, or the next free prefix of a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Exactly(Prefix),
    NextFree(u8),
}

/// NET-IPAM: allocates `want` out of the locked `pool`; refused (nothing changed by this
/// call) outside the pool, over an allocation, or when no block is free.
pub async fn allocate(
    tx: &mut Tx,
    pool: &mut Pool,
    want: Want,
    grant: &Grant<'_>,
) -> Result<Allocation> {
    let (block, target) = match want {
        Want::Exactly(target) => {
            if !pool.prefix.contains(target) {
                return Err(space::outside(pool.prefix, target).into());
            }
            match free_holding(tx, pool, target).await? {
                Some(block) => (block, target),
                None => return Err(space::taken(target).into()),
            }
        }
        Want::NextFree(length) => {
            space::check_length(pool.prefix, length)?;
            match best_fit(tx, pool, length).await? {
                Some(block) => (block, Prefix { length, ..block }),
                None => return Err(space::full(pool.prefix, length).into()),
            }
        }
    };
    if overlapping(tx, pool, target).await?.is_some() {
        return Err(space::taken(target).into());
    }
    delete_free(tx, pool.id, block).await?;
    for piece in carve(block, target) {
        insert_free(tx, pool.id, piece).await?;
    }
    let row = sqlx::query(
        "INSERT INTO extranet_allocations (pool_id, family, length, start_key, end_key, unit_id, \
         application_id, status, description, active, blocked, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 0, $10, $11) RETURNING id",
    )
    .bind(pool.id)
    .bind(target.family.code())
    .bind(i64::from(target.length))
    .bind(key(target.start))
    .bind(key(target.end()))
    .bind(grant.unit.0)
    .bind(grant.application.0)
    .bind(grant.status.code())
    .bind(grant.description)
    .bind(grant.by)
    .bind(grant.now)
    .fetch_one(&mut **tx)
    .await?;
    pool.used += target.size();
    set_used(tx, pool).await?;
    Ok(Allocation {
        id: row.try_get("id")?,
        pool_id: pool.id,
        prefix: target,
        unit: grant.unit,
        application: grant.application,
        status: grant.status,
        description: grant.description.to_owned(),
        active: true,
        blocked: false,
    })
}

async fn set_used(tx: &mut Tx, pool: &Pool) -> Result<()> {
    sqlx::query("UPDATE extranet_pools SET used = $1 WHERE id = $2")
        .bind(pool.used.to_string())
        .bind(pool.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) const ALLOCATION: &str = "SELECT id, pool_id, family, length, start_key, unit_id, application_id, \
     status, description, active, blocked FROM extranet_allocations";

pub(super) fn allocation_from(row: &sqlx::any::AnyRow) -> Result<Allocation> {
    let family = family_of(row)?;
    let status: String = row.try_get("status")?;
    Ok(Allocation {
        id: row.try_get("id")?,
        pool_id: row.try_get("pool_id")?,
        prefix: prefix_of(row, family)?,
        unit: UnitId(row.try_get("unit_id")?),
        application: ApplicationId(row.try_get("application_id")?),
        status: AllocationStatus::from_code(&status)
            .ok_or_else(|| super::unreadable("allocation status", status))?,
        description: row.try_get("description")?,
        active: row.try_get::<i64, _>("active")? == 1,
        blocked: row.try_get::<i64, _>("blocked")? == 1,
    })
}

/// Allocation `id`.
pub async fn allocation(tx: &mut Tx, id: i64) -> Result<Allocation> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{ALLOCATION} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("地址分配 {id}")))?;
    allocation_from(&row)
}

/// The live allocations of `pool` in address order, from `after` (a start key, exclusive), at
/// most `limit`.
pub async fn allocations(
    tx: &mut Tx,
    pool: i64,
    after: Option<u128>,
    limit: i64,
) -> Result<Vec<Allocation>> {
    let after = after.map_or_else(String::new, key);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ALLOCATION} WHERE pool_id = $1 AND active = 1 AND start_key > $2 \
         ORDER BY start_key LIMIT $3"
    )))
    .bind(pool)
    .bind(after)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(allocation_from).collect()
}

/// The live allocations of `unit`.
pub async fn allocations_of_unit(tx: &mut Tx, unit: UnitId) -> Result<Vec<Allocation>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ALLOCATION} WHERE unit_id = $1 AND active = 1 ORDER BY family, start_key"
    )))
    .bind(unit.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(allocation_from).collect()
}

/// NET-IPAM: gives allocation `allocation` of the locked `pool` back: it is kept as history
/// (inactive), its names are removed, its space merges with its free buddies.
pub async fn reclaim(
    tx: &mut Tx,
    pool: &mut Pool,
    allocation: &Allocation,
    now: i64,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE extranet_allocations SET active = 0, reclaimed_at = $1 WHERE id = $2 AND active = 1",
    )
    .bind(now)
    .bind(allocation.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict(format!("{} 已回收", allocation.prefix)));
    }
    sqlx::query("DELETE FROM extranet_names WHERE allocation_id = $1")
        .bind(allocation.id)
        .execute(&mut **tx)
        .await?;
    let mut block = allocation.prefix;
    // Merge level by level (space::merge_target): each buddy that is a free block joins it.
    while block.length > pool.prefix.length {
        let (Some(buddy), Some(parent)) = (block.buddy(), block.parent()) else {
            break;
        };
        let free = sqlx::query(
            "SELECT id FROM extranet_free_blocks WHERE pool_id = $1 AND start_key = $2 \
             AND length = $3",
        )
        .bind(pool.id)
        .bind(key(buddy.start))
        .bind(i64::from(buddy.length))
        .fetch_optional(&mut **tx)
        .await?;
        if free.is_none() {
            break;
        }
        delete_free(tx, pool.id, buddy).await?;
        block = parent;
    }
    insert_free(tx, pool.id, block).await?;
    pool.used = pool.used.saturating_sub(allocation.prefix.size());
    set_used(tx, pool).await
}

/// NET-LEDGER: marks (or unmarks) every live allocation of `unit` as cut off.
pub async fn mark_blocked(tx: &mut Tx, unit: UnitId, blocked: bool) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE extranet_allocations SET blocked = $1 WHERE unit_id = $2 AND active = 1",
    )
    .bind(i64::from(blocked))
    .bind(unit.0)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// A domain name and the address it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub name: String,
    pub address: Prefix,
    pub allocation_id: i64,
}

/// NET-IPAM: names `address` (a single address) `name`; the address must lie in a live
/// allocation, the name must be free.
pub async fn insert_name(tx: &mut Tx, name: &str, address: Prefix, now: i64) -> Result<Name> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ALLOCATION} WHERE family = $1 AND active = 1 AND start_key <= $2 \
         ORDER BY start_key DESC LIMIT 1"
    )))
    .bind(address.family.code())
    .bind(key(address.start))
    .fetch_optional(&mut **tx)
    .await?;
    let holder = row.map(|row| allocation_from(&row)).transpose()?;
    let Some(holder) = holder.filter(|holder| holder.prefix.contains(address)) else {
        return Err(ExtranetError::invalid(format!(
            "{} 不在任何已分配的地址段内，不能设置域名",
            address.address()
        ))
        .into());
    };
    let taken = sqlx::query("SELECT id FROM extranet_names WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(ExtranetError::conflict(format!("域名 {name} 已被使用")).into());
    }
    sqlx::query(
        "INSERT INTO extranet_names (name, family, address_key, allocation_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(name)
    .bind(address.family.code())
    .bind(key(address.start))
    .bind(holder.id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(Name {
        name: name.to_owned(),
        address,
        allocation_id: holder.id,
    })
}

/// The names pointing into allocation `allocation`.
pub async fn names_of(tx: &mut Tx, allocation: &Allocation) -> Result<Vec<Name>> {
    let rows = sqlx::query(
        "SELECT name, address_key FROM extranet_names WHERE allocation_id = $1 ORDER BY name",
    )
    .bind(allocation.id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let address = Prefix {
                family: allocation.prefix.family,
                start: address(row, "address_key")?,
                length: allocation.prefix.family.bits(),
            };
            Ok(Name {
                name: row.try_get("name")?,
                address,
                allocation_id: allocation.id,
            })
        })
        .collect()
}
