//! `sharing_grants` (migration 0055, DATA-GRANT, DATA-CALL): grants made by approvals, their
//! status, last use, rate limit and the consumer's authorization code, kept only as its SM3
//! hash: the code is shown once when the consumer issues it, and a new one replaces it.

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use crate::grant::{Grant, Status};
use crate::{EntryId, GrantId, RequestId, ResourceId, UnitId, resource_key};

/// The calls a grant may make per second unless set otherwise.
pub const DEFAULT_RATE_PER_SECOND: i64 = 50;

/// A stored grant with its rate limit.
#[derive(Debug, Clone)]
pub struct StoredGrant {
    pub grant: Grant,
    pub rate_per_second: i64,
    pub has_code: bool,
    /// DATA-ACCOUNTS: the platform account that issued the current code is handing over
    /// (the gateway refuses the code until the handover is filed).
    pub code_held: bool,
}

/// DATA-CALL: the SM3 hash under which a code is stored and looked up (the platform's
/// bearer-code helper, under the gateway's own domain).
pub fn code_hash(code: &str) -> String {
    platform::bearer::code_hash("zhengwu.sharing.code", code)
}

/// A new random authorization code.
pub fn new_code() -> String {
    platform::bearer::new_code()
}

const COLUMNS: &str = "id, request_id, consumer_unit_id, provider_unit_id, entry_id, resource_id, \
                       fields, api, approved_at, ends_at, status, reason, last_used_at, \
                       rate_per_second, code_hash, \
                       (SELECT COUNT(*) FROM sharing_accounts a \
                        WHERE a.user_id = sharing_grants.code_user_id \
                        AND a.status = 'handover') AS code_held";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredGrant> {
    let status: String = row.try_get("status")?;
    let fields: String = row.try_get("fields")?;
    let key: i64 = row.try_get("resource_id")?;
    Ok(StoredGrant {
        grant: Grant {
            id: GrantId(row.try_get("id")?),
            request: RequestId(row.try_get("request_id")?),
            consumer: UnitId(row.try_get("consumer_unit_id")?),
            provider: UnitId(row.try_get("provider_unit_id")?),
            entry: EntryId(row.try_get("entry_id")?),
            resource: ResourceId(key % 100),
            fields: fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
            api: row.try_get::<i64, _>("api")? == 1,
            approved_at: Instant::from_millis(row.try_get("approved_at")?),
            ends_at: Instant::from_millis(row.try_get("ends_at")?),
            status: Status::parse(&status)
                .ok_or_else(|| super::unreadable("grant status", &status))?,
            last_used_at: row
                .try_get::<Option<i64>, _>("last_used_at")?
                .map(Instant::from_millis),
            reason: row.try_get("reason")?,
        },
        rate_per_second: row.try_get("rate_per_second")?,
        has_code: row.try_get::<Option<String>, _>("code_hash")?.is_some(),
        code_held: row.try_get::<i64, _>("code_held")? > 0,
    })
}

/// Inserts the grant an approval made; gives it its id.
pub async fn insert(tx: &mut Tx, grant: &mut Grant, rate_per_second: i64, now: i64) -> Result<()> {
    let row = sqlx::query(
        "INSERT INTO sharing_grants (request_id, consumer_unit_id, provider_unit_id, entry_id, \
         resource_id, fields, api, approved_at, ends_at, status, reason, rate_per_second, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $13) RETURNING id",
    )
    .bind(grant.request.0)
    .bind(grant.consumer.0)
    .bind(grant.provider.0)
    .bind(grant.entry.0)
    .bind(resource_key(grant.entry, grant.resource))
    .bind(grant.fields.join(","))
    .bind(i64::from(grant.api))
    .bind(grant.approved_at.millis())
    .bind(grant.ends_at.millis())
    .bind(grant.status.code())
    .bind(grant.reason.clone())
    .bind(rate_per_second)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    grant.id = GrantId(row.try_get("id")?);
    Ok(())
}

/// Writes a grant's status and reason.
pub async fn update_status(tx: &mut Tx, grant: &Grant, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE sharing_grants SET status = $1, reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(grant.status.code())
    .bind(grant.reason.clone())
    .bind(now)
    .bind(grant.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores the hash of a newly issued code (the old one stops working) and who issued it
/// (DATA-ACCOUNTS: a handover of that user's platform account suspends and then voids it).
pub async fn set_code(tx: &mut Tx, id: GrantId, code: &str, user: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE sharing_grants SET code_hash = $1, code_user_id = $2, updated_at = $3 \
         WHERE id = $4",
    )
    .bind(code_hash(code))
    .bind(user)
    .bind(now)
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// DATA-GRANT: the grants called in a batch were used at `at` (the idle API rule reads it).
pub async fn touch(tx: &mut Tx, ids: &[i64], at: i64) -> Result<()> {
    for id in ids {
        sqlx::query(
            "UPDATE sharing_grants SET last_used_at = $1 WHERE id = $2 \
             AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(at)
        .bind(*id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn get_in(tx: &mut Tx, id: GrantId) -> Result<StoredGrant> {
    let sql = format!("SELECT {COLUMNS} FROM sharing_grants WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("该授权"))?;
    from_row(&row)
}

pub async fn get(db: &Db, id: GrantId) -> Result<StoredGrant> {
    let mut tx = db.begin_read().await?;
    let grant = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(grant)
}

/// DATA-CALL: the grant whose code hashes to `hash`, if any.
pub async fn by_code_hash(db: &Db, hash: &str) -> Result<Option<StoredGrant>> {
    let sql = format!("SELECT {COLUMNS} FROM sharing_grants WHERE code_hash = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.to_owned())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The grants of a unit as consumer or provider, or (administrator) every one.
pub async fn list_for(db: &Db, unit: Option<i64>) -> Result<Vec<StoredGrant>> {
    let rows = match unit {
        Some(unit) => {
            let sql = format!(
                "SELECT {COLUMNS} FROM sharing_grants WHERE consumer_unit_id = $1 \
                 OR provider_unit_id = $2 ORDER BY id DESC LIMIT 200"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit)
                .bind(unit)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            let sql = format!("SELECT {COLUMNS} FROM sharing_grants ORDER BY id DESC LIMIT 200");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}
