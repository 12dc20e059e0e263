//! The buddy carving of a pool (NET-IPAM: no overlap, ever). A pool's free space is a set of
//! aligned prefixes; an allocation is taken out of the one free prefix that holds it
//! ([`carve`]: the halves it does not fall in stay free), and a reclaimed allocation is given
//! back and merged with its free buddy, level by level ([`merge_target`]). An allocation can
//! only come out of free space, so two never overlap. [`Space`] is the whole allocator in
//! memory — the reference the store follows query by query, and what the tests drive.

use std::collections::{BTreeMap, BTreeSet};

use super::prefix::Prefix;
use crate::error::ExtranetError;

/// The free prefixes left when `target` is taken out of the free prefix `free` holding it.
pub fn carve(free: Prefix, target: Prefix) -> Vec<Prefix> {
    let mut left = Vec::new();
    let mut block = free;
    while block.length < target.length {
        let Some((lower, upper)) = block.halves() else {
            break;
        };
        if lower.contains(target) {
            left.push(upper);
            block = lower;
        } else {
            left.push(lower);
            block = upper;
        }
    }
    left
}

/// Where a freed prefix ends up: merged with each free buddy up to the pool. `is_free`
/// answers whether a prefix is a free block now; returns the buddies merged (to remove from
/// the free set) and the prefix to add.
pub fn merge_target(
    pool: Prefix,
    freed: Prefix,
    is_free: impl Fn(Prefix) -> bool,
) -> (Vec<Prefix>, Prefix) {
    let mut merged = Vec::new();
    let mut block = freed;
    while block.length > pool.length {
        let (Some(buddy), Some(parent)) = (block.buddy(), block.parent()) else {
            break;
        };
        if !is_free(buddy) {
            break;
        }
        merged.push(buddy);
        block = parent;
    }
    (merged, block)
}

/// A pool's allocator in memory: its free blocks and its allocations.
#[derive(Debug, Clone)]
pub struct Space {
    pub pool: Prefix,
    free: BTreeSet<Prefix>,
    /// The free blocks by (length, start): best fit is a range query, as in the store.
    by_length: BTreeSet<(u8, u128)>,
    allocated: BTreeMap<u128, Prefix>,
}

impl Space {
    /// An empty pool: one free block, itself.
    pub fn new(pool: Prefix) -> Space {
        Space {
            pool,
            free: BTreeSet::from([pool]),
            by_length: BTreeSet::from([(pool.length, pool.start)]),
            allocated: BTreeMap::new(),
        }
    }

    /// The free block holding `target`, if `target` is wholly free.
    fn free_holding(&self, target: Prefix) -> Option<Prefix> {
        let last = Prefix {
            length: u8::MAX,
            ..target
        };
        self.free
            .range(..=last)
            .next_back()
            .copied()
            .filter(|block| block.contains(target))
    }

    fn insert_free(&mut self, block: Prefix) {
        self.free.insert(block);
        self.by_length.insert((block.length, block.start));
    }

    fn remove_free(&mut self, block: Prefix) {
        self.free.remove(&block);
        self.by_length.remove(&(block.length, block.start));
    }

    /// Takes `target` (a prefix or a single address) for a unit; refused outside the pool or
    /// over anything allocated.
    pub fn allocate(&mut self, target: Prefix) -> Result<Prefix, ExtranetError> {
        if !self.pool.contains(target) {
            return Err(outside(self.pool, target));
        }
        let Some(block) = self.free_holding(target) else {
            return Err(taken(target));
        };
        self.take(block, target);
        Ok(target)
    }

    /// Takes the next free prefix of `length` (best fit).
    pub fn allocate_next(&mut self, length: u8) -> Result<Prefix, ExtranetError> {
        check_length(self.pool, length)?;
        // Best fit: the longest free length not above `length`, then its lowest block.
        let Some(&(fit, _)) = self.by_length.range(..=(length, u128::MAX)).next_back() else {
            return Err(full(self.pool, length));
        };
        let Some(&(_, start)) = self.by_length.range((fit, 0)..).next() else {
            return Err(full(self.pool, length));
        };
        let block = Prefix {
            length: fit,
            start,
            ..self.pool
        };
        let target = Prefix { length, ..block };
        self.take(block, target);
        Ok(target)
    }

    fn take(&mut self, block: Prefix, target: Prefix) {
        self.remove_free(block);
        for piece in carve(block, target) {
            self.insert_free(piece);
        }
        self.allocated.insert(target.start, target);
    }

    /// Gives `allocation` back: it merges with its free buddies.
    pub fn reclaim(&mut self, allocation: Prefix) -> Result<(), ExtranetError> {
        if self.allocated.get(&allocation.start) != Some(&allocation) {
            return Err(ExtranetError::invalid(format!(
                "{allocation} 未分配，无需回收"
            )));
        }
        self.allocated.remove(&allocation.start);
        let (merged, block) = merge_target(self.pool, allocation, |p| self.free.contains(&p));
        for buddy in merged {
            self.remove_free(buddy);
        }
        self.insert_free(block);
        Ok(())
    }

    pub fn allocations(&self) -> impl Iterator<Item = Prefix> + '_ {
        self.allocated.values().copied()
    }

    pub fn free_blocks(&self) -> impl Iterator<Item = Prefix> + '_ {
        self.free.iter().copied()
    }

    /// Addresses allocated.
    pub fn used(&self) -> u128 {
        self.allocated.values().map(|p| p.size()).sum()
    }
}

/// The utilisation of a pool in per cent, from the addresses used.
pub fn utilisation_percent(pool: Prefix, used: u128) -> f64 {
    // Precision is enough for a percentage shown with one decimal.
    #[allow(clippy::cast_precision_loss)]
    let ratio = used as f64 / pool.size() as f64;
    ratio * 100.0
}

/// Whether a next-free `length` can come out of `pool` at all.
pub fn check_length(pool: Prefix, length: u8) -> Result<(), ExtranetError> {
    if length < pool.length || length > pool.family.bits() {
        return Err(ExtranetError::invalid(format!(
            "所需前缀长度 /{length} 应在地址池 {pool} 的 /{} 到 /{} 之间",
            pool.length,
            pool.family.bits()
        )));
    }
    Ok(())
}

/// NET-IPAM: the refusal of a prefix outside its pool.
pub fn outside(pool: Prefix, target: Prefix) -> ExtranetError {
    ExtranetError::conflict(format!("{target} 不在地址池 {pool} 内"))
}

/// NET-IPAM: the refusal of a prefix over an allocation.
pub fn taken(target: Prefix) -> ExtranetError {
    ExtranetError::conflict(format!(
        "{target} 与已分配的地址重叠（NET-IPAM：地址不得重叠）"
    ))
}

/// NET-IPAM: no free block of the length asked.
pub fn full(pool: Prefix, length: u8) -> ExtranetError {
    ExtranetError::conflict(format!("地址池 {pool} 中已没有空闲的 /{length} 地址段"))
}
