//! Held forms (issue 14 item 3, "forms that forgive"): a public form refused for one field
//! keeps what the visitor gave for [`HOLD_MINUTES`], so that nothing is typed or chosen
//! twice — the files (stored sealed like every attachment, owner kind [`HELD_OWNER`]) and the
//! values a page never writes back (an ID number, a phone), sealed and bound to their row.
//!
//! A held form is named by a random token the page carries in a hidden field, kept only as a
//! keyed hash, and bound to the form and to the visitor's CSRF token (of their session or of
//! their anchor cookie): a token copied into another visitor's form finds nothing. The
//! submission it was kept for takes its files in the submission's own transaction
//! ([`claim_in`]) and forgets the rest; an expired one is swept on the next use of any held
//! form and by the daily maintenance ([`sweep`]). A visitor keeps one held form per form.

use std::collections::BTreeMap;

use sqlx::Row as _;

use crate::attachments::{self, Owner, Sealed};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::personal::{DataKey, aad};

/// How long a held form lives after it was last kept.
pub const HOLD_MINUTES: i64 = 30;
/// The owner kind of held files in `attachments`; nothing serves them for download.
pub const HELD_OWNER: &str = "held";

const MINUTE_MS: i64 = 60_000;
/// The longest token looked up (ours are 64 hex characters).
const MAX_TOKEN: usize = 128;

/// Whose held form it is: which form, for which visitor (their CSRF token).
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    /// The form, e.g. `svc-apply:GZ-SC-0003`.
    pub form: &'a str,
    /// The CSRF token of the visitor's pages.
    pub anchor: &'a str,
}

/// One file held for a slot (the form's file field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldFile {
    pub slot: String,
    pub attachment: i64,
    /// The name the visitor's file had: shown back to that visitor only.
    pub file_name: String,
    /// "12 KB".
    pub size: String,
}

/// A held form as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: i64,
    /// The token for the page's hidden field.
    pub token: String,
    pub values: BTreeMap<String, String>,
    pub files: Vec<HeldFile>,
}

impl Held {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn file(&self, slot: &str) -> Option<&HeldFile> {
        self.files.iter().find(|file| file.slot == slot)
    }
}

fn token_hash(key: &DataKey, token: &str) -> String {
    key.lookup_hash(&format!("held-form:{}", token.trim()))
}

fn anchor_hash(key: &DataKey, holder: Holder<'_>) -> String {
    key.lookup_hash(&format!("held-anchor:{}:{}", holder.form, holder.anchor))
}

/// Where a held form's values are sealed: its row, by the token's hash.
fn values_place(token_hash: &str) -> String {
    aad("held_forms.values_sealed", token_hash)
}

/// The held form of `token` while it lives, when it was kept for this holder; `None`
/// otherwise (no token, another form or visitor, expired).
pub async fn find(
    db: &Db,
    key: &DataKey,
    holder: Holder<'_>,
    token: &str,
    now: i64,
) -> Result<Option<Held>> {
    let token = token.trim();
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Ok(None);
    }
    let hash = token_hash(key, token);
    let row = sqlx::query(
        "SELECT id, anchor_hash, values_sealed FROM held_forms \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let anchor: String = row.try_get("anchor_hash")?;
    if anchor != anchor_hash(key, holder) {
        return Ok(None);
    }
    let id: i64 = row.try_get("id")?;
    let values = match row.try_get::<Option<Vec<u8>>, _>("values_sealed")? {
        Some(sealed) => {
            let clear = key.open_for(&sealed, &values_place(&hash))?;
            serde_json::from_str(&clear).map_err(|error| anyhow::anyhow!("held values: {error}"))?
        }
        None => BTreeMap::new(),
    };
    let rows = sqlx::query(
        "SELECT slot, attachment_id FROM held_form_files WHERE held_id = $1 ORDER BY slot",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let mut files = Vec::with_capacity(rows.len());
    for row in rows {
        let attachment: i64 = row.try_get("attachment_id")?;
        files.push(HeldFile {
            slot: row.try_get("slot")?,
            attachment,
            file_name: attachments::original_name(db, key, attachment).await?,
            size: attachments::meta(db, attachment).await?.size_text(),
        });
    }
    Ok(Some(Held {
        id,
        token: token.to_owned(),
        values,
        files,
    }))
}

/// Keeps `values` and `files` (slot, checked and sealed file) for the holder: in `held`
/// while it lives — a value replaces the value of its name (an empty one removes it), a file
/// the file of its slot —
/// else in a new held form, which replaces the visitor's older one of the form. Its life
/// starts again. Expired held forms are swept first. Returns the held form as kept, or
/// `None` when there was nothing to keep.
pub async fn keep(
    db: &Db,
    key: &DataKey,
    holder: Holder<'_>,
    held: Option<&Held>,
    values: &[(&str, String)],
    files: &[(String, Sealed)],
    now: i64,
) -> Result<Option<Held>> {
    sweep(db, now).await?;
    if held.is_none() && values.is_empty() && files.is_empty() {
        return Ok(None);
    }
    let anchor = anchor_hash(key, holder);
    let expires = now + HOLD_MINUTES * MINUTE_MS;
    let mut merged = held.map(|held| held.values.clone()).unwrap_or_default();
    for (name, value) in values {
        if value.is_empty() {
            merged.remove(*name);
        } else {
            merged.insert((*name).to_owned(), value.clone());
        }
    }
    let mut tx = db.begin().await?;
    let still = match held {
        Some(held) => {
            sqlx::query(
                "UPDATE held_forms SET expires_at = $1 WHERE id = $2 AND anchor_hash = $3 \
             AND expires_at > $4",
            )
            .bind(expires)
            .bind(held.id)
            .bind(&anchor)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        }
        None => false,
    };
    let (id, token) = match held {
        Some(held) if still => (held.id, held.token.clone()),
        _ => {
            // One held form per visitor and form: an older one goes.
            let older: Vec<i64> = sqlx::query("SELECT id FROM held_forms WHERE anchor_hash = $1")
                .bind(&anchor)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
            for old in older {
                forget_in(&mut tx, old).await?;
            }
            let token = crate::auth::session::random_token();
            let row = sqlx::query(
                "INSERT INTO held_forms (token_hash, anchor_hash, form, values_sealed, \
                 expires_at, created_at) VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id",
            )
            .bind(token_hash(key, &token))
            .bind(&anchor)
            .bind(holder.form)
            .bind(expires)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            (row.try_get("id")?, token)
        }
    };
    let hash = token_hash(key, &token);
    let sealed = if merged.is_empty() {
        None
    } else {
        let json = serde_json::to_string(&merged)
            .map_err(|error| anyhow::anyhow!("held values: {error}"))?;
        Some(key.seal_for(&json, &values_place(&hash))?)
    };
    sqlx::query("UPDATE held_forms SET values_sealed = $1 WHERE id = $2")
        .bind(sealed)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (slot, file) in files {
        let old = sqlx::query(
            "SELECT attachment_id FROM held_form_files WHERE held_id = $1 AND slot = $2",
        )
        .bind(id)
        .bind(slot)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(old) = old {
            let attachment: i64 = old.try_get("attachment_id")?;
            sqlx::query("DELETE FROM held_form_files WHERE held_id = $1 AND slot = $2")
                .bind(id)
                .bind(slot)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM attachments WHERE id = $1 AND owner_kind = $2")
                .bind(attachment)
                .bind(HELD_OWNER)
                .execute(&mut *tx)
                .await?;
        }
        let owner = Owner {
            kind: HELD_OWNER,
            id,
        };
        let attachment = attachments::insert_sealed(&mut tx, owner, file, now).await?;
        sqlx::query(
            "INSERT INTO held_form_files (held_id, slot, attachment_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(slot)
        .bind(attachment)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    find(db, key, holder, &token, now).await
}

/// In the caller's transaction (the submission's): gives the held files `attachments` of the
/// held form `id` to `owner`, and forgets the held form with its other files and values. A
/// held form swept or used meanwhile refuses the submission with a message to choose the
/// files again.
pub async fn claim_in(tx: &mut Tx, id: i64, attachments: &[i64], owner: Owner) -> Result<()> {
    let gone = || Error::invalid("已选择的文件保存已超过 30 分钟或已提交，请重新选择文件");
    for attachment in attachments {
        let moved = sqlx::query(
            "UPDATE attachments SET owner_kind = $1, owner_id = $2 \
             WHERE id = $3 AND owner_kind = $4 AND owner_id = $5",
        )
        .bind(owner.kind)
        .bind(owner.id)
        .bind(attachment)
        .bind(HELD_OWNER)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(gone());
        }
    }
    if forget_in(tx, id).await? == 0 {
        return Err(gone());
    }
    Ok(())
}

/// Deletes a held form with its files still held; the number of held forms deleted.
async fn forget_in(tx: &mut Tx, id: i64) -> Result<u64> {
    sqlx::query("DELETE FROM held_form_files WHERE held_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM attachments WHERE owner_kind = $1 AND owner_id = $2")
        .bind(HELD_OWNER)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(sqlx::query("DELETE FROM held_forms WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// Deletes every held form expired at `now` with its files; the number deleted. Idempotent.
pub async fn sweep(db: &Db, now: i64) -> Result<u64> {
    let expired: Vec<i64> =
        sqlx::query("SELECT id FROM held_forms WHERE expires_at <= $1 ORDER BY id LIMIT 500")
            .bind(now)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
    if expired.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let mut deleted = 0;
    for id in expired {
        deleted += forget_in(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(deleted)
}
