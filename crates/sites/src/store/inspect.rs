//! The content-safety lists the administrator imported (WEB-INSPECT, migration 0038): word
//! lists with their name, source, version and origin (the words as JSON), whitelist phrases,
//! and the hits editors marked false positives per article (忽略，误报, with the reason).

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::ArticleId;

/// A stored list without its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredList {
    pub id: i64,
    pub name: String,
    pub source: String,
    pub version: String,
    /// `issued` (上级下发) or `local` (本地).
    pub origin: String,
    pub count: i64,
    pub imported_by: i64,
    pub imported_at: i64,
    pub active: bool,
}

/// One listed word and its correction (a wrong expression), as stored.
pub type StoredWord = (String, Option<String>);

const LIST: &str =
    "id, name, source, version, origin, word_count, imported_by, imported_at, active";

fn list_of(row: &sqlx::any::AnyRow) -> Result<StoredList> {
    Ok(StoredList {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        source: row.try_get("source")?,
        version: row.try_get("version")?,
        origin: row.try_get("origin")?,
        count: row.try_get("word_count")?,
        imported_by: row.try_get("imported_by")?,
        imported_at: row.try_get("imported_at")?,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

/// Every imported list, newest first.
pub async fn lists(db: &Db) -> Result<Vec<StoredList>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LIST} FROM inspect_lists ORDER BY id DESC"
    )))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(list_of).collect()
}

/// The active lists with their words, in the order imported.
pub async fn active_words(db: &Db) -> Result<Vec<(StoredList, Vec<StoredWord>)>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LIST}, words FROM inspect_lists WHERE active = 1 ORDER BY id"
    )))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let words: String = row.try_get("words")?;
            Ok((list_of(row)?, from_json("inspect list words", &words)?))
        })
        .collect()
}

/// What the checker in force is built from, in short: the active lists' ids, versions and
/// sizes, and the whitelist's phrases. A change of any of them is a new fingerprint.
pub async fn fingerprint(db: &Db) -> Result<String> {
    let lists = sqlx::query(
        "SELECT id, name, version, word_count, imported_at FROM inspect_lists \
         WHERE active = 1 ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut print = String::new();
    for row in &lists {
        let id: i64 = row.try_get("id")?;
        let name: String = row.try_get("name")?;
        let version: String = row.try_get("version")?;
        let count: i64 = row.try_get("word_count")?;
        let at: i64 = row.try_get("imported_at")?;
        print.push_str(&format!(
            "{id}\u{1}{name}\u{1}{version}\u{1}{count}\u{1}{at}\u{2}"
        ));
    }
    print.push('\u{3}');
    for (_, phrase) in whitelist(db).await? {
        print.push_str(&phrase);
        print.push('\u{2}');
    }
    Ok(print)
}

/// Stores a list; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert_list(
    tx: &mut Tx,
    name: &str,
    source: &str,
    version: &str,
    origin: &str,
    words: &[StoredWord],
    by: i64,
    at: i64,
) -> Result<i64> {
    let json = to_json("inspect list words", &words)?;
    let row = sqlx::query(
        "INSERT INTO inspect_lists (name, source, version, origin, words, word_count, \
         imported_by, imported_at, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) \
         RETURNING id",
    )
    .bind(name)
    .bind(source)
    .bind(version)
    .bind(origin)
    .bind(json)
    .bind(words.len() as i64)
    .bind(by)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// The list `id` (without words), if any.
pub async fn list_in(tx: &mut Tx, id: i64) -> Result<Option<StoredList>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LIST} FROM inspect_lists WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(list_of).transpose()
}

/// Deactivates the list `id`; false when it was not active.
pub async fn deactivate(tx: &mut Tx, id: i64, at: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE inspect_lists SET active = 0, deactivated_at = $2 WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The whitelist phrases (id, phrase), in the order added.
pub async fn whitelist(db: &Db) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, phrase FROM inspect_whitelist ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("phrase")?)))
        .collect()
}

/// Adds a whitelist phrase; `None` when it is already there.
pub async fn add_phrase(tx: &mut Tx, phrase: &str, by: i64, at: i64) -> Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO inspect_whitelist (phrase, added_by, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT (phrase) DO NOTHING RETURNING id",
    )
    .bind(phrase)
    .bind(by)
    .bind(at)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| Ok(row.try_get("id")?)).transpose()
}

/// Removes the whitelist phrase `id`; returns it, `None` when there was none.
pub async fn remove_phrase(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    let row = sqlx::query("DELETE FROM inspect_whitelist WHERE id = $1 RETURNING phrase")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|row| Ok(row.try_get("phrase")?)).transpose()
}

/// One false positive an editor marked on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub word: String,
    pub reason: String,
    pub by: i64,
    pub at: i64,
}

/// The words marked false positives for `article`.
pub async fn ignored(db: &Db, article: ArticleId) -> Result<Vec<Ignored>> {
    let rows = sqlx::query(
        "SELECT word, reason, ignored_by, ignored_at FROM inspect_ignores \
         WHERE article_id = $1 ORDER BY ignored_at, word",
    )
    .bind(article.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Ignored {
                word: row.try_get("word")?,
                reason: row.try_get("reason")?,
                by: row.try_get("ignored_by")?,
                at: row.try_get("ignored_at")?,
            })
        })
        .collect()
}

/// Marks `word` a false positive for `article`; false when it already was.
pub async fn ignore(
    tx: &mut Tx,
    article: ArticleId,
    word: &str,
    reason: &str,
    by: i64,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO inspect_ignores (article_id, word, reason, ignored_by, ignored_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (article_id, word) DO NOTHING",
    )
    .bind(article.0)
    .bind(word)
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
