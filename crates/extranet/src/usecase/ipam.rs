//! Address management on both engines (NET-IPAM, 000 外网 §5(三)): the extranet office
//! creates pools, allocates a prefix or a single address (given, or the next free of a
//! length) to a unit for one of its access applications, reclaims, names addresses, imports
//! and exports NetBox CSV. Each use case is one transaction with its audit row; a refusal
//! changes nothing (an import with one bad row imports none).

use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::workflow::Context;
use platform::{Error, Result};

use crate::application::ApplicationId;
use crate::error::ExtranetError;
use crate::ipam::netbox::{self, Row};
use crate::ipam::{AllocationStatus, Prefix, parse_dns_name};
use crate::store::applications as applications_store;
use crate::store::ipam::{self as store, Allocation, Grant, Pool, Want};
use crate::store::ipam_reads as reads;
use crate::{Acting, UnitId};

fn office_only(acting: &Acting) -> Result<()> {
    if acting.roles.contains(&platform::roles::Role::ExtranetAdmin) {
        Ok(())
    } else {
        Err(Error::Refused(
            "地址和域名由政务外网主管机构（区信息化工作办公室）的外网管理员分配和回收".to_owned(),
        ))
    }
}

/// NET-IPAM: a new pool `prefix` named `name`, refused when malformed, too large or over
/// another pool.
pub async fn create_pool(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    name: &str,
    prefix: &str,
    description: &str,
) -> Result<Pool> {
    office_only(acting)?;
    let prefix = Prefix::parse(prefix)?;
    let name = name.trim();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push("请填写地址池名称".to_owned());
    }
    if prefix.length < 8 || (prefix.family == crate::ipam::Family::V6 && prefix.length < 16) {
        problems.push(format!(
            "地址池 {prefix} 过大（IPv4 不短于 /8，IPv6 不短于 /16）"
        ));
    }
    if prefix.is_single_address() {
        problems.push("地址池不能是单个地址".to_owned());
    }
    ExtranetError::check_all(problems)?;
    let mut tx = db.begin().await?;
    let now = context.now.millis();
    let id = store::insert_pool(&mut tx, name, prefix, description.trim(), now).await?;
    let event = AuditEvent::new("extranet.pool.create", "extranet_pool", id)
        .detail(format!("新建外网地址池“{name}”{prefix}"));
    audit::record(&mut tx, context.actor, event, now).await?;
    let pool = store::lock_pool(&mut tx, db.backend, id).await?;
    tx.commit().await?;
    Ok(pool)
}

/// What an office allocates: where, what, to whom, for which application.
#[derive(Debug, Clone)]
pub struct Request {
    pub pool: i64,
    pub want: Want,
    pub unit: UnitId,
    pub application: ApplicationId,
    pub status: AllocationStatus,
    pub description: String,
}

async fn allocate_in(
    tx: &mut Tx,
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    request: &Request,
) -> Result<Allocation> {
    if !applications_store::may_hold_addresses(tx, request.unit, request.application).await? {
        return Err(ExtranetError::invalid(format!(
            "地址须分配给本单位未被驳回、未关闭的接入或变更申请（申请 {}）（NET-IPAM）",
            request.application
        ))
        .into());
    }
    let mut pool = store::lock_pool(tx, db.backend, request.pool).await?;
    let grant = Grant {
        unit: request.unit,
        application: request.application,
        status: request.status,
        description: request.description.trim(),
        by: Some(acting.user.0),
        now: context.now.millis(),
    };
    let allocation = store::allocate(tx, &mut pool, request.want, &grant).await?;
    let event = AuditEvent::new(
        "extranet.address.allocate",
        "extranet_allocation",
        allocation.id,
    )
    .detail(format!(
        "分配 {}（地址池“{}”）给单位 {}，接入申请 {}",
        allocation.prefix, pool.name, request.unit.0, request.application
    ));
    audit::record(tx, context.actor, event, context.now.millis()).await?;
    Ok(allocation)
}

/// NET-IPAM: allocates `request` (a given prefix or address, or the next free of a length):
/// refused outside the pool, over an allocation, when nothing is free, or for an application
/// that is not the unit's live access or change.
pub async fn allocate(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    request: &Request,
) -> Result<Allocation> {
    office_only(acting)?;
    let mut tx = db.begin().await?;
    let allocation = allocate_in(&mut tx, db, context, acting, request).await?;
    tx.commit().await?;
    Ok(allocation)
}

/// NET-IPAM: reclaims allocation `id`: its space merges back, its names go, the row stays as
/// the ledger's history.
pub async fn reclaim(db: &Db, context: &Context<'_>, acting: &Acting, id: i64) -> Result<()> {
    office_only(acting)?;
    let mut tx = db.begin().await?;
    let allocation = store::allocation(&mut tx, id).await?;
    if !allocation.active {
        return Err(Error::conflict(format!("{} 已回收", allocation.prefix)));
    }
    let mut pool = store::lock_pool(&mut tx, db.backend, allocation.pool_id).await?;
    store::reclaim(&mut tx, &mut pool, &allocation, context.now.millis()).await?;
    let event = AuditEvent::new("extranet.address.reclaim", "extranet_allocation", id).detail(
        format!("回收 {}（地址池“{}”）", allocation.prefix, pool.name),
    );
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// NET-IPAM: the internal domain name `name` for `address`, an address inside a live
/// allocation.
pub async fn name_address(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    name: &str,
    address: &str,
) -> Result<store::Name> {
    office_only(acting)?;
    let name = parse_dns_name(name)?;
    let address = Prefix::parse_address(address)?;
    let mut tx = db.begin().await?;
    let named = store::insert_name(&mut tx, &name, address, context.now.millis()).await?;
    let event = AuditEvent::new(
        "extranet.name.create",
        "extranet_allocation",
        named.allocation_id,
    )
    .detail(format!("域名 {name} 指向 {}", address.address()));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(named)
}

/// The pools with their utilisation.
pub async fn pools(db: &Db) -> Result<Vec<Pool>> {
    let mut tx = db.begin_read().await?;
    let pools = store::pools(&mut tx).await?;
    tx.commit().await?;
    Ok(pools)
}

/// Which NetBox file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Prefixes,
    Addresses,
}

/// NET-IPAM: imports a NetBox CSV: every row goes to the pool holding it, for the unit named
/// by `tenant` and that unit's newest access in operation; addresses with their `dns_name`.
/// A bad row — malformed, unknown unit, no access in operation, outside every pool, over an
/// allocation or an earlier row — refuses the whole file, named with its line.
pub async fn import(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    sheet: Sheet,
    text: &str,
) -> Result<usize> {
    office_only(acting)?;
    let rows = match sheet {
        Sheet::Prefixes => netbox::read_prefixes(text)?,
        Sheet::Addresses => netbox::read_addresses(text)?,
    };
    let units = platform::units::list(db).await?;
    let mut tx = db.begin().await?;
    let pools = store::pools(&mut tx).await?;
    for row in &rows {
        let at_line = |error: Error| match error {
            Error::Invalid(message) | Error::Conflict(message) => Error::Invalid(format!(
                "导入文件有误，整个文件未导入。第 {} 行：{message}",
                row.line
            )),
            other => other,
        };
        let unit = units
            .iter()
            .find(|unit| unit.name == row.tenant)
            .ok_or_else(|| Error::invalid(format!("找不到单位“{}”", row.tenant)))
            .map_err(at_line)?;
        let unit = UnitId(unit.id);
        let application = applications_store::latest_in_operation(&mut tx, unit)
            .await?
            .ok_or_else(|| Error::invalid(format!("单位“{}”没有运行中的外网接入", row.tenant)))
            .map_err(at_line)?;
        let pool = pools
            .iter()
            .find(|pool| pool.prefix.contains(row.prefix))
            .ok_or_else(|| Error::invalid(format!("{} 不在任何地址池内", row.prefix)))
            .map_err(at_line)?;
        let request = Request {
            pool: pool.id,
            want: Want::Exactly(row.prefix),
            unit,
            application,
            status: row.status,
            description: row.description.clone(),
        };
        allocate_in(&mut tx, db, context, acting, &request)
            .await
            .map_err(at_line)?;
        if let Some(name) = &row.dns_name {
            store::insert_name(&mut tx, name, row.prefix, context.now.millis())
                .await
                .map_err(at_line)?;
        }
    }
    let event = AuditEvent::new("extranet.ipam.import", "extranet_pool", 0)
        .detail(format!("导入 NetBox CSV：{} 行", rows.len()));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// NET-IPAM: the live allocations of `pool` as a NetBox CSV (prefixes: those longer than a
/// single address; addresses: the single addresses with their names).
pub async fn export(db: &Db, pool: i64, sheet: Sheet) -> Result<String> {
    let units = platform::units::list(db).await?;
    let unit_name = |id: UnitId| {
        units
            .iter()
            .find(|unit| unit.id == id.0)
            .map_or_else(|| id.0.to_string(), |unit| unit.name.clone())
    };
    let mut tx = db.begin_read().await?;
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = store::allocations(&mut tx, pool, after, 1_000).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.prefix.start);
        for allocation in page {
            let single = allocation.prefix.is_single_address();
            if single != (sheet == Sheet::Addresses) {
                continue;
            }
            let dns_name = if single {
                store::names_of(&mut tx, &allocation)
                    .await?
                    .into_iter()
                    .next()
                    .map(|name| name.name)
            } else {
                None
            };
            rows.push(Row {
                line: rows.len() + 2,
                prefix: allocation.prefix,
                status: allocation.status,
                tenant: unit_name(allocation.unit),
                dns_name,
                description: allocation.description,
            });
        }
    }
    tx.commit().await?;
    Ok(match sheet {
        Sheet::Prefixes => netbox::write_prefixes(&rows),
        Sheet::Addresses => netbox::write_addresses(&rows),
    })
}

/// Pool `id`.
pub async fn pool(db: &Db, id: i64) -> Result<Pool> {
    let mut tx = db.begin_read().await?;
    let pool = reads::pool(&mut tx, id).await?;
    tx.commit().await?;
    Ok(pool)
}

/// What a pool's page shows: its live allocations from `after` (a page of `limit`), each
/// unit's share and the names into it.
#[derive(Debug, Clone)]
pub struct PoolView {
    pub pool: Pool,
    pub allocations: Vec<Allocation>,
    pub shares: Vec<reads::UnitShare>,
    pub names: Vec<store::Name>,
}

/// NET-IPAM: pool `id` as its page shows it.
pub async fn pool_view(db: &Db, id: i64, after: Option<u128>, limit: i64) -> Result<PoolView> {
    let mut tx = db.begin_read().await?;
    let pool = reads::pool(&mut tx, id).await?;
    let allocations = store::allocations(&mut tx, id, after, limit).await?;
    let shares = reads::shares(&mut tx, &pool).await?;
    let names = reads::names_in_pool(&mut tx, id).await?;
    tx.commit().await?;
    Ok(PoolView {
        pool,
        allocations,
        shares,
        names,
    })
}

/// NET-IPAM: the live allocations tied to access application `application`.
pub async fn of_application(db: &Db, application: ApplicationId) -> Result<Vec<Allocation>> {
    let mut tx = db.begin_read().await?;
    let allocations = reads::allocations_of_application(&mut tx, application).await?;
    tx.commit().await?;
    Ok(allocations)
}

/// Allocation `id` (live or reclaimed).
pub async fn allocation(db: &Db, id: i64) -> Result<Allocation> {
    let mut tx = db.begin_read().await?;
    let allocation = store::allocation(&mut tx, id).await?;
    tx.commit().await?;
    Ok(allocation)
}
