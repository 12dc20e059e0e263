//! Open311 API keys (`open311_keys`, migration 0008): a key is shown once when created and
//! stored only as a keyed hash ([`DataKey::lookup_hash`]); verification compares hashes in
//! constant time and refuses revoked keys.

use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};
use sqlx::Row as _;

/// The id of an Open311 API key row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub i64);

/// A key just created: the clear key is returned this once and never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedKey {
    pub id: KeyId,
    pub name: String,
    pub key: String,
}

/// The demo jurisdiction's fixed key (named in the README so a client can be tried at once).
pub const DEMO_KEY: &str = "demo-open311-key-ganzhou";

/// The name the demo key is stored under.
pub const DEMO_KEY_NAME: &str = "演示客户端";

const MIN_KEY_CHARS: usize = 16;
const MAX_KEY_CHARS: usize = 128;

/// What a key's blind index is computed over (domain-separated from other lookups).
fn key_input(key: &str) -> String {
    format!("open311-key:{}", key.trim())
}

/// The keyed hash a key is stored and found under.
fn key_hash(data_key: &DataKey, key: &str) -> String {
    data_key.lookup_hash(&key_input(key))
}

fn new_clear_key() -> String {
    format!("o311-{}", hex_of(&rand::random::<[u8; 24]>()))
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn insert(
    db: &Db,
    data_key: &DataKey,
    actor: &AuditActor,
    name: &str,
    clear: &str,
    now: i64,
) -> Result<KeyId> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO open311_keys (name, key_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(key_hash(data_key, clear))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id = KeyId(row.try_get("id")?);
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("open311.key_create", "open311_key", id.0)
            .detail(format!("创建 Open311 接口密钥“{name}”")),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(open311_key.id = id.0, "open311 key created");
    Ok(id)
}

/// Creates a key for a client named `name`; the clear key is in the answer only.
pub async fn create_key(
    db: &Db,
    data_key: &DataKey,
    actor: &AuditActor,
    name: &str,
    now: i64,
) -> Result<CreatedKey> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid("接口密钥名称应为 1 至 100 个字符"));
    }
    let clear = new_clear_key();
    let id = insert(db, data_key, actor, name, &clear, now).await?;
    Ok(CreatedKey {
        id,
        name: name.to_owned(),
        key: clear,
    })
}

/// Stores `key` (e.g. [`DEMO_KEY`]) as the demo client's key unless it is already there,
/// and returns it: idempotent, so the demo seed can call it on every start.
pub async fn seed_demo_key(db: &Db, data_key: &DataKey, key: &str) -> Result<String> {
    let key = key.trim();
    if !(MIN_KEY_CHARS..=MAX_KEY_CHARS).contains(&key.chars().count()) {
        return Err(Error::invalid("接口密钥应为 16 至 128 个字符"));
    }
    let existing = sqlx::query("SELECT id FROM open311_keys WHERE key_hash IN ($1, $2)")
        .bind(key_hash(data_key, key))
        .bind(data_key.legacy_lookup_hash(&key_input(key)))
        .fetch_optional(&db.pool)
        .await?;
    if existing.is_none() {
        let now = platform::db::now_ms();
        let actor = AuditActor::system("demo");
        insert(db, data_key, &actor, DEMO_KEY_NAME, key, now).await?;
    }
    Ok(key.to_owned())
}

/// The key the client gave, if it is a known key that is not revoked. The row is found by
/// its keyed hash — or, for a key given out before issue 12 finding 14, by the old one — and
/// the hashes are compared again in constant time.
pub async fn verify(db: &Db, data_key: &DataKey, given: &str) -> Result<Option<KeyId>> {
    let given = given.trim();
    if given.is_empty() || given.chars().count() > MAX_KEY_CHARS {
        return Ok(None);
    }
    let input = key_input(given);
    let row = sqlx::query(
        "SELECT id, key_hash FROM open311_keys WHERE key_hash IN ($1, $2) AND revoked_at IS NULL",
    )
    .bind(data_key.lookup_hash(&input))
    .bind(data_key.legacy_lookup_hash(&input))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let stored: String = row.try_get("key_hash")?;
    if !data_key.lookup_matches(&stored, &input) {
        return Ok(None);
    }
    Ok(Some(KeyId(row.try_get("id")?)))
}

/// Revokes a key: it stops working at once; the row stays for the audit trail.
pub async fn revoke(db: &Db, actor: &AuditActor, id: KeyId, now: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let changed =
        sqlx::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(Error::not_found(format!(
            "有效的 Open311 接口密钥 {}",
            id.0
        )));
    }
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("open311.key_revoke", "open311_key", id.0).detail("吊销 Open311 接口密钥"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
