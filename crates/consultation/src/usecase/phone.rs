//! A participant's phone, verified (issue 17 item 5, MSG-CONSULT: one vote per verified
//! phone) by a code of [`platform::phone_code`], in the consultations' own table. The voter's
//! identity on a ballot is the phone's keyed hash, never the number.

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, PhoneNumber};
use platform::phone_code::{self, Purpose};
use platform::{Error, Result};

pub use platform::phone_code::CODE_MINUTES;

/// Codes of consultations, surveys and interviews.
const PURPOSE: Purpose = Purpose {
    table: "consultation_phone_codes",
    phone_prefix: "consultation-phone",
    code_prefix: "consultation-code",
    subject: "互动交流验证码",
    doing: "您正在政府网站参与意见征集或在线访谈",
    audit_action: "consultation.phone_code.sent",
    missing: "验证码已失效，请重新获取验证码",
};

/// The keyed hash of a participant's phone (the voter on a ballot).
pub fn phone_hash(key: &DataKey, phone: &PhoneNumber) -> String {
    PURPOSE.phone_hash(key, phone)
}

/// Sends a code to `phone`; in tests and the demo the code is returned (the SMS adapter logs
/// it; pages never show it).
pub async fn send_code(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    phone: &PhoneNumber,
    now: Instant,
) -> Result<String> {
    phone_code::send(db, key, actor, &PURPOSE, phone, now).await
}

/// Spends the right code of `phone` in `tx` (the caller's submission commits with it); a
/// wrong code counts against the live code and is committed by the caller's refusal path.
pub async fn spend_code(
    tx: &mut Tx,
    key: &DataKey,
    phone: &PhoneNumber,
    code: &str,
    now: Instant,
) -> Result<std::result::Result<(), Error>> {
    phone_code::spend_in(tx, key, &PURPOSE, phone, code, now).await
}
