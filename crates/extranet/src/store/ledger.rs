//! The units' ledgers (migration 0074, NET-LEDGER): the leader and staff member of each unit,
//! its access points (with the prefix of the allocation each uses; corrected in place and
//! removed from service by migration 0091) and its no-wireless declarations.

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::UnitId;
use crate::application::AccessMode;
use crate::ipam::Prefix;
use crate::ledger::NewPoint;
use crate::store::ipam::{ALLOCATION, Allocation, allocation_from};

/// A unit's leader in charge and staff member (user ids) and when they were last set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct People {
    pub leader: i64,
    pub staff: i64,
    pub updated_at: i64,
}

/// An access point of the ledger.
#[derive(Debug, Clone)]
pub struct AccessPoint {
    pub id: i64,
    pub unit: UnitId,
    pub location: String,
    pub mode: Option<AccessMode>,
    pub allocation: Option<i64>,
    /// The allocation's prefix, and whether it is marked blocked (cut off).
    pub prefix: Option<(Prefix, bool)>,
    pub note: String,
    pub created_at: i64,
    /// When it was removed from service (拆除), with the reason.
    pub retired: Option<(i64, String)>,
}

impl AccessPoint {
    /// Whether the point stood at the end of `millis` (entered by then, not yet removed).
    pub fn stood_at(&self, millis: i64) -> bool {
        self.created_at <= millis && self.retired.as_ref().is_none_or(|(at, _)| *at > millis)
    }
}

/// A declaration that no wireless device is attached.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub id: i64,
    pub unit: UnitId,
    pub declared_by: i64,
    pub declared_at: i64,
    pub note: String,
}

pub async fn people(db: &Db, unit: UnitId) -> Result<Option<People>> {
    let row = sqlx::query(
        "SELECT leader_user_id, staff_user_id, updated_at FROM extranet_ledgers WHERE unit_id = $1",
    )
    .bind(unit.0)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        Ok(People {
            leader: row.try_get("leader_user_id")?,
            staff: row.try_get("staff_user_id")?,
            updated_at: row.try_get("updated_at")?,
        })
    })
    .transpose()
}

/// Sets the unit's leader and staff member (a row per unit).
pub async fn set_people(
    tx: &mut Tx,
    unit: UnitId,
    leader: i64,
    staff: i64,
    by: i64,
    now: i64,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE extranet_ledgers SET leader_user_id = $1, staff_user_id = $2, updated_by = $3, \
         updated_at = $4 WHERE unit_id = $5",
    )
    .bind(leader)
    .bind(staff)
    .bind(by)
    .bind(now)
    .bind(unit.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        sqlx::query(
            "INSERT INTO extranet_ledgers (unit_id, leader_user_id, staff_user_id, updated_by, \
             updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(unit.0)
        .bind(leader)
        .bind(staff)
        .bind(by)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Whether allocation `id` is a live allocation of `unit`.
pub async fn allocation_of(tx: &mut Tx, unit: UnitId, id: i64) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM extranet_allocations WHERE id = $1 AND unit_id = $2 AND active = 1",
    )
    .bind(id)
    .bind(unit.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

pub async fn insert_point(
    tx: &mut Tx,
    unit: UnitId,
    point: &NewPoint,
    by: i64,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO extranet_access_points (unit_id, location, mode, allocation_id, note, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(unit.0)
    .bind(point.location.trim())
    .bind(point.mode.code())
    .bind(point.allocation)
    .bind(point.note.trim())
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// NET-LEDGER: corrects access point `id` of `unit` in place; false when the unit has no
/// such point in service.
pub async fn update_point(
    tx: &mut Tx,
    unit: UnitId,
    id: i64,
    point: &NewPoint,
    by: i64,
    now: i64,
) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE extranet_access_points SET location = $1, mode = $2, allocation_id = $3, \
         note = $4, updated_by = $5, updated_at = $6 \
         WHERE id = $7 AND unit_id = $8 AND retired_at IS NULL",
    )
    .bind(point.location.trim())
    .bind(point.mode.code())
    .bind(point.allocation)
    .bind(point.note.trim())
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(unit.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// NET-LEDGER: removes access point `id` of `unit` from service (拆除) with `reason`; false
/// when the unit has no such point in service.
pub async fn retire_point(
    tx: &mut Tx,
    unit: UnitId,
    id: i64,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE extranet_access_points SET retired_at = $1, retired_by = $2, retired_reason = $3 \
         WHERE id = $4 AND unit_id = $5 AND retired_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(reason.trim())
    .bind(id)
    .bind(unit.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The access points of `unit`, or of every unit when `None`, in order of entry (those
/// removed from service too: [`AccessPoint::retired`]).
pub async fn points(db: &Db, unit: Option<UnitId>) -> Result<Vec<AccessPoint>> {
    let rows = sqlx::query(
        "SELECT p.id, p.unit_id, p.location, p.mode, p.allocation_id, p.note, p.created_at, \
         p.retired_at, p.retired_reason, a.family, a.length, a.start_key, a.end_key, a.blocked \
         FROM extranet_access_points p LEFT JOIN extranet_allocations a ON a.id = p.allocation_id \
         WHERE ($1 = 0 OR p.unit_id = $2) ORDER BY p.unit_id, p.id",
    )
    .bind(unit.map_or(0, |unit| unit.0))
    .bind(unit.map_or(0, |unit| unit.0))
    .fetch_all(&db.pool)
    .await?;
    let mut points = Vec::with_capacity(rows.len());
    for row in &rows {
        let prefix = match row.try_get::<Option<String>, _>("start_key")? {
            Some(_) => {
                let family = super::ipam::family_of(row)?;
                let blocked: i64 = row.try_get("blocked")?;
                Some((super::ipam::prefix_of(row, family)?, blocked == 1))
            }
            None => None,
        };
        let mode: String = row.try_get("mode")?;
        points.push(AccessPoint {
            id: row.try_get("id")?,
            unit: UnitId(row.try_get("unit_id")?),
            location: row.try_get("location")?,
            mode: AccessMode::from_code(&mode),
            allocation: row.try_get("allocation_id")?,
            prefix,
            note: row.try_get("note")?,
            created_at: row.try_get("created_at")?,
            retired: match row.try_get::<Option<i64>, _>("retired_at")? {
                Some(at) => Some((at, row.try_get("retired_reason")?)),
                None => None,
            },
        });
    }
    Ok(points)
}

pub async fn insert_declaration(
    tx: &mut Tx,
    unit: UnitId,
    by: i64,
    now: i64,
    note: &str,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO extranet_wireless_declarations (unit_id, declared_by, declared_at, note) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(unit.0)
    .bind(by)
    .bind(now)
    .bind(note.trim())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// The declarations of `unit` (or of every unit when `None`), newest first.
pub async fn declarations(db: &Db, unit: Option<UnitId>) -> Result<Vec<Declaration>> {
    let rows = sqlx::query(
        "SELECT id, unit_id, declared_by, declared_at, note FROM extranet_wireless_declarations \
         WHERE ($1 = 0 OR unit_id = $2) ORDER BY declared_at DESC, id DESC",
    )
    .bind(unit.map_or(0, |unit| unit.0))
    .bind(unit.map_or(0, |unit| unit.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Declaration {
                id: row.try_get("id")?,
                unit: UnitId(row.try_get("unit_id")?),
                declared_by: row.try_get("declared_by")?,
                declared_at: row.try_get("declared_at")?,
                note: row.try_get("note")?,
            })
        })
        .collect()
}

/// The units with a ledger row (people set), an access point or a declaration.
pub async fn units_with_ledger(db: &Db) -> Result<Vec<UnitId>> {
    let rows = sqlx::query(
        "SELECT unit_id FROM extranet_ledgers UNION SELECT unit_id FROM extranet_access_points \
         UNION SELECT unit_id FROM extranet_wireless_declarations",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut units: Vec<UnitId> = rows
        .iter()
        .map(|row| row.try_get("unit_id").map(UnitId))
        .collect::<std::result::Result<_, _>>()?;
    units.sort();
    Ok(units)
}

/// The units with an access in operation (an access or change application in operation),
/// sorted.
pub async fn units_in_operation(db: &Db) -> Result<Vec<UnitId>> {
    let rows = sqlx::query(
        "SELECT DISTINCT unit_id FROM extranet_applications WHERE kind <> 'closing' \
         AND status = 'in_operation' ORDER BY unit_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            row.try_get("unit_id")
                .map(UnitId)
                .map_err(platform::Error::from)
        })
        .collect()
}

/// The live allocations of `unit` (the addresses an access point may use), by address.
pub async fn unit_allocations(db: &Db, unit: UnitId) -> Result<Vec<Allocation>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ALLOCATION} WHERE unit_id = $1 AND active = 1 ORDER BY family, start_key"
    )))
    .bind(unit.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(allocation_from).collect()
}
