//! Finding and counting knowledge (KB-STATS, HL-INSTANT): search over every term with the
//! title hits first, the record of each use, usage statistics and the entries due for review.

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::kb::{EntryId, EntryRef, EntryStatus};
use crate::{AppealId, UnitId};

use super::rows::{self, ENTRY_COLUMNS, StoredEntry, entry_from_row, parse_status, version_of};

/// At most this many search terms are used; further ones are ignored.
const MAX_TERMS: usize = 8;
/// A longer term is cut to this many characters.
const MAX_TERM_CHARS: usize = 50;

/// One search result: the published version (or the working copy when drafts are searched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: EntryId,
    pub owner_unit_id: UnitId,
    pub status: EntryStatus,
    pub version: u32,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub keywords: String,
    pub category: String,
    /// How often the entry has been used (KB-STATS).
    pub uses: i64,
}

/// Searchable published versions: not withdrawn, published at least once (an entry being
/// revised answers with its current version).
const PUBLISHED_SOURCE: &str = "SELECT e.id, e.owner_unit_id, e.status, e.current_version AS version, \
     v.title, v.question, v.answer, v.keywords, e.category FROM kb_entries e \
     JOIN kb_versions v ON v.entry_id = e.id AND v.version = e.current_version \
     WHERE e.published_at IS NOT NULL AND e.status <> 'withdrawn'";

/// Every entry's working copy, any status.
const ALL_SOURCE: &str = "SELECT e.id, e.owner_unit_id, e.status, e.current_version AS version, \
     e.title, e.question, e.answer, e.keywords, e.category FROM kb_entries e";

/// A LIKE pattern matching `term` anywhere, with `!` as the escape character.
fn pattern(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len() + 2);
    escaped.push('%');
    for c in term.chars() {
        if matches!(c, '!' | '%' | '_') {
            escaped.push('!');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

/// The lowercased terms of a query, at most [`MAX_TERMS`].
fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .take(MAX_TERMS)
        .map(|term| {
            term.chars()
                .take(MAX_TERM_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

/// KB-STATS, HL-INSTANT: entries whose title, question, keywords or answer contain every
/// whitespace-separated term of `query`; entries with more title hits first, then the most
/// used. With `only_published`, only the searchable published versions (never a draft).
/// An empty query lists entries by use.
pub async fn search(
    db: &Db,
    query: &str,
    only_published: bool,
    limit: i64,
) -> Result<Vec<SearchHit>> {
    let terms = terms(query);
    let like = |column: &str, n: usize| format!("LOWER(s.{column}) LIKE ${n} ESCAPE '!'");
    let mut conditions = Vec::with_capacity(terms.len());
    let mut title_hits = vec!["0".to_owned()];
    for n in 1..=terms.len() {
        conditions.push(format!(
            "({} OR {} OR {} OR {})",
            like("title", n),
            like("question", n),
            like("keywords", n),
            like("answer", n)
        ));
        title_hits.push(format!("CASE WHEN {} THEN 1 ELSE 0 END", like("title", n)));
    }
    let filter = if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    };
    let source = if only_published {
        PUBLISHED_SOURCE
    } else {
        ALL_SOURCE
    };
    let sql = format!(
        "SELECT s.id, s.owner_unit_id, s.status, s.version, s.title, s.question, s.answer, \
         s.keywords, s.category, CAST(COALESCE(u.n, 0) AS BIGINT) AS uses, \
         CAST({} AS BIGINT) AS title_hits FROM ({source}) s \
         LEFT JOIN (SELECT entry_id, COUNT(*) AS n FROM kb_usage GROUP BY entry_id) u \
         ON u.entry_id = s.id WHERE {filter} \
         ORDER BY title_hits DESC, uses DESC, s.id LIMIT ${}",
        title_hits.join(" + "),
        terms.len() + 1
    );
    let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
    for term in &terms {
        statement = statement.bind(pattern(term));
    }
    let rows = statement
        .bind(limit.clamp(1, 200))
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok(SearchHit {
                id: EntryId(row.try_get("id")?),
                owner_unit_id: UnitId(row.try_get("owner_unit_id")?),
                status: parse_status(&status)?,
                version: version_of(row.try_get("version")?)?,
                title: row.try_get("title")?,
                question: row.try_get("question")?,
                answer: row.try_get("answer")?,
                keywords: row.try_get("keywords")?,
                category: row.try_get("category")?,
                uses: row.try_get("uses")?,
            })
        })
        .collect()
}

/// Who used an entry (KB-STATS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageChannel {
    /// A hotline operator answered a call from it (HL-INSTANT).
    Operator,
    /// A citizen read it on the portal.
    Public,
}

impl UsageChannel {
    /// The storage code.
    pub const fn code(self) -> &'static str {
        match self {
            UsageChannel::Operator => "operator",
            UsageChannel::Public => "public",
        }
    }
}

/// KB-STATS, HL-INSTANT: records one use of an entry's searchable version in the caller's
/// transaction (the operator's answer and its order change are audited by the order's own
/// command). Answers the reference the order keeps: the version used is a published one,
/// also while a revision of the entry is in draft. An entry that is not searchable is refused.
pub async fn record_use(
    tx: &mut Tx,
    entry_id: EntryId,
    order_id: Option<AppealId>,
    channel: UsageChannel,
    now: Instant,
) -> Result<EntryRef> {
    let entry = rows::get_in(tx, entry_id).await?;
    if !entry.is_searchable() {
        return Err(platform::Error::invalid(format!(
            "知识条目“{}”未发布，不能用于答复",
            entry.title
        )));
    }
    sqlx::query(
        "INSERT INTO kb_usage (entry_id, version, used_at, order_id, channel) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(entry_id.0)
    .bind(i64::from(entry.current_version))
    .bind(now.millis())
    .bind(order_id.map(|id| id.0))
    .bind(channel.code())
    .execute(&mut **tx)
    .await?;
    Ok(EntryRef {
        id: entry_id,
        version: entry.current_version,
        status: EntryStatus::Published,
    })
}

/// How often one entry has been used in all.
pub async fn usage_count(db: &Db, entry_id: EntryId) -> Result<i64> {
    let row = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM kb_usage WHERE entry_id = $1")
        .bind(entry_id.0)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}

/// One line of the most-used list: an entry and its uses in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageLine {
    pub id: EntryId,
    pub title: String,
    /// The frequent question it answers.
    pub question: String,
    pub category: String,
    pub uses: i64,
}

/// KB-STATS over a period: uses by channel and the most used entries (the frequent questions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageStats {
    pub total: i64,
    pub by_operators: i64,
    pub by_public: i64,
    /// The 20 most used entries, most uses first (ties by id).
    pub most_used: Vec<UsageLine>,
}

/// KB-STATS: usage in `[from, until)`.
pub async fn usage_stats(db: &Db, from: Instant, until: Instant) -> Result<UsageStats> {
    let totals = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS total, \
         CAST(COALESCE(SUM(CASE WHEN channel = 'operator' THEN 1 ELSE 0 END), 0) AS BIGINT) AS operators \
         FROM kb_usage WHERE used_at >= $1 AND used_at < $2",
    )
    .bind(from.millis())
    .bind(until.millis())
    .fetch_one(&db.pool)
    .await?;
    let total: i64 = totals.try_get("total")?;
    let by_operators: i64 = totals.try_get("operators")?;
    let rows = sqlx::query(
        "SELECT e.id, e.title, e.question, e.category, CAST(COUNT(*) AS BIGINT) AS uses \
         FROM kb_usage k JOIN kb_entries e ON e.id = k.entry_id \
         WHERE k.used_at >= $1 AND k.used_at < $2 \
         GROUP BY e.id, e.title, e.question, e.category \
         ORDER BY uses DESC, e.id LIMIT 20",
    )
    .bind(from.millis())
    .bind(until.millis())
    .fetch_all(&db.pool)
    .await?;
    let most_used = rows
        .iter()
        .map(|row| {
            Ok(UsageLine {
                id: EntryId(row.try_get("id")?),
                title: row.try_get("title")?,
                question: row.try_get("question")?,
                category: row.try_get("category")?,
                uses: row.try_get("uses")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(UsageStats {
        total,
        by_operators,
        by_public: total.saturating_sub(by_operators),
        most_used,
    })
}

/// KB-LIFE: published entries whose review date has passed, the most overdue first — to be
/// revised or withdrawn.
pub async fn due_for_review(db: &Db, now: Instant) -> Result<Vec<StoredEntry>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ENTRY_COLUMNS} FROM kb_entries WHERE status = 'published' \
         AND review_due_at IS NOT NULL AND review_due_at < $1 ORDER BY review_due_at, id"
    )))
    .bind(now.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(entry_from_row).collect()
}
