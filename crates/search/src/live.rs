//! The index kept live (WEB-SEARCH): opened from the data directory at the first search (or
//! at `serve`'s start), rebuilt from the database when missing or corrupt, then following the
//! change feed: every second each server process reads the feed rows it has not applied and
//! reloads those documents. On PostgreSQL a row with a lower id can commit after a higher
//! one, so the rows of the last half minute are read again and those already applied skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use platform::db::Db;
use sqlx::Row as _;
use tokio::sync::{Mutex, OnceCell};

use crate::index::{Engine, Opened};
use crate::store;

/// How far back feed rows are read again (late commits).
const LOOKBACK_MILLIS: i64 = 30_000;
/// How often the follower polls.
pub const POLL: Duration = Duration::from_secs(1);

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}

#[derive(Debug, Default)]
struct FeedState {
    /// The highest feed id applied.
    position: i64,
    /// The ids applied in the lookback window, with their time.
    seen: BTreeMap<i64, i64>,
    /// Polls since the synonyms were last read.
    polls: u32,
}

/// An index with the database it follows.
pub struct Search {
    pub engine: Engine,
    db: Db,
    state: Mutex<FeedState>,
}

impl Search {
    /// WEB-SEARCH: the index of `dir`, rebuilt from `db` when it was missing or unusable;
    /// never fails (a rebuild that fails leaves an empty index and is logged).
    pub async fn start(db: Db, dir: &Path) -> Arc<Search> {
        let (engine, opened) = Engine::open(dir);
        Self::with_engine(db, engine, opened).await
    }

    /// The same over an index in memory (tests).
    pub async fn in_memory(db: Db) -> Arc<Search> {
        Self::with_engine(db, Engine::in_memory(), Opened::Fresh).await
    }

    async fn with_engine(db: Db, engine: Engine, opened: Opened) -> Arc<Search> {
        let search = Arc::new(Search {
            engine,
            db,
            state: Mutex::new(FeedState::default()),
        });
        match opened {
            Opened::Existing(position) => search.state.lock().await.position = position,
            Opened::Fresh => {
                if let Err(error) = search.rebuild(|_, _| {}).await {
                    tracing::error!("search index rebuild failed: {error:#}");
                }
            }
        }
        if let Err(error) = search.reload_synonyms().await {
            tracing::warn!("search synonyms not read: {error:#}");
        }
        search
    }

    /// The database followed.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Reads the administrator's synonyms into the index's dictionary (with the shipped ones).
    pub async fn reload_synonyms(&self) -> Result<()> {
        let mut synonyms = crate::Synonyms::defaults();
        for (_, line) in crate::stats::synonyms(&self.db).await? {
            synonyms.add_line(&line);
        }
        self.engine.set_synonyms(synonyms);
        Ok(())
    }

    /// WEB-SEARCH: recreates the index from the database; `progress(done, total)` is called
    /// as documents are added. Returns how many documents it holds.
    pub async fn rebuild(&self, mut progress: impl FnMut(usize, usize)) -> Result<usize> {
        let mut state = self.state.lock().await;
        let position: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) AS top FROM search_feed")
            .fetch_one(&self.db.pool)
            .await?
            .try_get("top")?;
        let mut docs = Vec::new();
        for kind in store::FEED_KINDS {
            docs.extend(store::load_all(&self.db, kind).await?);
        }
        let total = docs.len();
        self.engine.clear()?;
        for (done, chunk) in docs.chunks(1000).enumerate() {
            self.engine.add(chunk)?;
            progress((done * 1000 + chunk.len()).min(total), total);
        }
        self.engine.apply(&[], &[], position)?;
        self.engine.merge_all()?;
        state.position = position;
        state.seen.clear();
        Ok(total)
    }

    /// WEB-SEARCH: applies the feed rows not yet applied; returns how many documents changed.
    pub async fn catch_up(&self) -> Result<usize> {
        let mut state = self.state.lock().await;
        let now = now_millis();
        let rows = sqlx::query(
            "SELECT id, kind, ref_id, at FROM search_feed WHERE id > $1 OR at >= $2 ORDER BY id",
        )
        .bind(state.position)
        .bind(now - LOOKBACK_MILLIS)
        .fetch_all(&self.db.pool)
        .await?;
        let mut changed: Vec<(String, i64)> = Vec::new();
        let mut position = state.position;
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            if id <= state.position && state.seen.contains_key(&id) {
                continue;
            }
            let at: i64 = row.try_get("at")?;
            state.seen.insert(id, at);
            position = position.max(id);
            let key = (
                row.try_get::<String, _>("kind")?,
                row.try_get::<i64, _>("ref_id")?,
            );
            if !changed.contains(&key) {
                changed.push(key);
            }
        }
        state.seen.retain(|_, at| *at >= now - 2 * LOOKBACK_MILLIS);
        state.polls += 1;
        if state.polls >= 10 {
            state.polls = 0;
            if let Err(error) = self.reload_synonyms().await {
                tracing::warn!("search synonyms not read: {error:#}");
            }
        }
        if changed.is_empty() {
            return Ok(0);
        }
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (kind, id) in &changed {
            // The source's documents are replaced together (an article with its files).
            deletes.push(format!("{kind}:{id}"));
            upserts.extend(store::load(&self.db, kind, *id).await?);
        }
        self.engine.apply(&upserts, &deletes, position)?;
        state.position = position;
        Ok(changed.len())
    }

    /// Follows the feed every [`POLL`] for as long as the process runs.
    pub fn spawn_follower(self: &Arc<Self>) {
        let search = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(POLL).await;
                if let Err(error) = search.catch_up().await {
                    tracing::warn!("search feed not followed: {error:#}");
                }
            }
        });
    }
}

/// WEB-SEARCH: `zhengwu search rebuild`: a new index of everything public in `dir`, built
/// beside it and put in its place when complete (a running server keeps the index it opened
/// until it restarts). Returns how many documents it holds.
pub async fn rebuild_in(db: Db, dir: &Path, progress: impl FnMut(usize, usize)) -> Result<usize> {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".rebuild");
    let fresh = dir.with_file_name(name);
    let search = Search {
        engine: Engine::create_in(&fresh)?,
        db,
        state: Mutex::new(FeedState::default()),
    };
    let count = search.rebuild(progress).await?;
    drop(search);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::rename(&fresh, dir)?;
    Ok(count)
}

/// The search of a server process, started at its first use (or by `serve`).
pub struct Live {
    db: Db,
    dir: PathBuf,
    cell: OnceCell<Arc<Search>>,
}

impl Live {
    /// The search over `db` with its index under `data_dir/search`.
    pub fn new(db: Db, data_dir: &Path) -> Self {
        Self {
            db,
            dir: data_dir.join("search"),
            cell: OnceCell::new(),
        }
    }

    /// The running search: opened (or rebuilt) and following the feed from the first call on.
    pub async fn get(&self) -> &Arc<Search> {
        self.cell
            .get_or_init(|| async {
                let search = Search::start(self.db.clone(), &self.dir).await;
                if let Err(error) = search.catch_up().await {
                    tracing::warn!("search feed not followed: {error:#}");
                }
                search.spawn_follower();
                search
            })
            .await
    }
}
