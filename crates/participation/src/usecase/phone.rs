//! The writer's phone, verified (issue 17 item 5: a verified phone before a message is
//! taken) by a code of [`platform::phone_code`], in the messages' own table (migration 0041).

use calendar::Instant;
use platform::Result;
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber};
use platform::phone_code::{self, Purpose};

pub use platform::phone_code::CODE_MINUTES;

/// Codes of messages to the government.
const PURPOSE: Purpose = Purpose {
    table: "participation_phone_codes",
    phone_prefix: "participation-code-phone",
    code_prefix: "participation-code",
    subject: "网站留言验证码",
    doing: "您正在政府网站留言",
    audit_action: "participation.phone_code.sent",
    missing: "请先获取短信验证码，或验证码已失效，请重新获取",
};

/// Sends a code to `phone`; returned for tests and the demo (pages never show it; the SMS
/// adapter delivers it).
pub async fn send_code(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    phone: &PhoneNumber,
    now: Instant,
) -> Result<String> {
    phone_code::send(db, key, actor, &PURPOSE, phone, now).await
}

/// Spends the right code of `phone`; a wrong code counts against the live one (committed with
/// the refusal). The refusal is a clear Chinese message.
pub async fn spend_code(
    db: &Db,
    key: &DataKey,
    phone: &PhoneNumber,
    code: &str,
    now: Instant,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let spent = phone_code::spend_in(&mut tx, key, &PURPOSE, phone, code, now).await?;
    tx.commit().await?;
    spent
}
