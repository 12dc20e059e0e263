//! `participation_messages` (migration 0040, MSG-*): a message as a snapshot of the pure
//! machine with the columns the lists, the statistics and 互动回应差 read. The writer is sealed
//! to its row ([`WRITER_COLUMN`], the id) and masked in the snapshot; the query code and the
//! writer's phone are blind indexes.

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result, query_code};
use sqlx::Row as _;

use super::{from_json, to_json};
use crate::message::{Message, Writer};
use crate::{MessageId, UnitId};

/// Where a message's writer is sealed.
pub const WRITER_COLUMN: &str = "participation_messages.writer_sealed";

/// A message as stored, its writer masked (never the clear values).
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub message: Message,
    /// Its public number (留言编号).
    pub number: String,
    pub version: i64,
    pub query_code_hash: String,
    pub writer_sealed: Vec<u8>,
    pub hotline_order_id: Option<i64>,
}

impl StoredMessage {
    /// The message with its writer in clear (for the pure machine and the notices; a
    /// person's view goes through [`platform::personal::unmask`]).
    pub fn opened(&self, key: &DataKey) -> Result<Message> {
        let mut message = self.message.clone();
        let clear = key.open_for(&self.writer_sealed, &aad(WRITER_COLUMN, message.id))?;
        message.filing.writer = from_json("writer", &clear)?;
        Ok(message)
    }
}

/// The writer as the snapshot and every page show them: the family name, the phone's ends.
pub fn masked(writer: &Writer) -> Writer {
    let blank_or = |text: &str, start: usize, end: usize| {
        if text.trim().is_empty() {
            String::new()
        } else {
            mask_middle(text.trim(), start, end)
        }
    };
    Writer {
        name: blank_or(&writer.name, 1, 0),
        phone: blank_or(&writer.phone, 3, 4),
        email: blank_or(&writer.email, 1, 0),
    }
}

fn snapshot(message: &Message) -> Result<String> {
    let mut stored = message.clone();
    stored.filing.writer = masked(&message.filing.writer);
    to_json("message snapshot", &stored)
}

fn code_input(number: &str, code: &str) -> String {
    format!(
        "participation-query-code:{number}:{}",
        query_code::normalise(code)
    )
}

/// The blind index of a query code of message `number`.
pub fn query_code_hash(key: &DataKey, number: &str, code: &str) -> String {
    key.lookup_hash(&code_input(number, code))
}

/// The blind index of a writer's phone.
pub fn phone_key(key: &DataKey, phone: &str) -> String {
    key.lookup_hash(&format!("participation-phone:{}", phone.trim()))
}

/// Inserts a new message (number `LY`year-id) with the writer sealed to the row and the
/// query code's blind index; version 1. Returns the stored row and the code in clear.
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    message: &mut Message,
    now: i64,
) -> Result<(StoredMessage, String)> {
    let row = sqlx::query(
        "INSERT INTO participation_messages (number, query_code, site_unit_id, channel, title, \
         status, allow_publication, writer_sealed, writer_phone_key, received_at, state, \
         version, created_at, updated_at) \
         VALUES ('', '', $1, $2, $3, $4, $5, $6, $7, $8, '{}', 1, $9, $9) RETURNING id",
    )
    .bind(message.site_unit.0)
    .bind(message.filing.channel.code())
    .bind(&message.filing.title)
    .bind(message.status.code())
    .bind(i64::from(message.filing.allow_publication))
    .bind(Vec::<u8>::new())
    .bind(phone_key(key, &message.filing.writer.phone))
    .bind(message.received_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    message.id = MessageId(row.try_get("id")?);
    let year = message.received_at.local_date().format("%Y");
    let number = format!("LY{year}{:06}", message.id.0);
    let code = query_code::generate();
    let code_hash = query_code_hash(key, &number, &code);
    let clear = to_json("writer", &message.filing.writer)?;
    let sealed = key.seal_for(&clear, &aad(WRITER_COLUMN, message.id))?;
    sqlx::query(
        "UPDATE participation_messages SET number = $1, query_code = $2, writer_sealed = $3, \
         state = $4 WHERE id = $5",
    )
    .bind(&number)
    .bind(&code_hash)
    .bind(sealed.clone())
    .bind(snapshot(message)?)
    .bind(message.id.0)
    .execute(&mut **tx)
    .await?;
    let stored = StoredMessage {
        message: from_json("message snapshot", &snapshot(message)?)?,
        number,
        version: 1,
        query_code_hash: code_hash,
        writer_sealed: sealed,
        hotline_order_id: None,
    };
    Ok((stored, code))
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(tx: &mut Tx, message: &Message, expected: i64, now: i64) -> Result<i64> {
    let published_at = message
        .publication
        .as_ref()
        .filter(|publication| publication.withheld.is_none())
        .map(|publication| publication.at.millis());
    let changed = sqlx::query(
        "UPDATE participation_messages SET status = $1, unit_id = $2, answered_at = $3, \
         in_time = $4, published_at = $5, rating_level = $6, state = $7, \
         version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10",
    )
    .bind(message.status.code())
    .bind(message.unit.map(|unit| unit.0))
    .bind(message.answered_at.map(Instant::millis))
    .bind(message.in_time.map(i64::from))
    .bind(published_at)
    .bind(
        message
            .rating
            .as_ref()
            .map(|rating| i64::from(rating.level())),
    )
    .bind(snapshot(message)?)
    .bind(now)
    .bind(message.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该留言已被他人更新，请刷新后重试"));
    }
    // WEB-SEARCH, MSG-PUBLISH: once publication is decided, the search re-reads the message
    // (found while its reply is published, gone otherwise) in the same transaction.
    if message.publication.is_some() {
        platform::search_feed::changed(tx, "message", message.id.0).await?;
    }
    Ok(expected + 1)
}

/// Links the 12345 order a message was transferred to (MSG-ROUTE).
pub async fn link_order(tx: &mut Tx, id: MessageId, order_id: i64) -> Result<()> {
    sqlx::query("UPDATE participation_messages SET hotline_order_id = $1 WHERE id = $2")
        .bind(order_id)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const SELECT: &str = "SELECT state, number, version, query_code, writer_sealed, \
    hotline_order_id FROM participation_messages";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredMessage> {
    let state: String = row.try_get("state")?;
    Ok(StoredMessage {
        message: from_json("message snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        query_code_hash: row.try_get("query_code")?,
        writer_sealed: row.try_get("writer_sealed")?,
        hotline_order_id: row.try_get("hotline_order_id")?,
    })
}

fn not_found(id: impl std::fmt::Display) -> Error {
    Error::not_found(format!("留言 {id}"))
}

pub async fn get(db: &Db, id: MessageId) -> Result<StoredMessage> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: MessageId) -> Result<StoredMessage> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The message of public `number`, if any (the code is checked by the caller).
pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredMessage>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Which messages a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// The published messages of a site (every site with `None`), newest first (the public
    /// list).
    Published { site: Option<UnitId> },
    /// The messages waiting at the routing desk of a site (or every site with `None`).
    Desk { site: Option<UnitId> },
    /// A competent unit's messages (its inbox).
    Unit { unit: UnitId },
    /// Every message of a site.
    Site { site: UnitId },
}

/// The messages `filter` picks, newest first, at most `limit`; the writer masked.
pub async fn list(db: &Db, filter: Filter, limit: i64) -> Result<Vec<StoredMessage>> {
    let (condition, id) = match filter {
        Filter::Published { site } => (
            "($1 = 0 OR site_unit_id = $1) AND published_at IS NOT NULL",
            site.map_or(0, |site| site.0),
        ),
        Filter::Desk { site } => (
            "status = 'received' AND ($1 = 0 OR site_unit_id = $1)",
            site.map_or(0, |site| site.0),
        ),
        Filter::Unit { unit } => ("unit_id = $1", unit.0),
        Filter::Site { site } => ("site_unit_id = $1", site.0),
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {condition} ORDER BY received_at DESC, id DESC LIMIT $2"
    )))
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Messages of the writer's phone received since `since` (abuse limit).
pub async fn count_of_phone(db: &Db, phone_key: &str, since: i64) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM participation_messages \
         WHERE writer_phone_key = $1 AND received_at >= $2",
    )
    .bind(phone_key)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}

/// The message transferred to 12345 order `order_id`, if any (MSG-ROUTE: linked both ways).
pub async fn of_order(db: &Db, order_id: i64) -> Result<Option<StoredMessage>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE hotline_order_id = $1"
    )))
    .bind(order_id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The sites messages can be written to: each open site's host unit and the site's name
/// (the portal first), the unit's name when it hosts no open site.
pub async fn sites(db: &Db) -> Result<Vec<(UnitId, String)>> {
    let rows = sqlx::query(
        "SELECT s.host_unit_id AS unit_id, s.name AS name FROM sites s \
         WHERE s.status = 'open' ORDER BY CASE WHEN s.kind = 'portal' THEN 0 ELSE 1 END, s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut sites: Vec<(UnitId, String)> = Vec::new();
    for row in &rows {
        let unit = UnitId(row.try_get("unit_id")?);
        if !sites.iter().any(|(known, _)| *known == unit) {
            sites.push((unit, row.try_get("name")?));
        }
    }
    Ok(sites)
}

/// 互动回应差 (国办秘函〔2019〕19号 single veto 5; MSG-LIMITS): the messages of the site of
/// `site` (its host unit) received since `since` that were not answered within `over`
/// milliseconds — answered late, or still unanswered at `now` — how many, and the oldest's
/// number. The site inspection's indicator page reads it.
pub async fn unanswered_over(
    db: &Db,
    site: UnitId,
    since: i64,
    now: i64,
    over: i64,
) -> Result<(i64, Option<String>)> {
    let rows = sqlx::query(
        "SELECT number FROM participation_messages WHERE site_unit_id = $1 \
         AND received_at >= $2 AND ((answered_at IS NULL AND received_at < $3) \
         OR (answered_at IS NOT NULL AND answered_at - received_at > $4)) \
         ORDER BY received_at, id",
    )
    .bind(site.0)
    .bind(since)
    .bind(now - over)
    .bind(over)
    .fetch_all(&db.pool)
    .await?;
    let oldest = rows.first().map(|row| row.try_get("number")).transpose()?;
    Ok((i64::try_from(rows.len()).unwrap_or(i64::MAX), oldest))
}

/// WEB-INSPECT (国办秘函〔2019〕19号 留言答复2个月未更新, read by the site inspection's
/// report): per interaction channel of the site of `site` (its host unit) that had received a
/// message by `at` — 我为政府网站找错 left out, it has its own indicators — the channel's code,
/// its first message's receipt and its latest reply published by `at` (`None`: none yet).
pub async fn reply_dates(
    db: &Db,
    site: UnitId,
    at: i64,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    let rows = sqlx::query(
        "SELECT channel, MIN(received_at) AS first_at, \
         MAX(CASE WHEN answered_at IS NOT NULL AND published_at <= $2 THEN published_at END) \
         AS reply_at FROM participation_messages WHERE site_unit_id = $1 AND received_at <= $2 \
         AND channel <> 'site_error' GROUP BY channel ORDER BY channel",
    )
    .bind(site.0)
    .bind(at)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("channel")?,
                row.try_get("first_at")?,
                row.try_get("reply_at")?,
            ))
        })
        .collect()
}
