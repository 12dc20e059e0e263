//! `hotline_appeals`: the appeal as registered, its number and hashed query code, and the
//! appellant's personal data sealed with the platform data key (HL-REGISTER, HL-PRIVACY).

use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use crate::AppealId;

/// What is written for a new appeal (personal values already sealed).
#[derive(Debug, Clone)]
pub struct AppealRow {
    pub number: String,
    pub query_code_hash: String,
    pub channel: String,
    pub category: String,
    pub content: String,
    pub location: String,
    pub is_private: bool,
    /// HL-PRIVACY: the appellant agreed to publish the content without personal data.
    pub publish_consent: bool,
    /// What Open311 may publish, (content, location) with personal data masked; `None`
    /// unless the appeal is publishable (`publication::publishable`).
    pub published: Option<(String, String)>,
    pub name_sealed: Option<Vec<u8>>,
    pub phone_sealed: Option<Vec<u8>>,
    pub address_sealed: Option<Vec<u8>>,
    pub employer_sealed: Option<Vec<u8>>,
    pub phone_lookup: Option<String>,
    pub ip_sealed: Option<Vec<u8>>,
    pub created_at: i64,
}

/// The next sequence number of `day` (`20261123`), in the caller's transaction: the row
/// lock serialises concurrent registrations on PostgreSQL.
pub async fn next_sequence(tx: &mut Tx, day: &str) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hotline_number_seq (day, last_seq) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last_seq = hotline_number_seq.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(day)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("last_seq")?)
}

/// Reserves `count` numbers of `day` in the caller's transaction with one statement, for a
/// batch of appeals: returns the first.
pub async fn reserve_numbers(tx: &mut Tx, day: &str, count: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO hotline_number_seq (day, last_seq) VALUES ($1, $2) \
         ON CONFLICT (day) DO UPDATE SET last_seq = hotline_number_seq.last_seq + $2 \
         RETURNING last_seq",
    )
    .bind(day)
    .bind(count)
    .fetch_one(&mut **tx)
    .await?;
    let last: i64 = row.try_get("last_seq")?;
    Ok(last - count + 1)
}

/// The number prefix: the jurisdiction root unit's code in capitals (`gz` → `GZ`).
pub async fn number_prefix(tx: &mut Tx) -> Result<String> {
    let row = sqlx::query("SELECT code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let code: Option<String> = row.map(|row| row.try_get("code")).transpose()?;
    let prefix: String = code
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Ok(if prefix.is_empty() {
        "ZW".to_owned()
    } else {
        prefix
    })
}

pub async fn insert(tx: &mut Tx, row: &AppealRow) -> Result<AppealId> {
    let inserted = sqlx::query(
        "INSERT INTO hotline_appeals (number, query_code, channel, category, content, location, \
         is_private, appellant_name_sealed, appellant_phone_sealed, appellant_address_sealed, \
         appellant_employer_sealed, phone_lookup, ip_sealed, created_at, publish_consent, \
         published_content, published_location) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING id",
    )
    .bind(&row.number)
    .bind(&row.query_code_hash)
    .bind(&row.channel)
    .bind(&row.category)
    .bind(&row.content)
    .bind(&row.location)
    .bind(i64::from(row.is_private))
    .bind(row.name_sealed.clone())
    .bind(row.phone_sealed.clone())
    .bind(row.address_sealed.clone())
    .bind(row.employer_sealed.clone())
    .bind(row.phone_lookup.clone())
    .bind(row.ip_sealed.clone())
    .bind(row.created_at)
    .bind(i64::from(row.publish_consent))
    .bind(row.published.as_ref().map(|(content, _)| content.clone()))
    .bind(row.published.as_ref().map(|(_, location)| location.clone()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(AppealId(inserted.try_get("id")?))
}

/// The stored appeal (personal values still sealed).
#[derive(Debug, Clone)]
pub struct StoredAppeal {
    pub id: AppealId,
    pub number: String,
    pub query_code_hash: String,
    pub channel: String,
    pub category: String,
    pub content: String,
    pub location: String,
    pub is_private: bool,
    pub name_sealed: Option<Vec<u8>>,
    pub phone_sealed: Option<Vec<u8>>,
    pub address_sealed: Option<Vec<u8>>,
    pub employer_sealed: Option<Vec<u8>>,
    pub phone_lookup: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, number, query_code, channel, category, content, location, is_private, \
     appellant_name_sealed, appellant_phone_sealed, appellant_address_sealed, \
     appellant_employer_sealed, phone_lookup, created_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredAppeal> {
    Ok(StoredAppeal {
        id: AppealId(row.try_get("id")?),
        number: row.try_get("number")?,
        query_code_hash: row.try_get("query_code")?,
        channel: row.try_get("channel")?,
        category: row.try_get("category")?,
        content: row.try_get("content")?,
        location: row.try_get("location")?,
        is_private: platform::db::flag(row.try_get("is_private")?),
        name_sealed: row.try_get("appellant_name_sealed")?,
        phone_sealed: row.try_get("appellant_phone_sealed")?,
        address_sealed: row.try_get("appellant_address_sealed")?,
        employer_sealed: row.try_get("appellant_employer_sealed")?,
        phone_lookup: row.try_get("phone_lookup")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn get(db: &Db, id: AppealId) -> Result<Option<StoredAppeal>> {
    let sql = format!("SELECT {COLUMNS} FROM hotline_appeals WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get_in(tx: &mut Tx, id: AppealId) -> Result<Option<StoredAppeal>> {
    let sql = format!("SELECT {COLUMNS} FROM hotline_appeals WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredAppeal>> {
    let sql = format!("SELECT {COLUMNS} FROM hotline_appeals WHERE number = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(number.trim())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The most recent appeals whose order is in one of `statuses` (HL-MERGE candidates).
pub async fn recent_with_status(
    db: &Db,
    statuses: &[&str],
    limit: i64,
) -> Result<Vec<(StoredAppeal, String)>> {
    let placeholders: Vec<String> = (0..statuses.len()).map(|i| format!("${}", i + 2)).collect();
    let columns = COLUMNS
        .split(", ")
        .map(|column| format!("a.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns}, o.status AS order_status FROM hotline_appeals a \
         JOIN hotline_orders o ON o.id = a.id WHERE o.status IN ({}) \
         ORDER BY a.id DESC LIMIT $1",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit);
    for status in statuses {
        query = query.bind(*status);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|row| Ok((from_row(row)?, row.try_get("order_status")?)))
        .collect()
}
