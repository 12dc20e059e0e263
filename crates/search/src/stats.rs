//! What the back office keeps for the search (WEB-SEARCH): the administrator's synonym groups
//! and the hot keywords — each query counted per day, with how many found nothing, never who
//! asked.

use anyhow::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::synonyms::parse_group;

/// The day (China time, `YYYY-MM-DD`) of an instant in milliseconds.
pub fn day_of(millis: i64) -> String {
    let days = (millis + 8 * 3600 * 1000).div_euclid(24 * 3600 * 1000);
    let date = chrono_free_date(days);
    format!("{:04}-{:02}-{:02}", date.0, date.1, date.2)
}

/// The civil date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn chrono_free_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The longest query counted, in characters.
const COUNTED_CHARS: usize = 50;

/// WEB-SEARCH: one search of `query` (as read) on `day`, `empty` when it found nothing.
pub async fn count_query(db: &Db, day: &str, query: &str, empty: bool) -> Result<()> {
    let query: String = query.chars().take(COUNTED_CHARS).collect();
    if query.trim().is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO search_queries_daily (day, query, searches, empty) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (day, query) DO UPDATE SET searches = search_queries_daily.searches + 1, \
         empty = search_queries_daily.empty + excluded.empty",
    )
    .bind(day)
    .bind(&query)
    .bind(i64::from(empty))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A query's counts over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub query: String,
    pub searches: i64,
    pub empty: i64,
}

/// WEB-SEARCH: the most searched queries from `since` (a day, included), or with
/// `only_empty` those that found nothing, most first.
pub async fn hot(db: &Db, since: &str, only_empty: bool, limit: i64) -> Result<Vec<Counted>> {
    let having = if only_empty {
        "HAVING SUM(empty) > 0"
    } else {
        ""
    };
    let order = if only_empty {
        "SUM(empty)"
    } else {
        "SUM(searches)"
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT query, CAST(SUM(searches) AS BIGINT) AS searches, CAST(SUM(empty) AS BIGINT) AS empty \
         FROM search_queries_daily \
         WHERE day >= $1 GROUP BY query {having} ORDER BY {order} DESC, query LIMIT $2"
    )))
    .bind(since)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Counted {
                query: row.try_get("query")?,
                searches: row.try_get("searches")?,
                empty: row.try_get("empty")?,
            })
        })
        .collect()
}

/// The administrator's synonym groups: id and phrasings.
pub async fn synonyms(db: &Db) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, phrasings FROM search_synonyms ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("phrasings")?)))
        .collect()
}

/// Why a synonym group was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SynonymError {
    #[error("请填写2至10个说法，用空格或逗号分隔，每个不超过30字")]
    Invalid,
    #[error("这组同义词已经存在")]
    Exists,
}

/// WEB-SEARCH: adds a group of phrasings (checked and folded) by `user`.
pub async fn add_synonyms(
    db: &Db,
    line: &str,
    user: i64,
    now: i64,
) -> Result<std::result::Result<(), SynonymError>> {
    let Some(group) = parse_group(line) else {
        return Ok(Err(SynonymError::Invalid));
    };
    let phrasings = group.join(" ");
    if synonyms(db)
        .await?
        .iter()
        .any(|(_, known)| *known == phrasings)
    {
        return Ok(Err(SynonymError::Exists));
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO search_synonyms (phrasings, added_by, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT (phrasings) DO NOTHING",
    )
    .bind(&phrasings)
    .bind(user)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Removes the administrator's group `id` (the shipped ones stay).
pub async fn remove_synonyms(db: &Db, id: i64) -> Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM search_synonyms WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// The sites of the group (code, name), for the search's site filter.
pub async fn sites(db: &Db) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT number, name FROM sites ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("number")?, row.try_get("name")?)))
        .collect()
}
