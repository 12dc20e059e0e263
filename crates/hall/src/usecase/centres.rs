//! The levels of centres (HALL-LEVELS, 000 中心 §2, §4(七), §11–13): the district centre's
//! staff register the centres (one district centre; approved sub-centres, townships' centres
//! and villages' stations under the parent of their level); the district centre or a
//! centre's own unit keeps its convenience-item list from the published catalogue, which the
//! public page shows; a lower centre's unit reports its item changes and case figures to
//! the district centre once a month. The district centre's staff edit a centre (name,
//! parent, approving document, address, hours, phone) and deactivate one with no active
//! centre under it (kept with its list and reports; no longer public). Every change audited
//! in its transaction.

use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::ids::UnitId;
use platform::roles::{Actor, Role};
use platform::{Error, Result};

use crate::levels::{self, Centre, Edit, Report};
use crate::store::centres::{self as store, ListedItem, StoredCentre, StoredReport};
use crate::usecase::complaints::{centre as district_unit, is_centre_staff};

/// Who acts: the staff user and the audit's actor.
pub struct Who<'a> {
    pub actor: &'a Actor,
    pub audit: &'a AuditActor,
    pub now: i64,
}

/// HALL-LEVELS §3: the district centre's staff manage the register.
pub async fn manages(db: &Db, actor: &Actor) -> Result<bool> {
    Ok(is_centre_staff(actor, district_unit(db).await?))
}

/// Whether `actor` works for the unit that runs `centre` (its leader or handlers).
pub fn runs(actor: &Actor, centre: &Centre) -> bool {
    centre.unit == Some(UnitId(actor.unit_id))
        && (actor.has(Role::UnitLeader) || actor.has(Role::UnitHandler))
}

/// Every centre, by level and name.
pub async fn all(db: &Db) -> Result<Vec<StoredCentre>> {
    let mut tx = db.begin_read().await?;
    let all = store::all(&mut tx).await?;
    tx.commit().await?;
    Ok(all)
}

/// Centre `id` and its published convenience items (the public page; an inactive centre is
/// not found).
pub async fn public_centre(db: &Db, id: i64) -> Result<(StoredCentre, Vec<ListedItem>)> {
    let mut tx = db.begin_read().await?;
    let centre = store::get(&mut tx, id)
        .await?
        .filter(|c| c.active)
        .ok_or_else(|| Error::not_found(format!("服务中心 {id}")))?;
    let items = store::items_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok((centre, items))
}

/// Centre `id` with its list and the catalogue to choose from, for the district centre's
/// staff or the centre's own unit; anyone else is refused.
pub async fn office_centre(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<(StoredCentre, Vec<ListedItem>, Vec<ListedItem>)> {
    let manages = manages(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let centre = store::get(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("服务中心 {id}")))?;
    if !manages && !runs(actor, &centre.centre) {
        return Err(Error::not_found(format!("服务中心 {id}")));
    }
    let items = store::items_of(&mut tx, id).await?;
    let catalogue = store::published_items(&mut tx).await?;
    tx.commit().await?;
    Ok((centre, items, catalogue))
}

/// HALL-LEVELS: registers a centre (the district centre's staff): its checks, one district
/// centre, a unique name, the parent existing with its level. A refusal changes nothing.
pub async fn register(db: &Db, who: &Who<'_>, mut centre: Centre) -> Result<i64> {
    if !manages(db, who.actor).await? {
        return Err(Error::Refused("服务中心名册由区政务服务中心登记".into()));
    }
    let mut tx = db.begin().await?;
    if let Some((parent, _)) = centre.parent {
        let found = store::get(&mut tx, parent)
            .await?
            .filter(|p| p.active)
            .ok_or_else(|| Error::invalid("请选择上级中心"))?;
        centre.parent = Some((parent, found.centre.level));
    }
    levels::check(&centre)?;
    if centre.level == levels::Level::District && store::districts(&mut tx, 0).await? > 0 {
        return Err(Error::invalid("区政务服务中心已登记，不能重复登记"));
    }
    if store::name_taken(&mut tx, centre.name.trim(), 0).await? {
        return Err(Error::invalid("已有同名的服务中心"));
    }
    let id = store::insert(&mut tx, &centre, who.now).await?;
    let approval = if centre.approval.trim().is_empty() {
        String::new()
    } else {
        format!("，批准文件 {}", centre.approval.trim())
    };
    let event = AuditEvent::new("hall.centre.register", "hall_centre", id).detail(format!(
        "登记{}“{}”{approval}",
        centre.level.label(),
        centre.name.trim()
    ));
    audit::record(&mut tx, who.audit, event, who.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The active centre `id`, for the district centre's staff (checked before `tx` began).
async fn managed(tx: &mut platform::db::Tx, id: i64) -> Result<StoredCentre> {
    let stored = store::get(tx, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("服务中心 {id}")))?;
    if !stored.active {
        return Err(Error::invalid("该服务中心已停用，不能修改"));
    }
    Ok(stored)
}

/// HALL-LEVELS §3: only the district centre's staff keep the register.
async fn keeps_register(db: &Db, who: &Who<'_>) -> Result<()> {
    if manages(db, who.actor).await? {
        Ok(())
    } else {
        Err(Error::Refused("服务中心名册由区政务服务中心维护".into()))
    }
}

/// HALL-LEVELS: the district centre's staff change centre `id`'s name, parent (active, of the
/// level its own level requires), approving document, address, hours and phone; checked as
/// when registered, the name unique. Audited with what changed; a refusal changes nothing.
pub async fn edit(db: &Db, who: &Who<'_>, id: i64, edit: &Edit) -> Result<()> {
    keeps_register(db, who).await?;
    let mut tx = db.begin().await?;
    let stored = managed(&mut tx, id).await?;
    let parent_level = match edit.parent {
        Some(parent) if parent == id => return Err(Error::invalid("上级中心不能是其自身")),
        Some(parent) => Some(
            store::get(&mut tx, parent)
                .await?
                .filter(|p| p.active)
                .ok_or_else(|| Error::invalid("请选择上级中心"))?
                .centre
                .level,
        ),
        None => None,
    };
    let old = &stored.centre;
    let new = edit.applied(old, parent_level);
    levels::check(&new)?;
    if store::name_taken(&mut tx, &new.name, id).await? {
        return Err(Error::invalid("已有同名的服务中心"));
    }
    let changed: Vec<String> = [
        ("名称", &old.name, &new.name),
        ("批准文件", &old.approval, &new.approval),
        ("地址", &old.address, &new.address),
        ("办公时间", &old.hours, &new.hours),
        ("联系电话", &old.phone, &new.phone),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(what, a, b)| format!("{what}“{a}”→“{b}”"))
    .chain(
        (old.parent.map(|p| p.0) != new.parent.map(|p| p.0)).then(|| {
            let id_of =
                |p: Option<(i64, levels::Level)>| p.map_or("无".to_owned(), |p| p.0.to_string());
            format!("上级中心 {} → {}", id_of(old.parent), id_of(new.parent))
        }),
    )
    .collect();
    if changed.is_empty() {
        return Err(Error::invalid("没有修改任何内容"));
    }
    store::update(&mut tx, id, &new, who.now).await?;
    let event = AuditEvent::new("hall.centre.edit", "hall_centre", id).detail(format!(
        "修改“{}”：{}",
        old.name,
        changed.join("；")
    ));
    audit::record(&mut tx, who.audit, event, who.now).await?;
    tx.commit().await?;
    Ok(())
}

/// HALL-LEVELS: the district centre's staff deactivate centre `id` — not deleted: its list
/// and reports stay, the public pages no longer show it; refused while an active centre is
/// under it. Audited; a refusal changes nothing.
pub async fn deactivate(db: &Db, who: &Who<'_>, id: i64) -> Result<()> {
    keeps_register(db, who).await?;
    let mut tx = db.begin().await?;
    let stored = managed(&mut tx, id).await?;
    levels::check_deactivation(&store::active_children(&mut tx, id).await?)?;
    store::deactivate(&mut tx, id, who.now).await?;
    let event = AuditEvent::new("hall.centre.deactivate", "hall_centre", id).detail(format!(
        "停用{}“{}”",
        stored.centre.level.label(),
        stored.centre.name
    ));
    audit::record(&mut tx, who.audit, event, who.now).await?;
    tx.commit().await?;
    Ok(())
}

/// HALL-LEVELS §4(七): replaces centre `id`'s convenience-item list with `items` (published
/// catalogue items), by the district centre's staff or the centre's own unit; audited.
pub async fn set_items(db: &Db, who: &Who<'_>, id: i64, items: &[i64]) -> Result<usize> {
    let manages = manages(db, who.actor).await?;
    let mut tx = db.begin().await?;
    let centre = store::get(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("服务中心 {id}")))?;
    if !manages && !runs(who.actor, &centre.centre) {
        return Err(Error::not_found(format!("服务中心 {id}")));
    }
    let published: Vec<i64> = store::published_items(&mut tx)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let chosen = levels::check_items(items, &published)?;
    store::set_items(&mut tx, id, &chosen, who.now).await?;
    let event = AuditEvent::new("hall.centre.items", "hall_centre", id).detail(format!(
        "“{}”便民事项清单 {} 项",
        centre.centre.name,
        chosen.len()
    ));
    audit::record(&mut tx, who.audit, event, who.now).await?;
    tx.commit().await?;
    Ok(chosen.len())
}

/// HALL-LEVELS §13: centre `id`'s unit reports a month's item changes and case figures to
/// the district centre, once a month; audited. A refusal changes nothing.
pub async fn file_report(db: &Db, who: &Who<'_>, id: i64, report: &Report) -> Result<i64> {
    let mut tx = db.begin().await?;
    let centre = store::get(&mut tx, id)
        .await?
        .filter(|c| c.active)
        .ok_or_else(|| Error::not_found(format!("服务中心 {id}")))?;
    if !runs(who.actor, &centre.centre) {
        return Err(Error::Refused(
            "报送由该中心的业务主管单位或所在乡镇、村办理".into(),
        ));
    }
    let today = calendar::Instant::from_millis(who.now).local_date();
    levels::check_report(centre.centre.level, report, today)?;
    if store::reported(&mut tx, id, report.month).await? {
        return Err(Error::invalid(format!(
            "{} 已报送过该月情况",
            store::month_key(report.month)
        )));
    }
    let report_id = store::insert_report(&mut tx, id, report, who.actor.user_id, who.now).await?;
    let event = AuditEvent::new("hall.centre.report", "hall_centre", id).detail(format!(
        "“{}”报送 {}：受理 {} 件，办结 {} 件",
        centre.centre.name,
        store::month_key(report.month),
        report.received,
        report.completed
    ));
    audit::record(&mut tx, who.audit, event, who.now).await?;
    tx.commit().await?;
    Ok(report_id)
}

/// The reports `actor` may read: the district centre's staff every one, a centre's unit its
/// own centres'.
pub async fn reports(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<StoredReport>> {
    let mut rows = store::reports(db, None, limit).await?;
    if !manages(db, actor).await? {
        let mine: Vec<i64> = all(db)
            .await?
            .into_iter()
            .filter(|c| runs(actor, &c.centre))
            .map(|c| c.id)
            .collect();
        rows.retain(|r| mine.contains(&r.centre_id));
    }
    Ok(rows)
}
