//! Storage: one sqlx `Any` pool over SQLite (embedded default) or PostgreSQL (production),
//! migrations from the parallel folders, and write transactions.
//!
//! Conventions (design brief): instants are BIGINT epoch milliseconds UTC, booleans INTEGER
//! 0/1, JSON as TEXT. SQL is written once with `$1..$N` placeholders; where the dialects
//! differ, `dialect` holds both forms side by side.

pub mod dialect;
pub mod filter;

use std::time::Duration;

use anyhow::Context as _;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor as _, Row as _, Transaction};

use crate::error::{Error, Result};

/// A write transaction. Every change of state goes through one, together with its audit row.
pub type Tx = Transaction<'static, Any>;

/// A boxed, sendable future borrowing for `'t` (a use case run by [`Db::write`]).
pub type BoxFuture<'t, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 't>>;

/// Which engine a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Chooses the backend by URL scheme; an unknown scheme is an error, never a new file.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(Error::invalid(format!(
                "不支持的数据库地址“{scheme}”：只支持 sqlite:// 和 postgres://"
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// The database handle shared by every use case.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Where write transactions come from: on SQLite a pool of one connection, so writers
    /// queue in-process and are woken in turn (SQLite has one writer at a time; waiting in
    /// its busy handler means sleeping and polling); on PostgreSQL the pool itself.
    writer: AnyPool,
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl Db {
    /// Opens a pool. SQLite connections get WAL, foreign keys, a busy timeout and full
    /// synchronous commits (an acknowledged submission is never lost).
    pub async fn connect(url: &str) -> Result<Self> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let pool = Self::pool(
            url,
            backend,
            match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            },
        )
        .await?;
        let writer = match backend {
            Backend::Sqlite => Self::pool(url, backend, 1).await?,
            Backend::Postgres => pool.clone(),
        };
        Ok(Self {
            pool,
            backend,
            writer,
        })
    }

    async fn pool(url: &str, backend: Backend, connections: u32) -> Result<AnyPool> {
        let options = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(30));
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA busy_timeout = 10000",
                        "PRAGMA synchronous = FULL",
                    ] {
                        conn.execute(pragma).await?;
                    }
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        Ok(options
            .connect(url)
            .await
            .with_context(|| format!("无法连接数据库（{}）", backend.name()))?)
    }

    /// Applies every migration of this backend's folder that has not run yet.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator.run(&self.pool).await.context("数据库迁移失败")?;
        Ok(())
    }

    /// Begins a write transaction (SQLite takes the write lock at once, so two writers wait
    /// for each other instead of failing on lock upgrade).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self
            .writer
            .begin_with(dialect::begin_write(self.backend))
            .await?)
    }

    /// Runs one use case in its own write transaction: committed when it succeeds, rolled back
    /// (nothing half-done) when it fails. Pages call a use case this way, so that `web` never
    /// holds a transaction of its own; the use case takes what it needs by value.
    pub async fn write<T, F>(&self, use_case: F) -> Result<T>
    where
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, Result<T>>,
    {
        let mut tx = self.begin().await?;
        let value = use_case(&mut tx).await?;
        tx.commit().await?;
        Ok(value)
    }

    /// Begins a read-only transaction on the read pool: a consistent view of several tables
    /// that never waits behind the writers (on SQLite the writer pool has one connection).
    pub async fn begin_read(&self) -> Result<Tx> {
        Ok(self.pool.begin().await?)
    }

    /// The pool for a write outside a transaction (one statement committed at once): on
    /// SQLite it waits its turn with the write transactions instead of in the busy handler.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Reports whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Waits until no other process holds the lock `name` on this database, then holds it:
    /// for work one node at a time must do when several `serve` processes share one
    /// PostgreSQL database, such as seeding it while it is empty (issue 12's two nodes). A
    /// PostgreSQL session advisory lock, on a connection of its own that is closed when the
    /// lock is released or dropped (or the process dies), which releases it. On SQLite one
    /// process owns the file: there is nothing to take.
    pub async fn lock_nodes(&self, name: &str) -> Result<NodeLock> {
        if self.backend != Backend::Postgres {
            return Ok(NodeLock(None));
        }
        let mut connection = self.pool.acquire().await?;
        // Never back into the pool still holding the lock.
        connection.close_on_drop();
        // Advisory locks are per database; the schema keeps databases that share one (the
        // tests' schemas) out of each other's way.
        let schema: String = sqlx::query("SELECT current_schema()::text AS name")
            .fetch_one(&mut *connection)
            .await?
            .try_get("name")?;
        sqlx::query("SELECT 1 AS held FROM pg_advisory_lock($1)")
            .bind(node_lock_key(&schema, name))
            .execute(&mut *connection)
            .await?;
        Ok(NodeLock(Some(connection)))
    }
}

/// A lock held by [`Db::lock_nodes`].
#[must_use = "the lock is released when dropped"]
pub struct NodeLock(Option<sqlx::pool::PoolConnection<Any>>);

impl NodeLock {
    /// Releases the lock (closes its connection) and waits until it is released.
    pub async fn release(self) -> Result<()> {
        if let Some(connection) = self.0 {
            connection.close().await?;
        }
        Ok(())
    }
}

/// The advisory-lock key of `name` in `schema`: FNV-1a of `zhengwu:schema:name`, as
/// PostgreSQL's BIGINT.
fn node_lock_key(schema: &str, name: &str) -> i64 {
    let hash = format!("zhengwu:{schema}:{name}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Now, as epoch milliseconds UTC (the storage form of every instant).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Reads a boolean stored as INTEGER 0/1.
pub fn flag(value: i64) -> bool {
    value != 0
}
