//! The jurisdiction (行政区划) that runs the platform: its public identity (WEB-FOOTER) and
//! its rule profile (preset plus stored changes).

use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx, flag};
use crate::error::{Error, Result};
use crate::profile::{RuleProfile, preset};

#[derive(Debug, Clone, PartialEq)]
pub struct Jurisdiction {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// 主办单位 shown in every footer.
    pub host_unit: String,
    /// 网站标识码.
    pub site_code: String,
    pub icp_number: String,
    pub police_number: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub profile_preset: String,
    pub profile: RuleProfile,
    pub is_demo: bool,
}

#[derive(Debug, Clone)]
pub struct NewJurisdiction {
    pub code: String,
    pub name: String,
    pub host_unit: String,
    pub site_code: String,
    pub icp_number: String,
    pub police_number: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub profile_preset: String,
    pub is_demo: bool,
}

pub async fn create(
    tx: &mut Tx,
    actor: &AuditActor,
    new: &NewJurisdiction,
    now: i64,
) -> Result<i64> {
    preset(&new.profile_preset)?;
    if new.name.trim().is_empty() || new.code.trim().is_empty() {
        return Err(Error::invalid("行政区划名称和代码不能为空"));
    }
    let row = sqlx::query(
        "INSERT INTO jurisdictions (code, name, host_unit, site_code, icp_number, police_number, contact_phone, \
         contact_address, profile_preset, profile_overrides, is_demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', $10, $11, $11) RETURNING id",
    )
    .bind(new.code.trim())
    .bind(new.name.trim())
    .bind(&new.host_unit)
    .bind(&new.site_code)
    .bind(&new.icp_number)
    .bind(&new.police_number)
    .bind(&new.contact_phone)
    .bind(&new.contact_address)
    .bind(&new.profile_preset)
    .bind(i64::from(new.is_demo))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("jurisdiction.create", "jurisdiction", id)
            .detail(format!("{}，规则预设 {}", new.name, new.profile_preset)),
        now,
    )
    .await?;
    Ok(id)
}

/// The jurisdiction of this installation (the first one), if any was created yet.
pub async fn current(db: &Db) -> Result<Option<Jurisdiction>> {
    let row = sqlx::query(
        "SELECT id, code, name, host_unit, site_code, icp_number, police_number, contact_phone, contact_address, \
         profile_preset, profile_overrides, is_demo FROM jurisdictions ORDER BY id LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let profile_preset: String = row.try_get("profile_preset")?;
    let overrides: String = row.try_get("profile_overrides")?;
    Ok(Some(Jurisdiction {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        host_unit: row.try_get("host_unit")?,
        site_code: row.try_get("site_code")?,
        icp_number: row.try_get("icp_number")?,
        police_number: row.try_get("police_number")?,
        contact_phone: row.try_get("contact_phone")?,
        contact_address: row.try_get("contact_address")?,
        profile: RuleProfile::load(&profile_preset, &overrides)?,
        profile_preset,
        is_demo: flag(row.try_get("is_demo")?),
    }))
}

pub async fn require_current(db: &Db) -> Result<Jurisdiction> {
    current(db).await?.ok_or_else(|| {
        Error::not_found("行政区划（请先初始化，或不带 --no-demo 启动以使用演示数据）")
    })
}

/// Saves an edited profile: stores only what differs from the preset, and audits each
/// changed value as `key: before → after`.
pub async fn save_profile(
    db: &Db,
    actor: &AuditActor,
    jurisdiction: &Jurisdiction,
    edited: &RuleProfile,
    now: i64,
) -> Result<usize> {
    edited.validate()?;
    let before = jurisdiction.profile.leaves()?;
    let after = edited.leaves()?;
    let changes: Vec<String> = before
        .iter()
        .zip(after.iter())
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| format!("{}: {} → {}", b.0, b.1, a.1))
        .collect();
    if changes.is_empty() {
        return Ok(0);
    }
    let overrides = edited.overrides_against(&jurisdiction.profile_preset)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE jurisdictions SET profile_overrides = $1, updated_at = $2 WHERE id = $3")
        .bind(&overrides)
        .bind(now)
        .bind(jurisdiction.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("profile.edit", "jurisdiction", jurisdiction.id).detail(changes.join("；")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(changes.len())
}
