//! The audit log (SEC-AUDIT): append-only, written in the same transaction as the change it
//! records, chained with SM3 so that `verify` names the first row changed, deleted or
//! reordered. Retention keeps at least six calendar months; pruning moves the anchor.

use sm3::{Digest, Sm3};
use sqlx::Row as _;

use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::roles::Actor;

/// Who did it, as the audit row records it.
#[derive(Debug, Clone)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub name: String,
    pub unit_id: Option<i64>,
    pub role: String,
    pub ip: String,
}

impl AuditActor {
    /// The platform itself (jobs, CLI rescue commands, migrations, the demo seed).
    pub fn system(name: &str) -> Self {
        Self {
            user_id: None,
            name: name.to_owned(),
            unit_id: None,
            role: "system".into(),
            ip: String::new(),
        }
    }

    /// An anonymous visitor (a failed login names the attempted account in the detail).
    pub fn anonymous(ip: &str) -> Self {
        Self {
            user_id: None,
            name: "匿名".into(),
            unit_id: None,
            role: "anonymous".into(),
            ip: ip.to_owned(),
        }
    }

    pub fn staff(actor: &Actor, ip: &str) -> Self {
        Self {
            user_id: Some(actor.user_id),
            name: actor.username.clone(),
            unit_id: Some(actor.unit_id),
            role: actor
                .roles
                .iter()
                .map(|role| role.code())
                .collect::<Vec<_>>()
                .join(","),
            ip: ip.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Denied,
    Failed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }
}

/// One thing that happened to one object.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub outcome: Outcome,
    /// What changed (before/after), never personal data in clear.
    pub detail: String,
}

impl AuditEvent {
    pub fn new(action: &str, object_type: &str, object_id: impl ToString) -> Self {
        Self {
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id: object_id.to_string(),
            outcome: Outcome::Success,
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub actor_unit_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub detail: String,
    pub ip: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    fn chain_hash(&self) -> String {
        let fields = [
            self.seq.to_string(),
            self.at.to_string(),
            optional(self.actor_user_id),
            self.actor_name.clone(),
            optional(self.actor_unit_id),
            self.actor_role.clone(),
            self.action.clone(),
            self.object_type.clone(),
            self.object_id.clone(),
            self.outcome.clone(),
            self.detail.clone(),
            self.ip.clone(),
            self.prev_hash.clone(),
        ];
        chain_link(&fields)
    }
}

/// The SM3 link of a hash chain: each field length-prefixed, the previous row's hash among
/// them. The audit log and every other append-only chained log (the data-sharing gateway's
/// call log, DATA-CALL) link their rows with it.
pub fn chain_link(fields: &[String]) -> String {
    let mut hasher = Sm3::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

fn optional(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Appends one row inside the caller's transaction. The head row is locked by the update,
/// so concurrent writers chain one after another and never fork.
pub async fn record(tx: &mut Tx, actor: &AuditActor, event: AuditEvent, at: i64) -> Result<i64> {
    record_many(tx, vec![(actor.clone(), event, at)]).await
}

/// Appends rows in order inside the caller's transaction with one turn at the head: three
/// statements whatever their number (a batch of registrations). Returns the last sequence
/// number.
pub async fn record_many(tx: &mut Tx, entries: Vec<(AuditActor, AuditEvent, i64)>) -> Result<i64> {
    let count = i64::try_from(entries.len()).map_err(|_| anyhow::anyhow!("too many audit rows"))?;
    if count == 0 {
        return Err(anyhow::anyhow!("no audit rows to record").into());
    }
    let head =
        sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, last_hash")
            .bind(count)
            .fetch_one(&mut **tx)
            .await?;
    let last_seq: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("last_hash")?;
    let mut rows = Vec::with_capacity(entries.len());
    for (offset, (actor, event, at)) in (0..count).rev().zip(entries) {
        let mut row = AuditRow {
            seq: last_seq - offset,
            at,
            actor_user_id: actor.user_id,
            actor_name: actor.name,
            actor_unit_id: actor.unit_id,
            actor_role: actor.role,
            action: event.action,
            object_type: event.object_type,
            object_id: event.object_id,
            outcome: event.outcome.code().to_owned(),
            detail: event.detail,
            ip: actor.ip,
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        row.hash = row.chain_hash();
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let p = |k: usize| format!("${}", i * 14 + k);
            format!("({})", (1..=14).map(p).collect::<Vec<_>>().join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO audit_log (seq, at, actor_user_id, actor_name, actor_unit_id, actor_role, \
         action, object_type, object_id, outcome, detail, ip, prev_hash, hash) VALUES {}",
        values.join(", ")
    );
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in &rows {
        insert = insert
            .bind(row.seq)
            .bind(row.at)
            .bind(row.actor_user_id)
            .bind(row.actor_name.clone())
            .bind(row.actor_unit_id)
            .bind(row.actor_role.clone())
            .bind(row.action.clone())
            .bind(row.object_type.clone())
            .bind(row.object_id.clone())
            .bind(row.outcome.clone())
            .bind(row.detail.clone())
            .bind(row.ip.clone())
            .bind(row.prev_hash.clone())
            .bind(row.hash.clone());
    }
    insert.execute(&mut **tx).await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(&prev_hash)
        .execute(&mut **tx)
        .await?;
    Ok(last_seq)
}

/// Records an event that is its own change (a failed login, a denied request).
pub async fn record_alone(db: &Db, actor: &AuditActor, event: AuditEvent, at: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    record(&mut tx, actor, event, at).await?;
    tx.commit().await?;
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub rows_checked: u64,
    /// The first broken row and why, or `None` when the chain is whole.
    pub first_break: Option<(i64, String)>,
}

const VERIFY_BATCH: i64 = 2000;

/// Walks the chain from the anchor to the head and names the first row that was changed,
/// deleted or reordered.
pub async fn verify(db: &Db) -> Result<VerifyReport> {
    let head =
        sqlx::query("SELECT seq, last_hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1")
            .fetch_one(&db.pool)
            .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("last_hash")?;
    let mut expected_seq: i64 = head.try_get::<i64, _>("anchor_seq")? + 1;
    let mut prev_hash: String = head.try_get("anchor_hash")?;
    let mut rows_checked = 0u64;
    loop {
        let rows = fetch_rows_after(db, expected_seq - 1, VERIFY_BATCH).await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            rows_checked += 1;
            let broken = if row.seq != expected_seq {
                Some((
                    expected_seq,
                    format!("第 {expected_seq} 条记录缺失或顺序被改动"),
                ))
            } else if row.prev_hash != prev_hash {
                Some((
                    row.seq,
                    format!(
                        "第 {} 条记录与前一条的链接断开（被删除、插入或重排）",
                        row.seq
                    ),
                ))
            } else if row.chain_hash() != row.hash {
                Some((row.seq, format!("第 {} 条记录的内容被修改", row.seq)))
            } else {
                None
            };
            if let Some(first_break) = broken {
                return Ok(VerifyReport {
                    rows_checked,
                    first_break: Some(first_break),
                });
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
    let first_break = if expected_seq - 1 != head_seq || prev_hash != head_hash {
        Some((
            expected_seq,
            format!("第 {expected_seq} 条及之后的记录被删除"),
        ))
    } else {
        None
    };
    Ok(VerifyReport {
        rows_checked,
        first_break,
    })
}

async fn fetch_rows_after(db: &Db, after_seq: i64, limit: i64) -> Result<Vec<AuditRow>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor_user_id, actor_name, actor_unit_id, actor_role, action, object_type, \
         object_id, outcome, detail, ip, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after_seq)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(row_from_sql).collect()
}

fn row_from_sql(row: &sqlx::any::AnyRow) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor_user_id: row.try_get("actor_user_id")?,
        actor_name: row.try_get("actor_name")?,
        actor_unit_id: row.try_get("actor_unit_id")?,
        actor_role: row.try_get("actor_role")?,
        action: row.try_get("action")?,
        object_type: row.try_get("object_type")?,
        object_id: row.try_get("object_id")?,
        outcome: row.try_get("outcome")?,
        detail: row.try_get("detail")?,
        ip: row.try_get("ip")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Filters of the audit administrator's search page.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_name: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub limit: i64,
}

/// Newest first; every filter optional. Text filters match exactly (actions and object
/// types are codes) or by prefix for the actor name.
pub async fn search(db: &Db, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
    let limit = filter.limit.clamp(1, 500);
    let rows = sqlx::query(
        "SELECT seq, at, actor_user_id, actor_name, actor_unit_id, actor_role, action, object_type, \
         object_id, outcome, detail, ip, prev_hash, hash FROM audit_log \
         WHERE ($1 = '' OR actor_name LIKE $1 || '%') AND ($2 = '' OR action = $2) \
         AND ($3 = '' OR object_type = $3) AND at >= $4 AND at < $5 \
         ORDER BY seq DESC LIMIT $6",
    )
    .bind(filter.actor_name.clone().unwrap_or_default())
    .bind(filter.action.clone().unwrap_or_default())
    .bind(filter.object_type.clone().unwrap_or_default())
    .bind(filter.from_ms.unwrap_or(i64::MIN))
    .bind(filter.until_ms.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(row_from_sql).collect()
}

/// Deletes rows older than the retention (never less than six months) and moves the anchor
/// to the last deleted row, so the remaining chain still verifies. Returns the rows removed.
pub async fn prune(db: &Db, retention_months: u32, now_ms: i64) -> Result<u64> {
    if retention_months < 6 {
        return Err(Error::invalid("审计日志至少保存 6 个月"));
    }
    let cutoff = chrono::DateTime::from_timestamp_millis(now_ms)
        .and_then(|now| now.checked_sub_months(chrono::Months::new(retention_months)))
        .map(|cutoff| cutoff.timestamp_millis())
        .ok_or_else(|| Error::invalid("时间超出范围"))?;
    let mut tx = db.begin().await?;
    let last =
        sqlx::query("SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1")
            .bind(cutoff)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(last) = last else {
        return Ok(0);
    };
    let anchor_seq: i64 = last.try_get("seq")?;
    let anchor_hash: String = last.try_get("hash")?;
    let deleted = sqlx::query("DELETE FROM audit_log WHERE seq <= $1")
        .bind(anchor_seq)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("UPDATE audit_head SET anchor_seq = $1, anchor_hash = $2 WHERE id = 1")
        .bind(anchor_seq)
        .bind(&anchor_hash)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        &AuditActor::system("retention"),
        AuditEvent::new("audit.prune", "audit_log", anchor_seq).detail(format!(
            "删除 {deleted} 条超过 {retention_months} 个月的记录"
        )),
        now_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(deleted)
}
