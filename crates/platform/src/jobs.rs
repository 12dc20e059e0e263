//! Background work: a jobs table and a runner that work on both backends. On PostgreSQL
//! several `serve` processes share the work through leases (`FOR UPDATE SKIP LOCKED`), so a
//! job never runs twice at once, and a job whose node died is taken over after its lease.
//! Handlers are idempotent scans (style.md): running one twice does nothing twice.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use sqlx::Row as _;

use crate::db::{Db, dialect, now_ms};
use crate::error::Result;

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

pub type JobFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Runs one kind of job.
pub trait JobHandler: Send + Sync {
    fn run<'a>(&'a self, db: &'a Db, job: &'a Job) -> JobFuture<'a>;
}

/// Enqueues a job, once per `dedupe_key` when one is given (a periodic scan enqueues itself
/// with the period in the key, so two nodes enqueue it once).
pub async fn enqueue<'e, E>(
    executor: E,
    kind: &str,
    payload: &str,
    run_at: i64,
    dedupe_key: Option<&str>,
) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let now = now_ms();
    sqlx::query(
        "INSERT INTO jobs (kind, payload, dedupe_key, run_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(kind)
    .bind(payload)
    .bind(dedupe_key)
    .bind(run_at)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// The runner of one process.
#[derive(Clone)]
pub struct Runner {
    db: Db,
    owner: String,
    lease_ms: i64,
    handlers: Arc<HashMap<String, Arc<dyn JobHandler>>>,
}

impl Runner {
    pub fn new(db: Db, owner: impl Into<String>, lease_ms: i64) -> Self {
        Self {
            db,
            owner: owner.into(),
            lease_ms,
            handlers: Arc::new(HashMap::new()),
        }
    }

    pub fn handle(mut self, kind: &str, handler: Arc<dyn JobHandler>) -> Self {
        Arc::make_mut(&mut self.handlers).insert(kind.to_owned(), handler);
        self
    }

    /// Claims up to `batch` runnable jobs with a lease (in its own short transaction).
    pub async fn claim(&self, batch: i64, now: i64) -> Result<Vec<Job>> {
        let mut tx = self.db.begin().await?;
        let rows = sqlx::query(dialect::claim_jobs(self.db.backend))
            .bind(&self.owner)
            .bind(now + self.lease_ms)
            .bind(now)
            .bind(batch)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| {
                Ok(Job {
                    id: row.try_get("id")?,
                    kind: row.try_get("kind")?,
                    payload: row.try_get("payload")?,
                    attempts: row.try_get("attempts")?,
                    max_attempts: row.try_get("max_attempts")?,
                })
            })
            .collect()
    }

    /// Runs one claimed job and records its outcome, only while this runner still holds
    /// the lease. A failure is retried with backoff until `max_attempts`, then kept as
    /// `failed` (never deleted).
    pub async fn execute(&self, job: &Job) -> Result<()> {
        let outcome = match self.handlers.get(&job.kind) {
            Some(handler) => handler.run(&self.db, job).await,
            None => Err(anyhow::anyhow!("no handler for job kind {}", job.kind)),
        };
        let now = now_ms();
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE jobs SET status = 'done', lease_until = NULL, updated_at = $1 WHERE id = $2 AND lease_owner = $3")
                    .bind(now)
                    .bind(job.id)
                    .bind(&self.owner)
                    .execute(&self.db.pool)
                    .await?;
            }
            Err(error) => {
                tracing::warn!(job.id = job.id, job.kind = %job.kind, error = %error, "job failed");
                let give_up = job.attempts >= job.max_attempts;
                let backoff_ms =
                    1_000 * 2_i64.pow(u32::try_from(job.attempts.clamp(0, 12)).unwrap_or(12));
                sqlx::query(
                    "UPDATE jobs SET status = $1, run_at = $2, lease_until = NULL, last_error = $3, updated_at = $4 \
                     WHERE id = $5 AND lease_owner = $6",
                )
                .bind(if give_up { "failed" } else { "pending" })
                .bind(now + backoff_ms)
                .bind(error.to_string())
                .bind(now)
                .bind(job.id)
                .bind(&self.owner)
                .execute(&self.db.pool)
                .await?;
            }
        }
        Ok(())
    }

    /// Claims and runs what is due now; returns how many jobs ran.
    pub async fn tick(&self, batch: i64) -> Result<usize> {
        let jobs = self.claim(batch, now_ms()).await?;
        for job in &jobs {
            self.execute(job).await?;
        }
        Ok(jobs.len())
    }

    /// Loops until the process ends, polling every `interval`.
    pub async fn run_forever(self, interval: Duration) {
        loop {
            match self.tick(20).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::error!(error = %error, "job runner tick failed"),
            }
            tokio::time::sleep(interval).await;
        }
    }
}
