//! The search bench's comparison (WEB-SEARCH): the same corpus in SQLite FTS5 with the
//! trigram tokenizer (SQLite ≥ 3.34, the bundled one), in a file of the bench's temp
//! directory. A word of three characters or more and a quoted phrase are `MATCH` queries
//! ranked by bm25; a two-character word cannot be matched by a trigram index and is answered
//! by a `LIKE` scan (unranked, the first ten rows); pinyin, initials and typos are matched as
//! typed (to measure the hit rate: a trigram index knows no sound).

use std::path::Path;
use std::time::Instant as Stopwatch;

use anyhow::Context as _;
use search::Doc;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions as _, Connection as _, Row as _};

use super::search_corpus::{Query, QueryKind};

/// How a query is asked of FTS5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Match,
    Like,
}

pub fn way(kind: QueryKind) -> Way {
    match kind {
        QueryKind::Short => Way::Like,
        _ => Way::Match,
    }
}

pub struct Fts {
    conn: SqliteConnection,
    pub version: String,
}

const BATCH: usize = 5_000;

impl Fts {
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let mut conn = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Off)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
            .connect()
            .await
            .context("无法打开 FTS5 对照库")?;
        let version: String = sqlx::query("SELECT sqlite_version() AS v")
            .fetch_one(&mut conn)
            .await?
            .try_get("v")?;
        sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'trigram')")
            .execute(&mut conn)
            .await
            .context("FTS5 trigram 不可用（需要 SQLite ≥ 3.34 且启用 FTS5）")?;
        Ok(Self { conn, version })
    }

    /// Loads `docs` (rowid = their position), one transaction per batch.
    pub async fn load(&mut self, docs: &[Doc]) -> anyhow::Result<()> {
        for (batch_no, batch) in docs.chunks(BATCH).enumerate() {
            let mut tx = self.conn.begin().await?;
            for (at, doc) in batch.iter().enumerate() {
                let rowid = i64::try_from(batch_no * BATCH + at + 1).unwrap_or(i64::MAX);
                sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
                    .bind(rowid)
                    .bind(&doc.title)
                    .bind(&doc.body)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Merges the index's segments (as the tantivy side waits for its merges).
    pub async fn optimize(&mut self) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO docs (docs) VALUES ('optimize')")
            .execute(&mut self.conn)
            .await?;
        Ok(())
    }

    /// The titles of the first ten results of `query` and the time taken (milliseconds).
    pub async fn ask(&mut self, query: &Query) -> anyhow::Result<(Vec<String>, f64)> {
        let text = query.text.replace('"', "");
        let started = Stopwatch::now();
        let rows = match way(query.kind) {
            Way::Match => {
                // One quoted string: a substring of the text (trigram), never syntax.
                sqlx::query("SELECT title FROM docs WHERE docs MATCH $1 ORDER BY rank LIMIT 10")
                    .bind(format!("\"{text}\""))
                    .fetch_all(&mut self.conn)
                    .await?
            }
            Way::Like => {
                sqlx::query("SELECT title FROM docs WHERE title LIKE $1 OR body LIKE $1 LIMIT 10")
                    .bind(format!("%{text}%"))
                    .fetch_all(&mut self.conn)
                    .await?
            }
        };
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let titles = rows
            .iter()
            .map(|row| row.try_get::<String, _>("title"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((titles, took))
    }
}
