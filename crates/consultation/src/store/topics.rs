//! `consultation_topics` (the snapshot with the columns lists query), `consultation_comments`
//! (the phone sealed to its row) and `consultation_votes` (one ballot per topic and voter).

use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::TopicId;
use crate::topic::{Ballot, Status, Topic};

/// A topic as stored.
#[derive(Debug, Clone)]
pub struct StoredTopic {
    pub topic: Topic,
    pub version: i64,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredTopic> {
    let state: String = row.try_get("state")?;
    Ok(StoredTopic {
        topic: from_json("topic snapshot", &state)?,
        version: row.try_get("version")?,
    })
}

/// The next number of a topic decided in `year`: 征集-2026-001.
pub async fn next_number(tx: &mut Tx, year: i32) -> Result<String> {
    let prefix = format!("ZJ{year}");
    let row = sqlx::query("SELECT COUNT(*) AS n FROM consultation_topics WHERE number LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_one(&mut **tx)
        .await?;
    let n: i64 = row.try_get("n")?;
    Ok(format!("{prefix}{:03}", n + 1))
}

/// Inserts a new topic (its id is given by the table and written into the snapshot).
pub async fn insert(tx: &mut Tx, topic: &mut Topic, now: i64) -> Result<TopicId> {
    let row = sqlx::query(
        "INSERT INTO consultation_topics (number, site_id, unit_id, title, status, opens_at, \
         closes_at, state, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', 1, $8, $8) RETURNING id",
    )
    .bind(&topic.number)
    .bind(topic.site_id)
    .bind(topic.unit.0)
    .bind(&topic.title)
    .bind(topic.status.code())
    .bind(topic.opens_at.millis())
    .bind(topic.closes_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    topic.id = TopicId(row.try_get("id")?);
    sqlx::query("UPDATE consultation_topics SET state = $1 WHERE id = $2")
        .bind(to_json("topic snapshot", topic)?)
        .bind(topic.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(topic.id)
}

/// Stores the new snapshot over `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, topic: &Topic, expected: i64, now: i64) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE consultation_topics SET status = $1, opens_at = $2, published_at = $3, \
         reported_at = $4, state = $5, version = version + 1, updated_at = $6 \
         WHERE id = $7 AND version = $8",
    )
    .bind(topic.status.code())
    .bind(topic.opens_at.millis())
    .bind(topic.published_at.map(|at| at.millis()))
    .bind(topic.report.as_ref().map(|r| r.published_at.millis()))
    .bind(to_json("topic snapshot", topic)?)
    .bind(now)
    .bind(topic.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该征集已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

/// The topic `id` in `tx`.
pub async fn get_in(tx: &mut Tx, id: TopicId) -> Result<StoredTopic> {
    let row = sqlx::query("SELECT state, version FROM consultation_topics WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found("意见征集"))
}

/// The topic `id`.
pub async fn get(db: &Db, id: TopicId) -> Result<StoredTopic> {
    let row = sqlx::query("SELECT state, version FROM consultation_topics WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found("意见征集"))
}

/// The published topics (of `site`, or every site), newest first.
pub async fn published(db: &Db, site: Option<i64>, limit: i64) -> Result<Vec<Topic>> {
    let rows = sqlx::query(
        "SELECT state, version FROM consultation_topics WHERE status <> $1 \
         AND ($2 = 0 OR site_id = $2) ORDER BY published_at DESC, id DESC LIMIT $3",
    )
    .bind(Status::Decided.code())
    .bind(site.unwrap_or(0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| from_row(r).map(|s| s.topic)).collect()
}

/// The topics of `unit`, newest first.
pub async fn of_unit(db: &Db, unit: i64) -> Result<Vec<Topic>> {
    let rows = sqlx::query(
        "SELECT state, version FROM consultation_topics WHERE unit_id = $1 ORDER BY id DESC",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| from_row(r).map(|s| s.topic)).collect()
}

/// The number of topics of `site` published in `[from, until)`.
pub async fn published_between(db: &Db, site: i64, from: i64, until: i64) -> Result<u32> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM consultation_topics WHERE site_id = $1 \
         AND published_at >= $2 AND published_at < $3",
    )
    .bind(site)
    .bind(from)
    .bind(until)
    .fetch_one(&db.pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Topics of `site` whose adoption report is still missing after its due instant.
pub async fn reports_overdue(db: &Db, site: i64, now: i64) -> Result<u32> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM consultation_topics t JOIN clocks c \
         ON c.subject_type = 'consultation_topic' AND c.subject_id = CAST(t.id AS TEXT) \
         WHERE t.site_id = $1 AND t.status = $2 AND c.rule_id = 'PUB-PRECONSULT' \
         AND c.status IN ('running', 'paused') AND c.due_at < $3",
    )
    .bind(site)
    .bind(Status::Published.code())
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A comment as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub nickname: String,
    pub body: String,
    /// `shown` or `held` (by the content-safety check).
    pub status: String,
    pub check_note: String,
    pub created_at: i64,
    pub phone_masked: String,
}

/// What a new comment stores.
pub struct NewComment<'a> {
    pub topic: TopicId,
    pub nickname: &'a str,
    pub body: &'a str,
    pub phone_sealed: Vec<u8>,
    pub phone_hash: &'a str,
    pub status: &'a str,
    pub check_note: &'a str,
}

/// Inserts a comment.
pub async fn insert_comment(tx: &mut Tx, comment: &NewComment<'_>, now: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO consultation_comments (topic_id, nickname, body, phone_sealed, phone_hash, \
         status, check_note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(comment.topic.0)
    .bind(comment.nickname)
    .bind(comment.body)
    .bind(&comment.phone_sealed)
    .bind(comment.phone_hash)
    .bind(comment.status)
    .bind(comment.check_note)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// The comments of `topic` (only those shown when `shown_only`), oldest first, each phone
/// opened and masked with `open`.
pub async fn comments(
    db: &Db,
    topic: TopicId,
    shown_only: bool,
    open: impl Fn(&[u8]) -> String,
) -> Result<Vec<Comment>> {
    let rows = sqlx::query(
        "SELECT id, nickname, body, status, check_note, created_at, phone_sealed \
         FROM consultation_comments WHERE topic_id = $1 AND ($2 = 0 OR status = 'shown') \
         ORDER BY id",
    )
    .bind(topic.0)
    .bind(i64::from(shown_only))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let sealed: Vec<u8> = row.try_get("phone_sealed")?;
            Ok(Comment {
                id: row.try_get("id")?,
                nickname: row.try_get("nickname")?,
                body: row.try_get("body")?,
                status: row.try_get("status")?,
                check_note: row.try_get("check_note")?,
                created_at: row.try_get("created_at")?,
                phone_masked: open(&sealed),
            })
        })
        .collect()
}

/// The ids of the comments of `topic` shown on its page, in `tx`.
pub async fn shown_ids(tx: &mut Tx, topic: TopicId) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT id FROM consultation_comments WHERE topic_id = $1 AND status = 'shown' ORDER BY id",
    )
    .bind(topic.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
}

/// Whether `voter` has a ballot on `topic`.
pub async fn has_voted(tx: &mut Tx, topic: TopicId, voter: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM consultation_votes WHERE topic_id = $1 AND voter_hash = $2",
    )
    .bind(topic.0)
    .bind(voter)
    .fetch_one(&mut **tx)
    .await?;
    let n: i64 = row.try_get("n")?;
    Ok(n > 0)
}

/// Stores a ballot.
pub async fn insert_vote(
    tx: &mut Tx,
    topic: TopicId,
    voter: &str,
    ballot: &Ballot,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO consultation_votes (topic_id, voter_hash, choices, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(topic.0)
    .bind(voter)
    .bind(to_json("ballot", ballot)?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// MSG-CONSULT: the results so far — per question index, the count of each option — and the
/// number of ballots.
pub async fn results(db: &Db, topic: &Topic) -> Result<(Vec<Vec<u32>>, u32)> {
    let rows = sqlx::query("SELECT choices FROM consultation_votes WHERE topic_id = $1")
        .bind(topic.id.0)
        .fetch_all(&db.pool)
        .await?;
    let mut counts: Vec<Vec<u32>> = topic
        .questions
        .iter()
        .map(|q| vec![0; q.options.len()])
        .collect();
    for row in &rows {
        let text: String = row.try_get("choices")?;
        let ballot: Ballot = from_json("ballot", &text)?;
        for (question, chosen) in ballot {
            for option in chosen {
                if let Some(count) = counts.get_mut(question).and_then(|q| q.get_mut(option)) {
                    *count += 1;
                }
            }
        }
    }
    Ok((counts, u32::try_from(rows.len()).unwrap_or(u32::MAX)))
}
