//! The units' extranet ledgers (台账, NET-LEDGER; 000 外网 §16): a unit's leader or handler
//! keeps its own — the leader in charge and the staff member, the access points on its
//! allocated addresses, the dated declaration that no wireless device is attached — and the
//! extranet office reads every unit's. Each write is one transaction with its audit row; a
//! refusal changes nothing.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::roles::Role;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::error::ExtranetError;
use crate::ledger::{self, NewPoint};
use crate::store::findings::{self as findings_store, StoredFinding};
use crate::store::ipam::Allocation;
use crate::store::ledger::{self as store, AccessPoint, Declaration, People};
use crate::{Acting, UnitId};

/// Whether `acting` keeps the ledger of `unit`: its leader or handler.
fn keeper(acting: &Acting, unit: UnitId) -> Result<()> {
    if acting.is_unit_staff(unit) {
        Ok(())
    } else {
        Err(Error::Refused(
            "台账由接入单位的负责人或经办人填写（NET-LEDGER）".to_owned(),
        ))
    }
}

/// Whether `acting` may read the ledger of `unit`: the unit's staff or an extranet
/// administrator (the office checks every unit, §14).
pub fn may_read(acting: &Acting, unit: UnitId) -> bool {
    acting.is_unit_staff(unit) || acting.roles.contains(&Role::ExtranetAdmin)
}

/// A unit's ledger as its page shows it.
#[derive(Debug, Clone)]
pub struct LedgerView {
    pub unit: UnitId,
    pub people: Option<People>,
    pub points: Vec<AccessPoint>,
    pub declarations: Vec<Declaration>,
    pub findings: Vec<StoredFinding>,
    /// NET-LEDGER: a finding stands cut off (已断开).
    pub cut_off: bool,
    /// The unit's live allocations (for the access point form).
    pub allocations: Vec<Allocation>,
}

/// The ledger of `unit` for `acting`; another unit's is not found.
pub async fn view(db: &Db, acting: &Acting, unit: UnitId) -> Result<LedgerView> {
    if !may_read(acting, unit) {
        return Err(Error::not_found(format!("单位 {} 的外网台账", unit.0)));
    }
    let findings = findings_store::of_unit(db, unit).await?;
    Ok(LedgerView {
        unit,
        people: store::people(db, unit).await?,
        points: store::points(db, Some(unit)).await?,
        declarations: store::declarations(db, Some(unit)).await?,
        cut_off: findings.iter().any(|f| f.finding.status.cuts_off()),
        findings,
        allocations: store::unit_allocations(db, unit).await?,
    })
}

/// NET-LEDGER §16: sets the unit's leader in charge and its staff member (accounts of the
/// unit: the leader holds the leader role, the staff member the leader or handler role).
pub async fn set_people(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    leader: i64,
    staff: i64,
) -> Result<()> {
    let unit = acting.unit;
    keeper(acting, unit)?;
    let candidates = platform::unit_contacts::candidates(db, unit.0).await?;
    let find = |id: i64| candidates.iter().find(|c| c.user_id == id);
    ledger::check_people(
        leader,
        staff,
        find(leader).map(|c| c.is_leader),
        find(staff).map(|c| c.is_leader || c.is_handler),
    )?;
    let mut tx = db.begin().await?;
    let now = context.now.millis();
    store::set_people(&mut tx, unit, leader, staff, acting.user.0, now).await?;
    let event = AuditEvent::new("extranet.ledger.people", "unit", unit.0).detail(format!(
        "外网台账：分管领导 {}，工作人员 {}",
        find(leader).map_or("", |c| c.display_name.as_str()),
        find(staff).map_or("", |c| c.display_name.as_str())
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// NET-LEDGER: adds an access point to the unit's ledger, on one of its live allocations
/// (NET-IPAM) when one is named.
pub async fn add_point(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    point: &NewPoint,
) -> Result<i64> {
    let unit = acting.unit;
    keeper(acting, unit)?;
    ledger::check_point(point)?;
    let mut tx = db.begin().await?;
    allocation_is_the_units(&mut tx, unit, point).await?;
    let now = context.now.millis();
    let id = store::insert_point(&mut tx, unit, point, acting.user.0, now).await?;
    let event =
        AuditEvent::new("extranet.ledger.point", "extranet_access_point", id).detail(format!(
            "外网台账新增接入点：{}（{}）",
            point.location.trim(),
            point.mode.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// NET-LEDGER §16 (台账): corrects access point `id` of the acting unit (the same checks as
/// a new one); the audit row keeps the old values. Another unit's point, or one removed from
/// service, is not found.
pub async fn update_point(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    point: &NewPoint,
) -> Result<()> {
    let unit = acting.unit;
    // Another unit's point (or none) is not found before anything else is judged.
    let before = in_service(db, unit, id).await?;
    keeper(acting, unit)?;
    ledger::check_point(point)?;
    let mut tx = db.begin().await?;
    allocation_is_the_units(&mut tx, unit, point).await?;
    let now = context.now.millis();
    if !store::update_point(&mut tx, unit, id, point, acting.user.0, now).await? {
        return Err(Error::not_found(format!("接入点 {id}")));
    }
    let event =
        AuditEvent::new("extranet.ledger.point.edit", "extranet_access_point", id).detail(format!(
            "外网台账修改接入点：{}（{}）→ {}（{}）",
            before.location,
            before.mode.map_or("—", |m| m.label_zh()),
            point.location.trim(),
            point.mode.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// NET-LEDGER §16 (台账): removes access point `id` of the acting unit from service (拆除)
/// with `reason`; it stays in the ledger with the date. Another unit's point, or one already
/// removed, is not found.
pub async fn retire_point(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    reason: &str,
) -> Result<()> {
    let unit = acting.unit;
    let before = in_service(db, unit, id).await?;
    keeper(acting, unit)?;
    ledger::check_retire(reason)?;
    let mut tx = db.begin().await?;
    let now = context.now.millis();
    if !store::retire_point(&mut tx, unit, id, reason, acting.user.0, now).await? {
        return Err(Error::not_found(format!("接入点 {id}")));
    }
    let event = AuditEvent::new("extranet.ledger.point.retire", "extranet_access_point", id)
        .detail(format!(
            "外网台账拆除接入点：{}，原因：{}",
            before.location,
            reason.trim()
        ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// NET-IPAM: the allocation a point names is a live one of `unit`.
async fn allocation_is_the_units(
    tx: &mut platform::db::Tx,
    unit: UnitId,
    point: &NewPoint,
) -> Result<()> {
    match point.allocation {
        Some(allocation) if !store::allocation_of(tx, unit, allocation).await? => {
            Err(ExtranetError::invalid("所选地址不是本单位现有的外网地址分配（NET-IPAM）").into())
        }
        _ => Ok(()),
    }
}

/// Access point `id` of `unit` while in service; otherwise not found (never another unit's).
async fn in_service(db: &Db, unit: UnitId, id: i64) -> Result<AccessPoint> {
    store::points(db, Some(unit))
        .await?
        .into_iter()
        .find(|p| p.id == id && p.retired.is_none())
        .ok_or_else(|| Error::not_found(format!("接入点 {id}")))
}

/// NET-LEDGER §16 (不得搭接无线网络设备): the unit declares, dated and signed by the acting
/// user, that no wireless device is attached to its extranet.
pub async fn declare(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    confirmed: bool,
    note: &str,
) -> Result<i64> {
    let unit = acting.unit;
    keeper(acting, unit)?;
    ledger::check_declaration(confirmed, note)?;
    let mut tx = db.begin().await?;
    let now = context.now.millis();
    let id = store::insert_declaration(&mut tx, unit, acting.user.0, now, note).await?;
    let event = AuditEvent::new(
        "extranet.ledger.declare",
        "extranet_wireless_declaration",
        id,
    )
    .detail("声明本单位未在电子政务外网环境中搭接无线网络设备");
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One unit on the office's list of ledgers.
#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub unit: UnitId,
    pub people_set: bool,
    pub points: usize,
    /// The latest declaration's instant (ms).
    pub declared_at: Option<i64>,
    pub open_findings: usize,
    pub cut_off: bool,
}

/// NET-LEDGER §14: every unit in operation or with a ledger, for the extranet administrators.
pub async fn overview(db: &Db, acting: &Acting) -> Result<Vec<LedgerLine>> {
    if !acting.roles.contains(&Role::ExtranetAdmin) {
        return Err(Error::Refused("各单位台账由外网管理员查看".to_owned()));
    }
    let mut units = store::units_with_ledger(db).await?;
    units.extend(store::units_in_operation(db).await?);
    units.sort();
    units.dedup();
    let points = store::points(db, None).await?;
    let declarations = store::declarations(db, None).await?;
    let office = crate::usecase::applications::office(db).await.ok();
    let findings = match office {
        Some(office) => findings_store::of_office(db, office).await?,
        None => Vec::new(),
    };
    let mut lines = Vec::with_capacity(units.len());
    for unit in units {
        let of_unit = findings.iter().filter(|f| f.finding.unit == unit);
        lines.push(LedgerLine {
            unit,
            people_set: store::people(db, unit).await?.is_some(),
            points: points
                .iter()
                .filter(|p| p.unit == unit && p.retired.is_none())
                .count(),
            declared_at: declarations
                .iter()
                .find(|d| d.unit == unit)
                .map(|d| d.declared_at),
            open_findings: of_unit
                .clone()
                .filter(|f| f.finding.status != crate::ledger::FindingStatus::Fixed)
                .count(),
            cut_off: of_unit.clone().any(|f| f.finding.status.cuts_off()),
        });
    }
    Ok(lines)
}
