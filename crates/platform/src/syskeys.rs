//! System keys of the integration API (issue 22, migration 0066): issued by the system
//! administrator to another system (the provincial platform, the hall's terminals, the
//! city's 12345), scoped to read and/or write, to units, and to personal data masked or in
//! clear; shown once and kept only as the SM3 hash of [`crate::bearer`]; revocable; every
//! issue and revocation audited (the calls are audited by the web shell). Export cursors are
//! signed with the key's own secret ([`Cursor`]), so a cursor of another key, a forged one
//! or one from the future is refused.

use sm3::{Digest, Sm3};
use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::roles::{Actor, Role};

/// The hash domain of system keys ([`crate::bearer::code_hash`]).
const DOMAIN: &str = "zhengwu.api.key";
/// Characters of a key shown in lists to tell keys apart.
const PREFIX_LENGTH: usize = 6;
/// Longest name of a key.
const NAME_MAX: usize = 60;

/// Issuing, listing and revoking system keys: the system administrator (SEC-ROLES: deny by
/// default; the keys are the platform's, not a unit's).
pub fn may_manage(actor: &Actor) -> bool {
    actor.has(Role::SystemAdmin)
}

/// What a key may do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// Exports of cases, 12345 orders and ratings.
    pub read: bool,
    /// Creating walk-in cases and 12345 orders, pushing ratings.
    pub write: bool,
    /// Personal data leaves in clear (each field sent is audited); otherwise masked.
    pub unmasked: bool,
    /// The units whose records the key reaches; empty: every unit.
    pub units: Vec<i64>,
}

impl Scope {
    /// Whether the key reaches the records of `unit`.
    pub fn reaches(&self, unit: i64) -> bool {
        self.units.is_empty() || self.units.contains(&unit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scope: Scope,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    cursor_secret: String,
}

impl SystemKey {
    pub fn active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

fn units_text(units: &[i64]) -> String {
    units
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<SystemKey> {
    let units: String = row.try_get("units")?;
    Ok(SystemKey {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        scope: Scope {
            read: row.try_get::<i64, _>("can_read")? == 1,
            write: row.try_get::<i64, _>("can_write")? == 1,
            unmasked: row.try_get::<i64, _>("unmasked")? == 1,
            units: units
                .split(',')
                .filter_map(|u| u.trim().parse().ok())
                .collect(),
        },
        issued_at: row.try_get("issued_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
        cursor_secret: row.try_get("cursor_secret")?,
    })
}

const COLUMNS: &str = "id, name, prefix, can_read, can_write, unmasked, units, cursor_secret, \
                       issued_at, revoked_at, last_used_at";

/// Issues a key: returns it with the code, which is shown this once and never stored.
/// Refuses an empty name and a scope that allows nothing; the audit row never holds the code.
pub async fn issue(
    db: &Db,
    actor: &Actor,
    audit_actor: &AuditActor,
    name: &str,
    scope: &Scope,
    now: i64,
) -> Result<(SystemKey, String)> {
    if !may_manage(actor) {
        return Err(Error::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(Error::invalid(format!(
            "请填写密钥名称（调用系统名称，不超过 {NAME_MAX} 字）"
        )));
    }
    if !scope.read && !scope.write {
        return Err(Error::invalid("请至少选择读取或写入权限之一"));
    }
    let code = format!("zwk_{}", crate::bearer::new_code());
    let prefix: String = code.chars().take(4 + PREFIX_LENGTH).collect();
    let secret = crate::bearer::new_code();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO system_keys (name, key_hash, prefix, can_read, can_write, unmasked, units, \
         cursor_secret, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id",
    )
    .bind(name)
    .bind(crate::bearer::code_hash(DOMAIN, &code))
    .bind(&prefix)
    .bind(i64::from(scope.read))
    .bind(i64::from(scope.write))
    .bind(i64::from(scope.unmasked))
    .bind(units_text(&scope.units))
    .bind(&secret)
    .bind(actor.user_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let detail = format!(
        "名称={name}；前缀={prefix}；读取={}；写入={}；明文个人信息={}；单位={}",
        scope.read,
        scope.write,
        scope.unmasked,
        if scope.units.is_empty() {
            "全部".to_owned()
        } else {
            units_text(&scope.units)
        }
    );
    audit::record(
        &mut tx,
        audit_actor,
        AuditEvent::new("issue", "system_key", id).detail(detail),
        now,
    )
    .await?;
    tx.commit().await?;
    let key = get(db, id).await?;
    Ok((key, code))
}

pub async fn get(db: &Db, id: i64) -> Result<SystemKey> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM system_keys WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found(format!("系统密钥 {id}")))?;
    from_row(&row)
}

/// Every key, the newest first.
pub async fn list(db: &Db) -> Result<Vec<SystemKey>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM system_keys ORDER BY id DESC"
    )))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Revokes a key: from now on its calls are refused. Revoking twice is refused.
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    audit_actor: &AuditActor,
    id: i64,
    now: i64,
) -> Result<()> {
    if !may_manage(actor) {
        return Err(Error::Forbidden);
    }
    let mut tx = db.begin().await?;
    let done =
        sqlx::query("UPDATE system_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if done != 1 {
        return Err(Error::invalid("该密钥不存在或已吊销"));
    }
    audit::record(
        &mut tx,
        audit_actor,
        AuditEvent::new("revoke", "system_key", id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The active key of `code`, its last use recorded; `None` for an unknown or revoked key.
pub async fn authenticate(db: &Db, code: &str, now: i64) -> Result<Option<SystemKey>> {
    let hash = crate::bearer::code_hash(DOMAIN, code);
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM system_keys WHERE key_hash = $1 AND revoked_at IS NULL"
    )))
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let key = from_row(&row)?;
    sqlx::query("UPDATE system_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(key.id)
        .execute(&db.pool)
        .await?;
    Ok(Some(key))
}

/// The audit actor of a key's calls.
pub fn audit_actor(key: &SystemKey, ip: &str) -> AuditActor {
    AuditActor {
        user_id: None,
        name: format!("系统密钥 {}（{}）", key.prefix, key.name),
        unit_id: None,
        role: "system_key".into(),
        ip: ip.to_owned(),
    }
}

/// A position in one export of one key: past the row changed at `at` with id `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: i64,
}

fn tag(key: &SystemKey, payload: &str) -> String {
    let mut hasher = Sm3::new();
    hasher.update(key.cursor_secret.as_bytes());
    hasher.update(b"\0");
    hasher.update(payload.as_bytes());
    hex::encode(&hasher.finalize()[..12])
}

impl Cursor {
    /// The opaque text of the cursor of `export` for `key`.
    pub fn encode(self, key: &SystemKey, export: &str) -> String {
        let payload = format!("{export}:{}:{}:{}", key.id, self.at, self.id);
        format!("{}.{}", hex::encode(payload.as_bytes()), tag(key, &payload))
    }

    /// Reads a cursor of `export` given to `key`. Refused (a Chinese message): text that is
    /// no cursor, a cursor of another key or export, a changed one, one from the future.
    pub fn decode(text: &str, key: &SystemKey, export: &str, now: i64) -> Result<Cursor> {
        let bad = || Error::invalid("游标无效：请使用本密钥上次导出返回的游标");
        let (payload_hex, mac) = text.trim().split_once('.').ok_or_else(bad)?;
        let payload = hex::decode(payload_hex).map_err(|_| bad())?;
        let payload = String::from_utf8(payload).map_err(|_| bad())?;
        let parts: Vec<&str> = payload.split(':').collect();
        let [kind, key_id, at, id] = parts.as_slice() else {
            return Err(bad());
        };
        if *kind != export || key_id.parse::<i64>().ok() != Some(key.id) {
            return Err(Error::invalid("游标不属于本密钥或本导出，已拒绝"));
        }
        if tag(key, &payload) != mac {
            return Err(bad());
        }
        let at: i64 = at.parse().map_err(|_| bad())?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        if at > now {
            return Err(Error::invalid("游标时间晚于当前时间，已拒绝"));
        }
        Ok(Cursor { at, id })
    }
}
