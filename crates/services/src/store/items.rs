//! `svc_items` and `svc_item_versions`: the item record with its status, public version and
//! optimistic version, and every version's guide as a JSON snapshot (SVC-ITEM-LIFE).

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::item::{ItemRecord, ItemStatus, ItemVersion, Target};
use crate::store::{json, plain_json, unreadable};
use crate::{ItemId, UnitId};

/// An item record as stored, with its code and optimistic version.
#[derive(Debug, Clone)]
pub struct StoredItem {
    pub code: String,
    pub record: ItemRecord,
    pub version: i64,
}

/// The stable code of an item status (`LegalReview` → `legal_review`).
pub fn status_code(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Claimed => "claimed",
        ItemStatus::Drafting => "drafting",
        ItemStatus::Submitted => "submitted",
        ItemStatus::LegalReview => "legal_review",
        ItemStatus::Approved => "approved",
        ItemStatus::Published => "published",
        ItemStatus::Suspended => "suspended",
        ItemStatus::Terminated => "terminated",
    }
}

fn parse_status(code: &str) -> Result<ItemStatus> {
    ItemStatus::ALL
        .into_iter()
        .find(|status| status_code(*status) == code)
        .ok_or_else(|| unreadable("item status", code))
}

fn target_codes(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|target| match target {
            Target::NaturalPerson => "natural_person",
            Target::LegalPerson => "legal_person",
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn version_status(record: &ItemRecord, version: &ItemVersion) -> &'static str {
    if record.public_version == Some(version.number) {
        "published"
    } else if version.published_at.is_some() {
        "superseded"
    } else {
        "draft"
    }
}

/// Inserts a newly claimed record (its versions included); returns the id given.
pub async fn insert(tx: &mut Tx, code: &str, record: &ItemRecord, now: Instant) -> Result<ItemId> {
    let working = record
        .working()
        .ok_or_else(|| Error::invalid("事项没有版本"))?;
    let basic = &working.item.basic;
    let row = sqlx::query(
        "INSERT INTO svc_items (code, current_version, status, department_unit_id, item_type, \
         target, case_type, name, published_version, catalogue_basis, notes, version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12) \
         RETURNING id",
    )
    .bind(code.trim())
    .bind(i64::from(working.number))
    .bind(status_code(record.status))
    .bind(record.claimed_by.0)
    .bind(format!("{:?}", basic.item_type))
    .bind(target_codes(&basic.targets))
    .bind(format!("{:?}", basic.case_type))
    .bind(item_name(record))
    .bind(record.public_version.map(i64::from))
    .bind(&record.catalogue_basis)
    .bind(plain_json(&record.notes)?)
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    let id = ItemId(row.try_get("id")?);
    let mut stored = record.clone();
    stored.id = id;
    write_versions(tx, &stored, &[], now).await?;
    // WEB-SEARCH: the search indexes follow a published guide.
    platform::search_feed::changed(tx, "item", id.0).await?;
    Ok(id)
}

fn item_name(record: &ItemRecord) -> String {
    record.working().map_or_else(String::new, |version| {
        let basic = &version.item.basic;
        if basic.sub_name.trim().is_empty() {
            basic.main_name.clone()
        } else {
            format!("{}（{}）", basic.main_name, basic.sub_name)
        }
    })
}

/// Writes every version of `record`: new ones are inserted, the others updated (a published
/// version's guide never changes: the machine opens a new version for a change).
async fn write_versions(
    tx: &mut Tx,
    record: &ItemRecord,
    known: &[u32],
    now: Instant,
) -> Result<()> {
    for version in &record.versions {
        let snapshot = json(&version.item)?;
        let reviews = plain_json(&version.reviews)?;
        let status = version_status(record, version);
        let published_at = version.published_at.map(Instant::millis);
        let legal = i64::from(version.legal_review_required);
        let step = i64::from(version.review_step);
        if known.contains(&version.number) {
            sqlx::query(
                "UPDATE svc_item_versions SET snapshot = $1, status = $2, published_at = $3, \
                 reviews = $4, legal_review_required = $5, review_step = $6 \
                 WHERE item_id = $7 AND version = $8",
            )
            .bind(snapshot)
            .bind(status)
            .bind(published_at)
            .bind(reviews)
            .bind(legal)
            .bind(step)
            .bind(record.id.0)
            .bind(i64::from(version.number))
            .execute(&mut **tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO svc_item_versions (item_id, version, snapshot, status, published_at, \
                 reviews, legal_review_required, review_step, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(record.id.0)
            .bind(i64::from(version.number))
            .bind(snapshot)
            .bind(status)
            .bind(published_at)
            .bind(reviews)
            .bind(legal)
            .bind(step)
            .bind(now.millis())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Stores the record after a command when its version is still `expected`.
pub async fn update(
    tx: &mut Tx,
    before: &StoredItem,
    record: &ItemRecord,
    now: Instant,
) -> Result<i64> {
    let working = record
        .working()
        .ok_or_else(|| Error::invalid("事项没有版本"))?;
    let basic = &working.item.basic;
    let changed = sqlx::query(
        "UPDATE svc_items SET current_version = $1, status = $2, department_unit_id = $3, \
         item_type = $4, target = $5, case_type = $6, name = $7, published_version = $8, \
         notes = $9, version = version + 1, updated_at = $10 WHERE id = $11 AND version = $12",
    )
    .bind(i64::from(working.number))
    .bind(status_code(record.status))
    .bind(basic.department.0)
    .bind(format!("{:?}", basic.item_type))
    .bind(target_codes(&basic.targets))
    .bind(format!("{:?}", basic.case_type))
    .bind(item_name(record))
    .bind(record.public_version.map(i64::from))
    .bind(plain_json(&record.notes)?)
    .bind(now.millis())
    .bind(record.id.0)
    .bind(before.version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("事项已被他人更新，请刷新后重试"));
    }
    let known: Vec<u32> = before.record.versions.iter().map(|v| v.number).collect();
    write_versions(tx, record, &known, now).await?;
    // WEB-SEARCH: the search indexes follow a published guide.
    platform::search_feed::changed(tx, "item", record.id.0).await?;
    Ok(before.version + 1)
}

const SELECT: &str = "SELECT id, code, status, department_unit_id, published_version, \
     catalogue_basis, notes, version FROM svc_items";

async fn assemble(tx: &mut Tx, row: &sqlx::any::AnyRow) -> Result<StoredItem> {
    let id = ItemId(row.try_get("id")?);
    let rows = sqlx::query(
        "SELECT version, snapshot, published_at, reviews, legal_review_required, review_step \
         FROM svc_item_versions WHERE item_id = $1 ORDER BY version",
    )
    .bind(id.0)
    .fetch_all(&mut **tx)
    .await?;
    let mut versions = Vec::with_capacity(rows.len());
    for version in &rows {
        let number: i64 = version.try_get("version")?;
        let snapshot: String = version.try_get("snapshot")?;
        let reviews: String = version.try_get("reviews")?;
        versions.push(ItemVersion {
            number: u32::try_from(number).map_err(|e| unreadable("item version", e))?,
            item: crate::snapshot::from_json(&snapshot)
                .map_err(|e| unreadable("item snapshot", e))?,
            published_at: version
                .try_get::<Option<i64>, _>("published_at")?
                .map(Instant::from_millis),
            reviews: serde_json::from_str(&reviews).map_err(|e| unreadable("item reviews", e))?,
            legal_review_required: platform::db::flag(version.try_get("legal_review_required")?),
            review_step: u32::try_from(version.try_get::<i64, _>("review_step")?)
                .map_err(|e| unreadable("item review step", e))?,
        });
    }
    let notes: String = row.try_get("notes")?;
    let public: Option<i64> = row.try_get("published_version")?;
    let status: String = row.try_get("status")?;
    Ok(StoredItem {
        code: row.try_get("code")?,
        version: row.try_get("version")?,
        record: ItemRecord {
            id,
            claimed_by: UnitId(row.try_get("department_unit_id")?),
            status: parse_status(&status)?,
            versions,
            public_version: public
                .map(u32::try_from)
                .transpose()
                .map_err(|e| unreadable("item public version", e))?,
            catalogue_basis: row.try_get("catalogue_basis")?,
            notes: serde_json::from_str(&notes).map_err(|e| unreadable("item notes", e))?,
        },
    })
}

/// The record of `id` in the caller's transaction.
pub async fn get_in(tx: &mut Tx, id: ItemId) -> Result<StoredItem> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("事项 {id}")))?;
    assemble(tx, &row).await
}

/// The record with `code`, if any, in the caller's transaction.
pub async fn by_code_in(tx: &mut Tx, code: &str) -> Result<Option<StoredItem>> {
    let sql = format!("{SELECT} WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.trim())
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(row) => Ok(Some(assemble(tx, &row).await?)),
        None => Ok(None),
    }
}

/// The record with `code`, if any. A read transaction (a consistent snapshot of the record
/// and its versions) that never takes SQLite's write lock: every guide page and application
/// reads it, and `Db::begin`'s write transaction serialised them with the writers.
pub async fn by_code(db: &Db, code: &str) -> Result<Option<StoredItem>> {
    let mut tx = db.pool.begin().await?;
    let stored = by_code_in(&mut tx, code).await?;
    tx.commit().await?;
    Ok(stored)
}

/// The guide of one version (the one a case was submitted under).
pub async fn version_in(tx: &mut Tx, id: ItemId, version: u32) -> Result<crate::item::Item> {
    let row =
        sqlx::query("SELECT snapshot FROM svc_item_versions WHERE item_id = $1 AND version = $2")
            .bind(id.0)
            .bind(i64::from(version))
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| Error::not_found(format!("事项 {id} 第 {version} 版")))?;
    let snapshot: String = row.try_get("snapshot")?;
    crate::snapshot::from_json(&snapshot).map_err(|e| unreadable("item snapshot", e))
}

/// How many items exist (the demo seed runs once).
pub async fn count(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM svc_items")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}
