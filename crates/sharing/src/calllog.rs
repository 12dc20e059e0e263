//! The gateway's call log (DATA-CALL; 000 共享 §5(一), §12): every call, allowed or refused —
//! who (grant, consumer), what (resource, fields, filter), how much (rows, bytes), its status
//! and duration — appended before the answer is sent and chained with SM3 by the audit log's
//! own link ([`platform::audit::chain_link`]), so [`verify`] names the first row changed,
//! deleted or reordered. Busy gateways hand their rows to a [`CallLog`], a group commit: the
//! rows waiting at that moment are chained and stored in one transaction (with the grants'
//! last use, DATA-GRANT) and each call is answered only after that commit. A call whose row
//! cannot be written is not answered (fail closed).

use platform::Result;
use platform::audit::chain_link;
use platform::db::{Db, Tx};
use platform::group_commit::{Batch, GroupCommit};
use sqlx::Row as _;

use crate::store::grants;

/// One call as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub at: i64,
    pub grant: Option<i64>,
    pub consumer: Option<i64>,
    pub resource: i64,
    pub fields: String,
    pub filter: String,
    pub rows: i64,
    pub bytes: i64,
    pub status: i64,
    pub duration_us: i64,
    pub message: String,
}

/// A stored call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub seq: i64,
    pub call: CallRecord,
    pub prev_hash: String,
    pub hash: String,
}

fn optional(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl CallRow {
    fn link(&self) -> String {
        let c = &self.call;
        chain_link(&[
            self.seq.to_string(),
            c.at.to_string(),
            optional(c.grant),
            optional(c.consumer),
            c.resource.to_string(),
            c.fields.clone(),
            c.filter.clone(),
            c.rows.to_string(),
            c.bytes.to_string(),
            c.status.to_string(),
            c.duration_us.to_string(),
            c.message.clone(),
            self.prev_hash.clone(),
        ])
    }
}

const PARAMS: usize = 14;

/// Appends `calls` in order in `tx` with one turn at the head; the allowed calls' grants are
/// marked used. Returns the last sequence number.
pub async fn append(tx: &mut Tx, calls: &[CallRecord]) -> Result<i64> {
    let count = i64::try_from(calls.len()).map_err(|_| anyhow::anyhow!("too many calls"))?;
    if count == 0 {
        return Err(anyhow::anyhow!("no calls to log").into());
    }
    let head = sqlx::query(
        "UPDATE sharing_call_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, last_hash",
    )
    .bind(count)
    .fetch_one(&mut **tx)
    .await?;
    let last_seq: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("last_hash")?;
    let mut rows = Vec::with_capacity(calls.len());
    for (offset, call) in (0..count).rev().zip(calls) {
        let mut row = CallRow {
            seq: last_seq - offset,
            call: call.clone(),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        row.hash = row.link();
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let p: Vec<String> = (1..=PARAMS)
                .map(|k| format!("${}", i * PARAMS + k))
                .collect();
            format!("({})", p.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO sharing_calls (seq, at, grant_id, consumer_unit_id, resource_id, fields, \
         filter, rows_returned, bytes, status, duration_us, message, prev_hash, hash) VALUES {}",
        values.join(", ")
    );
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in &rows {
        let c = &row.call;
        insert = insert
            .bind(row.seq)
            .bind(c.at)
            .bind(c.grant)
            .bind(c.consumer)
            .bind(c.resource)
            .bind(c.fields.clone())
            .bind(c.filter.clone())
            .bind(c.rows)
            .bind(c.bytes)
            .bind(c.status)
            .bind(c.duration_us)
            .bind(c.message.clone())
            .bind(row.prev_hash.clone())
            .bind(row.hash.clone());
    }
    insert.execute(&mut **tx).await?;
    sqlx::query("UPDATE sharing_call_head SET last_hash = $1 WHERE id = 1")
        .bind(prev_hash)
        .execute(&mut **tx)
        .await?;
    let mut used: Vec<i64> = calls
        .iter()
        .filter(|c| c.status == 200)
        .filter_map(|c| c.grant)
        .collect();
    used.sort_unstable();
    used.dedup();
    if let Some(at) = calls.iter().map(|c| c.at).max() {
        grants::touch(tx, &used, at).await?;
    }
    Ok(last_seq)
}

/// The group commit of the call log.
#[derive(Debug, Clone, Copy)]
pub struct CallBatch;

impl Batch for CallBatch {
    type Job = CallRecord;
    type Answer = i64;

    async fn store_all(&self, db: &Db, jobs: &[CallRecord]) -> Result<Vec<i64>> {
        let mut tx = db.begin().await?;
        let last = append(&mut tx, jobs).await?;
        tx.commit().await?;
        let count = i64::try_from(jobs.len()).unwrap_or(i64::MAX);
        Ok((0..count).map(|i| last - count + 1 + i).collect())
    }

    async fn store_one(&self, db: &Db, job: &CallRecord) -> Result<i64> {
        let mut tx = db.begin().await?;
        let seq = append(&mut tx, std::slice::from_ref(job)).await?;
        tx.commit().await?;
        Ok(seq)
    }
}

/// The call log's writer: one group-commit queue (the chain has one head).
pub type CallLog = GroupCommit<CallBatch>;

/// A call log writing to `db`.
pub fn call_log(db: Db) -> CallLog {
    GroupCommit::new(db, CallBatch, 1)
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub rows_checked: u64,
    /// The first broken row and why, or `None` when the chain is whole.
    pub first_break: Option<(i64, String)>,
}

const VERIFY_BATCH: i64 = 2000;

fn row_from_sql(row: &sqlx::any::AnyRow) -> Result<CallRow> {
    Ok(CallRow {
        seq: row.try_get("seq")?,
        call: CallRecord {
            at: row.try_get("at")?,
            grant: row.try_get("grant_id")?,
            consumer: row.try_get("consumer_unit_id")?,
            resource: row.try_get("resource_id")?,
            fields: row.try_get("fields")?,
            filter: row.try_get("filter")?,
            rows: row.try_get("rows_returned")?,
            bytes: row.try_get("bytes")?,
            status: row.try_get("status")?,
            duration_us: row.try_get("duration_us")?,
            message: row.try_get("message")?,
        },
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const SELECT: &str = "SELECT seq, at, grant_id, consumer_unit_id, resource_id, fields, filter, \
                      rows_returned, bytes, status, duration_us, message, prev_hash, hash \
                      FROM sharing_calls";

/// DATA-CALL: walks the chain from the first row to the head and names the first row that was
/// changed, deleted or reordered.
pub async fn verify(db: &Db) -> Result<VerifyReport> {
    let head = sqlx::query("SELECT seq, last_hash FROM sharing_call_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("last_hash")?;
    let mut expected_seq = 1;
    let mut prev_hash = String::new();
    let mut rows_checked = 0u64;
    loop {
        let sql = format!("{SELECT} WHERE seq > $1 ORDER BY seq LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(expected_seq - 1)
            .bind(VERIFY_BATCH)
            .fetch_all(&db.pool)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let row = row_from_sql(&row)?;
            rows_checked += 1;
            let broken = if row.seq != expected_seq {
                Some(format!("第 {expected_seq} 条调用记录缺失或顺序被改动"))
            } else if row.prev_hash != prev_hash {
                Some(format!("第 {} 条调用记录与前一条的链接断开", row.seq))
            } else if row.link() != row.hash {
                Some(format!("第 {} 条调用记录的内容被修改", row.seq))
            } else {
                None
            };
            if let Some(why) = broken {
                return Ok(VerifyReport {
                    rows_checked,
                    first_break: Some((expected_seq.min(row.seq), why)),
                });
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
    let first_break = (expected_seq - 1 != head_seq || prev_hash != head_hash).then(|| {
        (
            expected_seq,
            format!("第 {expected_seq} 条及之后的调用记录被删除"),
        )
    });
    Ok(VerifyReport {
        rows_checked,
        first_break,
    })
}

/// The latest calls, newest first (the office's call log page), optionally of one grant.
pub async fn recent(db: &Db, grant: Option<i64>, limit: i64) -> Result<Vec<CallRow>> {
    let rows = match grant {
        Some(grant) => {
            let sql = format!("{SELECT} WHERE grant_id = $1 ORDER BY seq DESC LIMIT $2");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(grant)
                .bind(limit)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            let sql = format!("{SELECT} ORDER BY seq DESC LIMIT $1");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(limit)
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(row_from_sql).collect()
}

/// How many calls the log holds.
pub async fn count(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM sharing_calls")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}
