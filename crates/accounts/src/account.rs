//! Accounts on both backends (issue 23 item 2): a local registration with a phone verified
//! by an SMS code, a password and real-name details checked (the ID number's GB 11643 check
//! through `platform::personal::CitizenIdNo`) and sealed to the row; the login with the
//! staff's progressive delay per account and per client (SEC-ACCOUNTS); an account known
//! from the unified identity provider; enterprises with their legal representative and
//! agents (经办人). Every refusal and every change is audited (SEC-AUDIT).

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent, Outcome};
use platform::auth::backoff::{ClientBackoff, DelayRule};
use platform::auth::password;
use platform::db::{Db, Tx};
use platform::personal::{CitizenIdNo, DataKey, PersonName, PhoneNumber, aad};
use platform::phone_code::{self, Purpose};
use platform::profile::RuleProfile;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::model::{self, Kind, Origin};

/// The SMS codes of registration and of a changed phone.
pub const REGISTRATION_CODES: Purpose = Purpose {
    table: "account_phone_codes",
    phone_prefix: "account-phone",
    code_prefix: "account-code",
    subject: "账号注册验证码",
    doing: "您正在注册或修改政务服务账号",
    audit_action: "account.code",
    missing: "验证码不正确或已失效，请重新获取",
};

/// The one answer to every refused login (which it was is in the audit log only).
pub const LOGIN_REFUSED: &str = "登录失败：手机号或密码不正确，或连续失败次数过多，请稍候再试";

/// An account as its holder sees it (personal data opened).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub id: i64,
    pub kind: Kind,
    pub origin: Origin,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub uscc: Option<String>,
    pub enterprise_name: Option<String>,
    pub representative_id: Option<i64>,
    pub status: String,
    pub created_at: i64,
}

impl Account {
    /// What pages call the holder.
    pub fn display_name(&self) -> String {
        match self.kind {
            Kind::Enterprise => self.enterprise_name.clone().unwrap_or_default(),
            Kind::Person => self.name.clone().unwrap_or_else(|| "用户".into()),
        }
    }

    pub fn masked_phone(&self) -> String {
        self.phone
            .as_deref()
            .and_then(|p| PhoneNumber::parse(p).ok())
            .map(|p| p.masked())
            .unwrap_or_default()
    }

    pub fn masked_id_number(&self) -> String {
        self.id_number
            .as_deref()
            .and_then(|p| CitizenIdNo::parse(p).ok())
            .map(|p| p.masked())
            .unwrap_or_default()
    }
}

/// The audit actor of an account's holder (no staff user: the account is named).
pub fn actor(account_id: i64, ip: &str) -> AuditActor {
    AuditActor {
        user_id: None,
        name: format!("账号{account_id}"),
        unit_id: None,
        role: "account".into(),
        ip: ip.to_owned(),
    }
}

fn seal(key: &DataKey, column: &str, id: i64, clear: Option<&str>) -> Result<Option<Vec<u8>>> {
    clear
        .map(|value| key.seal_for(value, &aad(column, id)))
        .transpose()
}

fn open(key: &DataKey, column: &str, id: i64, sealed: Option<Vec<u8>>) -> Result<Option<String>> {
    sealed
        .map(|bytes| key.open_for(&bytes, &aad(column, id)))
        .transpose()
}

fn phone_hash(key: &DataKey, phone: &PhoneNumber) -> String {
    key.lookup_hash(&format!("account-phone:{}", phone.as_str()))
}

fn id_number_hash(key: &DataKey, id: &CitizenIdNo) -> String {
    key.lookup_hash(&format!("account-id-number:{}", id.as_str()))
}

/// The account `id` with its personal data opened.
pub async fn get(db: &Db, key: &DataKey, id: i64) -> Result<Option<Account>> {
    let row = sqlx::query(
        "SELECT id, kind, origin, name_sealed, phone_sealed, id_number_sealed, uscc, \
         enterprise_name, representative_id, status, created_at FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind: String = row.try_get("kind")?;
    let origin: String = row.try_get("origin")?;
    Ok(Some(Account {
        id,
        kind: Kind::from_code(&kind).unwrap_or(Kind::Person),
        origin: Origin::from_code(&origin).unwrap_or(Origin::Local),
        name: open(key, "accounts.name", id, row.try_get("name_sealed")?)?,
        phone: open(key, "accounts.phone", id, row.try_get("phone_sealed")?)?,
        id_number: open(
            key,
            "accounts.id_number",
            id,
            row.try_get("id_number_sealed")?,
        )?,
        uscc: row.try_get("uscc")?,
        enterprise_name: row.try_get("enterprise_name")?,
        representative_id: row.try_get("representative_id")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
    }))
}

/// Sends the registration code to `phone`; returned for tests and the demo only.
pub async fn send_code(
    db: &Db,
    key: &DataKey,
    phone: &str,
    ip: &str,
    now: Instant,
) -> Result<String> {
    let phone = PhoneNumber::parse(phone)?;
    phone_code::send(
        db,
        key,
        &AuditActor::anonymous(ip),
        &REGISTRATION_CODES,
        &phone,
        now,
    )
    .await
}

/// What a person types to register.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub phone: String,
    pub code: String,
    pub password: String,
    pub name: String,
    pub id_number: String,
}

/// Writes a refusal to the audit log on its own (the refused change wrote nothing).
pub async fn audit_refusal(db: &Db, actor: &AuditActor, action: &str, why: &str, now: i64) {
    let event = AuditEvent::new(action, "account", "")
        .outcome(Outcome::Denied)
        .detail(why.to_owned());
    if let Err(error) = audit::record_alone(db, actor, event, now).await {
        tracing::error!(%error, "audit of a refused account action");
    }
}

/// Registers a person: every field checked before anything is written; the code spent in
/// the same transaction as the new account (a code answers once).
pub async fn register(
    db: &Db,
    key: &DataKey,
    form: &Registration,
    ip: &str,
    now: Instant,
) -> Result<Account> {
    let anonymous = AuditActor::anonymous(ip);
    let checked = (|| {
        let phone = PhoneNumber::parse(&form.phone)?;
        let name = PersonName::parse(&form.name)?;
        // Issue 23 bad input: an ID number with a wrong GB 11643 check character.
        let id_number = CitizenIdNo::parse(&form.id_number)?;
        model::check_password(&form.password)?;
        Ok::<_, Error>((phone, name, id_number))
    })();
    let (phone, name, id_number) = match checked {
        Ok(checked) => checked,
        Err(error) => {
            audit_refusal(
                db,
                &anonymous,
                "account.register",
                &error.to_string(),
                now.millis(),
            )
            .await;
            return Err(error);
        }
    };
    let hash = password::hash(&form.password)?;
    let mut tx = db.begin().await?;
    let taken = sqlx::query(
        "SELECT id FROM accounts WHERE phone_hash = $1 AND origin = 'local' AND status = 'active'",
    )
    .bind(phone_hash(key, &phone))
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        drop(tx);
        let why = "该手机号已注册，请直接登录";
        audit_refusal(db, &anonymous, "account.register", why, now.millis()).await;
        return Err(Error::invalid(why));
    }
    if let Err(refusal) =
        phone_code::spend_in(&mut tx, key, &REGISTRATION_CODES, &phone, &form.code, now).await?
    {
        // The wrong code's count is kept; nothing else was written.
        tx.commit().await?;
        audit_refusal(
            db,
            &anonymous,
            "account.register",
            &refusal.to_string(),
            now.millis(),
        )
        .await;
        return Err(refusal);
    }
    let id = insert_person(
        &mut tx,
        key,
        Origin::Local,
        None,
        (&phone, &name, &id_number),
    )
    .await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let event = AuditEvent::new("account.register", "account", id)
        .detail(format!("本站注册，手机 {}", phone.masked()));
    audit::record(&mut tx, &actor(id, ip), event, now.millis()).await?;
    tx.commit().await?;
    get(db, key, id)
        .await?
        .ok_or_else(|| Error::not_found("账号"))
}

async fn insert_person(
    tx: &mut Tx,
    key: &DataKey,
    origin: Origin,
    subject: Option<&str>,
    (phone, name, id_number): (&PhoneNumber, &PersonName, &CitizenIdNo),
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO accounts (kind, origin, subject, phone_hash, id_number_hash, status, \
         created_at) VALUES ('person', $1, $2, $3, $4, 'active', $5) RETURNING id",
    )
    .bind(origin.code())
    .bind(subject)
    .bind(phone_hash(key, phone))
    .bind(id_number_hash(key, id_number))
    .bind(platform::db::now_ms())
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    write_personal(tx, key, id, Some(phone), Some(name), Some(id_number)).await?;
    Ok(id)
}

async fn write_personal(
    tx: &mut Tx,
    key: &DataKey,
    id: i64,
    phone: Option<&PhoneNumber>,
    name: Option<&PersonName>,
    id_number: Option<&CitizenIdNo>,
) -> Result<()> {
    sqlx::query(
        "UPDATE accounts SET phone_sealed = $1, name_sealed = $2, id_number_sealed = $3 \
         WHERE id = $4",
    )
    .bind(seal(
        key,
        "accounts.phone",
        id,
        phone.map(PhoneNumber::as_str),
    )?)
    .bind(seal(
        key,
        "accounts.name",
        id,
        name.map(PersonName::as_str),
    )?)
    .bind(seal(
        key,
        "accounts.id_number",
        id,
        id_number.map(CitizenIdNo::as_str),
    )?)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A local login by phone and password: the client's and the account's progressive delay
/// as for staff (SEC-ACCOUNTS, the rule profile's `login_delay_*`); one answer for every
/// refusal, the reason audited.
pub async fn login(
    db: &Db,
    key: &DataKey,
    profile: &RuleProfile,
    clients: &ClientBackoff,
    (phone, given, ip): (&str, &str, &str),
    now: i64,
) -> Result<i64> {
    let refused = || Error::invalid(LOGIN_REFUSED);
    let anonymous = AuditActor::anonymous(ip);
    let rule = DelayRule::of(profile);
    if !clients.reserve(ip, rule, now) {
        audit_refusal(
            db,
            &anonymous,
            "account.login",
            "客户端登录延迟期内，未校验密码",
            now,
        )
        .await;
        return Err(refused());
    }
    let Ok(phone) = PhoneNumber::parse(phone) else {
        password::verify(password::dummy_hash()?, given);
        audit_refusal(db, &anonymous, "account.login", "手机号格式不正确", now).await;
        return Err(refused());
    };
    let found = login_row(db, key, &phone).await?;
    let Some((id, stored, failures, delay_until)) = found else {
        password::verify(password::dummy_hash()?, given);
        audit_refusal(db, &anonymous, "account.login", "账号不存在", now).await;
        return Err(refused());
    };
    if delay_until.is_some_and(|until| until > now) {
        password::verify(password::dummy_hash()?, given);
        audit_refusal(
            db,
            &actor(id, ip),
            "account.login",
            "登录延迟期内，未校验密码",
            now,
        )
        .await;
        return Err(refused());
    }
    if !password::verify(&stored, given) {
        let failures = failures + 1;
        let delay = rule.delay_after(u32::try_from(failures).unwrap_or(u32::MAX));
        sqlx::query(
            "UPDATE accounts SET failed_attempts = $1, login_delay_until = $2 WHERE id = $3",
        )
        .bind(failures)
        .bind((delay > 0).then_some(now + delay))
        .bind(id)
        .execute(&db.pool)
        .await?;
        audit_refusal(db, &actor(id, ip), "account.login", "密码错误", now).await;
        return Err(refused());
    }
    sqlx::query("UPDATE accounts SET failed_attempts = 0, login_delay_until = NULL WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    clients.succeeded(ip);
    let event = AuditEvent::new("account.login", "account", id).detail("本站账号密码登录");
    audit::record_alone(db, &actor(id, ip), event, now).await?;
    Ok(id)
}

/// (id, password hash, failures, delay until) of the active local account of `phone`.
async fn login_row(
    db: &Db,
    key: &DataKey,
    phone: &PhoneNumber,
) -> Result<Option<(i64, String, i64, Option<i64>)>> {
    let row = sqlx::query(
        "SELECT id, password_hash, failed_attempts, login_delay_until FROM accounts \
         WHERE phone_hash = $1 AND origin = 'local' AND status = 'active' AND password_hash IS NOT NULL",
    )
    .bind(phone_hash(key, phone))
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        Ok((
            row.try_get("id")?,
            row.try_get("password_hash")?,
            row.try_get("failed_attempts")?,
            row.try_get("login_delay_until")?,
        ))
    })
    .transpose()
}
