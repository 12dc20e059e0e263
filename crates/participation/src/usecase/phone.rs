//! The writer's phone, verified (issue 17 item 5: a verified phone before a message is
//! taken): a six-digit code sent by SMS through the outbox (`platform::notify`), kept as a
//! keyed hash (migration 0041), live [`CODE_MINUTES`], spent by its first right use and burnt
//! after [`MAX_ATTEMPTS`] wrong ones; one code a minute and [`CODES_PER_DAY`] a day per phone.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::notify::{self, Channel, Notification};
use platform::personal::{DataKey, PhoneNumber};
use platform::{Error, Result};
use sqlx::Row as _;

/// How long a code may be typed in.
pub const CODE_MINUTES: i64 = 10;
/// Wrong codes before a code is spent.
pub const MAX_ATTEMPTS: i64 = 5;
/// Codes one phone may be sent per day.
pub const CODES_PER_DAY: i64 = 5;

const MINUTE_MS: i64 = 60_000;

fn phone_hash(key: &DataKey, phone: &PhoneNumber) -> String {
    key.lookup_hash(&format!("participation-code-phone:{}", phone.as_str()))
}

fn code_hash(key: &DataKey, phone: &PhoneNumber, code: &str) -> String {
    key.lookup_hash(&format!(
        "participation-code:{}:{}",
        phone.as_str(),
        code.trim()
    ))
}

/// Sends a code to `phone`; returned for tests and the demo (pages never show it; the SMS
/// adapter delivers it).
pub async fn send_code(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    phone: &PhoneNumber,
    now: Instant,
) -> Result<String> {
    let now = now.millis();
    let hash = phone_hash(key, phone);
    let mut tx = db.begin().await?;
    let recent = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MAX(created_at), 0) AS last \
         FROM participation_phone_codes WHERE phone_hash = $1 AND created_at > $2",
    )
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
    sqlx::query(
        "INSERT INTO participation_phone_codes (phone_hash, code_hash, expires_at, attempts, \
         created_at) VALUES ($1, $2, $3, 0, $4)",
    )
    .bind(&hash)
    .bind(code_hash(key, phone, &code))
    .bind(now + CODE_MINUTES * MINUTE_MS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let sms = Notification {
        channel: Channel::Sms,
        recipient_user_id: None,
        address: Some(phone.as_str().to_owned()),
        subject: "网站留言验证码".into(),
        body: format!(
            "您正在政府网站留言，验证码 {code}，{CODE_MINUTES} 分钟内有效。如非本人操作，请忽略本短信。"
        ),
        link: String::new(),
    };
    notify::enqueue(&mut tx, key, &sms, now).await?;
    let event = AuditEvent::new("participation.phone_code.sent", "phone_code", "")
        .detail(format!("验证码已发送至 {}", phone.masked()));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(code)
}

/// Spends the right code of `phone`; a wrong code counts against the live one. The refusal
/// is a clear Chinese message.
pub async fn spend_code(
    db: &Db,
    key: &DataKey,
    phone: &PhoneNumber,
    code: &str,
    now: Instant,
) -> Result<()> {
    let now = now.millis();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "SELECT id, code_hash, attempts FROM participation_phone_codes WHERE phone_hash = $1 \
         AND expires_at > $2 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(phone_hash(key, phone))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(Error::invalid(
            "请先获取短信验证码，或验证码已失效，请重新获取",
        ));
    };
    let (id, expected, attempts): (i64, String, i64) = (
        row.try_get("id")?,
        row.try_get("code_hash")?,
        row.try_get("attempts")?,
    );
    if attempts >= MAX_ATTEMPTS {
        return Err(Error::invalid("验证码输入错误次数过多，请重新获取验证码"));
    }
    if code_hash(key, phone, code) != expected {
        sqlx::query("UPDATE participation_phone_codes SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Err(Error::invalid("验证码不正确"));
    }
    sqlx::query("UPDATE participation_phone_codes SET used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
