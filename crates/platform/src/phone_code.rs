//! A citizen's phone, verified by a code (issue 17 item 5): a six-digit code sent by SMS
//! through the outbox ([`crate::notify`]), kept as a keyed hash in the purpose's table, live
//! [`CODE_MINUTES`], spent by its first right use and burnt after [`MAX_ATTEMPTS`] wrong ones;
//! one code a minute and [`CODES_PER_DAY`] a day per phone. Each purpose (a message to the
//! government, a comment, vote or question in a consultation) keeps its own table and hash
//! prefixes, so that a phone's hash is stable where it identifies someone (a ballot's voter).

use calendar::Instant;
use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::notify::{self, Channel, Notification};
use crate::personal::{DataKey, PhoneNumber};
use crate::{Error, Result};

/// How long a code may be typed in.
pub const CODE_MINUTES: i64 = 10;
/// Wrong codes before a code is spent.
pub const MAX_ATTEMPTS: i64 = 5;
/// Codes one phone may be sent per day.
pub const CODES_PER_DAY: i64 = 5;

const MINUTE_MS: i64 = 60_000;

/// What codes are for: their table (columns `id, phone_hash, code_hash, expires_at,
/// attempts, used_at, created_at`), the prefixes of their keyed hashes, the SMS and the audit
/// action.
#[derive(Debug, Clone, Copy)]
pub struct Purpose {
    pub table: &'static str,
    pub phone_prefix: &'static str,
    pub code_prefix: &'static str,
    /// The SMS's subject.
    pub subject: &'static str,
    /// What the citizen is doing, as the SMS says it (您正在…).
    pub doing: &'static str,
    pub audit_action: &'static str,
    /// The refusal when no live code is found.
    pub missing: &'static str,
}

impl Purpose {
    /// The keyed hash of `phone` for this purpose.
    pub fn phone_hash(&self, key: &DataKey, phone: &PhoneNumber) -> String {
        key.lookup_hash(&format!("{}:{}", self.phone_prefix, phone.as_str()))
    }

    fn code_hash(&self, key: &DataKey, phone: &PhoneNumber, code: &str) -> String {
        key.lookup_hash(&format!(
            "{}:{}:{}",
            self.code_prefix,
            phone.as_str(),
            code.trim()
        ))
    }
}

/// Sends a code to `phone`; returned for tests and the demo (pages never show it; the SMS
/// adapter delivers it).
pub async fn send(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    purpose: &Purpose,
    phone: &PhoneNumber,
    now: Instant,
) -> Result<String> {
    let now = now.millis();
    let hash = purpose.phone_hash(key, phone);
    let mut tx = db.begin().await?;
    let recent = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n, COALESCE(MAX(created_at), 0) AS last \
         FROM {} WHERE phone_hash = $1 AND created_at > $2",
        purpose.table
    )))
    .bind(&hash)
    .bind(now - 24 * 60 * MINUTE_MS)
    .fetch_one(&mut *tx)
    .await?;
    let (sent_today, last): (i64, i64) = (recent.try_get("n")?, recent.try_get("last")?);
    if sent_today > 0 && now - last < MINUTE_MS {
        return Err(Error::invalid("验证码已发送，请一分钟后再重新获取"));
    }
    if sent_today >= CODES_PER_DAY {
        return Err(Error::invalid(
            "该手机号今天获取验证码的次数已达上限，请明天再试",
        ));
    }
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {} (phone_hash, code_hash, expires_at, attempts, created_at) \
         VALUES ($1, $2, $3, 0, $4)",
        purpose.table
    )))
    .bind(&hash)
    .bind(purpose.code_hash(key, phone, &code))
    .bind(now + CODE_MINUTES * MINUTE_MS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let sms = Notification {
        channel: Channel::Sms,
        recipient_user_id: None,
        address: Some(phone.as_str().to_owned()),
        subject: purpose.subject.into(),
        body: format!(
            "{}，验证码 {code}，{CODE_MINUTES} 分钟内有效。如非本人操作，请忽略本短信。",
            purpose.doing
        ),
        link: String::new(),
    };
    notify::enqueue(&mut tx, key, &sms, now).await?;
    let event = AuditEvent::new(purpose.audit_action, "phone_code", "")
        .detail(format!("验证码已发送至 {}", phone.masked()));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(code)
}

/// Spends the right code of `phone` in `tx` (the caller's submission commits with it): the
/// outer error is the database's, the inner one the refusal in Chinese. A wrong code counts
/// against the live code once the caller commits its refusal path.
pub async fn spend_in(
    tx: &mut Tx,
    key: &DataKey,
    purpose: &Purpose,
    phone: &PhoneNumber,
    code: &str,
    now: Instant,
) -> Result<std::result::Result<(), Error>> {
    let now = now.millis();
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, code_hash, attempts FROM {} WHERE phone_hash = $1 \
         AND expires_at > $2 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
        purpose.table
    )))
    .bind(purpose.phone_hash(key, phone))
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(Err(Error::invalid(purpose.missing)));
    };
    let (id, expected, attempts): (i64, String, i64) = (
        row.try_get("id")?,
        row.try_get("code_hash")?,
        row.try_get("attempts")?,
    );
    if attempts >= MAX_ATTEMPTS {
        return Ok(Err(Error::invalid(
            "验证码输入错误次数过多，请重新获取验证码",
        )));
    }
    if purpose.code_hash(key, phone, code) != expected {
        let sql = format!(
            "UPDATE {} SET attempts = attempts + 1 WHERE id = $1",
            purpose.table
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        return Ok(Err(Error::invalid("验证码不正确")));
    }
    let sql = format!("UPDATE {} SET used_at = $1 WHERE id = $2", purpose.table);
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(()))
}
