//! SVC-NO-RESUBMIT without the probe (issue 12 finding 13): knowing someone's ID number and
//! phone no longer tells whether they have materials or licences on file, nor lets anyone
//! file an application with them. The applicant first proves they hold the phone: a
//! six-digit code is sent to it by SMS (the outbox, `platform::notify`), the same answer
//! whether or not anything is on file, and the page gets a check token naming that code; the
//! right code yields a [`PhoneProof`] and a grant that the application form carries to its
//! submission, where it counts only with the same ID number and phone. Reuse is planned only
//! with a proof.
//!
//! Codes are kept as keyed hashes, live [`CODE_MINUTES`], and burn after
//! [`MAX_ATTEMPTS`] wrong tries; one phone gets at most one code a minute and
//! [`CODES_PER_DAY`] a day, so the form cannot be used to flood a stranger's phone.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::notify::{self, Channel, Notification};
use platform::personal::{CitizenIdNo, DataKey, PhoneNumber};
use platform::{Error, Result};
use sqlx::Row as _;

use super::applicant_lookup;

/// How long a code may be typed in.
pub const CODE_MINUTES: i64 = 10;
/// Wrong codes before a code is spent.
pub const MAX_ATTEMPTS: i64 = 5;
/// Codes one phone may be sent per day.
pub const CODES_PER_DAY: i64 = 5;
/// How long after the right code the application may reuse materials.
pub const GRANT_MINUTES: i64 = 30;

const MINUTE_MS: i64 = 60_000;

/// Proof that the applicant of this ID number holds this phone: made only by
/// [`verify`] and [`redeem`]. Holds the keyed hashes of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneProof {
    pub(crate) lookup: String,
    pub(crate) phone_hash: String,
}

/// What [`verify`] gives: the proof, and the grant the form carries to the submission.
#[derive(Debug, Clone)]
pub struct Verified {
    pub proof: PhoneProof,
    pub grant: String,
}

/// The keyed hash of an applicant's phone, as earlier cases' phones are compared.
pub(crate) fn phone_hash(key: &DataKey, phone: &str) -> String {
    key.lookup_hash(&format!("svc-applicant-phone:{phone}"))
}

fn code_hash(key: &DataKey, check: &str, code: &str) -> String {
    key.lookup_hash(&format!("svc-phone-code:{check}:{}", code.trim()))
}

fn check_hash(key: &DataKey, check: &str) -> String {
    key.lookup_hash(&format!("svc-phone-check:{}", check.trim()))
}

fn refused(message: &str) -> Error {
    Error::invalid(message)
}

/// Sends a code to `phone` for the applicant of `id_no` and returns the check token the
/// page keeps to name it. The answer never says whether anything is on file.
pub async fn send_code(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    id_no: &CitizenIdNo,
    phone: &PhoneNumber,
    now: Instant,
) -> Result<String> {
    let now = now.millis();
    let lookup = applicant_lookup(key, id_no);
    let phone_key = phone_hash(key, phone.as_str());
    let mut tx = db.begin().await?;
    let recent = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MAX(created_at), 0) AS last FROM svc_phone_checks \
         WHERE phone_hash = $1 AND created_at > $2",
    )
    .bind(&phone_key)
    .bind(now - 24 * 60 * MINUTE_MS)
    .fetch_one(&mut *tx)
    .await?;
    let (sent_today, last): (i64, i64) = (recent.try_get("n")?, recent.try_get("last")?);
    if now - last < MINUTE_MS {
        return Err(refused("验证码已发送，请一分钟后再重新获取"));
    }
    if sent_today >= CODES_PER_DAY {
        return Err(refused("该手机号今天获取验证码的次数已达上限，请明天再试"));
    }
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let check = platform::auth::session::random_token();
    sqlx::query(
        "INSERT INTO svc_phone_checks (applicant_lookup, phone_hash, check_hash, code_hash, \
         expires_at, attempts, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)",
    )
    .bind(&lookup)
    .bind(&phone_key)
    .bind(check_hash(key, &check))
    .bind(code_hash(key, &check, &code))
    .bind(now + CODE_MINUTES * MINUTE_MS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let sms = Notification {
        channel: Channel::Sms,
        recipient_user_id: None,
        address: Some(phone.as_str().to_owned()),
        subject: "材料复用验证码".into(),
        body: format!(
            "您正在办事服务网站查询可复用的申请材料，验证码 {code}，{CODE_MINUTES} 分钟内有效。如非本人操作，请忽略本短信。"
        ),
        link: String::new(),
    };
    notify::enqueue(&mut tx, key, &sms, now).await?;
    let event = AuditEvent::new("svc.phone_check.sent", "phone_check", "")
        .detail(format!("验证码已发送至 {}", phone.masked()));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(check)
}

/// Checks the code of check token `check`. The right code gives the proof and a grant for
/// the submission; a wrong one counts against the code.
pub async fn verify(
    db: &Db,
    key: &DataKey,
    check: &str,
    code: &str,
    now: Instant,
) -> Result<Verified> {
    let now = now.millis();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "SELECT id, applicant_lookup, phone_hash, code_hash, attempts FROM svc_phone_checks \
         WHERE check_hash = $1 AND expires_at > $2 AND verified_at IS NULL",
    )
    .bind(check_hash(key, check))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(refused("验证码已失效，请重新获取验证码"));
    };
    let (id, lookup, phone_key, expected, attempts): (i64, String, String, String, i64) = (
        row.try_get("id")?,
        row.try_get("applicant_lookup")?,
        row.try_get("phone_hash")?,
        row.try_get("code_hash")?,
        row.try_get("attempts")?,
    );
    if attempts >= MAX_ATTEMPTS {
        return Err(refused("验证码输入错误次数过多，请重新获取验证码"));
    }
    let given = code_hash(key, check, code);
    if !subtle_eq(given.as_bytes(), expected.as_bytes()) {
        sqlx::query("UPDATE svc_phone_checks SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Err(refused("验证码不正确"));
    }
    let grant = platform::auth::session::random_token();
    sqlx::query(
        "UPDATE svc_phone_checks SET verified_at = $1, grant_hash = $2, expires_at = $3 WHERE id = $4",
    )
    .bind(now)
    .bind(grant_hash(key, &grant))
    .bind(now + GRANT_MINUTES * MINUTE_MS)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Verified {
        proof: PhoneProof {
            lookup,
            phone_hash: phone_key,
        },
        grant,
    })
}

fn grant_hash(key: &DataKey, grant: &str) -> String {
    key.lookup_hash(&format!("svc-phone-grant:{}", grant.trim()))
}

/// Equal in time independent of where the bytes differ.
fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The proof carried by a grant of [`verify`], while it lives, for the same ID number and
/// phone; `None` otherwise (the application then asks for every material).
pub async fn redeem(
    db: &Db,
    key: &DataKey,
    id_no: &CitizenIdNo,
    phone: &PhoneNumber,
    grant: &str,
    now: Instant,
) -> Result<Option<PhoneProof>> {
    if grant.trim().is_empty() {
        return Ok(None);
    }
    let lookup = applicant_lookup(key, id_no);
    let phone_key = phone_hash(key, phone.as_str());
    let found = sqlx::query(
        "SELECT id FROM svc_phone_checks WHERE applicant_lookup = $1 AND phone_hash = $2 \
         AND grant_hash = $3 AND verified_at IS NOT NULL AND expires_at > $4",
    )
    .bind(&lookup)
    .bind(&phone_key)
    .bind(grant_hash(key, grant))
    .bind(now.millis())
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.map(|_| PhoneProof {
        lookup,
        phone_hash: phone_key,
    }))
}
